//! Contact requests and questions over the API, with a company's or a member's API token. The same id names a
//! request or question in every province's API that holds a copy of it; each party uses its own province's API.

use axum::{
    Json,
    body::Bytes,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use doeners_app::collaboration::{
    Summary, Thread,
    contact_requests::{self, NewRequest, Sent, StepRefused},
    questions::{self, Answered, Posted},
    standing_of,
};
use doeners_domain::{
    exchange::{Side, Step},
    forms::{Fields, Problems},
    question::Outcome,
};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    AppState,
    error::{ApiError, ErrorCode},
    guard::ApiCaller,
};

/// Eén stap van een draad. `message` is de tekst die een partij schreef: alleen de twee partijen zien hem.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepDto {
    pub id: String,
    /// `sent`, `read`, `answered`, `message`, `collaboration.recorded`, `collaboration.confirmed`, `routed`,
    /// `reminded`, `outcome.asked`, `outcome`, ...
    pub kind: String,
    /// `company` (bedrijf), `organisation` (organisatie) of `platform`.
    pub side: String,
    /// Bij een vraag: de organisatie waarover de stap gaat, als `<provincie>/<slug>`.
    pub organisation: Option<String>,
    pub message: Option<String>,
    /// Wat de stap naast zijn tekst zegt (bij een antwoord `interested` en `reason`, bij een samenwerking haar waarde).
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
    pub created_at: String,
}

/// De samenwerking die uit een aanvraag voortkwam.
#[derive(Debug, Serialize, ToSchema)]
pub struct CollaborationDto {
    pub value_eur: u64,
    pub start_date: String,
    pub end_date: Option<String>,
    pub description: String,
    /// Of beide kanten het over deze cijfers eens zijn; tot dan is `proposed_by` de kant die ze opgaf.
    pub confirmed: bool,
    pub proposed_by: Option<String>,
}

/// Een contactaanvraag zoals een van haar partijen ze ziet.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactRequestDto {
    pub id: String,
    /// `sent`, `read`, `interested`, `not_interested`, `collaboration_proposed`, `collaboration_agreed`,
    /// `no_collaboration` of `closed`.
    pub state: String,
    /// `<provincie>/<slug>`.
    pub organisation: String,
    pub organisation_name: String,
    pub company_name: String,
    pub offer_id: Option<String>,
    pub offer_title: Option<String>,
    pub budget_band: Option<String>,
    pub wished_start: Option<String>,
    /// Uw kant: `company` (bedrijf) of `organisation` (organisatie).
    pub your_side: String,
    /// Onwaar (`false`) zolang de laatste stappen van deze provincie de andere provincie nog niet bereikten
    /// ("verzonden, nog niet afgeleverd").
    pub delivered: bool,
    pub collaboration: Option<CollaborationDto>,
    pub thread: Vec<StepDto>,
    pub created_at: String,
    pub updated_at: String,
}

/// Een regel van de lijst van uw contactaanvragen.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactRequestSummaryDto {
    pub id: String,
    pub state: String,
    pub organisation: String,
    pub organisation_name: String,
    pub company_name: String,
    /// Voor een organisatie: of ze nog moet antwoorden.
    pub waits_for_answer: bool,
    pub created_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContactRequestList {
    pub items: Vec<ContactRequestSummaryDto>,
}

/// Een organisatie waar een vraag naartoe ging, en haar antwoord tot nu toe.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionRecipientDto {
    /// `<provincie>/<slug>`.
    pub organisation: String,
    pub organisation_name: String,
    pub batch: i32,
    /// `null` tot ze antwoordt.
    pub interested: Option<bool>,
    pub reason: Option<String>,
    pub message: Option<String>,
}

