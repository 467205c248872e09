//! Operations endpoints: liveness, per-tenant readiness and Prometheus metrics.

use std::time::Duration;

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    AppState,
    error::{ApiError, ErrorCode},
    layers::metrics_handle,
};

/// Het proces draait.
#[utoipa::path(get, path = "/healthz", tag = "werking", responses((status = 200, description = "Het proces draait (antwoord: ok)")))]
pub async fn healthz() -> &'static str {
    "ok"
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Readiness {
    /// `ok` when every tenant's database answers, `degraded` otherwise.
    #[schema(example = "ok")]
    pub status: &'static str,
    /// Which tenants are unavailable, in words; absent when all are fine.
    pub message: Option<String>,
    pub tenants: Vec<TenantReadiness>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TenantReadiness {
    #[schema(example = "limburg")]
    pub tenant: String,
    /// `ok` or `unavailable`.
    #[schema(example = "ok")]
    pub status: &'static str,
    pub error: Option<String>,
}

const PING_TIMEOUT: Duration = Duration::from_secs(2);

/// Of de databank van elke provincie antwoordt. Een 503 noemt de provincies die niet antwoorden; de andere
/// werken verder.
#[utoipa::path(get, path = "/readyz", tag = "werking", responses(
    (status = 200, description = "Elke provincie is klaar", body = Readiness),
    (status = 503, description = "De databank van minstens één provincie is niet bereikbaar", body = Readiness),
))]
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let checks = state.tenants().iter().map(|tenant| async move {
        let result = tokio::time::timeout(PING_TIMEOUT, doeners_app::catalogue::ping(tenant)).await;
        let error = match result {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e.to_string()),
            Err(_) => Some(format!("geen antwoord binnen {} s", PING_TIMEOUT.as_secs())),
        };
        TenantReadiness {
            tenant: tenant.profile.slug.to_string(),
            status: if error.is_some() { "unavailable" } else { "ok" },
            error,
        }
    });
    let tenants = futures::future::join_all(checks).await;
    let down: Vec<&str> = tenants
        .iter()
        .filter(|t| t.error.is_some())
        .map(|t| t.tenant.as_str())
        .collect();
    let (status, message) = if down.is_empty() {
        (StatusCode::OK, None)
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Some(format!("niet bereikbaar: {}", down.join(", "))),
        )
    };
    for t in tenants.iter().filter(|t| t.error.is_some()) {
        tracing::warn!(tenant = %t.tenant, error = ?t.error, "tenant not ready");
    }
    let body = Readiness {
        status: if down.is_empty() { "ok" } else { "degraded" },
        message,
        tenants,
    };
    (status, Json(body))
}

/// Prometheus metrics on the main address: only with the configured bearer token, since they tell an outsider
/// the routes, the load and the errors. Without a token configured the route does not exist here; the metrics
/// listener (`metrics_router`) serves them on an address of the operator's choosing.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let expected = state.settings().metrics_token.as_str();
    if expected.is_empty() {
        return ApiError::route_not_found().into_response();
    }
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !same(presented.trim().as_bytes(), expected.as_bytes()) {
        return ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "Geef het metrics-token: Authorization: Bearer <token>.",
        )
        .into_response();
    }
    exposition().into_response()
}

/// Compares in time that depends on the length only, so the token cannot be guessed byte by byte.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn exposition() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        metrics_handle().render(),
    )
}

/// `/metrics` alone, without a token: for the separate metrics listening address.
pub fn metrics_router() -> axum::Router {
    axum::Router::new().route("/metrics", axum::routing::get(|| async { exposition() }))
}
