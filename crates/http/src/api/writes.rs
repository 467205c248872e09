//! The write API: an organisation's members and its province's administrators change the organisation and
//! its offers with an API token. Bodies carry the same fields as the import files and go through the same
//! parser, so what an import refuses, the API refuses with the same words.

use std::collections::HashMap;

use axum::{
    Json,
    body::Bytes,
    extract::Path,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use doeners_app::{
    Via,
    records::{OwnOffer, Taken},
};
use doeners_domain::{
    OfferId, OfferStatus, Organisation, OrganisationStatus,
    access::Action,
    forms::{self, Fields, Problems},
};
use serde::Serialize;
use utoipa::ToSchema;

use super::dto::OrganisationDto;
use crate::{
    error::{ApiError, ErrorCode},
    guard::ApiCaller,
};

/// Een geweigerde inhoud: elk veld dat niet in orde is, en waarom.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvalidFieldsBody {
    #[schema(example = "invalid_fields")]
    pub error: String,
    pub message: String,
    pub problems: Vec<FieldProblem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    #[schema(example = "category")]
    pub field: String,
    #[schema(example = "onbekende categorie 'vliegen'")]
    pub message: String,
}

/// Een aanbod zoals zijn organisatie het ziet, met zijn status.
#[derive(Debug, Serialize, ToSchema)]
pub struct OwnOfferDto {
    pub id: String,
    pub title: String,
    pub description: String,
    pub category: String,
    pub execution_mode: String,
    pub service_area: String,
    /// `published` (gepubliceerd) of `withdrawn` (ingetrokken).
    pub status: String,
}

impl OwnOfferDto {
    fn of(own: &OwnOffer) -> Self {
        let fields = forms::offer_fields(&own.offer.draft);
        let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
        Self {
            id: own.offer.id.to_string(),
            title: get("title"),
            description: get("description"),
            category: get("category"),
            execution_mode: get("execution_mode"),
            service_area: get("service_area"),
            status: own.status.slug().to_string(),
        }
    }
}

pub(crate) fn invalid_fields(problems: Problems) -> Response {
    invalid(problems)
}

fn invalid(problems: Problems) -> Response {
    let body = InvalidFieldsBody {
        error: ErrorCode::InvalidFields.as_str().to_string(),
        message: "Niet alle velden zijn in orde.".to_string(),
        problems: problems
            .into_iter()
            .map(|(field, e)| FieldProblem {
                field: field.to_string(),
                message: e.to_string(),
            })
            .collect(),
    };
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

fn taken(Taken(field): Taken) -> Response {
    let message = match field {
        "enterprise_number" => "Dit ondernemingsnummer hoort al bij een andere organisatie.",
        _ => "Deze organisatie heeft al een aanbod met deze titel.",
    };
    ApiError::new(StatusCode::CONFLICT, ErrorCode::Taken, message).into_response()
}

/// A JSON object of text fields named in `allowed` (null reads as empty), or a 400 that says what is wrong: a
/// field of another type, or one the body does not have (a typo such as `titel` would otherwise be lost).
fn fields(body: &Bytes, allowed: &[&str]) -> Result<Fields, ApiError> {
    let bad = |reason: String| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidBody,
            format!("De inhoud is geen geldig JSON-object: {reason}."),
        )
    };
    let map: HashMap<String, serde_json::Value> =
        serde_json::from_slice(body).map_err(|e| bad(e.to_string()))?;
    map.into_iter()
        .map(|(k, v)| {
            if !allowed.contains(&k.as_str()) {
                return Err(bad(format!(
                    "onbekend veld '{k}' (velden: {})",
                    allowed.join(", ")
                )));
            }
            match v {
                serde_json::Value::String(s) => Ok((k, s)),
                serde_json::Value::Null => Ok((k, String::new())),
                _ => Err(bad(format!("veld '{k}' moet tekst zijn, bv. \"12\""))),
            }
        })
        .collect()
}

async fn offer(api: &ApiCaller, org: &Organisation, id: &str) -> Result<OwnOffer, ApiError> {
    let missing = || ApiError::not_found(ErrorCode::OfferNotFound, "Dit aanbod bestaat niet.");
    let id = id.parse::<uuid::Uuid>().map_err(|_| missing())?;
    doeners_app::offers::offer_of(&api.tenant, org, OfferId::from_uuid(id))
        .await?
        .ok_or_else(missing)
}