/// Een vraag of suggestie zoals een van haar partijen ze ziet.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionDto {
    pub id: String,
    /// `question` (vraag) of `suggestion` (suggestie).
    pub kind: String,
    /// `review`, `open`, `unmatched`, `refused` of `closed`.
    pub state: String,
    pub title: String,
    pub description: String,
    pub category: Option<String>,
    pub place: Option<String>,
    pub deadline: Option<String>,
    pub budget_band: Option<String>,
    pub company_name: String,
    pub your_side: String,
    pub delivered: bool,
    /// De organisaties waar ze naartoe ging (een organisatie ziet alleen zichzelf).
    pub recipients: Vec<QuestionRecipientDto>,
    pub thread: Vec<StepDto>,
    pub created_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionSummaryDto {
    pub id: String,
    pub kind: String,
    pub state: String,
    pub title: String,
    pub deadline: Option<String>,
    pub waits_for_answer: bool,
    pub created_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionList {
    pub items: Vec<QuestionSummaryDto>,
}

/// De inhoud van `POST …/contact-requests`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewContactRequestBody {
    /// `<provincie>/<slug>`: de organisatie mag in eender welke provincie liggen.
    #[schema(example = "vlaams-brabant/atelier-leuven")]
    pub organisation: String,
    pub offer_id: Option<String>,
    pub message: String,
    /// `tot_5000`, `5000_25000`, `25000_100000`, `meer_dan_100000` of `onbekend`.
    pub budget_band: Option<String>,
    /// `JJJJ-MM-DD`.
    pub wished_start: Option<String>,
}

/// De inhoud van `POST …/answer`, bij een contactaanvraag of een vraag.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    pub interested: bool,
    #[serde(default)]
    pub message: String,
    /// Verplicht als u niet geïnteresseerd bent: `no_capacity`, `not_our_work`, `outside_service_area`,
    /// `too_small`, `too_large`, `timing` of `other`.
    pub reason: Option<String>,
}

/// De inhoud van `POST …/messages`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageBody {
    pub message: String,
}

/// De inhoud van `POST …/collaboration`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CollaborationBody {
    pub value_eur: u64,
    /// `JJJJ-MM-DD`.
    pub start_date: String,
    pub end_date: Option<String>,
    #[serde(default)]
    pub description: String,
}

/// De inhoud van `POST …/questions`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewQuestionBody {
    /// `question` (vraag, standaard) of `suggestion` (suggestie).
    pub kind: Option<String>,
    pub title: String,
    pub description: String,
    /// Een categorie of groep (slug, zie `/api/v1/categories`).
    pub category: Option<String>,
    /// Een postcode of gemeente: verplicht bij een vraag.
    pub place: Option<String>,
    /// `JJJJ-MM-DD`: verplicht bij een vraag.
    pub deadline: Option<String>,
    pub budget_band: Option<String>,
}

/// De inhoud van `POST …/questions/{id}/outcome`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeBody {
    /// `yes` (ja), `no` (nee) of `not_yet` (nog niet).
    pub outcome: String,
    pub value_eur: Option<u64>,
}

fn body<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, ApiError> {
    let text = if bytes.is_empty() { &b"{}"[..] } else { bytes };
    serde_json::from_slice(text).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidBody,
            format!("De inhoud is geen geldig JSON-object: {e}."),
        )
    })
}

fn invalid(problems: Problems) -> Response {
    super::writes::invalid_fields(problems)
}

fn out_of_turn(why: &str) -> Response {
    ApiError::new(StatusCode::CONFLICT, ErrorCode::OutOfTurn, why).into_response()
}

fn id_of(raw: &str) -> Result<Uuid, ApiError> {
    raw.parse().map_err(|_| {
        ApiError::not_found(ErrorCode::NotFound, "Deze aanvraag of vraag bestaat niet.")
    })
}

fn steps(thread: &Thread) -> Vec<StepDto> {
    let name = |org: Option<Uuid>| {
        org.and_then(|o| {
            thread
                .routes
                .iter()
                .find(|r| r.organisation_id == o)
                .map(|r| format!("{}/{}", r.organisation_province, r.organisation_slug))
        })
    };
    thread
        .steps
        .iter()
        .map(|s| StepDto {
            id: s.id.to_string(),
            kind: s.kind.clone(),
            side: s.side.clone(),
            organisation: name(s.organisation_id),
            message: s.body.clone(),
            data: s.data.clone(),
            created_at: s.created_at.to_rfc3339(),
        })
        .collect()
}

