//! The province administrators' view of collaboration: how many requests and questions stand where, the
//! questions that wait for review (when the province reviews them), and requests reported as abuse.

use axum::{
    Form,
    extract::{Path, State},
    response::{IntoResponse, Response},
};
use doeners_app::collaboration::{oversight, questions};
use maud::html;

use super::{Failure, Fields, field, layout};
use crate::{AppState, guard::Visitor};

/// A stored state in Dutch (a request's or a question's).
fn state_label(kind: &str, state: &str) -> String {
    use doeners_domain::{exchange::RequestState, question::QuestionState};
    let label = if kind == "contact_request" {
        RequestState::from_stored(state).map(RequestState::label)
    } else {
        QuestionState::from_stored(state).map(QuestionState::label)
    };
    label.map_or_else(|| state.replace('_', " "), str::to_string)
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "contact_request" => "Contactaanvragen",
        "question" => "Vragen",
        _ => "Suggesties",
    }
}

pub async fn overview(v: Visitor) -> Result<Response, Failure> {
    let view = oversight::oversight(&v.tenant, v.caller.as_ref()).await?;
    Ok(page(&v, &view, None))
}

fn page(v: &Visitor, view: &oversight::Oversight, notice: Option<&str>) -> Response {
    let csrf = v
        .home
        .as_ref()
        .map(|h| h.active.csrf_token.clone())
        .unwrap_or_default();
    let main = html! {
        h1 { "Samenwerking" }
        @if let Some(n) = notice { div.notice role="status" { p { (n) } } }
        p { "De stand van de aanvragen en vragen die uw provincie bewaart. De teksten zijn van de twee partijen; u ziet ze alleen van een aanvraag die een organisatie als misbruik meldde." }
        div.table-scroll role="region" aria-labelledby="aantallen" tabindex="0" {
            table {
                caption #aantallen { "Aantallen per stand" }
                thead { tr { th scope="col" { "Soort" } th scope="col" { "Stand" } th scope="col" { "Aantal" } } }
                tbody {
                    @for ((kind, state), n) in &view.counts {
                        tr { td { (kind_label(kind)) } td { (state_label(kind, state)) } td { (n) } }
                    }
                }
            }
        }
        section aria-labelledby="nazicht" {
            h2 #nazicht { "Vragen die wachten op nazicht" }
            @if view.to_review.is_empty() { p { "Geen." } }
            @for q in &view.to_review {
                @let e = &q.exchange;
                article {
                    h3 { (e.header.get("title").and_then(|t| t.as_str()).unwrap_or_default()) }
                    p.meta { (e.company_name) }
                    p { (e.header.get("description").and_then(|t| t.as_str()).unwrap_or_default()) }
                    form method="post" action={ "/" (v.slug()) "/beheer/vragen/" (e.id) } {
                        input type="hidden" name="csrf" value=(csrf);
                        p {
                            button type="submit" name="besluit" value="goedkeuren" { "Laat de vraag vertrekken" }
                            " "
                            button.secondary type="submit" name="besluit" value="weigeren" { "Weiger de vraag" }
                        }
                    }
                }
            }
        }
        section aria-labelledby="gemeld" {
            h2 #gemeld { "Gemeld als misbruik" }
            @if view.reported.is_empty() { p { "Geen." } }
            @for t in &view.reported {
                article {
                    h3 { "Aanvraag van " (t.exchange.company_name) }
                    ol { @for s in &t.steps { @if let Some(b) = &s.body { li { (s.kind) ": " (b) } } } }
                }
            }
        }
    };
    layout::page("Samenwerking", Some(&v.tenant.profile), main).into_response()
}

pub async fn review(
    State(state): State<AppState>,
    v: Visitor,
    Path((_, id)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    questions::waiting_for_review(&v.tenant, v.caller.as_ref()).await?;
    v.check_form(&fields)?;
    let id: uuid::Uuid = id
        .parse()
        .map_err(|_| Failure::from(v.refuse(doeners_domain::access::Decision::Hidden)))?;
    let approve = field(&fields, "besluit") == "goedkeuren";
    let done = questions::review(
        &v.tenant,
        state.tenants(),
        state.search(),
        state.services(),
        v.caller.as_ref(),
        id,
        approve,
    )
    .await?;
    let view = oversight::oversight(&v.tenant, v.caller.as_ref()).await?;
    let notice = match (done, approve) {
        (false, _) => "Deze vraag wacht niet (meer) op nazicht.",
        (true, true) => "De vraag is vertrokken naar de passende organisaties.",
        (true, false) => "De vraag is geweigerd.",
    };
    Ok(page(&v, &view, Some(notice)))
}
