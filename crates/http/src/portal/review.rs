//! The province administrators' pages: the queue of applicants (approve or refuse, each told by e-mail), the
//! list of every organisation (to edit any of them), and the province's audit log.

use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use doeners_app::records::AuditEntry;
use doeners_app::review::{Verdict, decide_application};
use doeners_domain::{AccountId, access::Action};
use maud::{Markup, html};

use super::{Failure, Fields, PageError, field, layout};
use crate::{AppState, extract::QueryParams, guard::Visitor};

pub async fn queue(v: Visitor) -> Result<Response, Failure> {
    v.allow(Action::ReviewRegistrations, &v.here())?;
    let applicants = doeners_app::review::applicants(&v.tenant).await?;
    let csrf = v
        .home
        .as_ref()
        .map(|h| h.active.csrf_token.clone())
        .unwrap_or_default();
    let main = html! {
        h1 { "Aanvragen" }
        @if applicants.is_empty() { p { "Er wachten geen aanvragen." } }
        @for a in &applicants {
            section.applicant {
                h2 { (a.organisation.draft.name) }
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
                form method="post" action={ "/" (v.slug()) "/beheer/aanvragen/" (a.account) } {
                    input type="hidden" name="csrf" value=(csrf);
                    button type="submit" name="decision" value="approve" { "Goedkeuren" }
                    " "
                    button type="submit" name="decision" value="refuse" { "Weigeren" }
                }
            }
        }
    };
    Ok(layout::page("Aanvragen", Some(&v.tenant.profile), main).into_response())
}

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
        "refuse" => Verdict::Refuse,
        _ => {
            return Ok(layout::answer(
                StatusCode::BAD_REQUEST,
                "Aanvragen",
                Some(&v.tenant.profile),
                html! { h1 { "Kies goedkeuren of weigeren" } },
            ));
        }
    };
    let handled =
        decide_application(state.services(), &v.tenant, v.caller.as_ref(), id, verdict).await?;
    if !handled {
        return Ok(gone(&v));
    }
    Ok(Redirect::to(&format!("/{}/beheer/aanvragen", v.slug())).into_response())
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

/// The newest entries of an audit log, as a table.
pub fn audit_table(entries: &[AuditEntry]) -> Markup {
    html! {
        table {
            thead { tr { th { "Wanneer (UTC)" } th { "Wie" } th { "Wat" } th { "Waarop" } } }
            tbody {
                @for e in entries {
                    tr {
                        td { (e.at.format("%Y-%m-%d %H:%M:%S")) }
                        td { @if let Some(a) = e.actor { (a.to_string()) } @else { "—" } }
                        td { (e.action) }
                        td { (e.object) }
                    }
                }
            }
        }
    }
}

/// Every organisation of the province, drafts and withdrawn ones too, each linked to its management page.
pub async fn organisations(v: Visitor, query: QueryParams) -> Result<Response, Failure> {
    // The province's administrators' list: approving and editing are theirs.
    v.allow(Action::ReviewRegistrations, &v.here())?;
    let page = query.page().map_err(PageError)?;
    let found = doeners_app::organisations::all(&v.tenant, page).await?;
    let slug = v.slug();
    let pages = found.total.div_ceil(page.per_page).max(1);
    let main = html! {
        h1 { "Organisaties" }
        p { (layout::count(found.total, "organisatie", "organisaties")) ", pagina " (page.number) " van " (pages) "." }
        ul {
            @for o in &found.items {
                li {
                    a href={ "/" (slug) "/organisaties/" (o.slug) "/beheren" } { (o.draft.name) }
                    " · " (o.status.label()) " · " (o.draft.address.municipality.name)
                }
            }
        }
        nav aria-label="Paginas" {
            @if page.number > 1 { a href={ "?page=" (page.number - 1) "&per_page=" (page.per_page) } { "Vorige" } " " }
            @if page.number < pages { a href={ "?page=" (page.number + 1) "&per_page=" (page.per_page) } { "Volgende" } }
        }
    };
    Ok(layout::page("Organisaties", Some(&v.tenant.profile), main).into_response())
}

pub async fn audit_log(v: Visitor) -> Result<Response, Failure> {
    v.allow(Action::ReadAuditLog, &v.here())?;
    let entries = doeners_app::review::audit_log(&v.tenant, 200).await?;
    let main = html! {
        h1 { "Logboek" }
        p { "De laatste 200 handelingen in deze provincie. Personen staan er met hun accountnummer, zonder naam of adres." }
        (audit_table(&entries))
    };
    Ok(layout::page("Logboek", Some(&v.tenant.profile), main).into_response())
}