fn header(thread: &Thread, key: &str) -> Option<String> {
    thread
        .exchange
        .header
        .get(key)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn request_dto(thread: &Thread) -> ContactRequestDto {
    let e = &thread.exchange;
    let standing = standing_of(&thread.steps);
    let collaboration = match (&standing.agreed, &standing.proposed) {
        (Some(c), _) => Some((c, true, None)),
        (None, Some((by, c))) => Some((c, false, Some(by.slug().to_string()))),
        (None, None) => None,
    }
    .map(|(c, confirmed, proposed_by)| CollaborationDto {
        value_eur: c.value_eur,
        start_date: c.start.to_string(),
        end_date: c.end.map(|d| d.to_string()),
        description: c.description.clone(),
        confirmed,
        proposed_by,
    });
    ContactRequestDto {
        id: e.id.to_string(),
        state: standing.state.slug().to_string(),
        organisation: format!(
            "{}/{}",
            e.organisation_province.as_deref().unwrap_or_default(),
            header(thread, "organisation_slug").unwrap_or_default()
        ),
        organisation_name: header(thread, "organisation_name").unwrap_or_default(),
        company_name: e.company_name.clone(),
        offer_id: header(thread, "offer_id"),
        offer_title: header(thread, "offer_title"),
        budget_band: header(thread, "budget_band"),
        wished_start: header(thread, "wished_start"),
        your_side: thread.side.slug().to_string(),
        delivered: thread.undelivered == 0,
        collaboration,
        thread: steps(thread),
        created_at: e.created_at.to_rfc3339(),
        updated_at: e.updated_at.to_rfc3339(),
    }
}

fn question_dto(thread: &Thread) -> QuestionDto {
    let e = &thread.exchange;
    let recipients = thread
        .routes
        .iter()
        .map(|r| {
            let answer = thread
                .steps
                .iter()
                .find(|s| s.kind == "answered" && s.organisation_id == Some(r.organisation_id));
            QuestionRecipientDto {
                organisation: format!("{}/{}", r.organisation_province, r.organisation_slug),
                organisation_name: r.organisation_name.clone(),
                batch: r.batch,
                interested: answer.and_then(|a| a.data.get("interested")?.as_bool()),
                reason: answer
                    .and_then(|a| a.data.get("reason")?.as_str())
                    .map(str::to_string),
                message: answer.and_then(|a| a.body.clone()),
            }
        })
        .collect();
    QuestionDto {
        id: e.id.to_string(),
        kind: e.kind.clone(),
        state: e.state.clone(),
        title: header(thread, "title").unwrap_or_default(),
        description: header(thread, "description").unwrap_or_default(),
        category: header(thread, "category"),
        place: header(thread, "place"),
        deadline: e.deadline.clone(),
        budget_band: header(thread, "budget_band"),
        company_name: e.company_name.clone(),
        your_side: thread.side.slug().to_string(),
        delivered: thread.undelivered == 0,
        recipients,
        thread: steps(thread),
        created_at: e.created_at.to_rfc3339(),
    }
}

fn summary_dto(s: &Summary) -> ContactRequestSummaryDto {
    let e = &s.exchange;
    ContactRequestSummaryDto {
        id: e.id.to_string(),
        state: e.state.clone(),
        organisation: format!(
            "{}/{}",
            e.organisation_province.as_deref().unwrap_or_default(),
            e.header
                .get("organisation_slug")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
        ),
        organisation_name: e
            .header
            .get("organisation_name")
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string(),
        company_name: e.company_name.clone(),
        waits_for_answer: s.waits_for_answer,
        created_at: e.created_at.to_rfc3339(),
    }
}

fn stepped(outcome: Result<Thread, StepRefused>) -> Response {
    match outcome {
        Ok(thread) => Json(request_dto(&thread)).into_response(),
        Err(StepRefused::Invalid(p)) => invalid(p),
        Err(StepRefused::OutOfTurn(why)) => out_of_turn(why),
    }
}

/// Verstuurt een contactaanvraag als bedrijf van `{tenant}`, naar een organisatie in eender welke provincie.
///
/// Met de API-sleutel van een bedrijf van deze provincie. Een bedrijf verstuurt een beperkt aantal aanvragen per
/// 24 uur. De organisatie antwoordt via de API van haar eigen provincie; dezelfde id noemt de aanvraag daar.
#[utoipa::path(post, path = "/api/v1/tenants/{tenant}/contact-requests", tag = "samenwerking",
    params(("tenant" = String, Path, description = "Uw eigen provincie (slug)")), request_body(content = NewContactRequestBody, description = "De aanvraag: de organisatie, eventueel het aanbod, het bericht, het budget en de gewenste start"), security(("api_token" = [])),
    responses(
        (status = 201, description = "De verstuurde aanvraag, met haar draad", body = ContactRequestDto),
        (status = 400, description = "De inhoud is geen geldig JSON-object (invalid_body)", body = crate::error::ErrorBody),
        (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody), (status = 403, description = "Alleen een bedrijf van deze provincie verstuurt contactaanvragen (forbidden)", body = crate::error::ErrorBody),
        (status = 404, description = "Onbekende provincie (tenant_not_found)", body = crate::error::ErrorBody), (status = 413, description = "De inhoud is te groot (payload_too_large)", body = crate::error::ErrorBody),
        (status = 422, description = "Niet alle velden zijn in orde: elk fout veld, met de reden (invalid_fields)", body = super::writes::InvalidFieldsBody),
        (status = 429, description = "Het bedrijf bereikte het maximum aantal aanvragen per 24 uur (too_many_requests)", body = crate::error::ErrorBody),
    ))]
