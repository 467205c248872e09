// The journeys people make on a portal, walked in Debian's Chromium at phone (390 px) and desktop (1366 px)
// widths: a company registers, confirms its address and signs in; it searches from the province's home, opens an
// organisation's profile and sends a contact request; someone from a new organisation registers it and an
// administrator approves; the new member adds an offer with the service area controls, edits it, and finds it.
// Every page a journey reaches is checked with axe-core's WCAG 2.1 A and AA rules and for sideways scrolling, and
// kept as a screenshot under $BROWSER_SHOTS/<width>/.
// Usage: node scripts/a11y/journeys.mjs http://127.0.0.1:8080 (a fresh server with demo data and the province
// administrator beheer@limburg.example, see run.sh; its mail directory in $A11Y_MAIL_DIR).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const base = process.argv[2];
const adminPassword = process.env.A11Y_PASSWORD;
const mailDir = process.env.A11Y_MAIL_DIR;
const shots = process.env.BROWSER_SHOTS ?? 'target/browser';
const secret = 'een lange zin als wachtwoord';
const phoneHeight = 844;

let failures = 0;
let checked = 0;
const fail = (message) => { failures++; console.log(`    FAIL ${message}`); };

// One check of the page the browser shows now: axe, sideways scrolling, the text it must show, a screenshot.
async function reached(page, journey, step, expected) {
  const width = page.viewport().width;
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  const text = await page.evaluate(() => document.querySelector('main')?.innerText ?? '');
  const problems = result.violations.map((v) => `${v.id} (${v.nodes.length}: ${v.nodes[0]?.target})`);
  if (overflow) problems.push('scrolls sideways');
  if (expected && !text.includes(expected)) problems.push(`did not reach its page (expected "${expected}"): ${text.slice(0, 300)}`);
  checked++;
  const dir = `${shots}/${width}`;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: `${dir}/${journey}-${String(checked).padStart(2, '0')}-${step}.png`, fullPage: true });
  console.log(`${width} px  ${journey}: ${step}: ${problems.length ? problems.join(', ') : 'no violations'}`);
  for (const p of problems) fail(`${journey}: ${step}: ${p}`);
}

