//! A province's offers, across its published organisations.

use axum::Json;
use doeners_domain::CategoryRef;

use super::dto::{OfferDto, OfferListingDto, OfferPage, OrganisationRefDto};
use crate::{
    error::{ApiError, ErrorBody},
    extract::{QueryParams, ResolvedTenant},
};

/// Offers of published organisations, by category and title.
#[utoipa::path(get, path = "/api/v1/tenants/{tenant}/offers", tag = "aanbod",
    params(
        ("tenant" = String, Path, description = "Province slug", example = "limburg"),
        ("category" = Option<String>, Query, description = "Only this category, or every category of this group"),
        ("page" = Option<u64>, Query, minimum = 1, maximum = 100000, description = "Page number, from 1"),
        ("per_page" = Option<u64>, Query, minimum = 1, maximum = 100, description = "Items per page, 1 to 100 (default 20)"),
    ),
    responses(
        (status = 200, body = OfferPage),
        (status = 400, description = "A parameter is invalid", body = ErrorBody),
        (status = 404, description = "Unknown province", body = ErrorBody),
        (status = 503, description = "The province's database is unreachable", body = ErrorBody),
    ))]
pub async fn list(
    ResolvedTenant(tenant): ResolvedTenant,
    query: QueryParams,
) -> Result<Json<OfferPage>, ApiError> {
    let page = query.page()?;
    let category = query.parse("category", CategoryRef::parse)?;
    let found = doeners_app::catalogue::offers(&tenant, category, page).await?;
    Ok(Json(OfferPage {
        page: page.number,
        per_page: page.per_page,
        total: found.total,
        items: found
            .items
            .iter()
            .map(|l| OfferListingDto {
                offer: OfferDto::of(&l.offer),
                organisation: OrganisationRefDto {
                    slug: l.organisation.slug.to_string(),
                    name: l.organisation.draft.name.clone(),
                    municipality: l.organisation.draft.address.municipality.name.to_string(),
                },
            })
            .collect(),
    }))
}
