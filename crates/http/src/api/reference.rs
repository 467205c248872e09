//! Reference lists: the tenants and the category taxonomy.

use axum::{Json, extract::State};
use doeners_domain::CategoryGroup;

use super::dto::{CategoryGroupDto, TenantDto};
use crate::AppState;

/// De provincies op het platform.
#[utoipa::path(get, path = "/api/v1/tenants", tag = "referentie",
    responses((status = 200, description = "Elke provincie, in de volgorde van hun slug", body = Vec<TenantDto>)))]
pub async fn list_tenants(State(state): State<AppState>) -> Json<Vec<TenantDto>> {
    Json(state.tenants().iter().map(TenantDto::of).collect())
}

/// De indeling in categorieën: de groepen met hun subcategorieën.
#[utoipa::path(get, path = "/api/v1/categories", tag = "referentie",
    responses((status = 200, description = "De dertien groepen met hun subcategorieën", body = Vec<CategoryGroupDto>)))]
pub async fn list_categories() -> Json<Vec<CategoryGroupDto>> {
    Json(
        CategoryGroup::all()
            .iter()
            .map(CategoryGroupDto::of)
            .collect(),
    )
}
