//! A province's published organisations.

use axum::{Json, extract::Path};
use doeners_app::records::OrganisationFilter;
use doeners_domain::{CategoryRef, OrganisationKind};

use super::dto::{OfferDto, OrganisationDetailDto, OrganisationDto, OrganisationPage};
use crate::error::ErrorCode;
use crate::{
    error::{ApiError, ErrorBody},
    extract::{QueryParams, ResolvedTenant},
};

/// De gepubliceerde organisaties van een provincie, op naam.
#[utoipa::path(get, path = "/api/v1/tenants/{tenant}/organisations", tag = "aanbod",
    params(
        ("tenant" = String, Path, description = "Provincie (slug)", example = "limburg"),
        ("category" = Option<String>, Query, description = "Alleen organisaties met een aanbod in deze categorie of groep"),
        ("kind" = Option<String>, Query, description = "Alleen dit soort organisatie"),
        ("page" = Option<u64>, Query, minimum = 1, maximum = 100000, description = "Paginanummer, vanaf 1"),
        ("per_page" = Option<u64>, Query, minimum = 1, maximum = 100, description = "Aantal per pagina, van 1 tot 100 (standaard 20)"),
    ),
    responses(
        (status = 200, description = "Eén pagina organisaties", body = OrganisationPage),
        (status = 400, description = "Een parameter is ongeldig (invalid_parameter)", body = ErrorBody),
        (status = 404, description = "Onbekende provincie (tenant_not_found)", body = ErrorBody),
        (status = 503, description = "De databank van de provincie is niet bereikbaar (tenant_unavailable)", body = ErrorBody),
    ))]
pub async fn list(
    ResolvedTenant(tenant): ResolvedTenant,
    query: QueryParams,
) -> Result<Json<OrganisationPage>, ApiError> {
    let page = query.page()?;
    let filter = OrganisationFilter {
        kind: query.parse("kind", OrganisationKind::parse)?,
        category: query.parse("category", CategoryRef::parse)?,
    };
    let found = doeners_app::catalogue::organisations(&tenant, filter, page).await?;
    Ok(Json(OrganisationPage {
        page: page.number,
        per_page: page.per_page,
        total: found.total,
        items: found.items.iter().map(OrganisationDto::of).collect(),
    }))
}

/// Eén gepubliceerde organisatie, met haar aanbod.
#[utoipa::path(get, path = "/api/v1/tenants/{tenant}/organisations/{slug}", tag = "aanbod",
    params(
        ("tenant" = String, Path, description = "Provincie (slug)", example = "limburg"),
        ("slug" = String, Path, description = "Organisatie (slug)"),
    ),
    responses(
        (status = 200, description = "De organisatie en haar gepubliceerde aanbod", body = OrganisationDetailDto),
        (status = 404, description = "Onbekende provincie of organisatie (tenant_not_found, organisation_not_found)", body = ErrorBody),
        (status = 503, description = "De databank van de provincie is niet bereikbaar (tenant_unavailable)", body = ErrorBody),
    ))]
pub async fn show(
    ResolvedTenant(tenant): ResolvedTenant,
    Path(path): Path<(String, String)>,
) -> Result<Json<OrganisationDetailDto>, ApiError> {
    let (_, slug) = path;
    let not_found = || {
        ApiError::not_found(
            ErrorCode::OrganisationNotFound,
            format!("Geen organisatie '{slug}' in deze provincie."),
        )
    };
    if doeners_domain::Slug::parse(&slug).is_err() {
        return Err(not_found());
    }
    let (organisation, offers) = doeners_app::catalogue::organisation(&tenant, &slug)
        .await?
        .ok_or_else(not_found)?;
    Ok(Json(OrganisationDetailDto {
        organisation: OrganisationDto::of(&organisation),
        offers: offers.iter().map(OfferDto::of).collect(),
    }))
}
