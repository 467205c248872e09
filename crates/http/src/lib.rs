//! The web face of doeners: the public JSON API (`/api/v1`, described by OpenAPI), the province portals and
//! the Flanders-wide pages (server-rendered Dutch HTML), and the operations endpoints.
//!
//! Handlers stay thin: extractors resolve the tenant from the path, repositories in `doeners-persistence` do
//! the work, and one error type turns failures into the one JSON error shape or a Dutch error page.

mod api;
mod cross_origin;
mod error;
mod extract;
mod layers;
pub mod mail;
mod ops;
mod pages;
mod passwords;
mod rate_limit;
mod search_params;
mod security_headers;
mod session;
mod state;

pub use api::openapi::ApiDoc;
pub use layers::metrics_handle;
pub use state::{AppState, HttpSettings, Tenant};

use axum::Router;

/// The whole application: API, pages and operations, with the request layers around them.
pub fn router(state: AppState) -> Router {
    let settings = state.settings().clone();
    let app = Router::new()
        .merge(ops::routes())
        .nest("/api", api::routes())
        .merge(pages::routes())
        .layer(axum::middleware::from_fn(cross_origin::protect))
        .with_state(state);
    layers::wrap(app, &settings)
}