async function submit(page, selector = 'main button[type=submit]') {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

// The link a mail to `email` carries (decoded from quoted-printable), waiting for the mail to be written.
async function mailLink(email, pattern) {
  for (let i = 0; i < 50; i++) {
    const files = fs.existsSync(mailDir) ? fs.readdirSync(mailDir).filter((f) => f.endsWith('.eml')) : [];
    for (const file of files) {
      const text = fs.readFileSync(`${mailDir}/${file}`, 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      const link = text.includes(email) && text.match(pattern);
      if (link) return link[0];
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail with a link for ${email}`);
}
const confirmation = /https?:\/\/\S+\/limburg\/bevestigen\?token=[A-Za-z0-9_-]+/;

async function signIn(page, journey, email, password) {
  await page.goto(`${base}/limburg/aanmelden`);
  await reached(page, journey, 'aanmelden', 'Aanmelden');
  await page.type('#email', email);
  await page.type('#password', password);
  await submit(page);
}

async function registerCompany(page, width) {
  const j = 'registreren';
  const email = `reis${width}@fabriek.example`;
  await page.goto(`${base}/limburg/`);
  await reached(page, j, 'start', 'Zoek een partner');
  await page.goto(`${base}/limburg/registreren`);
  await reached(page, j, 'formulier', 'Registreer uw bedrijf');
  await page.type('#email', email);
  await page.type('#password', secret);
  await page.type('#name', `Fabriek Hasselt ${width}`);
  await page.select('#sector', await page.$eval('#sector option:nth-child(3)', (o) => o.value));
  await page.type('#postal_code', '3500');
  await submit(page);
  await reached(page, j, 'kijk-in-uw-mailbox', 'Kijk in uw mailbox');
  await page.goto(await mailLink(email, confirmation));
  await reached(page, j, 'bevestigd', 'Uw e-mailadres is bevestigd');
  await signIn(page, j, email, secret);
  await reached(page, j, 'aangemeld', 'Fabriek Hasselt');
}

async function searchAndContact(page, width) {
  const j = 'zoeken-contact';
  await page.goto(`${base}/limburg/`);
  await page.type('#q', 'verpakken');
  await page.type('#near', 'Hasselt');
  await submit(page, 'main form[role=search] button[type=submit]');
  await reached(page, j, 'resultaten', 'organisaties');
  const names = await page.$$eval('article.organisation h3', (hs) => hs.map((h) => h.innerText));
  if (names.length < 2) fail(`${j}: only ${names.length} organisations for verpakken near Hasselt`);
  if (new Set(names).size !== names.length) fail(`${j}: an organisation appears twice: ${names.join(' | ')}`);
  if (width === 390) {
    const top = await page.$eval('article.organisation', (a) => a.getBoundingClientRect().top);
    console.log(`    on a phone the first organisation starts ${Math.round(top)} px down (screen ${phoneHeight} px)`);
    if (top > phoneHeight) fail(`${j}: on a phone the first result starts ${Math.round(top)} px down, below the screen`);
  }
  await submit(page, 'p.sort a');
  await reached(page, j, 'dichtstbij-eerst', 'dichtstbij eerst');
  const km = await page.$$eval('article.organisation .meta strong', (s) => s.map((e) => parseFloat(e.innerText) || 0));
  if (km.some((d, i) => i > 0 && d < km[i - 1])) fail(`${j}: not nearest first: ${km.join(', ')}`);
  const explained = await page.$$eval('article.organisation .why', (w) => w.length);
  if (explained < names.length) fail(`${j}: ${names.length - explained} organisations without an explanation`);
  await page.click('#alert');
  await submit(page, 'form.save-search button[type=submit]');
  await reached(page, j, 'zoekopdracht-bewaard', 'De zoekopdracht is bewaard');
  await submit(page, 'article.organisation h3 a');
  await reached(page, j, 'profiel', 'Neem contact op');
  const profile = page.url();
  await submit(page, '.reach a[href*="/account/bewaard"]');
  await reached(page, j, 'organisatie-bewaren', 'Organisatie bewaren');
  await submit(page);
  await reached(page, j, 'bewaard-op-mijn-account', 'De organisatie is bewaard');
  if (!(await page.$eval('section[aria-labelledby=bewaard]', (s) => s.innerText)).includes('e-mail bij nieuw aanbod')) fail(`${j}: the saved search is not on the account`);
  await page.goto(profile);
  await submit(page, 'a.button');
  await reached(page, j, 'contactformulier', 'Uw vraag (verplicht)');
  await page.type('#message', 'Wij zoeken handverpakking voor 2.000 geschenkdozen per maand, vanaf maart.');
  await submit(page);
  await reached(page, j, 'aanvraag-verstuurd', 'Aanvraag aan');
}

async function applyAndApprove(browser, page, width) {
  const j = 'aanvraag-goedkeuren';
  const email = `werkplaats${width}@maatwerk.example`;
  const name = `Werkplaats Reis ${width}`;
  await page.goto(`${base}/limburg/registreren/organisatie`);
  await reached(page, j, 'formulier', 'Registreer uw organisatie');
  await page.type('#account_email', email);
  await page.type('#password', secret);
  await page.type('#name', name);
  await page.select('#kind', 'maatwerkbedrijf');
  await page.type('#street', 'Kolenspoor 3');
  await page.type('#postal_code', '3600');
  await page.type('#description', 'Wij herstellen fietsen en bakfietsen voor bedrijven en gemeenten.');
  await submit(page);
  await reached(page, j, 'kijk-in-uw-mailbox', 'Kijk in uw mailbox');
  await page.goto(await mailLink(email, confirmation));
  await reached(page, j, 'bevestigd', 'Uw e-mailadres is bevestigd');

  const context = await browser.createBrowserContext();
  const admin = await context.newPage();
  await admin.setViewport(page.viewport());
  await signIn(admin, j, 'beheer@limburg.example', adminPassword);
  await admin.goto(`${base}/limburg/beheer/aanvragen`);
  await reached(admin, j, 'wachtrij', name);
  let approve;
  for (const section of await admin.$$('section.applicant')) {
    if ((await section.evaluate((s) => s.innerText)).includes(name)) approve = await section.$('button[value=approve]');
  }
  if (!approve) throw new Error(`${j}: ${name} is not in the queue`);
  await Promise.all([admin.waitForNavigation(), approve.click()]);
  await reached(admin, j, 'goedgekeurd', 'De aanvraag is goedgekeurd');
  await admin.goto(`${base}/limburg/beheer/logboek`);
  await reached(admin, j, 'logboek', 'keurde de aanvraag goed van');
  await context.close();
  return email;
}

async function editAndFind(page, width, email) {
  const j = 'aanbod-bewerken';
  await signIn(page, j, email, secret);
  await page.goto(`${base}/limburg/account`);
  await reached(page, j, 'account', 'Mijn organisatie');
  await submit(page, 'main a[href$="/beheren"]');
  await reached(page, j, 'organisatie', 'Bedrijven vinden uw organisatie pas');
  const title = `Bakfietsherstel aan huis ${width}`;
  await page.type('#title', title);
  await page.select('#category', 'fietsherstel');
  await page.click('#area-straal');
  await page.type('#area_km', '25');
  await page.type('#offer-description', 'Herstel van bakfietsen en bedrijfsfietsen bij u op de werkvloer.');
  await submit(page, 'form[action$="/aanbod"] button[type=submit]');
  await reached(page, j, 'gepubliceerd', 'Het aanbod is gepubliceerd');
  // A photo of the work: a JPEG the browser makes of this very page, uploaded as a member would.
  const photo = `${shots}/${width}/upload.jpg`;
  await page.screenshot({ path: photo, type: 'jpeg', quality: 80 });
  await (await page.$('#photo')).uploadFile(photo);
  await page.type('#alt', 'Twee medewerkers herstellen een bakfiets in het atelier');
  await submit(page, 'form[action$="/fotos"] button[type=submit]');
  await reached(page, j, 'foto-toegevoegd', 'De foto staat op uw publieke pagina');
  await submit(page, `main a[href*="/aanbod/"]`);
  await reached(page, j, 'aanbod', title);
  const radius = await page.$eval('#area-straal', (r) => r.checked) && await page.$eval('#area_km', (i) => i.value);
  if (radius !== '25') fail(`${j}: the saved radius does not come back (${radius})`);
  const renamed = `Bakfietsenkliniek ${width}`;
  await page.$eval('#title', (i) => { i.value = ''; });
  await page.type('#title', renamed);
  await page.click('#area-provincies');
  await page.click('#area_province_limburg');
  await page.click('#area_province_vlaams-brabant');
  await submit(page, 'main form button[type=submit]');
  await reached(page, j, 'bewaard', 'Het aanbod is bewaard');
  let found = false;
  for (let i = 0; i < 25 && !found; i++) {
    await page.goto(`${base}/limburg/zoeken?q=${encodeURIComponent(`bakfietsenkliniek ${width}`)}`);
    found = (await page.$$eval('article.organisation .matches a', (as) => as.map((a) => a.innerText))).includes(renamed);
    if (!found) await new Promise((r) => setTimeout(r, 200));
  }
  await reached(page, j, 'gevonden', renamed);
  if (!found) fail(`${j}: the edited offer is not found`);
  await submit(page, 'article.organisation .matches a');
  await reached(page, j, 'profiel', 'provincie Vlaams-Brabant, Limburg');
  const shown = await page.$$eval('ul.photos img', (is) => is.map((i) => i.complete && i.naturalWidth > 0));
  if (shown.length !== 1 || !shown[0]) fail(`${j}: the photo is not shown on the profile (${shown})`);
}

const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const width of [390, 1366]) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setBypassCSP(true);
  await page.setViewport({ width, height: width === 390 ? phoneHeight : 900 });
  const steps = [
    () => registerCompany(page, width),
    () => searchAndContact(page, width),
    async () => {
      const applicantContext = await browser.createBrowserContext();
      const applicant = await applicantContext.newPage();
      await applicant.setViewport(page.viewport());
      const email = await applyAndApprove(browser, applicant, width);
      await editAndFind(applicant, width, email);
      await applicantContext.close();
    },
  ];
  for (const step of steps) {
    try {
      await step();
    } catch (e) {
      fail(`${width} px: ${e.message}`);
    }
  }
  await context.close();
}
await browser.close();
console.log(failures === 0
  ? `journeys: ${checked} pages, 0 violations (screenshots in ${shots})`
  : `journeys: ${failures} problems on ${checked} pages`);
process.exit(failures === 0 ? 0 : 1);
