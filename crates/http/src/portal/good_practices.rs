//! Good practices: the cases a province published, on its portal and all together on the Flanders site, and the
//! administrators' form to publish one.

use axum::{
    Form,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use doeners_app::{collaboration::good_practices, records::GoodPractice};
use doeners_domain::{CategoryGroup, CategoryRef};
use maud::{Markup, html};

use super::{Failure, Fields, PageError, PortalTenant, field, layout};
use crate::{AppState, guard::Visitor};

fn case(practice: &GoodPractice, province: Option<&str>) -> Markup {
    let parties = &practice.parties;
    let text = |k: &str| {
        parties
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    html! {
        article.offer {
            h2 { (practice.title) }
            p.meta {
                (CategoryRef::parse(&practice.category).map(|c| c.label()).unwrap_or_default())
                @if let Some(p) = province { " · " (p) }
                " · " (practice.published_at.format("%d-%m-%Y"))
            }
            p { (practice.story) }
            p.small { "Met " (text("organisations")) @if !text("company").is_empty() { " en " (text("company")) } "." }
            @if practice.collaboration.is_some() { p.small { "Een samenwerking die via doeners tot stand kwam en door beide partijen bevestigd werd." } }
        }
    }
}

pub async fn of_province(PortalTenant(tenant): PortalTenant) -> Result<Response, PageError> {
    let cases = good_practices::of(&tenant).await?;
    let main = html! {
        h1 { "Goede praktijken" }
        p { "Bedrijven en organisaties uit de sociale economie die samen werk maakten, verteld met hun toestemming." }
        @if cases.is_empty() { p { "Nog geen goede praktijken." } }
        @for c in &cases { (case(c, None)) }
    };
    Ok(layout::page("Goede praktijken", Some(&tenant.profile), main).into_response())
}

pub async fn of_flanders(State(state): State<AppState>) -> Response {
    let cases = good_practices::everywhere(state.tenants()).await;
    let main = html! {
        h1 { "Goede praktijken in Vlaanderen" }
        p { "Samenwerkingen tussen bedrijven en de sociale economie, uit alle provincies." }
        @if cases.is_empty() { p { "Nog geen goede praktijken." } }
        @for (province, c) in &cases { (case(c, Some(province))) }
    };
    layout::page("Goede praktijken", None, main).into_response()
}

fn form(
    v: &Visitor,
    fields: &Fields,
    problems: &[(&str, String)],
    notice: Option<&str>,
) -> Response {
    let csrf = v
        .home
        .as_ref()
        .map(|h| h.active.csrf_token.clone())
        .unwrap_or_default();
    let main = html! {
        h1 { "Een goede praktijk publiceren" }
        @if let Some(n) = notice { div.notice role="status" { p { (n) } } }
        (super::widgets::problems_list(problems))
        form method="post" action={ "/" (v.slug()) "/beheer/goede-praktijken" } {
            input type="hidden" name="csrf" value=(csrf);
            p { label for="title" { "Titel (verplicht)" } input id="title" name="title" type="text" aria-required="true" value=(field(fields, "title")); }
            p { label for="story" { "Het verhaal (verplicht)" } textarea id="story" name="story" rows="6" aria-required="true" { (field(fields, "story")) } }
            p {
                label for="category" { "Categorie (verplicht)" }
                select id="category" name="category" {
                    @for group in CategoryGroup::all() {
                        optgroup label=(group.label) {
                            @for c in group.categories { option value=(c.slug) selected[field(fields, "category") == c.slug] { (c.label) } }
                        }
                    }
                }
            }
            p { label for="organisations" { "Organisaties (verplicht)" } input id="organisations" name="organisations" type="text" aria-required="true" value=(field(fields, "organisations")); }
            p { input type="checkbox" id="organisations_consent" name="organisations_consent" value="ja"; " " label for="organisations_consent" { "De organisaties gaven toestemming om genoemd te worden" } }
            p { label for="company" { "Bedrijf" } input id="company" name="company" type="text" value=(field(fields, "company")); }
            p { input type="checkbox" id="company_consent" name="company_consent" value="ja"; " " label for="company_consent" { "Het bedrijf gaf toestemming om genoemd te worden" } }
            p { label for="collaboration" { "Id van een bevestigde samenwerking op doeners (niet verplicht)" } input id="collaboration" name="collaboration" type="text" value=(field(fields, "collaboration")); }
            p { button type="submit" { "Publiceren" } }
        }
        p { a href={ "/" (v.slug()) "/goede-praktijken" } { "Alle goede praktijken van de provincie" } }
    };
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    layout::answer(
        status,
        "Goede praktijk publiceren",
        Some(&v.tenant.profile),
        main,
    )
}

pub async fn new(v: Visitor) -> Result<Response, Failure> {
    v.allow(
        doeners_domain::access::Action::ReviewRegistrations,
        &v.here(),
    )?;
    Ok(form(&v, &Fields::new(), &[], None))
}

pub async fn publish(v: Visitor, Form(fields): Form<Fields>) -> Result<Response, Failure> {
    v.allow(
        doeners_domain::access::Action::ReviewRegistrations,
        &v.here(),
    )?;
    v.check_form(&fields)?;
    Ok(
        match good_practices::publish(&v.tenant, v.caller.as_ref(), &fields).await? {
            Ok(_) => form(
                &v,
                &Fields::new(),
                &[],
                Some("De goede praktijk is gepubliceerd."),
            ),
            Err(p) => form(&v, &fields, &super::fieldsets::sentences(p), None),
        },
    )
}
