//! The HTML face: the page layout, the form widgets, the field sets of the organisation and offer forms, the
//! refusals and errors as pages, and the stylesheet.

pub(crate) mod current_path;
pub mod error;
pub mod fieldsets;
pub mod layout;
pub mod service_area_controls;
pub mod widgets;

use axum::{http::header, response::IntoResponse};

pub use error::{Failure, PageError, PortalTenant, not_found};
pub(crate) use widgets::{Fields, field};

pub(crate) async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("site.css"),
    )
}
