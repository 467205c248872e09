//! Error pages in Dutch, and the extractor that finds a portal's tenant or answers with such a page.

use axum::{
    extract::FromRequestParts,
    http::{StatusCode, request::Parts},
    response::{IntoResponse, Response},
};
use maud::html;

use super::layout;
use crate::{AppState, Tenant, error::ApiError, extract::ResolvedTenant};

/// An `ApiError` shown as a page instead of JSON.
#[derive(Debug)]
pub struct PageError(pub ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        Self(e)
    }
}

impl From<doeners_app::AppError> for PageError {
    fn from(e: doeners_app::AppError) -> Self {
        Self(e.into())
    }
}

impl From<doeners_app::records::PersistenceError> for PageError {
    fn from(e: doeners_app::records::PersistenceError) -> Self {
        Self(e.into())
    }
}

/// Why a signed-in page did not answer: refused by the matrix, or an error.
#[derive(Debug)]
pub enum Failure {
    Refused(crate::guard::Refusal),
    Error(PageError),
}

impl From<crate::guard::Refusal> for Failure {
    fn from(r: crate::guard::Refusal) -> Self {
        Self::Refused(r)
    }
}

impl<E: Into<PageError>> From<E> for Failure {
    fn from(e: E) -> Self {
        Self::Error(e.into())
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        match self {
            Self::Refused(r) => r.into_response(),
            Self::Error(e) => e.into_response(),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let title = match self.0.status {
            StatusCode::NOT_FOUND => "Niet gevonden",
            StatusCode::SERVICE_UNAVAILABLE => "Tijdelijk niet beschikbaar",
            StatusCode::BAD_REQUEST => "Ongeldige vraag",
            _ => "Er ging iets mis",
        };
        let body = layout::page(
            title,
            None,
            html! {
                h1 { (title) }
                p { (self.0.message) }
                p { a href="/" { "Naar de startpagina" } }
            },
        );
        (self.0.status, body).into_response()
    }
}

/// The portal's tenant, from the `{tenant}` path segment.
#[derive(Debug, Clone)]
pub struct PortalTenant(pub Tenant);

impl FromRequestParts<AppState> for PortalTenant {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ResolvedTenant(tenant) = ResolvedTenant::from_request_parts(parts, state).await?;
        Ok(Self(tenant))
    }
}

pub async fn not_found() -> PageError {
    PageError(ApiError::route_not_found())
}
