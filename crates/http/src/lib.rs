//! The web face of doeners: the public JSON API (`/api/v1`, described by OpenAPI), the province portals and
//! the Flanders-wide pages (server-rendered Dutch HTML), and the operations endpoints.
//!
//! Handlers stay thin: extractors resolve the tenant from the path, repositories in `doeners-persistence` do
//! the work, and one error type turns failures into the one JSON error shape or a Dutch error page.

mod api;
mod cross_origin;
mod drain;
mod error;
mod extract;
mod framework_errors;
mod guard;
mod layers;
mod ops;
mod pages;
mod rate_limit;
pub mod routes;
mod search_params;
mod security_headers;
mod session;
mod state;

pub use api::openapi::ApiDoc;
pub use doeners_app::Tenant;
pub use layers::metrics_handle;
pub use ops::metrics_router;
pub use state::{AppState, HttpSettings};

use axum::Router;
use routes::{Route, Table};

/// The whole application: API, pages and operations, with the request layers around them.
pub fn router(state: AppState) -> Router {
    router_with(state, Table::new()).0
}

/// The application with `extra` routes added (a test's), and the table of every route it has.
pub fn router_with(state: AppState, extra: Table) -> (Router, Vec<Route>) {
    let settings = state.settings().clone();
    let (app, routes) = Table::new()
        .merge(ops::routes())
        .nest("/api", api::routes())
        .merge(pages::routes())
        .merge(extra)
        .into_parts();
    let app = app
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cross_origin::protect,
        ))
        .with_state(state);
    (layers::wrap(app, &settings), routes)
}
