//! "Stel je vraag" on the portal: the form, the list of one's questions, a question with the organisations it
//! went to and their answers (and, for an organisation, its answer form), the outcome after the deadline, and
//! the suggestions of every province for organisations and administrators.

use crate::portal::widgets::privacy_notice;
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use doeners_app::collaboration::{
    Thread,
    questions::{self, Answered, Posted},
};
use doeners_domain::{
    CategoryGroup,
    access::{Decision, Role},
    exchange::{BudgetBand, Reason, Side},
    question::{Outcome, QuestionState},
};
use maud::html;
use uuid::Uuid;

use super::{Failure, Fields, field, layout};
use crate::{AppState, guard::Visitor};

use super::widgets::csrf;

fn header(thread: &Thread, key: &str) -> String {
    thread
        .exchange
        .header
        .get(key)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

fn form(v: &Visitor, fields: &Fields, problems: &[(&str, String)]) -> Response {
    let slug = v.slug();
    let kind = field(fields, "kind");
    let main = html! {
        h1 { "Stel je vraag" }
        p { "Vindt u geen aanbod dat past? Beschrijf wat u zoekt: doeners stuurt uw vraag naar de organisaties uit de sociale economie die erbij passen, in alle provincies. U ziet wie geïnteresseerd is en neemt dan contact op." }
        (super::widgets::problems_list(problems))
        form method="post" action={ "/" (slug) "/vragen" } {
            (csrf(v))
            fieldset {
                legend { "Wat wilt u doen?" }
                p { input type="radio" id="kind-question" name="kind" value="question" checked[kind != "suggestion"]; " " label for="kind-question" { "Een vraag stellen: ik zoek een partner voor een opdracht" } }
                p { input type="radio" id="kind-suggestion" name="kind" value="suggestion" checked[kind == "suggestion"]; " " label for="kind-suggestion" { "Een suggestie doen: dit werk zou de sociale economie kunnen opnemen" } }
            }
            p { label for="title" { "Titel (verplicht)" } input id="title" name="title" type="text" aria-required="true" value=(field(fields, "title")); }
            p { label for="description" { "Omschrijving (verplicht, minstens 20 tekens)" } textarea id="description" name="description" rows="6" aria-required="true" { (field(fields, "description")) } }
            p {
                label for="category" { "Categorie" }
                select id="category" name="category" {
                    option value="" { "Kies (niet verplicht)" }
                    @for group in CategoryGroup::all() {
                        optgroup label=(group.label) {
                            option value=(group.slug) selected[field(fields, "category") == group.slug] { (group.label) " (alles)" }
                            @for c in group.categories {
                                option value=(c.slug) selected[field(fields, "category") == c.slug] { (c.label) }
                            }
                        }
                    }
                }
            }
            p { label for="place" { "Plaats van het werk: postcode of gemeente (verplicht voor een vraag)" } input id="place" name="place" type="text" value=(field(fields, "place")) autocomplete="postal-code"; }
            p { label for="deadline" { "Uiterste datum (verplicht voor een vraag)" } input id="deadline" name="deadline" type="date" value=(field(fields, "deadline")); }
            p {
                label for="budget_band" { "Budget" }
                select id="budget_band" name="budget_band" {
                    option value="" { "Kies (niet verplicht)" }
                    @for b in BudgetBand::ALL { option value=(b.code()) selected[field(fields, "budget_band") == b.code()] { (b.label()) } }
                }
            }
            p.small { "De organisaties die uw vraag krijgen, zien uw bedrijfsnaam, titel, omschrijving, plaats, datum en budget." }
            (privacy_notice(v.slug(), "om uw vraag te bezorgen aan de organisaties die erbij passen en op te volgen"))
            p { button type="submit" { "Verstuur" } }
        }
    };
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    layout::answer(status, "Stel je vraag", Some(&v.tenant.profile), main)
}

pub async fn new(v: Visitor) -> Result<Response, Failure> {
    if v.home.is_none() {
        return Err(v.refuse(Decision::SignIn).into());
    }
    Ok(form(&v, &Fields::new(), &[]))
}

pub async fn post(
    State(state): State<AppState>,
    v: Visitor,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    v.allow(doeners_domain::access::Action::AskOrganisations, &v.here())?;
    v.check_form(&fields)?;
    let posted = questions::post(
        &v.tenant,
        state.tenants(),
        state.search(),
        state.services(),
        v.caller.as_ref(),
        &fields,
    )
    .await?;
    Ok(match posted {
        Posted::Thread(t) => {
            Redirect::to(&format!("/{}/vragen/{}", v.slug(), t.exchange.id)).into_response()
        }
        Posted::Invalid(p) => form(&v, &fields, &super::fieldsets::sentences(p)),
    })
}

pub async fn list(v: Visitor) -> Result<Response, Failure> {
    v.signed_in()?;
    let items = questions::list(&v.tenant, v.caller.as_ref()).await?;
    let member = matches!(v.caller.as_ref().map(|c| &c.role), Some(Role::Member(_)));
    let main = html! {
        h1 { "Vragen" }
        @if member {
            p { "Vragen van bedrijven die bij uw aanbod passen. " strong { (items.iter().filter(|i| i.waits_for_answer).count()) } " wachten op uw antwoord." }
        } @else {
            p { a.button href={ "/" (v.slug()) "/vragen/nieuw" } { "Stel je vraag" } }
        }
        @if items.is_empty() { p { "Nog geen vragen." } } @else {
            ul {
                @for item in &items {
                    @let e = &item.exchange;
                    li {
                        a href={ "/" (v.slug()) "/vragen/" (e.id) } { (e.header.get("title").and_then(|t| t.as_str()).unwrap_or_default()) }
                        " · " (QuestionState::from_stored(&e.state).map_or("", QuestionState::label))
                        @if item.waits_for_answer { " · wacht op uw antwoord" }
                    }
                }
            }
        }
    };
    Ok(layout::page("Vragen", Some(&v.tenant.profile), main).into_response())
}

fn page(
    v: &Visitor,
    thread: &Thread,
    problems: &[(&str, String)],
    notice: Option<&str>,
) -> Response {
    let slug = v.slug();
    let id = thread.exchange.id;
    let state = QuestionState::from_stored(&thread.exchange.state);
    let answered_by_me = thread.steps.iter().any(|s| s.kind == "answered");
    let outcome_asked = thread.steps.iter().any(|s| s.kind == "outcome.asked");
    let main = html! {
        p { a href={ "/" (slug) "/vragen" } { "← Alle vragen" } }
        h1 { (header(thread, "title")) }
        p.meta { (thread.exchange.company_name) " · " (state.map_or("", QuestionState::label))
            @if let Some(d) = &thread.exchange.deadline { " · uiterste datum " (d) } }
        @if thread.undelivered > 0 {
            p.notice role="status" { "Verzonden, nog niet afgeleverd: een provincie is even niet bereikbaar. Het gaat vanzelf zodra ze terug is." }
        }
        @if let Some(n) = notice { div.notice role="status" { p { (n) } } }
        (super::widgets::problems_list(problems))
        p { (header(thread, "description")) }
        @if thread.side == Side::Company {
            section aria-labelledby="organisaties" {
                h2 #organisaties { "Organisaties die uw vraag kregen" }
                @if thread.routes.is_empty() { p { "Nog geen. De provincie bekijkt uw vraag of zoekt verder." } }
                ul {
                    @for r in &thread.routes {
                        @let answer = thread.steps.iter().find(|s| s.kind == "answered" && s.organisation_id == Some(r.organisation_id));
                        li {
                            (r.organisation_name) " (" (r.organisation_province) ") · "
                            @match answer.and_then(|a| a.data.get("interested").and_then(|i| i.as_bool())) {
                                Some(true) => {
                                    strong { "geïnteresseerd" }
                                    @if let Some(text) = answer.and_then(|a| a.body.as_ref()) { ": " (text) }
                                    " · " a href={ "/" (slug) "/contact?organisatie=" (r.organisation_province) "/" (r.organisation_slug) "&vraag=" (id) } { "Neem contact op" }
                                }
                                Some(false) => { "niet geïnteresseerd" }
                                None => { "nog geen antwoord" }
                            }
                        }
                    }
                }
            }
        }
        @if thread.side == Side::Organisation && !answered_by_me && state == Some(QuestionState::Open) {
            section aria-labelledby="antwoorden" {
                h2 #antwoorden { "Antwoorden" }
                form method="post" action={ "/" (slug) "/vragen/" (id) "/antwoord" } {
                    (csrf(v))
                    fieldset {
                        legend { "Bent u geïnteresseerd?" }
                        p { input type="radio" id="interested-yes" name="interested" value="ja" checked; " " label for="interested-yes" { "Ja" } }
                        p { input type="radio" id="interested-no" name="interested" value="nee"; " " label for="interested-no" { "Nee" } }
                    }
                    p { label for="reason" { "Reden als u niet geïnteresseerd bent" }
                        select id="reason" name="reason" { option value="" { "Kies een reden" } @for r in Reason::ALL { option value=(r.code()) { (r.label()) } } } }
                    p { label for="message" { "Kort antwoord voor het bedrijf" } textarea id="message" name="message" rows="3" {} }
                    p { button type="submit" { "Antwoord versturen" } }
                }
            }
        }
        @if outcome_asked {
            section aria-labelledby="uitkomst" {
                h2 #uitkomst { "Kwam er een samenwerking van?" }
                form method="post" action={ "/" (slug) "/vragen/" (id) "/uitkomst" } {
                    (csrf(v))
                    fieldset {
                        legend { "Uitkomst" }
                        p { input type="radio" id="outcome-yes" name="outcome" value="yes"; " " label for="outcome-yes" { "Ja" } }
                        p { input type="radio" id="outcome-no" name="outcome" value="no"; " " label for="outcome-no" { "Nee" } }
                        p { input type="radio" id="outcome-not-yet" name="outcome" value="not_yet" checked; " " label for="outcome-not-yet" { "Nog niet" } }
                    }
                    p { label for="value_eur" { "Waarde in euro, als er een samenwerking is" } input id="value_eur" name="value_eur" type="number" min="0" step="1"; }
                    p { button type="submit" { "Bewaren" } }
                }
            }
        }
    };
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    layout::answer(status, "Vraag", Some(&v.tenant.profile), main)
}

fn question_id(v: &Visitor, raw: &str) -> Result<Uuid, Failure> {
    raw.parse().map_err(|_| v.refuse(Decision::Hidden).into())
}

pub async fn show(
    State(state): State<AppState>,
    v: Visitor,
    Path((_, id)): Path<(String, String)>,
) -> Result<Response, Failure> {
    let id = question_id(&v, &id)?;
    let thread = questions::open(&v.tenant, state.services(), v.caller.as_ref(), id).await?;
    Ok(page(&v, &thread, &[], None))
}

async fn after(v: &Visitor, id: Uuid, outcome: Answered, done: &str) -> Result<Response, Failure> {
    Ok(match outcome {
        Answered::Thread(t) => page(v, &t, &[], Some(done)),
        Answered::Invalid(p) => {
            let t = questions::thread(&v.tenant, v.caller.as_ref(), id).await?;
            page(v, &t, &super::fieldsets::sentences(p), None)
        }
        Answered::OutOfTurn(why) => {
            let t = questions::thread(&v.tenant, v.caller.as_ref(), id).await?;
            page(v, &t, &[("", why.to_string())], None)
        }
    })
}

pub async fn answer(
    State(state): State<AppState>,
    v: Visitor,
    Path((_, id)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let id = question_id(&v, &id)?;
    let thread = questions::thread(&v.tenant, v.caller.as_ref(), id).await?;
    v.check_form(&fields)?;
    if thread.side != Side::Organisation {
        let why = "Alleen een organisatie die de vraag kreeg, antwoordt erop.".to_string();
        return Ok(page(&v, &thread, &[("", why)], None));
    }
    let reason = Some(field(&fields, "reason")).filter(|r| !r.is_empty());
    let outcome = questions::answer(
        &v.tenant,
        state.services(),
        v.caller.as_ref(),
        id,
        field(&fields, "interested") != "nee",
        field(&fields, "message"),
        reason,
    )
    .await?;
    after(&v, id, outcome, "Uw antwoord is verstuurd.").await
}

pub async fn outcome(
    State(state): State<AppState>,
    v: Visitor,
    Path((_, id)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let id = question_id(&v, &id)?;
    questions::thread(&v.tenant, v.caller.as_ref(), id).await?;
    v.check_form(&fields)?;
    let value = field(&fields, "value_eur").trim().parse::<u64>().ok();
    let outcome = match Outcome::parse(field(&fields, "outcome"), value) {
        Ok(o) => o,
        Err(e) => {
            let t = questions::thread(&v.tenant, v.caller.as_ref(), id).await?;
            return Ok(page(&v, &t, &[("outcome", e.to_string())], None));
        }
    };
    let done =
        questions::outcome(&v.tenant, state.services(), v.caller.as_ref(), id, outcome).await?;
    after(&v, id, done, "Dank u: de uitkomst is bewaard.").await
}

/// Suggestions of every province, for the accounts of this one (organisations and administrators above all).
pub async fn suggestions(State(state): State<AppState>, v: Visitor) -> Result<Response, Failure> {
    // Every account of the province may read them; they are written to be taken up.
    v.signed_in()?;
    Ok(suggestions_page(&state, &v, None).await)
}

async fn suggestions_page(state: &AppState, v: &Visitor, notice: Option<&str>) -> Response {
    let all = questions::suggestions(state.tenants()).await;
    let member = matches!(v.caller.as_ref().map(|c| &c.role), Some(Role::Member(_)));
    let main = html! {
        h1 { "Suggesties" }
        p { "Werk dat bedrijven uit alle provincies voorstellen en dat de sociale economie zou kunnen opnemen." }
        @if let Some(n) = notice { div.notice role="status" { p { (n) } } }
        @if all.is_empty() { p { "Nog geen suggesties." } }
        @for s in &all {
            @let e = &s.exchange;
            article.offer {
                h2 { (e.header.get("title").and_then(|t| t.as_str()).unwrap_or_default()) }
                p.meta { (e.company_name) " · " (e.company_province) }
                p { (e.header.get("description").and_then(|t| t.as_str()).unwrap_or_default()) }
                @if !s.picked_up_by.is_empty() {
                    p.small { "Opgepakt door: "
                        @for (i, (name, province)) in s.picked_up_by.iter().enumerate() {
                            @if i > 0 { ", " } (name) " (" (province) ")"
                        }
                    }
                }
                @if member {
                    form method="post" action={ "/" (v.slug()) "/suggesties/" (e.company_province) "/" (e.id) "/oppakken" } {
                        (csrf(v))
                        p { button type="submit" { "Wij pakken dit op" span.visually-hidden { ": " (e.header.get("title").and_then(|t| t.as_str()).unwrap_or_default()) } } }
                    }
                }
            }
        }
    };
    layout::page("Suggesties", Some(&v.tenant.profile), main).into_response()
}

/// A member's organisation picks up a suggestion of any province.
pub async fn pick_up(
    State(state): State<AppState>,
    v: Visitor,
    Path((_, province, id)): Path<(String, String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    v.signed_in()?;
    if !matches!(v.caller.as_ref().map(|c| &c.role), Some(Role::Member(_))) {
        return Err(v.refuse(Decision::Forbidden).into());
    }
    v.check_form(&fields)?;
    let id = question_id(&v, &id)?;
    let done = questions::pick_up(
        &v.tenant,
        state.tenants(),
        state.services(),
        v.caller.as_ref(),
        &province,
        id,
    )
    .await?;
    if !done {
        return Err(v.refuse(Decision::Hidden).into());
    }
    Ok(suggestions_page(
        &state,
        &v,
        Some("Genoteerd: het bedrijf hoort dat uw organisatie dit oppakt."),
    )
    .await)
}
