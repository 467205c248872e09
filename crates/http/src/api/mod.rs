//! The public JSON API, read-only until accounts exist: writes go through the CLI for now.

pub mod dto;
mod offers;
pub mod openapi;
mod organisations;
mod reference;
pub mod search;

use axum::{Router, routing::get};

use crate::{AppState, error::ApiError};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/docs", get(openapi::page))
        .route("/v1/tenants", get(reference::list_tenants))
        .route("/v1/categories", get(reference::list_categories))
        .route(
            "/v1/tenants/{tenant}/organisations",
            get(organisations::list),
        )
        .route(
            "/v1/tenants/{tenant}/organisations/{slug}",
            get(organisations::show),
        )
        .route("/v1/tenants/{tenant}/offers", get(offers::list))
        .route("/v1/search", get(search::search))
        .fallback(|| async { ApiError::route_not_found() })
}