/// Vervangt het profiel van een organisatie.
///
/// Voor de leden van de organisatie en de beheerders van haar provincie. Het hele profiel wordt vervangen: een
/// veld dat u weglaat, wordt leeg. De slug en de status blijven dezelfde.
#[utoipa::path(put, path = "/api/v1/tenants/{tenant}/organisations/{slug}", tag = "beheer",
    params(("tenant" = String, Path, description = "Provincie (slug)"), ("slug" = String, Path, description = "Organisatie (slug)")),
    request_body(content = super::bodies::OrganisationFields, description = "De velden van het organisatiebestand van de import, zonder ref; elke waarde is tekst"),
    security(("api_token" = [])),
    responses(
        (status = 200, description = "Het bijgewerkte profiel", body = OrganisationDto),
        (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody), (status = 403, description = "Deze API-sleutel mag dit niet (forbidden)", body = crate::error::ErrorBody),
        (status = 404, description = "Onbekende provincie, of geen organisatie met deze slug die deze API-sleutel mag zien (tenant_not_found, not_found)", body = crate::error::ErrorBody), (status = 409, description = "Dit ondernemingsnummer hoort al bij een andere organisatie (taken)", body = crate::error::ErrorBody),
        (status = 422, description = "Niet alle velden zijn in orde: elk fout veld, met de reden (invalid_fields)", body = InvalidFieldsBody), (status = 400, description = "De inhoud is geen JSON-object met tekstvelden, of heeft een onbekend veld (invalid_body)", body = crate::error::ErrorBody), (status = 413, description = "De inhoud is te groot (payload_too_large)", body = crate::error::ErrorBody),
    ))]
pub async fn update_organisation(
    api: ApiCaller,
    Path(path): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (_, slug) = path;
    let org = api
        .find_organisation(&slug, Action::EditOrganisation)
        .await?;
    let draft = match forms::organisation_draft(&fields(&body, forms::ORGANISATION_FIELDS)?) {
        Ok(d) => d,
        Err(p) => return Ok(invalid(p)),
    };
    let edited = doeners_app::organisations::edit_profile(
        &api.tenant,
        api.caller.as_ref(),
        Via::Api,
        &org,
        &draft,
    )
    .await?;
    if let Err(t) = edited {
        return Ok(taken(t));
    }
    let updated = api
        .find_organisation(&slug, Action::EditOrganisation)
        .await?;
    Ok(Json(OrganisationDto::of(&updated)).into_response())
}

/// Voegt een gepubliceerde organisatie toe aan de provincie.
///
/// Alleen voor de beheerders van de provincie; leden van een organisatie registreren zich op het portaal. De slug
/// wordt gemaakt uit de naam.
#[utoipa::path(post, path = "/api/v1/tenants/{tenant}/organisations", tag = "beheer",
    params(("tenant" = String, Path, description = "Provincie (slug)")),
    request_body(content = super::bodies::OrganisationFields, description = "De velden van het organisatiebestand van de import, zonder ref; elke waarde is tekst"),
    security(("api_token" = [])),
    responses(
        (status = 201, description = "De nieuwe organisatie, meteen gepubliceerd", body = OrganisationDto),
        (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody), (status = 403, description = "Deze API-sleutel mag dit niet (forbidden)", body = crate::error::ErrorBody),
        (status = 404, description = "Onbekende provincie, of een API-sleutel van een andere provincie (tenant_not_found, not_found)", body = crate::error::ErrorBody), (status = 409, description = "Dit ondernemingsnummer hoort al bij een andere organisatie (taken)", body = crate::error::ErrorBody),
        (status = 422, description = "Niet alle velden zijn in orde: elk fout veld, met de reden (invalid_fields)", body = InvalidFieldsBody), (status = 400, description = "De inhoud is geen JSON-object met tekstvelden, of heeft een onbekend veld (invalid_body)", body = crate::error::ErrorBody), (status = 413, description = "De inhoud is te groot (payload_too_large)", body = crate::error::ErrorBody),
    ))]
