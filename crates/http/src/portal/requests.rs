//! Contact requests on the portal: the form a company fills in on its own portal (for an organisation of any
//! province), the inbox of a company or an organisation, and the thread with what each side can do next.

use crate::portal::widgets::privacy_notice;
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use doeners_app::collaboration::{
    Thread,
    contact_requests::{self, NewRequest, Sent, StepRefused},
    standing_of,
};
use doeners_domain::{
    access::Role,
    exchange::{BudgetBand, Reason, RequestState, Side, Step},
};
use maud::{Markup, html};
use uuid::Uuid;

use super::{Failure, Fields, field, layout};
use crate::{AppState, extract::QueryParams, guard::Visitor};

use super::widgets::csrf;

fn when(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::Brussels)
        .format("%d-%m-%Y %H:%M")
        .to_string()
}

fn problems_block(problems: &[(&str, String)]) -> Markup {
    super::widgets::problems_list(problems)
}

/// Asks the visitor to sign in here (or register) and come back to `back`.
fn sign_in_first(v: &Visitor, back: &str) -> Response {
    let slug = v.slug();
    let encoded: String = back
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect();
    let main = html! {
        h1 { "Meld u aan om contact op te nemen" }
        p { "Via doeners neemt u contact op met een organisatie uit de sociale economie, ook in een andere provincie. Zo blijft het gesprek op één plek en ziet u wanneer ze antwoordt." }
        p { a.button href={ "/" (slug) "/aanmelden?terug=" (encoded) } { "Aanmelden" } }
        p { "Nog geen account? " a href={ "/" (slug) "/registreren" } { "Registreer uw bedrijf" } " en kom daarna terug naar deze pagina." }
    };
    layout::answer(
        StatusCode::UNAUTHORIZED,
        "Contact opnemen",
        Some(&v.tenant.profile),
        main,
    )
}

fn form(v: &Visitor, fields: &Fields, problems: &[(&str, String)]) -> Response {
    let slug = v.slug();
    let organisation = field(fields, "organisation");
    let main = html! {
        h1 { "Contact opnemen" }
        p { "Uw aanvraag gaat naar " strong { (organisation) } ". U ziet het antwoord op " a href={ "/" (slug) "/aanvragen" } { "uw aanvragen" } "; u krijgt ook een e-mail." }
        (problems_block(problems))
        form method="post" action={ "/" (slug) "/contact" } {
            (csrf(v))
            input type="hidden" name="organisation" value=(organisation);
            input type="hidden" name="offer_id" value=(field(fields, "offer_id"));
            input type="hidden" name="question" value=(field(fields, "question"));
            p {
                label for="message" { "Uw vraag (verplicht)" }
                textarea id="message" name="message" rows="6" aria-required="true" { (field(fields, "message")) }
            }
            p {
                label for="budget_band" { "Verwachte omvang" }
                select id="budget_band" name="budget_band" {
                    option value="" { "Kies (niet verplicht)" }
                    @for b in BudgetBand::ALL {
                        option value=(b.code()) selected[field(fields, "budget_band") == b.code()] { (b.label()) }
                    }
                }
            }
            p {
                label for="wished_start" { "Gewenste start (JJJJ-MM-DD)" }
                input id="wished_start" name="wished_start" type="date" value=(field(fields, "wished_start"));
            }
            p.small { "Uw bedrijfsnaam, uw vraag en uw berichten zijn zichtbaar voor de organisatie. De provincie ziet alleen de stand van de aanvraag, niet de teksten." }
            (privacy_notice(v.slug(), "om uw aanvraag aan de organisatie te bezorgen en op te volgen"))
            p { button type="submit" { "Verstuur de aanvraag" } }
        }
    };
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    layout::answer(status, "Contact opnemen", Some(&v.tenant.profile), main)
}

