//! What buying from each kind of social-economy organisation means for a company or a public buyer: shown on
//! the profile, because a purchasing manager who has never worked with one asks it first.

use doeners_domain::OrganisationKind;
use maud::{Markup, html};

fn explanation(kind: OrganisationKind) -> &'static str {
    match kind {
        OrganisationKind::Maatwerkbedrijf => {
            "Een maatwerkbedrijf is door de Vlaamse overheid erkend om mensen met een grote afstand tot de arbeidsmarkt \
             werk te geven. U koopt er zoals bij elke leverancier: een offerte, een factuur met btw, afspraken over \
             kwaliteit en termijnen. Een overheid mag een opdracht voorbehouden aan maatwerkbedrijven (voorbehouden \
             opdracht), en een bedrijf kan het werk opnemen in zijn verslag over maatschappelijk verantwoord ondernemen."
        }
        OrganisationKind::Maatwerkafdeling => {
            "Een maatwerkafdeling is een erkende afdeling binnen een bedrijf of organisatie die mensen met een afstand \
             tot de arbeidsmarkt werk geeft. U werkt ermee zoals met elke leverancier; ook voor haar mag een overheid \
             een opdracht voorbehouden."
        }
        OrganisationKind::LokaleDiensteneconomie => {
            "Een organisatie van de lokale diensteneconomie biedt diensten aan in de eigen buurt, samen met de gemeente, \
             en laat mensen werkervaring opdoen op weg naar een gewone job. Ze past bij terugkerend werk dichtbij: \
             onderhoud, poetsen, een fietspunt."
        }
        OrganisationKind::ArbeidsmatigeActiviteiten => {
            "Bij arbeidsmatige activiteiten werken mensen die (nog) geen betaald werk aankunnen, onder begeleiding en \
             op hun eigen tempo. Dat past bij kleinere reeksen zonder strakke deadline; spreek vooraf af wat haalbaar is."
        }
        OrganisationKind::SocialeOnderneming => {
            "Een sociale onderneming heeft een maatschappelijk doel naast een economisch. U koopt er zoals bij elke \
             leverancier; in een overheidsopdracht kan een sociale clausule vragen dat een deel van het werk naar de \
             sociale economie gaat."
        }
    }
}

fn heading(kind: OrganisationKind) -> &'static str {
    match kind {
        OrganisationKind::Maatwerkbedrijf => "Samenwerken met een maatwerkbedrijf",
        OrganisationKind::Maatwerkafdeling => "Samenwerken met een maatwerkafdeling",
        OrganisationKind::LokaleDiensteneconomie => "Samenwerken met de lokale diensteneconomie",
        OrganisationKind::ArbeidsmatigeActiviteiten => "Samenwerken met arbeidsmatige activiteiten",
        OrganisationKind::SocialeOnderneming => "Samenwerken met een sociale onderneming",
    }
}

pub fn section(kind: OrganisationKind) -> Markup {
    html! {
        section.buying aria-labelledby="samenwerken" {
            h2 #samenwerken { (heading(kind)) }
            p { (explanation(kind)) }
        }
    }
}