pub async fn create_organisation(api: ApiCaller, body: Bytes) -> Result<Response, ApiError> {
    let province = doeners_domain::access::Object {
        province: Some(api.tenant.profile.slug.clone()),
        ..Default::default()
    };
    api.allow(Action::ReviewRegistrations, &province)?;
    let draft = match forms::organisation_draft(&fields(&body, forms::ORGANISATION_FIELDS)?) {
        Ok(d) => d,
        Err(p) => return Ok(invalid(p)),
    };
    let registered = doeners_app::organisations::add_published(
        &api.tenant,
        api.caller.as_ref(),
        Via::Api,
        &draft,
    )
    .await?;
    let org = match registered {
        Ok(org) => org,
        Err(t) => return Ok(taken(t)),
    };
    let created = api
        .find_organisation(org.slug.as_str(), Action::EditOrganisation)
        .await?;
    Ok((StatusCode::CREATED, Json(OrganisationDto::of(&created))).into_response())
}

async fn set_organisation_status(
    api: ApiCaller,
    slug: String,
    status: OrganisationStatus,
) -> Result<Json<OrganisationDto>, ApiError> {
    let org = api
        .find_organisation(&slug, Action::EditOrganisation)
        .await?;
    doeners_app::organisations::set_status(
        &api.tenant,
        api.caller.as_ref(),
        Via::Api,
        &org,
        status,
    )
    .await?;
    Ok(Json(OrganisationDto::of(
        &api.find_organisation(&slug, Action::EditOrganisation)
            .await?,
    )))
}

/// Publiceert de organisatie (opnieuw): zij en haar gepubliceerde aanbod verschijnen op het portaal en in de
/// zoekresultaten.
#[utoipa::path(post, path = "/api/v1/tenants/{tenant}/organisations/{slug}/publish", tag = "beheer",
    params(("tenant" = String, Path, description = "Provincie (slug)"), ("slug" = String, Path, description = "Organisatie (slug)")),
    security(("api_token" = [])),
    responses((status = 200, description = "De organisatie, gepubliceerd", body = OrganisationDto), (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody), (status = 403, description = "Deze API-sleutel mag dit niet (forbidden)", body = crate::error::ErrorBody), (status = 404, description = "Onbekende provincie, of geen organisatie met deze slug die deze API-sleutel mag zien (tenant_not_found, not_found)", body = crate::error::ErrorBody)))]
pub async fn publish_organisation(
    api: ApiCaller,
    Path(path): Path<(String, String)>,
) -> Result<Json<OrganisationDto>, ApiError> {
    let (_, slug) = path;
    set_organisation_status(api, slug, OrganisationStatus::Published).await
}

/// Trekt de organisatie in: zij verdwijnt van het portaal en uit de zoekresultaten, met al haar aanbod.
#[utoipa::path(post, path = "/api/v1/tenants/{tenant}/organisations/{slug}/withdraw", tag = "beheer",
    params(("tenant" = String, Path, description = "Provincie (slug)"), ("slug" = String, Path, description = "Organisatie (slug)")),
    security(("api_token" = [])),
    responses((status = 200, description = "De organisatie, ingetrokken", body = OrganisationDto), (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody), (status = 403, description = "Deze API-sleutel mag dit niet (forbidden)", body = crate::error::ErrorBody), (status = 404, description = "Onbekende provincie, of geen organisatie met deze slug die deze API-sleutel mag zien (tenant_not_found, not_found)", body = crate::error::ErrorBody)))]
pub async fn withdraw_organisation(
    api: ApiCaller,
    Path(path): Path<(String, String)>,
) -> Result<Json<OrganisationDto>, ApiError> {
    let (_, slug) = path;
    set_organisation_status(api, slug, OrganisationStatus::Withdrawn).await
}

/// Elk aanbod van een organisatie, ook het ingetrokken aanbod.
#[utoipa::path(get, path = "/api/v1/tenants/{tenant}/organisations/{slug}/offers", tag = "beheer",
    params(("tenant" = String, Path, description = "Provincie (slug)"), ("slug" = String, Path, description = "Organisatie (slug)")),
    security(("api_token" = [])),
    responses((status = 200, description = "Elk aanbod van de organisatie, met zijn status", body = Vec<OwnOfferDto>), (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody), (status = 403, description = "Deze API-sleutel mag dit niet (forbidden)", body = crate::error::ErrorBody), (status = 404, description = "Onbekende provincie, of geen organisatie met deze slug die deze API-sleutel mag zien (tenant_not_found, not_found)", body = crate::error::ErrorBody)))]
