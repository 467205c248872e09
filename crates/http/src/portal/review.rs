//! The province administrators' pages: the queue of applicants (approve or refuse, each told by e-mail), the
//! list of every organisation (to edit any of them), and the province's audit log.

use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use doeners_app::audit_story::{AuditLine, Names, audit_story};
use doeners_app::records::AdminSearch;
use doeners_app::review::{Verdict, decide_application};
use doeners_domain::{AccountId, OrganisationKind, OrganisationStatus, access::Action};
use maud::{Markup, html};

use super::{Failure, Fields, PageError, field, layout};
use crate::{AppState, extract::QueryParams, guard::Visitor};

/// The administrators' tools, on their own page (the header's "Beheer") and on the account page.
pub fn tools(slug: &str) -> Markup {
    html! {
        ul {
            li { a href={ "/" (slug) "/beheer/aanvragen" } { "Aanvragen" } }
            li { a href={ "/" (slug) "/beheer/organisaties" } { "Organisaties" } }
            li { a href={ "/" (slug) "/beheer/logboek" } { "Logboek" } }
            li { a href={ "/" (slug) "/beheer/samenwerking" } { "Samenwerking: aanvragen, vragen en meldingen van misbruik" } }
            li { a href={ "/" (slug) "/suggesties" } { "Suggesties van bedrijven" } }
            li { a href={ "/" (slug) "/beheer/goede-praktijken" } { "Een goede praktijk publiceren" } }
            li { a href="/admin/evaluatie" { "Evaluatie: de cijfers van de provincie" } }
        }
    }
}

pub async fn tools_page(v: Visitor) -> Result<Response, Failure> {
    v.allow(Action::ReviewRegistrations, &v.here())?;
    let main = html! {
        h1 { "Beheer" }
        p { "Wat u als beheerder van " (v.tenant.profile.display_name) " doet." }
        (tools(v.slug()))
    };
    Ok(layout::page("Beheer", Some(&v.tenant.profile), main).into_response())
}

pub async fn queue(v: Visitor, query: QueryParams) -> Result<Response, Failure> {
    v.allow(Action::ReviewRegistrations, &v.here())?;
    let done = match query.get("klaar") {
        Some("goedgekeurd") => Some(
            "De aanvraag is goedgekeurd. De aanvrager kreeg een e-mail en kan het aanbod nu beheren.",
        ),
        Some("geweigerd") => {
            Some("De aanvraag is geweigerd. De aanvrager kreeg een e-mail met uw reden.")
        }
        _ => None,
    };
    queue_page(&v, done, None).await
}

