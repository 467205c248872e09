//! The inputs of an organisation's profile and of an offer, shared by registration and editing. Field names are
//! the import's column names, so one parser (`doeners_domain::forms`) reads all of them.

use doeners_domain::{
    CategoryGroup, ExecutionMode, OfferStatus, OrganisationKind, forms::Problems,
};
use maud::{Markup, html};

use super::{Fields, field, widgets::text_input};

/// Problems as (field, Dutch sentence), for `problems_list`.
pub fn sentences(problems: Problems) -> Vec<(&'static str, String)> {
    problems
        .into_iter()
        .map(|(f, e)| (f, e.to_string()))
        .collect()
}

fn textarea(name: &str, label: &str, value: &str) -> Markup {
    html! {
        p {
            label for=(name) { (label) }
            textarea id=(name) name=(name) rows="5" { (value) }
        }
    }
}

pub fn organisation(fields: &Fields) -> Markup {
    html! {
        (text_input("name", "Naam van de organisatie", "text", field(fields, "name"), "organization"))
        p {
            label for="kind" { "Soort organisatie" }
            select id="kind" name="kind" {
                @for k in OrganisationKind::ALL {
                    option value=(k.slug()) selected[field(fields, "kind") == k.slug()] { (k.label()) }
                }
            }
        }
        (text_input("enterprise_number", "Ondernemingsnummer", "text", field(fields, "enterprise_number"), "off"))
        (text_input("street", "Straat en nummer", "text", field(fields, "street"), "street-address"))
        (text_input("postal_code", "Postcode", "text", field(fields, "postal_code"), "postal-code"))
        (text_input("municipality", "Gemeente", "text", field(fields, "municipality"), "address-level2"))
        (text_input("website", "Website", "text", field(fields, "website"), "url"))
        (text_input("email", "E-mailadres van de organisatie", "email", field(fields, "email"), "off"))
        (text_input("phone", "Telefoon", "tel", field(fields, "phone"), "tel"))
        (text_input("employees", "Aantal medewerkers", "text", field(fields, "employees"), "off"))
        (textarea("description", "Wat doet de organisatie?", field(fields, "description")))
    }
}

pub fn offer(fields: &Fields, with_status: bool) -> Markup {
    html! {
        (text_input("title", "Titel", "text", field(fields, "title"), "off"))
        p {
            label for="category" { "Categorie" }
            select id="category" name="category" {
                @for group in CategoryGroup::all() {
                    optgroup label=(group.label) {
                        @for c in group.categories {
                            option value=(c.slug) selected[field(fields, "category") == c.slug] { (c.label) }
                        }
                    }
                }
            }
        }
        p {
            label for="execution_mode" { "Uitvoering" }
            select id="execution_mode" name="execution_mode" {
                @for m in ExecutionMode::ALL {
                    option value=(m.slug()) selected[field(fields, "execution_mode") == m.slug()] { (m.label()) }
                }
            }
        }
        (text_input("service_area", "Werkgebied (vlaanderen, provinces:limburg, radius:25, municipalities:3500,3600)", "text", field(fields, "service_area"), "off"))
        (textarea("description", "Beschrijving", field(fields, "description")))
        @if with_status {
            p {
                label for="status" { "Zichtbaarheid" }
                select id="status" name="status" {
                    @for s in OfferStatus::ALL {
                        option value=(s.slug()) selected[field(fields, "status") == s.slug()] { (s.label()) }
                    }
                }
            }
        }
    }
}