pub async fn list_offers(
    api: ApiCaller,
    Path(path): Path<(String, String)>,
) -> Result<Json<Vec<OwnOfferDto>>, ApiError> {
    let (_, slug) = path;
    let org = api
        .find_organisation(&slug, Action::ReadOrganisation)
        .await?;
    let offers = doeners_app::offers::offers_of(&api.tenant, &org).await?;
    Ok(Json(offers.iter().map(OwnOfferDto::of).collect()))
}

/// Voegt een aanbod toe, meteen gepubliceerd.
#[utoipa::path(post, path = "/api/v1/tenants/{tenant}/organisations/{slug}/offers", tag = "beheer",
    params(("tenant" = String, Path, description = "Provincie (slug)"), ("slug" = String, Path, description = "Organisatie (slug)")),
    request_body(content = super::bodies::OfferFields, description = "De velden van het aanbodbestand van de import, zonder organisation_ref; elke waarde is tekst"),
    security(("api_token" = [])),
    responses((status = 201, description = "Het nieuwe aanbod, gepubliceerd", body = OwnOfferDto), (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody), (status = 403, description = "Deze API-sleutel mag dit niet (forbidden)", body = crate::error::ErrorBody), (status = 404, description = "Onbekende provincie, of geen organisatie met deze slug die deze API-sleutel mag zien (tenant_not_found, not_found)", body = crate::error::ErrorBody),
        (status = 409, description = "De organisatie heeft al een aanbod met deze titel (taken)", body = crate::error::ErrorBody), (status = 422, description = "Niet alle velden zijn in orde: elk fout veld, met de reden (invalid_fields)", body = InvalidFieldsBody), (status = 400, description = "De inhoud is geen JSON-object met tekstvelden, of heeft een onbekend veld (invalid_body)", body = crate::error::ErrorBody), (status = 413, description = "De inhoud is te groot (payload_too_large)", body = crate::error::ErrorBody)))]
pub async fn create_offer(
    api: ApiCaller,
    Path(path): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (_, slug) = path;
    let org = api
        .find_organisation(&slug, Action::EditOrganisation)
        .await?;
    let draft = match forms::offer_draft(&fields(&body, forms::OFFER_FIELDS)?) {
        Ok(d) => d,
        Err(p) => return Ok(invalid(p)),
    };
    let created =
        doeners_app::offers::create_offer(&api.tenant, api.caller.as_ref(), Via::Api, &org, &draft)
            .await?;
    let id = match created {
        Ok(id) => id,
        Err(t) => return Ok(taken(t)),
    };
    let created = offer(&api, &org, &id.to_string()).await?;
    Ok((StatusCode::CREATED, Json(OwnOfferDto::of(&created))).into_response())
}

/// Vervangt de velden van een aanbod; zijn status blijft.
///
/// Alle velden worden vervangen: een veld dat u weglaat, wordt leeg.
#[utoipa::path(put, path = "/api/v1/tenants/{tenant}/organisations/{slug}/offers/{id}", tag = "beheer",
    params(("tenant" = String, Path, description = "Provincie (slug)"), ("slug" = String, Path, description = "Organisatie (slug)"), ("id" = String, Path, description = "Id van het aanbod")),
    request_body(content = super::bodies::OfferFields, description = "De velden van het aanbodbestand van de import, zonder organisation_ref; elke waarde is tekst"),
    security(("api_token" = [])),
    responses((status = 200, description = "Het bijgewerkte aanbod", body = OwnOfferDto), (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody), (status = 403, description = "Deze API-sleutel mag dit niet (forbidden)", body = crate::error::ErrorBody), (status = 404, description = "Onbekende provincie, organisatie of aanbod, of niet zichtbaar voor deze API-sleutel (tenant_not_found, not_found, offer_not_found)", body = crate::error::ErrorBody),
        (status = 409, description = "De organisatie heeft al een aanbod met deze titel (taken)", body = crate::error::ErrorBody), (status = 422, description = "Niet alle velden zijn in orde: elk fout veld, met de reden (invalid_fields)", body = InvalidFieldsBody), (status = 400, description = "De inhoud is geen JSON-object met tekstvelden, of heeft een onbekend veld (invalid_body)", body = crate::error::ErrorBody), (status = 413, description = "De inhoud is te groot (payload_too_large)", body = crate::error::ErrorBody)))]
