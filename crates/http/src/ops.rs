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
    /// `ok` when every province is ready; `degraded` when this node serves but some province's database does
    /// not answer or it still waits for something (named per province); `unavailable` when no province is ready.
    #[schema(example = "ok")]
    pub status: &'static str,
    /// What is not ready, in words; absent when all is.
    pub message: Option<String>,
    pub tenants: Vec<TenantReadiness>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TenantReadiness {
    #[schema(example = "limburg")]
    pub tenant: String,
    /// `ok`, `unavailable` (its database does not answer) or `waiting` (see `waiting_for`).
    #[schema(example = "ok")]
    pub status: &'static str,
    pub error: Option<String>,
    /// What this node still waits for before it serves the province as it should: its migrations, or its
    /// search index catching up with the province's changes.
    #[schema(example = "zoekindex loopt 12 wijzigingen achter (oudste 7 s)")]
    pub waiting_for: Option<String>,
}

const PING_TIMEOUT: Duration = Duration::from_secs(2);
/// An index this far behind a province's oldest unread change is catching up, not merely between two passes.
const INDEX_BEHIND_SECONDS: f64 = 5.0;

/// Of deze server elke provincie kan bedienen. Een provincie waarvan de databank niet antwoordt of waarop de
/// server nog wacht (migraties, de zoekindex die bijwerkt), wordt genoemd; de andere werken verder, en de server
/// antwoordt 200 zolang minstens één provincie klaar is. Een load balancer haalt hem dus niet uit dienst voor
/// de storing van één provincie, wel zolang hij nog nergens klaar is.
#[utoipa::path(get, path = "/readyz", tag = "werking", responses(
    (status = 200, description = "De server bedient de provincies; `status` zegt of ze alle klaar zijn", body = Readiness),
    (status = 503, description = "Geen enkele provincie is klaar", body = Readiness),
))]
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let checks = state.tenants().iter().map(|tenant| {
        let state = state.clone();
        async move {
            let result =
                tokio::time::timeout(PING_TIMEOUT, doeners_app::catalogue::ping(tenant)).await;
            let error = match result {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(e.to_string()),
                Err(_) => Some(format!("geen antwoord binnen {} s", PING_TIMEOUT.as_secs())),
            };
            let waiting_for = if !tenant.is_prepared() {
                Some("migraties: de databank was niet bereikbaar bij de start".to_string())
            } else {
                state
                    .search()
                    .lag(tenant.slug())
                    .filter(|lag| lag.changes > 0 && lag.oldest_seconds >= INDEX_BEHIND_SECONDS)
                    .map(|lag| {
                        format!(
                            "zoekindex loopt {} wijzigingen achter (oudste {:.0} s)",
                            lag.changes, lag.oldest_seconds
                        )
                    })
            };
            let status = match (&error, &waiting_for) {
                (Some(_), _) => "unavailable",
                (None, Some(_)) => "waiting",
                (None, None) => "ok",
            };
            TenantReadiness {
                tenant: tenant.profile.slug.to_string(),
                status,
                error,
                waiting_for,
            }
        }
    });
    let tenants = futures::future::join_all(checks).await;
    let named = |status: &str| -> Vec<&str> {
        tenants
            .iter()
            .filter(|t| t.status == status)
            .map(|t| t.tenant.as_str())
            .collect()
    };
    let (down, waiting) = (named("unavailable"), named("waiting"));
    let mut said = Vec::new();
    if !down.is_empty() {
        said.push(format!("niet bereikbaar: {}", down.join(", ")));
    }
    if !waiting.is_empty() {
        said.push(format!("wacht nog: {}", waiting.join(", ")));
    }
    for t in tenants.iter().filter(|t| t.status != "ok") {
        tracing::warn!(tenant = %t.tenant, error = ?t.error, waiting_for = ?t.waiting_for, "tenant not ready");
    }
    let serving = tenants.iter().any(|t| t.status == "ok");
    let (code, status) = match (serving, said.is_empty()) {
        (false, _) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
        (true, true) => (StatusCode::OK, "ok"),
        (true, false) => (StatusCode::OK, "degraded"),
    };
    let body = Readiness {
        status,
        message: (!said.is_empty()).then(|| said.join("; ")),
        tenants,
    };
    (code, Json(body))
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
