// Opens the pages of the flows that go through the use cases, and those the hardening changed, in Debian's Chromium at phone (390 px) and desktop (1366 px) widths and
// runs axe-core's WCAG 2.1 AA rules on each. Usage: node scripts/a11y/check.mjs http://127.0.0.1:8080
// (a server with demo data and the province administrator beheer@limburg.example, see run.sh).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const base = process.argv[2];
const password = process.env.A11Y_PASSWORD;
const mailDir = process.env.A11Y_MAIL_DIR;

// The company the registration flow below made at 390 px (the platform allows only a few registrations per
// address), verified by the link in its mail (decoded from quoted-printable) before its first collaboration page.
const company = 'inkoop390@fabriek.example';
const companyPassword = 'een lange zin als wachtwoord';
const verified = new Set();
async function verify(email) {
  for (let i = 0; i < 50 && !verified.has(email); i++) {
    const files = fs.existsSync(mailDir) ? fs.readdirSync(mailDir, { withFileTypes: true }) : [];
    for (const file of files.filter((f) => f.name.endsWith('.eml'))) {
      const text = fs.readFileSync(`${mailDir}/${file.name}`, 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      const link = text.includes(email) && text.match(/https?:\/\/\S+\/limburg\/bevestigen\?token=[A-Za-z0-9_-]+/);
      if (link) { await fetch(link[0]); verified.add(email); }
    }
    if (!verified.has(email)) await new Promise((r) => setTimeout(r, 200));
  }
  if (!verified.has(email)) throw new Error(`a11y: ${email} was not verified`);
}
const verifyCompany = () => verify(company);

// The organisation the registration flow proposed at 390 px, approved by the administrator, with a request from
// the company: its member's side of the thread, inbox and management page.
const member = 'jan@nieuwewerkplaats.example';
let memberThread;
async function organisationSide() {
  if (memberThread) return memberThread;
  await verify(member);
  const session = async (email) => {
    const p = { setCookie: async () => {} };
    await signIn(p, email);
    return sessions[email];
  };
  const adminCookie = await session('beheer@limburg.example');
  const queue = await (await fetch(`${base}/limburg/beheer/aanvragen`, { headers: { cookie: adminCookie } })).text();
  const at = queue.indexOf(member);
  const action = queue.slice(at).match(/action="(\/limburg\/beheer\/aanvragen\/[0-9a-f-]+)"/)[1];
  const csrfOf = (html) => html.match(/name="csrf" value="([^"]+)"/)[1];
  await fetch(`${base}${action}`, { method: 'POST', headers: { cookie: adminCookie },
    body: new URLSearchParams({ csrf: csrfOf(queue), decision: 'approve' }) });
  const companyCookie = await session(company);
  const account = await (await fetch(`${base}/limburg/account`, { headers: { cookie: companyCookie } })).text();
  const sent = await fetch(`${base}/limburg/contact`, { method: 'POST', redirect: 'manual', headers: { cookie: companyCookie },
    body: new URLSearchParams({ csrf: csrfOf(account), organisation: 'limburg/nieuwe-werkplaats-genk',
      message: 'Wij zoeken montage van 300 lampen per maand.' }) });
  memberThread = sent.headers.get('location');
  if (!memberThread) throw new Error(`a11y: the request to the new organisation was refused (${sent.status})`);
  return memberThread;
}
const organisations = await (await fetch(`${base}/api/v1/tenants/vlaams-brabant/organisations`)).json();
const elsewhere = `vlaams-brabant/${organisations.items[0].slug}`;
// One session per account, made once and handed to each page's browser context: signing in for every page would
// run into the platform's own limit on sign-ins per account.
const sessions = {};
const signIn = async (p, email) => {
  if (!sessions[email]) {
    if (email === company) await verifyCompany();
    const secret = email === company || email === member ? companyPassword : password;
    const at = email.endsWith('@doeners.example') ? '/admin/aanmelden' : '/limburg/aanmelden';
    const response = await fetch(`${base}${at}`, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams({ email, password: secret }),
    });
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
    if (!cookie.includes('=')) throw new Error(`a11y: ${email} could not sign in (${response.status})`);
    sessions[email] = cookie;
  }
  const [name, value] = sessions[email].split('=');
  await p.setCookie({ name, value, url: base });
};