pub async fn update_offer(
    api: ApiCaller,
    Path(path): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (_, slug, id) = path;
    let org = api
        .find_organisation(&slug, Action::EditOrganisation)
        .await?;
    let old = offer(&api, &org, &id).await?;
    let draft = match forms::offer_draft(&fields(&body, forms::OFFER_FIELDS)?) {
        Ok(d) => d,
        Err(p) => return Ok(invalid(p)),
    };
    if let Err(t) = doeners_app::offers::edit_offer(
        &api.tenant,
        api.caller.as_ref(),
        Via::Api,
        &org,
        &old,
        &draft,
        old.status,
    )
    .await?
    {
        return Ok(taken(t));
    }
    Ok(Json(OwnOfferDto::of(&offer(&api, &org, &id).await?)).into_response())
}

async fn set_status(
    api: ApiCaller,
    slug: String,
    id: String,
    status: OfferStatus,
) -> Result<Json<OwnOfferDto>, ApiError> {
    let org = api
        .find_organisation(&slug, Action::EditOrganisation)
        .await?;
    let old = offer(&api, &org, &id).await?;
    doeners_app::offers::set_offer_status(
        &api.tenant,
        api.caller.as_ref(),
        Via::Api,
        &org,
        &old,
        status,
    )
    .await?;
    Ok(Json(OwnOfferDto::of(&offer(&api, &org, &id).await?)))
}

/// Publiceert een ingetrokken aanbod opnieuw.
#[utoipa::path(post, path = "/api/v1/tenants/{tenant}/organisations/{slug}/offers/{id}/publish", tag = "beheer",
    params(("tenant" = String, Path, description = "Provincie (slug)"), ("slug" = String, Path, description = "Organisatie (slug)"), ("id" = String, Path, description = "Id van het aanbod")),
    security(("api_token" = [])),
    responses((status = 200, description = "Het aanbod, gepubliceerd", body = OwnOfferDto), (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody), (status = 403, description = "Deze API-sleutel mag dit niet (forbidden)", body = crate::error::ErrorBody), (status = 404, description = "Onbekende provincie, organisatie of aanbod, of niet zichtbaar voor deze API-sleutel (tenant_not_found, not_found, offer_not_found)", body = crate::error::ErrorBody)))]
pub async fn publish_offer(
    api: ApiCaller,
    Path(path): Path<(String, String, String)>,
) -> Result<Json<OwnOfferDto>, ApiError> {
    let (_, slug, id) = path;
    set_status(api, slug, id, OfferStatus::Published).await
}

/// Trekt een aanbod in: het verdwijnt van het portaal en uit de zoekresultaten, en blijft bij zijn organisatie.
#[utoipa::path(post, path = "/api/v1/tenants/{tenant}/organisations/{slug}/offers/{id}/withdraw", tag = "beheer",
    params(("tenant" = String, Path, description = "Provincie (slug)"), ("slug" = String, Path, description = "Organisatie (slug)"), ("id" = String, Path, description = "Id van het aanbod")),
    security(("api_token" = [])),
    responses((status = 200, description = "Het aanbod, ingetrokken", body = OwnOfferDto), (status = 401, description = "Geen of een onbekende API-sleutel (unauthorized, invalid_token)", body = crate::error::ErrorBody), (status = 403, description = "Deze API-sleutel mag dit niet (forbidden)", body = crate::error::ErrorBody), (status = 404, description = "Onbekende provincie, organisatie of aanbod, of niet zichtbaar voor deze API-sleutel (tenant_not_found, not_found, offer_not_found)", body = crate::error::ErrorBody)))]
pub async fn withdraw_offer(
    api: ApiCaller,
    Path(path): Path<(String, String, String)>,
) -> Result<Json<OwnOfferDto>, ApiError> {
    let (_, slug, id) = path;
    set_status(api, slug, id, OfferStatus::Withdrawn).await
}
