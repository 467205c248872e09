//! The one error type of the API. Every failure answers `{"error": "<stable_code>", "message": "<Dutch text>"}`;
//! database trouble is logged in full and shown to the user only as a short, honest sentence.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use doeners_app::records::PersistenceError;
use serde::Serialize;
use utoipa::ToSchema;

/// The stable codes of the error shape: what a client acts on (the message is for people, and may change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    CrossSite,
    Forbidden,
    InternalError,
    InvalidBody,
    InvalidFields,
    InvalidParameter,
    InvalidRequest,
    InvalidToken,
    MethodNotAllowed,
    NotFound,
    OfferNotFound,
    OrganisationNotFound,
    OutOfTurn,
    PayloadTooLarge,
    SearchFailed,
    Taken,
    TenantNotFound,
    TooManyRequests,
    TenantUnavailable,
    Timeout,
    Unauthorized,
    UnsupportedMediaType,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CrossSite => "cross_site",
            Self::Forbidden => "forbidden",
            Self::InternalError => "internal_error",
            Self::InvalidBody => "invalid_body",
            Self::InvalidFields => "invalid_fields",
            Self::InvalidParameter => "invalid_parameter",
            Self::InvalidRequest => "invalid_request",
            Self::InvalidToken => "invalid_token",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::NotFound => "not_found",
            Self::OfferNotFound => "offer_not_found",
            Self::OrganisationNotFound => "organisation_not_found",
            Self::OutOfTurn => "out_of_turn",
            Self::PayloadTooLarge => "payload_too_large",
            Self::SearchFailed => "search_failed",
            Self::Taken => "taken",
            Self::TenantNotFound => "tenant_not_found",
            Self::TooManyRequests => "too_many_requests",
            Self::TenantUnavailable => "tenant_unavailable",
            Self::Timeout => "timeout",
            Self::Unauthorized => "unauthorized",
            Self::UnsupportedMediaType => "unsupported_media_type",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub message: String,
}

/// The JSON body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// A stable, snake_case code a client can act on, e.g. `tenant_not_found`.
    #[schema(example = "tenant_not_found")]
    pub error: String,
    /// A Dutch sentence for people.
    #[schema(example = "Onbekende provincie 'gelderland'.")]
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn tenant_not_found(slug: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorCode::TenantNotFound,
            format!("Onbekende provincie '{slug}'."),
        )
    }

    pub fn not_found(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }

    pub fn invalid_parameter(name: &str, reason: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidParameter,
            format!("Ongeldige parameter '{name}': {reason}."),
        )
    }

    pub fn route_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            "Deze pagina of dit adres bestaat niet.",
        )
    }
}

impl From<PersistenceError> for ApiError {
    fn from(err: PersistenceError) -> Self {
        match &err {
            PersistenceError::Unavailable { tenant, .. } => {
                tracing::warn!(error = %err, "tenant database unavailable");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::TenantUnavailable,
                    format!(
                        "De gegevens van {} zijn tijdelijk niet bereikbaar. Probeer het straks opnieuw; de andere provincies en het zoeken in heel Vlaanderen werken gewoon.",
                        match doeners_domain::ProvinceRef::by_slug(tenant) {
                            Some(province) => format!("de provincie {}", province.name),
                            None => tenant.to_string(),
                        }
                    ),
                )
            }
            _ => {
                tracing::error!(error = %err, "request failed");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorCode::InternalError,
                    "Er ging iets mis aan onze kant.",
                )
            }
        }
    }
}

impl From<doeners_app::AppError> for ApiError {
    fn from(err: doeners_app::AppError) -> Self {
        use doeners_domain::access::Decision;
        match err {
            doeners_app::AppError::Persistence(e) => e.into(),
            doeners_app::AppError::Refused(Decision::SignIn) => Self::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::Unauthorized,
                "Meld u eerst aan.",
            ),
            doeners_app::AppError::Refused(Decision::Forbidden) => Self::new(
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
                "U mag dit niet doen.",
            ),
            doeners_app::AppError::Refused(_) => {
                Self::not_found(ErrorCode::NotFound, "Deze pagina bestaat niet.")
            }
            doeners_app::AppError::Hash(e) => {
                tracing::error!(error = %e, "password hash failed");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorCode::InternalError,
                    "Er ging iets mis aan onze kant.",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(ErrorBody {
                error: self.code.as_str().to_string(),
                message: self.message,
            }),
        )
            .into_response()
    }
}
