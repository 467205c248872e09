//! A province's offers, across its published organisations.

use axum::Json;
use doeners_domain::CategoryRef;

use super::dto::{OfferDto, OfferListingDto, OfferPage, OrganisationRefDto};
use crate::{
    error::{ApiError, ErrorBody},
    extract::{QueryParams, ResolvedTenant},
};

/// Het aanbod van de gepubliceerde organisaties van een provincie, op categorie en titel.
#[utoipa::path(get, path = "/api/v1/tenants/{tenant}/offers", tag = "aanbod",
    params(
        ("tenant" = String, Path, description = "Provincie (slug)", example = "limburg"),
        ("category" = Option<String>, Query, description = "Alleen deze categorie, of elke categorie van deze groep"),
        ("page" = Option<u64>, Query, minimum = 1, maximum = 100000, description = "Paginanummer, vanaf 1"),
        ("per_page" = Option<u64>, Query, minimum = 1, maximum = 100, description = "Aantal per pagina, van 1 tot 100 (standaard 20)"),
    ),
    responses(
        (status = 200, description = "Eén pagina aanbod, met de organisatie van elk aanbod", body = OfferPage),
        (status = 400, description = "Een parameter is ongeldig (invalid_parameter)", body = ErrorBody),
        (status = 404, description = "Onbekende provincie (tenant_not_found)", body = ErrorBody),
        (status = 503, description = "De databank van de provincie is niet bereikbaar (tenant_unavailable)", body = ErrorBody),
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
