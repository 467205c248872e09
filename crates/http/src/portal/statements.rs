//! The pages a Flemish public portal must have, for every province and for Flanders as a whole: the privacy
//! statement, the cookie statement, the accessibility statement (in the form the Flemish government prescribes:
//! status, what is not yet accessible, how to report a problem, when it was last evaluated) and the contact page.

use axum::{extract::State, response::Html};
use maud::{Markup, html};

use super::{PortalTenant, layout};
use crate::{AppState, Tenant};

/// When the pages were last evaluated, and how: the date the statement gives.
pub const EVALUATED_ON: &str = "4 december 2026";

/// Who answers for a portal: the province, or for the Flanders-wide pages the five together.
struct Controller {
    name: String,
    email: String,
    slug: Option<String>,
}

fn controller(state: &AppState, tenant: Option<&Tenant>) -> Controller {
    match tenant {
        Some(t) => Controller {
            name: t.profile.display_name.clone(),
            email: t.profile.contact_email.clone(),
            slug: Some(t.profile.slug.to_string()),
        },
        None => Controller {
            name: "de vijf Vlaamse provincies samen".to_string(),
            email: state
                .tenants()
                .first()
                .map_or_else(String::new, |t| t.profile.contact_email.clone()),
            slug: None,
        },
    }
}

/// A path on the same portal: `/limburg/privacy` or `/privacy`.
fn on_portal(c: &Controller, path: &str) -> String {
    c.slug
        .as_ref()
        .map_or_else(|| format!("/{path}"), |s| format!("/{s}/{path}"))
}

fn mail(email: &str) -> Markup {
    html! { a href={ "mailto:" (email) } { (email) } }
}

fn privacy(c: &Controller) -> Markup {
    html! {
        h1 { "Privacyverklaring" }
        p.lead { "Dit portaal wordt beheerd door " (c.name) ". Zij is verantwoordelijk voor de persoonsgegevens die u hier geeft, en verwerkt ze volgens de Algemene Verordening Gegevensbescherming (AVG)." }
        h2 { "Welke gegevens en waarom" }
        ul {
            li { strong { "Uw account" } ": uw e-mailadres, uw naam als u die geeft, de naam en postcode van uw bedrijf of organisatie en een versleutelde vorm van uw wachtwoord. Nodig om u aan te melden en om u te antwoorden." }
            li { strong { "Wat u verstuurt" } ": contactaanvragen, vragen en berichten aan organisaties. De organisatie en de provincie zien ze, om u te helpen." }
            li { strong { "Het profiel van een organisatie" } ": wat een organisatie over zichzelf publiceert (naam, adres, telefoon, e-mail, aanbod) is openbaar: daarvoor dient het portaal." }
            li { strong { "Zoekopdrachten" } ": wat er gezocht wordt, om het aanbod en het platform te evalueren. Bent u aangemeld als bedrijf, dan koppelen we de zoekopdracht aan uw bedrijf; de gepubliceerde cijfers tonen nooit wie zocht, en kleine aantallen worden verborgen." }
            li { strong { "Wat u bewaart" } ": organisaties en zoekopdrachten die uw bedrijf bewaart, en of u per e-mail wilt horen van nieuw aanbod (hoogstens één e-mail per dag per zoekopdracht). Alleen u ziet ze." }
            li { strong { "Foto's" } ": foto's die een organisatie op haar pagina zet zijn openbaar. We verkleinen ze en verwijderen de gegevens van het toestel, zoals de plaats waar de foto genomen is. Staat u op een foto en wilt u dat niet, mail dan de provincie." }
            li { strong { "Het logboek" } ": wie welk aanbod of profiel wijzigde en wanneer, zodat een fout te herstellen is en misbruik te zien." }
        }
        p { "We verkopen geen gegevens, tonen geen advertenties en gebruiken geen volgsystemen van derden." }
        h2 { "Hoe lang" }
        p { "Zolang uw account bestaat. Verwijdert u uw account, dan verdwijnen uw gegevens; in het logboek blijft enkel staan dat een account verwijderd werd." }
        h2 { "Uw rechten" }
        p {
            "U kunt uw gegevens inkijken en downloaden en uw account verwijderen via "
            a href=(on_portal(c, "account")) { "Mijn account" }
            ". Voor verbetering, bezwaar of een andere vraag: mail " (mail(&c.email)) ". "
            "Bent u het niet eens met ons antwoord, dan kunt u klacht indienen bij de Vlaamse Toezichtcommissie voor de verwerking van persoonsgegevens."
        }
    }
}

fn cookies(c: &Controller, state: &AppState) -> Markup {
    html! {
        h1 { "Cookieverklaring" }
        p.lead { "Dit portaal gebruikt één cookie, en alleen als u zich aanmeldt." }
        table {
            caption { "De cookies van dit portaal" }
            thead { tr { th scope="col" { "Naam" } th scope="col" { "Waarvoor" } th scope="col" { "Hoe lang" } } }
            tbody {
                tr {
                    td { code { (crate::session::cookie_name_for(state, c.slug.as_deref().unwrap_or("vlaanderen"))) } }
                    td { "Houdt bij dat u aangemeld bent, en beschermt uw formulieren tegen misbruik door andere websites." }
                    td { "Tot u zich afmeldt of de browser sluit" }
                }
            }
        }
        p { "Deze cookie is strikt noodzakelijk voor wat u vraagt (aangemeld blijven), daarom vragen we er geen toestemming voor. Er zijn geen cookies voor statistieken, advertenties of sociale media, ook niet van derden." }
        p { "Vragen? Mail " (mail(&c.email)) "." }
    }
}