// Each page: a name and how to reach it in the browser.
const pages = [
  ['onbekende provincie (404)', async (p) => p.goto(`${base}/gelderland`)],
  ['nieuw wachtwoord kiezen', async (p) => p.goto(`${base}/limburg/wachtwoord-herstellen?token=abc`)],
  ['aanmelden met een te lang adres', async (p) => {
    await p.goto(`${base}/limburg/aanmelden`);
    await p.evaluate(() => { document.querySelector('#email').value = 'a'.repeat(300) + '@x.example'; });
    await Promise.all([p.waitForNavigation(), p.click('button[type=submit]')]);
  }],
  ['console: aanmelden met een te lang adres', async (p) => {
    await p.goto(`${base}/admin/aanmelden`);
    await p.evaluate(() => { document.querySelector('#email').value = 'a'.repeat(300) + '@x.example'; });
    await Promise.all([p.waitForNavigation(), p.click('button[type=submit]')]);
  }],
  ['organisatie registreren: ondernemingsnummer al bekend', async (p) => {
    await p.goto(`${base}/limburg/registreren/organisatie`);
    await p.type('#account_email', 'nieuw@werkplaats.example');
    await p.type('#password', 'een lange zin als wachtwoord');
    await p.type('#name', 'Tweede Werkplaats');
    await p.type('#enterprise_number', '0203.201.340');
    await p.type('#postal_code', '3500');
    await Promise.all([p.waitForNavigation(), p.click('button[type=submit]')]);
  }],
  ['te groot formulier (413)', async (p) => {
    await p.goto(`${base}/limburg/registreren/organisatie`);
    await p.evaluate(() => { document.querySelector('#description').value = 'x'.repeat(2 * 1024 * 1024); });
    await Promise.all([p.waitForNavigation(), p.click('button[type=submit]')]);
  }],
  ['formulier van een andere website (403)', async (p) => {
    await p.goto(`data:text/html,<form method=post action="${base}/limburg/aanmelden"><input name=email value=x><button>go</button></form>`);
    await Promise.all([p.waitForNavigation(), p.click('button')]);
  }],
  // A flow's entry names the text its last page must show (so a throttled or refused flow fails the check instead
  // of checking the wrong page) and, where the platform's rate limits allow it only once, the one width.
  ['bedrijf registreren: kijk in uw mailbox', async (p) => {
    await p.goto(`${base}/limburg/registreren`);
    await p.type('#email', `inkoop${p.viewport().width}@fabriek.example`);
    await p.type('#password', 'een lange zin als wachtwoord');
    await p.type('#name', 'Fabriek Hasselt');
    await p.select('#sector', await p.$eval('#sector option:nth-child(3)', (o) => o.value));
    await p.type('#postal_code', '3500');
    await Promise.all([p.waitForNavigation(), p.click('button[type=submit]')]);
  }, 'Kijk in uw mailbox'],
  ['nieuwe organisatie registreren: kijk in uw mailbox', async (p) => {
    await p.goto(`${base}/limburg/registreren/organisatie`);
    await p.type('#account_email', 'jan@nieuwewerkplaats.example');
    await p.type('#password', 'een lange zin als wachtwoord');
    await p.type('#name', 'Nieuwe Werkplaats Genk');
    await p.select('#kind', 'maatwerkbedrijf');
    await p.type('#street', 'Kolenspoor 3');
    await p.type('#postal_code', '3600');
    await Promise.all([p.waitForNavigation(), p.click('button[type=submit]')]);
  }, 'Kijk in uw mailbox', [390]],
  ['wachtwoord vergeten: kijk in uw mailbox', async (p) => {
    await p.goto(`${base}/limburg/wachtwoord-vergeten`);
    await p.type('#email', 'beheer@limburg.example');
    await Promise.all([p.waitForNavigation(), p.click('button[type=submit]')]);
  }, 'Kijk in uw mailbox'],
  ['aanvragen van de provincie', async (p) => {
    await p.goto(`${base}/limburg/aanmelden`);
    await p.type('#email', 'beheer@limburg.example');
    await p.type('#password', password);
    await Promise.all([p.waitForNavigation(), p.click('button[type=submit]')]);
    await p.goto(`${base}/limburg/beheer/aanvragen`);
  }, 'Aanvragen'],
  ['console: provinciebeheerder uitgenodigd', async (p) => {
    await p.goto(`${base}/admin/aanmelden`);
    await p.type('#email', 'vlaanderen@doeners.example');
    await p.type('#password', password);
    await Promise.all([p.waitForNavigation(), p.click('button[type=submit]')]);
    await p.type('#email-antwerpen', `nieuw${p.viewport().width}@antwerpen.example`);
    await Promise.all([p.waitForNavigation(), p.click('form:has(#email-antwerpen) button[type=submit]')]);
  }, 'Provinciebeheerders'],
  ['mijn account: nieuw e-mailadres gevraagd', async (p) => {
    await p.goto(`${base}/limburg/aanmelden`);
    await p.type('#email', 'adres@limburg.example');
    await p.type('#password', password);
    await Promise.all([p.waitForNavigation(), p.click('button[type=submit]')]);
    await p.goto(`${base}/limburg/account`);
    await p.type('#new_email', `nieuw${p.viewport().width}@limburg.example`);
    await p.type('#email_password', password);
    await Promise.all([p.waitForNavigation(), p.click('form:has(#new_email) button[type=submit]')]);
  }, 'Kijk in de mailbox van uw nieuwe adres'],
  ['console: een provinciebeheerder ziet de eigen provincie', async (p) => {
    await p.goto(`${base}/limburg/aanmelden`);
    await p.type('#email', 'adres@limburg.example');
    await p.type('#password', password);
    await Promise.all([p.waitForNavigation(), p.click('button[type=submit]')]);
    await p.goto(`${base}/admin`);
  }, 'Interprovinciaal beheer'],
  ['contact opnemen: eerst aanmelden', async (p) => p.goto(`${base}/limburg/contact?organisatie=${elsewhere}`),
    'Meld u aan om contact op te nemen'],
  ['profiel van een organisatie met contactknop', async (p) => {
    await signIn(p, company);
    await p.goto(`${base}/${elsewhere.replace('/', '/organisaties/')}`);
  }, 'Neem contact op'],
  ['contact opnemen: het formulier', async (p) => {
    await signIn(p, company);
    await p.goto(`${base}/limburg/contact?organisatie=${elsewhere}`);
  }, 'Uw vraag (verplicht)'],
  ['contact opnemen: een leeg bericht', async (p) => {
    await signIn(p, company);
    await p.goto(`${base}/limburg/contact?organisatie=${elsewhere}`);
    await Promise.all([p.waitForNavigation(), p.click('main button[type=submit]')]);
  }, 'Niet alles is in orde'],
  ['contact opnemen: de aanvraag', async (p) => {
    await signIn(p, company);
    await p.goto(`${base}/limburg/contact?organisatie=${elsewhere}`);
    await p.type('#message', 'Wij zoeken handverpakking voor 2.000 geschenkdozen.');
    await Promise.all([p.waitForNavigation(), p.click('main button[type=submit]')]);
  }, 'Aanvraag aan'],
  ['mijn aanvragen', async (p) => {
    await signIn(p, company);
    await p.goto(`${base}/limburg/aanvragen`);
  }, 'De aanvragen die uw bedrijf verstuurde'],
  ['stel je vraag: het formulier', async (p) => {
    await signIn(p, company);
    await p.goto(`${base}/limburg/vragen/nieuw`);
  }, 'Stel je vraag'],
  ['stel je vraag: de vraag', async (p) => {
    await signIn(p, company);
    await p.goto(`${base}/limburg/vragen/nieuw`);
    await p.type('#title', 'Herstel van houten paletten');
    await p.type('#description', 'Wij zoeken een partner die elke maand 200 houten paletten herstelt.');
    await p.select('#category', 'houtbewerking');
    await p.type('#place', '3500');
    await p.$eval('#deadline', (e) => { e.value = '2027-06-30'; });
    await Promise.all([p.waitForNavigation(), p.click('main button[type=submit]')]);
  }, 'Herstel van houten paletten'],
  ['suggesties', async (p) => {
    await signIn(p, company);
    await p.goto(`${base}/limburg/suggesties`);
  }, 'Suggesties'],
  ['meldingen per e-mail', async (p) => {
    await signIn(p, company);
    await p.goto(`${base}/limburg/account/meldingen`);
  }, 'Hoe wilt u per e-mail'],
  ['uitschrijven zonder aanmelden', async (p) => p.goto(`${base}/limburg/meldingen/uitschrijven?token=voorbeeld`),
    'Geen meldingen meer ontvangen'],
  ['samenwerking voor de provincie', async (p) => {
    await signIn(p, 'beheer@limburg.example');
    await p.goto(`${base}/limburg/beheer/samenwerking`);
  }, 'Aantallen per stand'],
  ['een aanvraag aan de organisatie: de kant van de organisatie', async (p) => {
    const thread = await organisationSide();
    await signIn(p, member);
    await p.goto(`${base}${thread}`);
  }, 'Bent u geïnteresseerd?'],
  ['aanvragen van de organisatie', async (p) => {
    await organisationSide();
    await signIn(p, member);
    await p.goto(`${base}/limburg/aanvragen`);
  }, 'Aanvragen van bedrijven aan uw organisatie'],
  ['organisatie beheren: te beantwoorden', async (p) => {
    await organisationSide();
    await signIn(p, member);
    await p.goto(`${base}/limburg/organisaties/nieuwe-werkplaats-genk/beheren`);
  }, 'Te beantwoorden'],
  ['suggesties voor een organisatie', async (p) => {
    await organisationSide();
    await signIn(p, member);
    await p.goto(`${base}/limburg/suggesties`);
  }, 'Suggesties'],
  ['goede praktijk publiceren: gepubliceerd', async (p) => {
    await signIn(p, 'beheer@limburg.example');
    await p.goto(`${base}/limburg/beheer/goede-praktijken`);
    await p.type('#title', `Geschenkdozen uit Genk (${p.viewport().width})`);
    await p.type('#story', 'Een Limburgse brouwerij liet 20.000 geschenkdozen verpakken door een maatwerkbedrijf.');
    await p.type('#organisations', 'Maatwerk Genk');
    await p.click('#organisations_consent');
    await Promise.all([p.waitForNavigation(), p.click('main button[type=submit]')]);
  }, 'De goede praktijk is gepubliceerd'],
  ['goede praktijken van de provincie', async (p) => p.goto(`${base}/limburg/goede-praktijken`), 'Geschenkdozen uit Genk'],
  ['goede praktijken in Vlaanderen', async (p) => p.goto(`${base}/goede-praktijken`), 'Goede praktijken in Vlaanderen'],
  ['evaluatie voor Vlaanderen', async (p) => {
    await signIn(p, 'vlaanderen@doeners.example');
    await p.goto(`${base}/admin/evaluatie`);
  }, 'Alle cijfers'],
  ['evaluatie van één provincie', async (p) => {
    await signIn(p, 'vlaanderen@doeners.example');
    await p.goto(`${base}/admin/evaluatie?province=limburg`);
  }, 'Grafieken: Provincie Limburg'],
  ['evaluatie voor een provinciebeheerder', async (p) => {
    await signIn(p, 'beheer@limburg.example');
    await p.goto(`${base}/admin/evaluatie`);
  }, 'Alle cijfers'],
  ['rapport, ook afgedrukt op A4 zonder navigatie', async (p) => {
    await signIn(p, 'vlaanderen@doeners.example');
    await p.goto(`${base}/admin/rapport`);
    await p.emulateMediaType('print');
    const shown = await p.evaluate(() => ['header.site', 'footer.site', 'nav'].filter((s) => {
      const e = document.querySelector(s);
      return e && getComputedStyle(e).display !== 'none';
    }));
    if (shown.length) throw new Error(`a11y: the printed report shows ${shown.join(', ')}`);
    const pdf = Buffer.from(await p.pdf({ preferCSSPageSize: true })).toString('latin1');
    const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    const a4 = /\/MediaBox\s*\[\s*0 0 59[45](\.\d+)? 841(\.\d+)?\s*\]/.test(pdf);
    if (!a4 || pages < 2) throw new Error(`a11y: the printed report is not on A4 pages (${pages} pages, A4: ${a4})`);
    console.log(`    the printed report: ${pages} A4 pages`);
    await p.emulateMediaType('screen');
  }, 'Hoeveel bedrijven gebruikten het platform'],
  ['cijfers (open data)', async (p) => p.goto(`${base}/cijfers`), 'Hoe we kleine aantallen verbergen'],
  ['mijn account', async (p) => {
    await p.goto(`${base}/limburg/aanmelden`);
    await p.type('#email', 'beheer@limburg.example');
    await p.type('#password', password);
    await Promise.all([p.waitForNavigation(), p.click('button[type=submit]')]);
    await p.goto(`${base}/limburg/account`);
  }, 'Mijn account'],
  ['privacyverklaring van een provincie', async (p) => p.goto(`${base}/limburg/privacy`), 'Uw rechten'],
  ['cookieverklaring van een provincie', async (p) => p.goto(`${base}/limburg/cookies`), 'strikt noodzakelijk'],
  ['toegankelijkheidsverklaring van een provincie', async (p) => p.goto(`${base}/limburg/toegankelijkheid`), 'Nalevingsstatus'],
  ['contact van een provincie', async (p) => p.goto(`${base}/limburg/contactgegevens`), 'limburg@doeners.example'],
  ['privacyverklaring van Vlaanderen', async (p) => p.goto(`${base}/privacy`), 'Uw rechten'],
  ['cookieverklaring van Vlaanderen', async (p) => p.goto(`${base}/cookies`), 'strikt noodzakelijk'],
  ['toegankelijkheidsverklaring van Vlaanderen', async (p) => p.goto(`${base}/toegankelijkheid`), 'Handhavingsprocedure'],
  ['contact van Vlaanderen', async (p) => p.goto(`${base}/contactgegevens`), 'Provincie West-Vlaanderen'],
  ['API-documentatie', async (p) => p.goto(`${base}/api/docs`), 'API-sleutel'],
  ['startpagina van Vlaanderen met zoekvak', async (p) => p.goto(`${base}/`), 'Zoek een partner in heel Vlaanderen'],
  ['beheer: de gereedschappen van de provincie', async (p) => {
    await signIn(p, 'beheer@limburg.example');
    await p.goto(`${base}/limburg/beheer`);
  }, 'Wat u als beheerder'],
  ['organisaties van de provincie', async (p) => {
    await signIn(p, 'beheer@limburg.example');
    await p.goto(`${base}/limburg/beheer/organisaties`);
  }, 'Organisaties'],
  ['zoeken: een plaats die we niet kennen', async (p) => p.goto(`${base}/limburg/zoeken?q=verpakken&near=Hasselt+centrum`), 'Bedoelt u Hasselt'],
  ['zoeken: met de hand inpakken bij 3600', async (p) => p.goto(`${base}/limburg/zoeken?q=met+de+hand+inpakken&near=3600`), 'past bij categorie Handverpakking'],
  ['zoeken: niemand biedt dit aan', async (p) => p.goto(`${base}/limburg/zoeken?q=schoorsteen+vegen`), 'Niemand biedt dit aan'],
  ['zoeken: een plaats in de zoekvraag', async (p) => p.goto(`${base}/limburg/zoeken?q=kuisen+van+bureaus+in+Hasselt`), 'Gezocht in de buurt van'],
  ['zoeken in Vlaanderen: niemand biedt dit aan', async (p) => p.goto(`${base}/zoeken?q=kinderopvang+voor+ons+personeel`), 'Stel je vraag in'],
];

