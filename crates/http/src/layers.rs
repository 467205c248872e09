//! What wraps every request: a request id (taken from `x-request-id` or made), a tracing span carrying it,
//! metrics, a timeout, a body size limit, compression and the security headers.

use std::{sync::OnceLock, time::Instant};

use axum::{
    Router,
    extract::{DefaultBodyLimit, MatchedPath, Request},
    http::{HeaderName, StatusCode},
    middleware::{self, Next},
    response::Response,
};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::CompressionLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::Level;

use crate::HttpSettings;

static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The process-wide Prometheus recorder, installed on first use.
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new();
            match builder.install_recorder() {
                Ok(handle) => handle,
                // Another recorder is installed already (a test harness): keep a private one.
                Err(_) => PrometheusBuilder::new().build_recorder().handle(),
            }
        })
        .clone()
}

pub fn wrap(app: Router, settings: &HttpSettings) -> Router {
    let _ = metrics_handle();
    // The last layer added is the outermost: the request id exists before the trace span opens.
    let hsts = crate::security_headers::hsts(settings.hsts_max_age_secs);
    app.layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(hsts, crate::security_headers::add))
        .layer(DefaultBodyLimit::max(settings.body_limit_bytes))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, settings.request_timeout))
        // Outside the timeout: reading a leftover body (5 s at most) must not turn a ready answer into a 503.
        .layer(middleware::from_fn_with_state(
            crate::drain::DrainLimit(settings.body_limit_bytes),
            crate::drain::leftover_body,
        ))
        .layer(middleware::from_fn(record_metrics))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID.clone()))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    let id = request.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", method = %request.method(), uri = %request.uri(), request_id = %id)
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID.clone(), MakeRequestUuid))
        // A bug that panics answers 500 instead of dropping the connection (and is logged by the trace span).
        .layer(CatchPanicLayer::new())
        .layer(middleware::from_fn_with_state(
            crate::framework_errors::BodyLimit(settings.body_limit_bytes),
            crate::framework_errors::in_dutch,
        ))
}

async fn record_metrics(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let method = request.method().to_string();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "method" => method, "route" => route.clone(), "status" => status).increment(1);
    metrics::histogram!("http_request_duration_seconds", "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}
