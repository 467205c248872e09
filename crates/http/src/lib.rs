//! The web face of doeners: the public JSON API (`/api/v1`, described by OpenAPI), the province portals and
//! the Flanders-wide pages (server-rendered Dutch HTML), and the operations endpoints.
//!
//! Handlers stay thin: extractors resolve the tenant and the caller (`auth`), a use case of `doeners-app` does
//! the work, and the face renders the answer: JSON with the one error shape (`api`, `error`), or Dutch pages
//! (`portal`, `console`, built from `html`). `router` lists every route.

mod api;
mod auth;
mod console;
mod cross_origin;
mod drain;
mod error;
mod evaluation;
mod extract;
mod framework_errors;
mod html;
mod layers;
mod ops;
mod portal;
mod province_host;
mod rate_limit;
mod router;
pub mod routes;
mod search_params;
mod security_headers;
mod state;
mod trusted_proxies;

pub use api::openapi::ApiDoc;
pub use doeners_app::Tenant;
pub use layers::metrics_handle;
pub use ops::metrics_router;
pub use state::{AppState, HttpSettings};
pub use trusted_proxies::TrustedProxies;

// The caller and the session cookie, by their short names.
use auth::{guard, session};
use axum::Router;
use routes::{Route, Table};

/// The whole application: API, pages and operations, with the request layers around them.
pub fn router(state: AppState) -> Router {
    router_with(state, Table::new()).0
}

/// The application with `extra` routes added (a test's), and the table of every route it has.
pub fn router_with(state: AppState, extra: Table) -> (Router, Vec<Route>) {
    let settings = state.settings().clone();
    let (app, routes) = router::table().merge(extra).into_parts();
    let app = app
        .fallback(html::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            html::current_path::remember,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cross_origin::protect,
        ))
        .with_state(state.clone());
    let provinces = state
        .tenants()
        .iter()
        .map(|t| t.slug().to_string())
        .collect();
    let app = layers::wrap(app, &settings, provinces);
    if !province_host::in_use(&state) {
        return (app, routes);
    }
    // In front of the routes, so that a province's own host name is mapped before routing; the compression
    // after it compresses the pages it rewrote (it leaves answers already compressed as they are).
    let app = Router::new()
        .fallback_service(app)
        .layer(axum::middleware::from_fn_with_state(
            state,
            province_host::serve_on_own_host,
        ))
        // Its own answers (a redirect to another province's host) carry the security headers too; the answers
        // from within keep the ones they have.
        .layer(axum::middleware::from_fn_with_state(
            security_headers::hsts(settings.hsts_max_age_secs),
            security_headers::add,
        ))
        .layer(tower_http::compression::CompressionLayer::new());
    (app, routes)
}