/// `/{tenant}/contact?organisatie=<province>/<slug>[&aanbod=<id>][&vraag=<id>]`.
pub async fn contact_form(v: Visitor, query: QueryParams) -> Result<Response, Failure> {
    let organisation = query.get("organisatie").unwrap_or_default().to_string();
    let offer = query.get("aanbod").unwrap_or_default().to_string();
    let question = query.get("vraag").unwrap_or_default().to_string();
    if v.home.is_none() {
        let back = format!(
            "/{}/contact?organisatie={organisation}&aanbod={offer}&vraag={question}",
            v.slug()
        );
        return Ok(sign_in_first(&v, &back));
    }
    let fields: Fields = [
        ("organisation".to_string(), organisation),
        ("offer_id".to_string(), offer),
        ("question".to_string(), question),
    ]
    .into_iter()
    .collect();
    Ok(form(&v, &fields, &[]))
}

pub async fn send(
    State(state): State<AppState>,
    v: Visitor,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    v.allow(doeners_domain::access::Action::AskOrganisations, &v.here())?;
    v.check_form(&fields)?;
    let optional =
        |name: &str| Some(field(&fields, name).to_string()).filter(|s| !s.trim().is_empty());
    let request = NewRequest {
        organisation: field(&fields, "organisation").to_string(),
        offer_id: optional("offer_id"),
        message: field(&fields, "message").to_string(),
        budget_band: optional("budget_band"),
        wished_start: optional("wished_start"),
        question: optional("question").and_then(|q| q.parse().ok()),
    };
    let sent = contact_requests::send(
        &v.tenant,
        state.tenants(),
        state.search(),
        state.services(),
        v.caller.as_ref(),
        &request,
    )
    .await?;
    Ok(match sent {
        Sent::Thread(thread) => {
            Redirect::to(&format!("/{}/aanvragen/{}", v.slug(), thread.exchange.id)).into_response()
        }
        Sent::Invalid(problems) => form(&v, &fields, &super::fieldsets::sentences(problems)),
        Sent::Limit(n) => layout::answer(
            StatusCode::TOO_MANY_REQUESTS,
            "Contact opnemen",
            Some(&v.tenant.profile),
            html! {
                h1 { "Even wachten" }
                div.problems role="alert" { p { "U verstuurde vandaag al " (n) " aanvragen. Morgen kunt u opnieuw aanvragen versturen." } }
            },
        ),
    })
}

