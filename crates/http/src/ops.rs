//! Operations endpoints: liveness, per-tenant readiness and Prometheus metrics.

use std::time::Duration;

use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{AppState, layers::metrics_handle, routes::Table};

pub fn routes() -> Table {
    Table::new()
        .get("/healthz", healthz)
        .get("/readyz", readyz)
        .get("/metrics", metrics)
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "werking", responses((status = 200, description = "ok")))]
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

/// Whether each tenant's database answers. 503 names the tenants that do not; the others keep serving.
#[utoipa::path(get, path = "/readyz", tag = "werking", responses(
    (status = 200, description = "Every tenant is ready", body = Readiness),
    (status = 503, description = "At least one tenant's database is unreachable", body = Readiness),
))]
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let checks = state.tenants().iter().map(|tenant| async move {
        let result = tokio::time::timeout(PING_TIMEOUT, tenant.db.ping()).await;
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

async fn metrics() -> impl IntoResponse {
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4",
        )],
        metrics_handle().render(),
    )
}