pub async fn create_request(
    State(state): State<AppState>,
    api: ApiCaller,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    api.allow(
        doeners_domain::access::Action::AskOrganisations,
        &doeners_domain::access::Object {
            province: Some(api.tenant.profile.slug.clone()),
            ..Default::default()
        },
    )?;
    let b: NewContactRequestBody = body(&bytes)?;
    let request = NewRequest {
        organisation: b.organisation,
        offer_id: b.offer_id,
        message: b.message,
        budget_band: b.budget_band,
        wished_start: b.wished_start,
        question: None,
    };
    let sent = contact_requests::send(
        &api.tenant,
        state.tenants(),
        state.search(),
        state.services(),
        api.caller.as_ref(),
        &request,
    )
    .await?;
    Ok(match sent {
        Sent::Thread(thread) => (StatusCode::CREATED, Json(request_dto(&thread))).into_response(),
        Sent::Invalid(p) => invalid(p),
        Sent::Limit(n) => ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::TooManyRequests,
            format!("U verstuurde vandaag al {n} aanvragen: meer kan pas morgen."),
        )
        .into_response(),
    })
}

/// Uw contactaanvragen: die uw bedrijf verstuurde, of die uw organisatie kreeg.
#[utoipa::path(get, path = "/api/v1/tenants/{tenant}/contact-requests", tag = "samenwerking",
    params(("tenant" = String, Path, description = "Uw eigen provincie (slug)")), security(("api_token" = [])),
    responses((status = 200, description = "Uw contactaanvragen", body = ContactRequestList), (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody),
        (status = 404, description = "Onbekende provincie, of een API-sleutel van een andere provincie (tenant_not_found, not_found)", body = crate::error::ErrorBody)))]
pub async fn list_requests(api: ApiCaller) -> Result<Json<ContactRequestList>, ApiError> {
    let items = contact_requests::list(&api.tenant, api.caller.as_ref()).await?;
    Ok(Json(ContactRequestList {
        items: items.iter().map(summary_dto).collect(),
    }))
}

/// Eén contactaanvraag met haar draad; de eerste keer dat de organisatie ze opent, geldt ze als gelezen.
#[utoipa::path(get, path = "/api/v1/tenants/{tenant}/contact-requests/{id}", tag = "samenwerking",
    params(("tenant" = String, Path, description = "Uw eigen provincie (slug)"), ("id" = String, Path, description = "Id van de contactaanvraag")), security(("api_token" = [])),
    responses((status = 200, description = "De aanvraag zoals uw kant ze ziet", body = ContactRequestDto), (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody),
        (status = 404, description = "Onbekende provincie, of geen contactaanvraag met deze id waarbij u partij bent (tenant_not_found, not_found)", body = crate::error::ErrorBody)))]
