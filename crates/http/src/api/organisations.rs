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

/// Published organisations of a province, by name.
#[utoipa::path(get, path = "/api/v1/tenants/{tenant}/organisations", tag = "aanbod",
    params(
        ("tenant" = String, Path, description = "Province slug", example = "limburg"),
        ("category" = Option<String>, Query, description = "Only organisations with an offer in this category or group"),
        ("kind" = Option<String>, Query, description = "Only this kind of organisation"),
        ("page" = Option<u64>, Query, minimum = 1, maximum = 100000, description = "Page number, from 1"),
        ("per_page" = Option<u64>, Query, minimum = 1, maximum = 100, description = "Items per page, 1 to 100 (default 20)"),
    ),
    responses(
        (status = 200, body = OrganisationPage),
        (status = 400, description = "A parameter is invalid", body = ErrorBody),
        (status = 404, description = "Unknown province", body = ErrorBody),
        (status = 503, description = "The province's database is unreachable", body = ErrorBody),
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

/// One published organisation with its offers.
#[utoipa::path(get, path = "/api/v1/tenants/{tenant}/organisations/{slug}", tag = "aanbod",
    params(
        ("tenant" = String, Path, description = "Province slug", example = "limburg"),
        ("slug" = String, Path, description = "Organisation slug"),
    ),
    responses(
        (status = 200, body = OrganisationDetailDto),
        (status = 404, description = "Unknown province or organisation", body = ErrorBody),
        (status = 503, description = "The province's database is unreachable", body = ErrorBody),
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