fn accessibility(c: &Controller) -> Markup {
    html! {
        h1 { "Toegankelijkheidsverklaring" }
        p.lead { (c.name) " streeft ernaar dit portaal toegankelijk te maken, overeenkomstig het bestuursdecreet van 7 december 2018." }
        p { "Deze toegankelijkheidsverklaring is van toepassing op dit portaal van doeners en op de pagina's die het voor heel Vlaanderen deelt." }
        h2 { "Nalevingsstatus" }
        p { "Dit portaal is " strong { "gedeeltelijk in overeenstemming" } " met de Web Content Accessibility Guidelines (WCAG) 2.1, niveau AA, vanwege de niet-toegankelijke inhoud hieronder." }
        h2 { "Niet-toegankelijke inhoud" }
        ul {
            li { "De pagina's zijn automatisch gecontroleerd, maar nog niet allemaal met de hand met een schermlezer of alleen met het toetsenbord getest." }
            li { "De grafieken van de evaluatie zijn afbeeldingen; dezelfde cijfers staan telkens in een tabel eronder." }
            li { "De JSON- en CSV-bestanden van de open data en de API zijn bedoeld voor programma's, niet om te lezen." }
        }
        h2 { "Opstelling van deze verklaring" }
        p { "Deze verklaring is opgesteld op " (EVALUATED_ON) ". De laatste evaluatie was een zelfevaluatie op " (EVALUATED_ON) ": de pagina's van de belangrijkste taken (zoeken, een profiel bekijken, contact opnemen, registreren en aanmelden, aanbod bewerken, aanvragen goedkeuren) worden bij elke wijziging van het portaal automatisch geopend in een browser, op de breedte van een telefoon en van een computer, en getoetst aan de regels van WCAG 2.1 A en AA met axe-core." }
        h2 { "Feedback en contactgegevens" }
        p { "Loopt u ergens vast, of is iets niet toegankelijk? Laat het ons weten via " (mail(&c.email)) ". Zeg op welke pagina en wat er misliep; we antwoorden binnen vijf werkdagen en bezorgen u de informatie intussen op een andere manier als u dat vraagt." }
        h2 { "Handhavingsprocedure" }
        p { "Bent u niet tevreden met ons antwoord, dan kunt u een klacht indienen bij de Vlaamse Ombudsdienst, Leuvenseplein 1, 1000 Brussel (www.vlaamseombudsdienst.be)." }
    }
}

fn contact(c: &Controller, state: &AppState) -> Markup {
    html! {
        h1 { "Contact" }
        p.lead { "Dit portaal wordt beheerd door " (c.name) "." }
        @if c.slug.is_some() {
            p { "Vragen over het portaal, uw account of een organisatie? Mail " (mail(&c.email)) ". We antwoorden binnen vijf werkdagen." }
            p { "Zoekt u een partner voor een opdracht en vindt u die niet? " a href=(on_portal(c, "vragen/nieuw")) { "Stel je vraag" } ": de provincie stuurt ze naar de organisaties die erbij passen." }
        } @else {
            p { "Elke provincie beheert haar eigen portaal. Voor vragen over een organisatie of over uw account mailt u de provincie:" }
            ul {
                @for t in state.tenants() {
                    li { a href={ "/" (t.profile.slug) "/" } { (t.profile.display_name) } ": " (mail(&t.profile.contact_email)) }
                }
            }
        }
    }
}

fn page(
    state: &AppState,
    tenant: Option<&Tenant>,
    title: &str,
    body: fn(&Controller, &AppState) -> Markup,
) -> Html<String> {
    let c = controller(state, tenant);
    layout::page(title, tenant.map(|t| &t.profile), body(&c, state))
}

macro_rules! statement {
    ($portal:ident, $flanders:ident, $title:literal, $body:expr) => {
        pub async fn $portal(
            PortalTenant(tenant): PortalTenant,
            State(state): State<AppState>,
        ) -> Html<String> {
            page(&state, Some(&tenant), $title, $body)
        }

        pub async fn $flanders(State(state): State<AppState>) -> Html<String> {
            page(&state, None, $title, $body)
        }
    };
}

statement!(
    privacy_of_portal,
    privacy_of_flanders,
    "Privacyverklaring",
    |c, _| privacy(c)
);
statement!(
    cookies_of_portal,
    cookies_of_flanders,
    "Cookieverklaring",
    cookies
);
statement!(
    accessibility_of_portal,
    accessibility_of_flanders,
    "Toegankelijkheidsverklaring",
    |c, _| accessibility(c)
);
statement!(contact_of_portal, contact_of_flanders, "Contact", contact);

/// The footer's links to these pages.
pub fn footer_links(slug: Option<&str>) -> Markup {
    let at = |path: &str| slug.map_or_else(|| format!("/{path}"), |s| format!("/{s}/{path}"));
    html! {
        ul.statements {
            li { a href=(at("contactgegevens")) { "Contact" } }
            li { a href=(at("privacy")) { "Privacy" } }
            li { a href=(at("cookies")) { "Cookies" } }
            li { a href=(at("toegankelijkheid")) { "Toegankelijkheid" } }
        }
    }
}
