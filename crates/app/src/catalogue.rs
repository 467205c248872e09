//! What anyone may read of a province: its published organisations and offers, and their counts.

use std::collections::BTreeMap;

use doeners_domain::{CategoryRef, Offer, Organisation};
use doeners_persistence::{OfferListing, OrganisationFilter, Page, Paged};

use crate::{AppError, Tenant};

/// Published offers per category slug.
pub async fn offer_counts_by_category(tenant: &Tenant) -> Result<BTreeMap<String, u64>, AppError> {
    Ok(tenant.db.offer_counts_by_category().await?)
}

/// The province's most recently published organisations.
pub async fn recent_organisations(
    tenant: &Tenant,
    limit: u64,
) -> Result<Vec<Organisation>, AppError> {
    Ok(tenant.db.recent_organisations(limit).await?)
}

/// Published organisations and offers.
pub async fn published_counts(tenant: &Tenant) -> Result<(u64, u64), AppError> {
    Ok(tenant.db.published_counts().await?)
}

pub async fn organisations(
    tenant: &Tenant,
    filter: OrganisationFilter,
    page: Page,
) -> Result<Paged<Organisation>, AppError> {
    Ok(tenant.db.published_organisations(filter, page).await?)
}

pub async fn offers(
    tenant: &Tenant,
    category: Option<CategoryRef>,
    page: Page,
) -> Result<Paged<OfferListing>, AppError> {
    Ok(tenant.db.published_offers(category, page).await?)
}

/// A published organisation with its published offers.
pub async fn organisation(
    tenant: &Tenant,
    slug: &str,
) -> Result<Option<(Organisation, Vec<Offer>)>, AppError> {
    Ok(tenant.db.published_organisation(slug).await?)
}

/// Whether the province's database answers now.
pub async fn ping(tenant: &Tenant) -> Result<(), AppError> {
    Ok(tenant.db.ping().await?)
}