pub async fn show_request(
    State(state): State<AppState>,
    api: ApiCaller,
    Path(path): Path<(String, String)>,
) -> Result<Json<ContactRequestDto>, ApiError> {
    let (_, id) = path;
    let thread = contact_requests::open(
        &api.tenant,
        state.services(),
        api.caller.as_ref(),
        id_of(&id)?,
    )
    .await?;
    Ok(Json(request_dto(&thread)))
}

/// De organisatie antwoordt, via de API van haar eigen provincie.
#[utoipa::path(post, path = "/api/v1/tenants/{tenant}/contact-requests/{id}/answer", tag = "samenwerking",
    params(("tenant" = String, Path, description = "Uw eigen provincie (slug)"), ("id" = String, Path, description = "Id van de contactaanvraag")), request_body(content = AnswerBody, description = "Het antwoord: geïnteresseerd of niet, een bericht, en een reden als u niet geïnteresseerd bent"), security(("api_token" = [])),
    responses((status = 200, description = "De aanvraag, met het antwoord in de draad", body = ContactRequestDto), (status = 400, description = "De inhoud is geen geldig JSON-object (invalid_body)", body = crate::error::ErrorBody),
        (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody), (status = 404, description = "Onbekende provincie, of geen contactaanvraag met deze id waarbij u partij bent (tenant_not_found, not_found)", body = crate::error::ErrorBody),
        (status = 409, description = "Deze stap is nu niet aan u (out_of_turn)", body = crate::error::ErrorBody),
        (status = 413, description = "De inhoud is te groot (payload_too_large)", body = crate::error::ErrorBody), (status = 422, description = "Niet alle velden zijn in orde: elk fout veld, met de reden (invalid_fields)", body = super::writes::InvalidFieldsBody)))]
pub async fn answer_request(
    State(state): State<AppState>,
    api: ApiCaller,
    Path(path): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let (_, id) = path;
    let id = id_of(&id)?;
    let thread = contact_requests::thread(&api.tenant, api.caller.as_ref(), id).await?;
    let b: AnswerBody = body(&bytes)?;
    if thread.side != Side::Organisation {
        return Ok(out_of_turn(
            "Alleen de organisatie antwoordt op een aanvraag.",
        ));
    }
    let outcome = contact_requests::answer(
        &api.tenant,
        state.services(),
        api.caller.as_ref(),
        id,
        b.interested,
        &b.message,
        b.reason.as_deref(),
    )
    .await?;
    Ok(stepped(outcome))
}

/// Een bericht in de draad, van eender welke kant.
#[utoipa::path(post, path = "/api/v1/tenants/{tenant}/contact-requests/{id}/messages", tag = "samenwerking",
    params(("tenant" = String, Path, description = "Uw eigen provincie (slug)"), ("id" = String, Path, description = "Id van de contactaanvraag")), request_body(content = MessageBody, description = "Het bericht"), security(("api_token" = [])),
    responses((status = 200, description = "De aanvraag, met het bericht in de draad", body = ContactRequestDto), (status = 400, description = "De inhoud is geen geldig JSON-object (invalid_body)", body = crate::error::ErrorBody),
        (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody), (status = 404, description = "Onbekende provincie, of geen contactaanvraag met deze id waarbij u partij bent (tenant_not_found, not_found)", body = crate::error::ErrorBody),
        (status = 413, description = "De inhoud is te groot (payload_too_large)", body = crate::error::ErrorBody), (status = 422, description = "Niet alle velden zijn in orde: elk fout veld, met de reden (invalid_fields)", body = super::writes::InvalidFieldsBody)))]
pub async fn write_message(
    State(state): State<AppState>,
    api: ApiCaller,
    Path(path): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let (_, id) = path;
    let id = id_of(&id)?;
    contact_requests::thread(&api.tenant, api.caller.as_ref(), id).await?;
    let b: MessageBody = body(&bytes)?;
    let outcome = contact_requests::write(
        &api.tenant,
        state.services(),
        api.caller.as_ref(),
        id,
        &b.message,
    )
    .await?;
    Ok(stepped(outcome))
}