/// The queue; `problem` is a refusal sent without a reason, shown at that applicant's reason field.
async fn queue_page(
    v: &Visitor,
    done: Option<&str>,
    problem: Option<(AccountId, &str)>,
) -> Result<Response, Failure> {
    let applicants = doeners_app::review::applicants(&v.tenant).await?;
    let csrf = v
        .home
        .as_ref()
        .map(|h| h.active.csrf_token.clone())
        .unwrap_or_default();
    let main = html! {
        h1 { "Aanvragen" }
        @if let Some(d) = done { p.confirmation role="status" { (d) } }
        @if applicants.is_empty() { p { "Er wachten geen aanvragen." } }
        @for a in &applicants {
            @let action = format!("/{}/beheer/aanvragen/{}", v.slug(), a.account);
            @let reason_id = format!("reden-{}", a.account);
            @let problem_here = problem.filter(|(id, _)| *id == a.account).map(|(_, p)| p);
            section.applicant aria-labelledby={ "aanvraag-" (a.account) } {
                h2 id={ "aanvraag-" (a.account) } { (a.organisation.draft.name) }
                p {
                    (a.email.as_str()) " vraagt toegang als lid. "
                    @if a.organisation.status == doeners_domain::OrganisationStatus::Draft {
                        "Nieuwe organisatie: " (a.organisation.draft.kind.label()) ", "
                        (a.organisation.draft.address.municipality.name)
                        @if let Some(n) = &a.organisation.draft.enterprise_number { ", " (n.to_string()) }
                        "."
                    } @else {
                        "De organisatie staat al op het portaal."
                    }
                }
                @if !a.organisation.draft.description.is_empty() { p { (a.organisation.draft.description) } }
                form method="post" action=(action) {
                    input type="hidden" name="csrf" value=(csrf);
                    button type="submit" name="decision" value="approve" { "Goedkeuren" }
                }
                // Refusing deletes the account: it takes a second step, and a reason the applicant reads.
                details.refuse open[problem_here.is_some()] {
                    summary { "Weigeren…" }
                    form method="post" action=(action) {
                        input type="hidden" name="csrf" value=(csrf);
                        p {
                            label for=(reason_id) { "Waarom weigert u? (verplicht, de aanvrager leest dit in de e-mail)" }
                            @if let Some(p) = problem_here { span.field-problem id={ (reason_id) "-problem" } { (p) } }
                            textarea id=(reason_id) name="reason" rows="3" aria-invalid=[problem_here.map(|_| "true")] aria-describedby=[problem_here.map(|_| format!("{reason_id}-problem"))] {}
                        }
                        p.small { "De aanvrager krijgt een e-mail en het account wordt verwijderd. Dit kan niet ongedaan gemaakt worden." }
                        button.danger type="submit" name="decision" value="refuse" { "Aanvraag weigeren" }
                    }
                }
            }
        }
    };
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(layout::answer(
        status,
        "Aanvragen",
        Some(&v.tenant.profile),
        main,
    ))
}

const REASON_MAX: usize = 2000;

pub async fn decide(
    State(state): State<AppState>,
    v: Visitor,
    Path(path): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let (_, account) = path;
    v.allow(Action::ReviewRegistrations, &v.here())?;
    v.check_form(&fields)?;
    let Ok(id) = account.parse::<uuid::Uuid>().map(AccountId::from_uuid) else {
        return Ok(gone(&v));
    };
    let verdict = match field(&fields, "decision") {
        "approve" => Verdict::Approve,
        "refuse" => {
            let reason = field(&fields, "reason").trim();
            if reason.is_empty() {
                return queue_page(
                    &v,
                    None,
                    Some((
                        id,
                        "Schrijf waarom u weigert: de aanvrager leest het in de e-mail.",
                    )),
                )
                .await;
            }
            if reason.chars().count() > REASON_MAX {
                return queue_page(
                    &v,
                    None,
                    Some((id, "De reden is te lang: hoogstens 2000 tekens.")),
                )
                .await;
            }
            Verdict::Refuse {
                reason: reason.to_string(),
            }
        }
        _ => {
            return Ok(layout::answer(
                StatusCode::BAD_REQUEST,
                "Aanvragen",
                Some(&v.tenant.profile),
                html! { h1 { "Kies goedkeuren of weigeren" } },
            ));
        }
    };
    let outcome = if verdict == Verdict::Approve {
        "goedgekeurd"
    } else {
        "geweigerd"
    };
    let handled =
        decide_application(state.services(), &v.tenant, v.caller.as_ref(), id, verdict).await?;
    if !handled {
        return Ok(gone(&v));
    }
    Ok(Redirect::to(&format!("/{}/beheer/aanvragen?klaar={outcome}", v.slug())).into_response())
}

/// The applicant was handled meanwhile (by another administrator) or never was one.
fn gone(v: &Visitor) -> Response {
    layout::answer(
        StatusCode::NOT_FOUND,
        "Aanvragen",
        Some(&v.tenant.profile),
        html! {
            h1 { "Deze aanvraag wacht niet meer" }
            p { a href={ "/" (v.slug()) "/beheer/aanvragen" } { "Terug naar de aanvragen" } }
        },
    )
}

/// The newest entries of an audit log, one sentence each, newest first.
pub fn audit_list(lines: &[AuditLine]) -> Markup {
    html! {
        @if lines.is_empty() { p { "Nog niets in het logboek." } }
        ol.audit {
            @for line in lines {
                li {
                    (line.sentence) " "
                    time.small datetime=(line.at.to_rfc3339()) { (line.when) }
                }
            }
        }
    }
}

