//! The inputs of an organisation's profile and of an offer, shared by registration and editing. Field names are
//! the import's column names, so one parser (`doeners_domain::forms`) reads all of them.

use doeners_domain::{
    CategoryGroup, ExecutionMode, OfferDraft, OfferStatus, OrganisationKind,
    forms::{self, Problems},
};
use maud::{Markup, html};

use super::{
    Fields, field, service_area_controls,
    widgets::{FieldProblems, input, problem_of, select, sentence},
};

/// Problems as (field, Dutch sentence), for `problems_list`.
pub fn sentences(problems: Problems) -> Vec<(&'static str, String)> {
    problems
        .into_iter()
        .map(|(f, e)| (f, e.to_string()))
        .collect()
}

fn textarea(id: &str, name: &str, label: &str, value: &str, problem: Option<&str>) -> Markup {
    let problem_id = format!("{id}-problem");
    html! {
        p {
            label for=(id) { (label) }
            @if let Some(p) = problem { span.field-problem id=(problem_id) { (sentence(p)) } }
            textarea id=(id) name=(name) rows="5" aria-invalid=[problem.map(|_| "true")] aria-describedby=[problem.map(|_| &problem_id)] { (value) }
        }
    }
}

pub fn organisation(fields: &Fields, problems: FieldProblems) -> Markup {
    let kind = field(fields, "kind");
    html! {
        (input(fields, problems, ("name", "Naam van de organisatie", "text", "organization", true)))
        (select("kind", "Soort organisatie", problem_of(problems, "kind"), html! {
            // No kind is chosen for the person: an organisation says what it is.
            option value="" selected[kind.is_empty()] { "Kies de soort organisatie" }
            @for k in OrganisationKind::ALL {
                option value=(k.slug()) selected[kind == k.slug()] { (k.label()) }
            }
        }))
        (input(fields, problems, ("enterprise_number", "Ondernemingsnummer", "text", "off", false)))
        (input(fields, problems, ("street", "Straat en nummer", "text", "street-address", true)))
        (input(fields, problems, ("postal_code", "Postcode", "text", "postal-code", true)))
        (input(fields, problems, ("municipality", "Gemeente", "text", "address-level2", false)))
        (input(fields, problems, ("website", "Website", "text", "url", false)))
        (input(fields, problems, ("email", "E-mailadres van de organisatie", "email", "off", false)))
        (input(fields, problems, ("phone", "Telefoon", "tel", "tel", false)))
        (input(fields, problems, ("employees", "Aantal medewerkers", "text", "off", false)))
        (textarea("description", "description", "Wat doet de organisatie?", field(fields, "description"), problem_of(problems, "description")))
    }
}

/// An organisation's capacity, certificates and references: what a buyer asks before the first order.
pub fn details(fields: &Fields, problems: FieldProblems) -> Markup {
    html! {
        (textarea("capacity", "capacity", "Capaciteit: hoeveel kunt u aan, hoe snel? (bv. 200 paletten per week, 40 medewerkers in twee ploegen)", field(fields, "capacity"), problem_of(problems, "capacity")))
        (textarea("certificates", "certificates", "Certificaten en labels, één per regel (bv. ISO 9001, VCA)", field(fields, "certificates"), problem_of(problems, "certificates")))
        (textarea("references", "references", "Referenties: klanten die akkoord gaan dat u ze noemt, één per regel", field(fields, "references"), problem_of(problems, "references")))
    }
}

/// The offer's inputs. Its description's id differs from the profile's: both forms share one page.
pub fn offer(fields: &Fields, problems: FieldProblems, with_status: bool) -> Markup {
    let category = field(fields, "category");
    html! {
        (input(fields, problems, ("title", "Titel", "text", "off", true)))
        (select("category", "Categorie", problem_of(problems, "category"), html! {
            option value="" selected[category.is_empty()] { "Kies een categorie" }
            @for group in CategoryGroup::all() {
                optgroup label=(group.label) {
                    @for c in group.categories {
                        option value=(c.slug) selected[category == c.slug] { (c.label) }
                    }
                }
            }
        }))
        (select("execution_mode", "Uitvoering", problem_of(problems, "execution_mode"), html! {
            @for m in ExecutionMode::ALL {
                option value=(m.slug()) selected[field(fields, "execution_mode") == m.slug()] { (m.label()) }
            }
        }))
        (service_area_controls::fieldset(fields, problem_of(problems, "service_area")))
        (textarea("offer-description", "description", "Beschrijving (verplicht)", field(fields, "description"), problem_of(problems, "description")))
        @if with_status {
            (select("status", "Zichtbaarheid", problem_of(problems, "status"), html! {
                @for s in OfferStatus::ALL {
                    option value=(s.slug()) selected[field(fields, "status") == s.slug()] { (s.label()) }
                }
            }))
        }
    }
}

/// An offer from its form: the service area read from its controls first, so a problem there is said in the
/// controls' words instead of the text syntax's.
pub fn offer_draft(fields: &Fields) -> Result<OfferDraft, Vec<(&'static str, String)>> {
    let area = service_area_controls::read(fields);
    let mut fields = fields.clone();
    if let Some(Ok(text)) = &area {
        fields.insert("service_area".into(), text.clone());
    }
    let area_problem = area.and_then(Result::err);
    match (forms::offer_draft(&fields), area_problem) {
        (Ok(draft), None) => Ok(draft),
        (outcome, area_problem) => {
            let mut problems = outcome.err().map(sentences).unwrap_or_default();
            if let Some(p) = area_problem {
                problems.retain(|(f, _)| *f != "service_area");
                problems.push(("service_area", p));
            }
            Err(problems)
        }
    }
}
