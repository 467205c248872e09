//! Reference lists: the tenants and the category taxonomy.

use axum::{Json, extract::State};
use doeners_domain::CategoryGroup;

use super::dto::{CategoryGroupDto, TenantDto};
use crate::AppState;

/// The provinces on the platform.
#[utoipa::path(get, path = "/api/v1/tenants", tag = "referentie",
    responses((status = 200, description = "Every province, in slug order", body = Vec<TenantDto>)))]
pub async fn list_tenants(State(state): State<AppState>) -> Json<Vec<TenantDto>> {
    Json(state.tenants().iter().map(TenantDto::of).collect())
}

/// The category taxonomy: groups with their subcategories.
#[utoipa::path(get, path = "/api/v1/categories", tag = "referentie",
    responses((status = 200, description = "The thirteen groups with their subcategories", body = Vec<CategoryGroupDto>)))]
pub async fn list_categories() -> Json<Vec<CategoryGroupDto>> {
    Json(
        CategoryGroup::all()
            .iter()
            .map(CategoryGroupDto::of)
            .collect(),
    )
}