/// Een van beide kanten geeft de samenwerking op die uit de aanvraag voortkwam, of verbetert de cijfers
/// van de andere kant.
#[utoipa::path(post, path = "/api/v1/tenants/{tenant}/contact-requests/{id}/collaboration", tag = "samenwerking",
    params(("tenant" = String, Path, description = "Uw eigen provincie (slug)"), ("id" = String, Path, description = "Id van de contactaanvraag")), request_body(content = CollaborationBody, description = "De samenwerking: waarde in euro, begin, eventueel einde, en een beschrijving"), security(("api_token" = [])),
    responses((status = 200, description = "De aanvraag, met de voorgestelde samenwerking", body = ContactRequestDto), (status = 400, description = "De inhoud is geen geldig JSON-object (invalid_body)", body = crate::error::ErrorBody),
        (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody), (status = 404, description = "Onbekende provincie, of geen contactaanvraag met deze id waarbij u partij bent (tenant_not_found, not_found)", body = crate::error::ErrorBody),
        (status = 409, description = "Deze stap is nu niet aan u (out_of_turn)", body = crate::error::ErrorBody), (status = 413, description = "De inhoud is te groot (payload_too_large)", body = crate::error::ErrorBody),
        (status = 422, description = "Niet alle velden zijn in orde: elk fout veld, met de reden (invalid_fields)", body = super::writes::InvalidFieldsBody)))]
pub async fn record_collaboration(
    State(state): State<AppState>,
    api: ApiCaller,
    Path(path): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let (_, id) = path;
    let id = id_of(&id)?;
    contact_requests::thread(&api.tenant, api.caller.as_ref(), id).await?;
    let b: CollaborationBody = body(&bytes)?;
    let outcome = contact_requests::record_collaboration(
        &api.tenant,
        state.services(),
        api.caller.as_ref(),
        id,
        b.value_eur,
        &b.start_date,
        b.end_date.as_deref(),
        &b.description,
    )
    .await?;
    Ok(stepped(outcome))
}

/// De andere kant bevestigt de opgegeven samenwerking: vanaf dan tellen haar cijfers.
#[utoipa::path(post, path = "/api/v1/tenants/{tenant}/contact-requests/{id}/collaboration/confirm", tag = "samenwerking",
    params(("tenant" = String, Path, description = "Uw eigen provincie (slug)"), ("id" = String, Path, description = "Id van de contactaanvraag")), security(("api_token" = [])),
    responses((status = 200, description = "De aanvraag, met de afgesproken samenwerking", body = ContactRequestDto), (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody),
        (status = 404, description = "Onbekende provincie, of geen contactaanvraag met deze id waarbij u partij bent (tenant_not_found, not_found)", body = crate::error::ErrorBody), (status = 409, description = "Er is geen samenwerking om te bevestigen, of u gaf ze zelf op (out_of_turn)", body = crate::error::ErrorBody)))]
pub async fn confirm_collaboration(
    State(state): State<AppState>,
    api: ApiCaller,
    Path(path): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (_, id) = path;
    let outcome = contact_requests::take_step(
        &api.tenant,
        state.services(),
        api.caller.as_ref(),
        id_of(&id)?,
        Step::CollaborationConfirmed,
        None,
    )
    .await?;
    Ok(stepped(outcome))
}

fn question_fields(b: NewQuestionBody) -> Fields {
    [
        ("kind", b.kind),
        ("title", Some(b.title)),
        ("description", Some(b.description)),
        ("category", b.category),
        ("place", b.place),
        ("deadline", b.deadline),
        ("budget_band", b.budget_band),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
    .collect()
}

/// Stelt een vraag (naar passende organisaties in elke provincie gestuurd) of doet een suggestie, als bedrijf.
#[utoipa::path(post, path = "/api/v1/tenants/{tenant}/questions", tag = "samenwerking",
    params(("tenant" = String, Path, description = "Uw eigen provincie (slug)")), request_body(content = NewQuestionBody, description = "De vraag of suggestie"), security(("api_token" = [])),
    responses((status = 201, description = "De gestelde vraag of suggestie", body = QuestionDto), (status = 400, description = "De inhoud is geen geldig JSON-object (invalid_body)", body = crate::error::ErrorBody),
        (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody), (status = 403, description = "Alleen een bedrijf van deze provincie stelt vragen (forbidden)", body = crate::error::ErrorBody),
        (status = 404, description = "Onbekende provincie (tenant_not_found)", body = crate::error::ErrorBody), (status = 413, description = "De inhoud is te groot (payload_too_large)", body = crate::error::ErrorBody),
        (status = 422, description = "Niet alle velden zijn in orde: elk fout veld, met de reden (invalid_fields)", body = super::writes::InvalidFieldsBody)))]