const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
let failures = 0;
for (const width of [390, 1366]) {
  for (const [name, open, expected, widths] of pages) {
    if (widths && !widths.includes(width)) continue;
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setBypassCSP(true);
    await page.setViewport({ width, height: 900 });
    await open(page);
    await page.evaluate(axeSource);
    const result = await page.evaluate(() => axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    const text = await page.evaluate(() => document.querySelector('main')?.innerText ?? '');
    const problems = result.violations.map((v) => `${v.id} (${v.nodes.length})`);
    if (overflow) problems.push('scrolls sideways');
    if (expected && !text.includes(expected)) problems.push(`did not reach its page (expected "${expected}")`);
    failures += problems.length;
    console.log(`${width} px  ${name}: ${problems.length ? problems.join(', ') : 'no violations'}`);
    if (width === 1366) console.log(`    ${text.replace(/\s+/g, ' ').slice(0, 400)}`);
    const shots = `${process.env.BROWSER_SHOTS ?? 'target/browser'}/${width}`;
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: `${shots}/pagina-${name.replace(/[^a-z0-9]+/gi, '-')}.png` });
    await context.close();
  }
}
await browser.close();
console.log(failures === 0 ? 'a11y: 0 violations' : `a11y: ${failures} problems`);
process.exit(failures === 0 ? 0 : 1);