/// Every organisation of the province, drafts and withdrawn ones too, each linked to its management page;
/// searchable by name, municipality or postal code and filtered by status and kind.
pub async fn organisations(v: Visitor, query: QueryParams) -> Result<Response, Failure> {
    // The province's administrators' list: approving and editing are theirs.
    v.allow(Action::ReviewRegistrations, &v.here())?;
    let page = query.page().map_err(PageError)?;
    let text = query.get("q").unwrap_or_default().trim().to_string();
    let status = query
        .get("status")
        .and_then(|s| OrganisationStatus::parse(s).ok());
    let kind = query
        .get("kind")
        .and_then(|k| OrganisationKind::parse(k).ok());
    let search = AdminSearch {
        text: Some(text.clone()).filter(|t| !t.is_empty()),
        status,
        kind,
    };
    let found = doeners_app::organisations::all(&v.tenant, page, &search).await?;
    let slug = v.slug();
    let pages = found.total.div_ceil(page.per_page).max(1);
    // The filters carried to the next page.
    let filters: String = [
        ("q", text.as_str()),
        ("status", status.map_or("", |s| s.slug())),
        ("kind", kind.map_or("", |k| k.slug())),
    ]
    .iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| format!("&{k}={}", super::search::encode(v)))
    .collect();
    let main = html! {
        h1 { "Organisaties" }
        form.filter method="get" action={ "/" (slug) "/beheer/organisaties" } role="search" aria-label="Organisaties zoeken" {
            p {
                label for="q" { "Naam, gemeente of postcode" }
                input #q type="search" name="q" value=(text);
            }
            p {
                label for="status" { "Status" }
                select #status name="status" {
                    option value="" { "Alle" }
                    @for s in OrganisationStatus::ALL { option value=(s.slug()) selected[status == Some(*s)] { (s.label()) } }
                }
            }
            p {
                label for="kind" { "Soort" }
                select #kind name="kind" {
                    option value="" { "Alle" }
                    @for k in OrganisationKind::ALL { option value=(k.slug()) selected[kind == Some(*k)] { (k.label()) } }
                }
            }
            p { button type="submit" { "Zoeken" } }
        }
        p role="status" { (layout::count(found.total, "organisatie", "organisaties")) @if pages > 1 { ", pagina " (page.number) " van " (pages) } "." }
        @if found.items.is_empty() && search.text.is_some() { p { "Geen organisatie past bij '" (text) "'. Probeer een deel van de naam." } }
        ul {
            @for o in &found.items {
                li {
                    a href={ "/" (slug) "/organisaties/" (o.slug) "/beheren" } { (o.draft.name) }
                    " · " (o.status.label()) " · " (o.draft.kind.label()) " · " (o.draft.address.municipality.name)
                }
            }
        }
        @if pages > 1 {
            nav.pages aria-label="Paginering" {
                @if page.number > 1 { a rel="prev" href={ "?page=" (page.number - 1) "&per_page=" (page.per_page) (filters) } { "← Vorige" } }
                @if page.number < pages { a rel="next" href={ "?page=" (page.number + 1) "&per_page=" (page.per_page) (filters) } { "Volgende →" } }
            }
        }
    };
    Ok(layout::page("Organisaties", Some(&v.tenant.profile), main).into_response())
}

pub async fn audit_log(v: Visitor) -> Result<Response, Failure> {
    v.allow(Action::ReadAuditLog, &v.here())?;
    let lines = audit_story(&v.tenant, 200, Names::Shown).await?;
    let main = html! {
        h1 { "Logboek" }
        p { "De laatste 200 handelingen in deze provincie, de nieuwste eerst, in Belgische tijd." }
        (audit_list(&lines))
    };
    Ok(layout::page("Logboek", Some(&v.tenant.profile), main).into_response())
}