fn organisation_of(e: &doeners_app::records::ExchangeRow) -> (String, String) {
    let get = |k: &str| {
        e.header
            .get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    (get("organisation_name"), get("organisation_slug"))
}

/// The caller's contact requests.
pub async fn inbox(v: Visitor) -> Result<Response, Failure> {
    v.signed_in()?;
    let items = contact_requests::list(&v.tenant, v.caller.as_ref()).await?;
    let member = matches!(v.caller.as_ref().map(|c| &c.role), Some(Role::Member(_)));
    let waiting = items.iter().filter(|i| i.waits_for_answer).count();
    let main = html! {
        h1 { "Aanvragen" }
        @if member {
            p { "Aanvragen van bedrijven aan uw organisatie. " strong { (waiting) } " wachten op uw antwoord." }
        } @else {
            p { "De aanvragen die uw bedrijf verstuurde. Zoek een partner via " a href={ "/" (v.slug()) "/zoeken" } { "zoeken" } "." }
        }
        @if items.is_empty() {
            p { "Nog geen aanvragen." }
        } @else {
            table {
                caption.visually-hidden { "Aanvragen" }
                thead { tr { th scope="col" { "Datum" } th scope="col" { @if member { "Bedrijf" } @else { "Organisatie" } } th scope="col" { "Stand" } } }
                tbody {
                    @for item in &items {
                        @let e = &item.exchange;
                        tr {
                            td { (when(&e.created_at)) }
                            td {
                                a href={ "/" (v.slug()) "/aanvragen/" (e.id) } {
                                    @if member { (e.company_name) } @else { (organisation_of(e).0) }
                                }
                            }
                            td {
                                (RequestState::from_stored(&e.state).map_or("", RequestState::label))
                                @if item.waits_for_answer { " · wacht op antwoord" }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::page("Aanvragen", Some(&v.tenant.profile), main).into_response())
}

fn describe(step: &doeners_app::records::StepRow, thread: &Thread) -> String {
    let who = match step.side.as_str() {
        "company" => thread.exchange.company_name.clone(),
        "organisation" => organisation_of(&thread.exchange).0,
        _ => "doeners".to_string(),
    };
    let what = match step.kind.as_str() {
        "sent" => "stuurde de aanvraag".to_string(),
        "read" => "las de aanvraag".to_string(),
        "answered" => match step.data.get("interested").and_then(|i| i.as_bool()) {
            Some(true) => "is geïnteresseerd".to_string(),
            _ => format!(
                "is niet geïnteresseerd: {}",
                step.data
                    .get("reason")
                    .and_then(|r| r.as_str())
                    .and_then(|r| Reason::parse(r).ok())
                    .map_or("", Reason::label)
            ),
        },
        "message" => "schreef".to_string(),
        "collaboration.recorded" => format!(
            "noteerde een samenwerking van € {} vanaf {}",
            step.data
                .get("value_eur")
                .and_then(|v| v.as_u64())
                .unwrap_or(0),
            step.data
                .get("start_date")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
        ),
        "collaboration.confirmed" => "bevestigde de samenwerking".to_string(),
        "collaboration.none" => "sloot af: er kwam geen samenwerking".to_string(),
        "closed" => "sloot de aanvraag af".to_string(),
        "reported" => "meldde misbruik".to_string(),
        other => other.to_string(),
    };
    format!("{who} {what}")
}

fn thread_page(
    v: &Visitor,
    thread: &Thread,
    problems: &[(&str, String)],
    notice: Option<&str>,
) -> Response {
    let slug = v.slug();
    let id = thread.exchange.id;
    let standing = standing_of(&thread.steps);
    let side = thread.side;
    let (org_name, org_slug) = organisation_of(&thread.exchange);
    let base = format!("/{slug}/aanvragen/{id}");
    let may = |step: &Step| standing.allows(side, step).is_ok();
    let main = html! {
        p { a href={ "/" (slug) "/aanvragen" } { "← Alle aanvragen" } }
        h1 { "Aanvraag aan " (org_name) }
        p.meta {
            "Van " (thread.exchange.company_name) " · " (when(&thread.exchange.created_at)) " · stand: " strong { (standing.state.label()) }
        }
        @if thread.undelivered > 0 {
            p.notice role="status" { "Verzonden, nog niet afgeleverd: de provincie van de andere partij is even niet bereikbaar. Uw bericht gaat vanzelf zodra ze terug is." }
        }
        @if let Some(n) = notice { div.notice role="status" { p { (n) } } }
        (problems_block(problems))
        @if let Some(c) = &standing.agreed {
            p { strong { "Afgesproken samenwerking: " } "€ " (c.value_eur) " vanaf " (c.start.to_string()) @if let Some(e) = c.end { " tot " (e.to_string()) } ". " (c.description) }
        } @else if let Some((by, c)) = &standing.proposed {
            p { strong { "Voorgestelde samenwerking: " } "€ " (c.value_eur) " vanaf " (c.start.to_string()) ". " (c.description)
                " (genoteerd door " @if *by == side { "u" } @else { "de andere partij" } ")" }
        }
        section aria-labelledby="gesprek" {
            h2 #gesprek { "Gesprek" }
            ol.thread {
                @for step in &thread.steps {
                    li {
                        p.meta { (when(&step.created_at)) " · " (describe(step, thread)) }
                        @if let Some(body) = &step.body { p { (body) } }
                    }
                }
            }
        }
        @if side == Side::Organisation && may(&Step::Answered { interested: true, reason: None }) {
            section aria-labelledby="antwoorden" {
                h2 #antwoorden { "Antwoorden" }
                form method="post" action={ (base) "/antwoord" } {
                    (csrf(v))
                    fieldset {
                        legend { "Bent u geïnteresseerd?" }
                        p { input type="radio" id="interested-yes" name="interested" value="ja" checked; " " label for="interested-yes" { "Ja, wij zijn geïnteresseerd" } }
                        p { input type="radio" id="interested-no" name="interested" value="nee"; " " label for="interested-no" { "Nee" } }
                    }
                    p {
                        label for="reason" { "Reden als u niet geïnteresseerd bent" }
                        select id="reason" name="reason" {
                            option value="" { "Kies een reden" }
                            @for r in Reason::ALL { option value=(r.code()) { (r.label()) } }
                        }
                    }
                    p { label for="answer-message" { "Uw antwoord aan het bedrijf" } textarea id="answer-message" name="message" rows="4" {} }
                    p { button type="submit" { "Antwoord versturen" } }
                }
            }
        }
        section aria-labelledby="schrijven" {
            h2 #schrijven { "Bericht schrijven" }
            form method="post" action={ (base) "/bericht" } {
                (csrf(v))
                p { label for="message" { "Bericht" } textarea id="message" name="message" rows="4" {} }
                p { button type="submit" { "Versturen" } }
            }
        }
        @if may(&Step::CollaborationConfirmed) {
            section aria-labelledby="bevestigen" {
                h2 #bevestigen { "Samenwerking bevestigen" }
                form method="post" action={ (base) "/samenwerking/bevestigen" } {
                    (csrf(v))
                    p { button type="submit" { "Ik bevestig deze samenwerking" } }
                }
            }
        }
        @if standing.state == RequestState::Interested || standing.state == RequestState::CollaborationProposed {
            section aria-labelledby="samenwerking" {
                h2 #samenwerking { @if standing.proposed.is_some() { "Gegevens verbeteren" } @else { "Samenwerking noteren" } }
                p { "Kwam er een opdracht van? Noteer ze: de andere partij bevestigt of verbetert. Alleen het bedrag dat beide bevestigen, telt mee." }
                form method="post" action={ (base) "/samenwerking" } {
                    (csrf(v))
                    p { label for="value_eur" { "Waarde in euro (verplicht)" } input id="value_eur" name="value_eur" type="number" min="0" step="1" aria-required="true"; }
                    p { label for="start_date" { "Startdatum (verplicht)" } input id="start_date" name="start_date" type="date" aria-required="true"; }
                    p { label for="end_date" { "Einddatum" } input id="end_date" name="end_date" type="date"; }
                    p { label for="description" { "Korte omschrijving" } textarea id="description" name="description" rows="2" {} }
                    p { button type="submit" { "Samenwerking noteren" } }
                }
            }
        }
        @if !standing.state.is_final() {
            section aria-labelledby="afsluiten" {
                h2 #afsluiten { "Afsluiten" }
                form method="post" action={ (base) "/afsluiten" } {
                    (csrf(v))
                    p { button type="submit" { "Afsluiten: er komt geen samenwerking" } }
                }
            }
        }
        @if side == Side::Organisation && may(&Step::Reported) {
            form method="post" action={ (base) "/melden" } {
                (csrf(v))
                p { button.secondary type="submit" { "Meld deze aanvraag als misbruik" } }
            }
        }
        @if side == Side::Company && !org_slug.is_empty() {
            p.small { "Publieke gegevens van de organisatie: "
                a href={ "/" (thread.exchange.organisation_province.as_deref().unwrap_or_default()) "/organisaties/" (org_slug) } { (org_name) } }
        }
    };
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    layout::answer(status, "Aanvraag", Some(&v.tenant.profile), main)
}

fn request_id(v: &Visitor, raw: &str) -> Result<Uuid, Failure> {
    raw.parse()
        .map_err(|_| v.refuse(doeners_domain::access::Decision::Hidden).into())
}

pub async fn show(
    State(state): State<AppState>,
    v: Visitor,
    Path((_, id)): Path<(String, String)>,
) -> Result<Response, Failure> {
    let id = request_id(&v, &id)?;
    let thread = contact_requests::open(&v.tenant, state.services(), v.caller.as_ref(), id).await?;
    Ok(thread_page(&v, &thread, &[], None))
}

async fn after(
    v: &Visitor,
    id: Uuid,
    outcome: Result<Thread, StepRefused>,
    done: &str,
) -> Result<Response, Failure> {
    Ok(match outcome {
        Ok(thread) => thread_page(v, &thread, &[], Some(done)),
        Err(refused) => {
            let thread = contact_requests::thread(&v.tenant, v.caller.as_ref(), id).await?;
            let problems = match refused {
                StepRefused::Invalid(p) => super::fieldsets::sentences(p),
                StepRefused::OutOfTurn(why) => vec![("", why.to_string())],
            };
            thread_page(v, &thread, &problems, None)
        }
    })
}

/// What a form on the thread asks: the step, checked for the session first.
async fn posted(v: &Visitor, id: &str, fields: &Fields) -> Result<Uuid, Failure> {
    // Who may see the request is asked first: a stranger learns nothing, not even that the form is wrong.
    let id = request_id(v, id)?;
    contact_requests::thread(&v.tenant, v.caller.as_ref(), id).await?;
    v.check_form(fields)?;
    Ok(id)
}

pub async fn answer(
    State(state): State<AppState>,
    v: Visitor,
    Path((_, id)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let id = posted(&v, &id, &fields).await?;
    let interested = field(&fields, "interested") != "nee";
    let reason = Some(field(&fields, "reason")).filter(|r| !r.is_empty());
    let outcome = contact_requests::answer(
        &v.tenant,
        state.services(),
        v.caller.as_ref(),
        id,
        interested,
        field(&fields, "message"),
        reason,
    )
    .await?;
    after(&v, id, outcome, "Uw antwoord is verstuurd.").await
}

pub async fn write(
    State(state): State<AppState>,
    v: Visitor,
    Path((_, id)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let id = posted(&v, &id, &fields).await?;
    let outcome = contact_requests::write(
        &v.tenant,
        state.services(),
        v.caller.as_ref(),
        id,
        field(&fields, "message"),
    )
    .await?;
    after(&v, id, outcome, "Uw bericht is verstuurd.").await
}

pub async fn record_collaboration(
    State(state): State<AppState>,
    v: Visitor,
    Path((_, id)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let id = posted(&v, &id, &fields).await?;
    let Ok(value) = field(&fields, "value_eur").trim().parse::<u64>() else {
        let thread = contact_requests::thread(&v.tenant, v.caller.as_ref(), id).await?;
        return Ok(thread_page(
            &v,
            &thread,
            &[(
                "value_eur",
                "De waarde is verplicht: een bedrag in hele euro, bv. 12000.".to_string(),
            )],
            None,
        ));
    };
    let end = Some(field(&fields, "end_date")).filter(|e| !e.trim().is_empty());
    let outcome = contact_requests::record_collaboration(
        &v.tenant,
        state.services(),
        v.caller.as_ref(),
        id,
        value,
        field(&fields, "start_date"),
        end,
        field(&fields, "description"),
    )
    .await?;
    after(
        &v,
        id,
        outcome,
        "De samenwerking is genoteerd; de andere partij bevestigt ze.",
    )
    .await
}

async fn simple_step(
    state: &AppState,
    v: &Visitor,
    id: &str,
    fields: &Fields,
    step: Step,
    done: &str,
) -> Result<Response, Failure> {
    let id = posted(v, id, fields).await?;
    let outcome = contact_requests::take_step(
        &v.tenant,
        state.services(),
        v.caller.as_ref(),
        id,
        step,
        None,
    )
    .await?;
    after(v, id, outcome, done).await
}

pub async fn confirm(
    State(state): State<AppState>,
    v: Visitor,
    Path((_, id)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    simple_step(
        &state,
        &v,
        &id,
        &fields,
        Step::CollaborationConfirmed,
        "De samenwerking is bevestigd.",
    )
    .await
}

pub async fn close(
    State(state): State<AppState>,
    v: Visitor,
    Path((_, id)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    simple_step(
        &state,
        &v,
        &id,
        &fields,
        Step::NoCollaboration,
        "De aanvraag is afgesloten.",
    )
    .await
}

pub async fn report(
    State(state): State<AppState>,
    v: Visitor,
    Path((_, id)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    simple_step(
        &state,
        &v,
        &id,
        &fields,
        Step::Reported,
        "Gemeld. De provincie bekijkt de aanvraag; ze ziet daarvoor de teksten van deze aanvraag.",
    )
    .await
}