pub async fn create_question(
    State(state): State<AppState>,
    api: ApiCaller,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    api.allow(
        doeners_domain::access::Action::AskOrganisations,
        &doeners_domain::access::Object {
            province: Some(api.tenant.profile.slug.clone()),
            ..Default::default()
        },
    )?;
    let b: NewQuestionBody = body(&bytes)?;
    let posted = questions::post(
        &api.tenant,
        state.tenants(),
        state.search(),
        state.services(),
        api.caller.as_ref(),
        &question_fields(b),
    )
    .await?;
    Ok(match posted {
        Posted::Thread(thread) => {
            (StatusCode::CREATED, Json(question_dto(&thread))).into_response()
        }
        Posted::Invalid(p) => invalid(p),
    })
}

/// Uw vragen: die uw bedrijf stelde, of die naar uw organisatie gingen.
#[utoipa::path(get, path = "/api/v1/tenants/{tenant}/questions", tag = "samenwerking",
    params(("tenant" = String, Path, description = "Uw eigen provincie (slug)")), security(("api_token" = [])),
    responses((status = 200, description = "Uw vragen en suggesties", body = QuestionList), (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody),
        (status = 404, description = "Onbekende provincie, of een API-sleutel van een andere provincie (tenant_not_found, not_found)", body = crate::error::ErrorBody)))]
pub async fn list_questions(api: ApiCaller) -> Result<Json<QuestionList>, ApiError> {
    let items = questions::list(&api.tenant, api.caller.as_ref()).await?;
    Ok(Json(QuestionList {
        items: items
            .iter()
            .map(|s| QuestionSummaryDto {
                id: s.exchange.id.to_string(),
                kind: s.exchange.kind.clone(),
                state: s.exchange.state.clone(),
                title: s
                    .exchange
                    .header
                    .get("title")
                    .and_then(|t| t.as_str())
                    .unwrap_or_default()
                    .to_string(),
                deadline: s.exchange.deadline.clone(),
                waits_for_answer: s.waits_for_answer,
                created_at: s.exchange.created_at.to_rfc3339(),
            })
            .collect(),
    }))
}

/// Eén vraag met de organisaties waar ze naartoe ging en hun antwoorden (een organisatie ziet alleen het
/// hare); de eerste keer dat een organisatie ze opent, wordt bijgehouden.
#[utoipa::path(get, path = "/api/v1/tenants/{tenant}/questions/{id}", tag = "samenwerking",
    params(("tenant" = String, Path, description = "Uw eigen provincie (slug)"), ("id" = String, Path, description = "Id van de vraag")), security(("api_token" = [])),
    responses((status = 200, description = "De vraag zoals uw kant ze ziet", body = QuestionDto), (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody),
        (status = 404, description = "Onbekende provincie, of geen vraag met deze id waarbij u partij bent (tenant_not_found, not_found)", body = crate::error::ErrorBody)))]
pub async fn show_question(
    State(state): State<AppState>,
    api: ApiCaller,
    Path(path): Path<(String, String)>,
) -> Result<Json<QuestionDto>, ApiError> {
    let (_, id) = path;
    let thread = questions::open(
        &api.tenant,
        state.services(),
        api.caller.as_ref(),
        id_of(&id)?,
    )
    .await?;
    Ok(Json(question_dto(&thread)))
}

fn answered(outcome: Answered) -> Response {
    match outcome {
        Answered::Thread(thread) => Json(question_dto(&thread)).into_response(),
        Answered::Invalid(p) => invalid(p),
        Answered::OutOfTurn(why) => out_of_turn(why),
    }
}

/// Een organisatie die de vraag kreeg, antwoordt, via de API van haar eigen provincie.
#[utoipa::path(post, path = "/api/v1/tenants/{tenant}/questions/{id}/answer", tag = "samenwerking",
    params(("tenant" = String, Path, description = "Uw eigen provincie (slug)"), ("id" = String, Path, description = "Id van de vraag")), request_body(content = AnswerBody, description = "Het antwoord: geïnteresseerd of niet, een bericht, en een reden als u niet geïnteresseerd bent"), security(("api_token" = [])),
    responses((status = 200, description = "De vraag, met uw antwoord", body = QuestionDto), (status = 400, description = "De inhoud is geen geldig JSON-object (invalid_body)", body = crate::error::ErrorBody),
        (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody), (status = 403, description = "Deze API-sleutel mag dit niet (forbidden)", body = crate::error::ErrorBody),
        (status = 404, description = "Onbekende provincie, of geen vraag met deze id waarbij u partij bent (tenant_not_found, not_found)", body = crate::error::ErrorBody), (status = 409, description = "Deze stap is nu niet aan u (out_of_turn)", body = crate::error::ErrorBody),
        (status = 413, description = "De inhoud is te groot (payload_too_large)", body = crate::error::ErrorBody), (status = 422, description = "Niet alle velden zijn in orde: elk fout veld, met de reden (invalid_fields)", body = super::writes::InvalidFieldsBody)))]
pub async fn answer_question(
    State(state): State<AppState>,
    api: ApiCaller,
    Path(path): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let (_, id) = path;
    let id = id_of(&id)?;
    let thread = questions::thread(&api.tenant, api.caller.as_ref(), id).await?;
    let b: AnswerBody = body(&bytes)?;
    if thread.side != Side::Organisation {
        return Ok(out_of_turn(
            "Alleen een organisatie die de vraag kreeg, antwoordt erop.",
        ));
    }
    let outcome = questions::answer(
        &api.tenant,
        state.services(),
        api.caller.as_ref(),
        id,
        b.interested,
        &b.message,
        b.reason.as_deref(),
    )
    .await?;
    Ok(answered(outcome))
}

/// Een partij zegt of er een samenwerking uit de vraag kwam (gevraagd na de uiterste datum).
#[utoipa::path(post, path = "/api/v1/tenants/{tenant}/questions/{id}/outcome", tag = "samenwerking",
    params(("tenant" = String, Path, description = "Uw eigen provincie (slug)"), ("id" = String, Path, description = "Id van de vraag")), request_body(content = OutcomeBody, description = "De uitkomst, en bij een samenwerking haar waarde in euro"), security(("api_token" = [])),
    responses((status = 200, description = "De vraag, met de uitkomst", body = QuestionDto), (status = 400, description = "De inhoud is geen geldig JSON-object (invalid_body)", body = crate::error::ErrorBody),
        (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody), (status = 404, description = "Onbekende provincie, of geen vraag met deze id waarbij u partij bent (tenant_not_found, not_found)", body = crate::error::ErrorBody),
        (status = 413, description = "De inhoud is te groot (payload_too_large)", body = crate::error::ErrorBody), (status = 422, description = "Niet alle velden zijn in orde: elk fout veld, met de reden (invalid_fields)", body = super::writes::InvalidFieldsBody)))]
pub async fn question_outcome(
    State(state): State<AppState>,
    api: ApiCaller,
    Path(path): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let (_, id) = path;
    let id = id_of(&id)?;
    questions::thread(&api.tenant, api.caller.as_ref(), id).await?;
    let b: OutcomeBody = body(&bytes)?;
    let outcome = match Outcome::parse(&b.outcome, b.value_eur) {
        Ok(o) => o,
        Err(e) => return Ok(invalid(vec![("outcome", e)])),
    };
    let done = questions::outcome(
        &api.tenant,
        state.services(),
        api.caller.as_ref(),
        id,
        outcome,
    )
    .await?;
    Ok(answered(done))
}
