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
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::CompressionLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::Level;

use crate::HttpSettings;

/// Seconds: the engine needs about a millisecond; a quarter of a second is what the alert calls slow.
const SEARCH_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
];

static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The process-wide Prometheus recorder, installed on first use.
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            // The search's time as a histogram with buckets (not a summary), so that Prometheus can add up the
            // nodes and take a percentile over them (the slow-search alert in deploy/prometheus).
            let builder = PrometheusBuilder::new();
            let builder = builder
                .set_buckets_for_metric(
                    Matcher::Full("doeners_search_duration_seconds".to_string()),
                    SEARCH_BUCKETS,
                )
                .unwrap_or_else(|_| PrometheusBuilder::new());
            match builder.install_recorder() {
                Ok(handle) => handle,
                // Another recorder is installed already (a test harness): keep a private one.
                Err(_) => PrometheusBuilder::new().build_recorder().handle(),
            }
        })
        .clone()
}

/// The province a request is for, as its path names it (`/limburg/...`, `/api/v1/tenants/limburg/...`,
/// `/admin/limburg/...`), or `-`: a field of the request's span, so that every log line of the request names it.
fn province_of<'a>(path: &'a str, provinces: &[String]) -> &'a str {
    let mut segments = path.trim_start_matches('/').split('/');
    let first = segments.next().unwrap_or_default();
    let candidate = match first {
        "api" => segments.nth(2).unwrap_or_default(),
        "admin" => segments.next().unwrap_or_default(),
        _ => first,
    };
    if provinces.iter().any(|p| p == candidate) {
        candidate
    } else {
        "-"
    }
}

pub fn wrap(app: Router, settings: &HttpSettings, provinces: Vec<String>) -> Router {
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
                .make_span_with(move |request: &Request| {
                    let id = request.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    let province = province_of(request.uri().path(), &provinces);
                    tracing::info_span!("request", method = %request.method(), uri = %request.uri(), request_id = %id, province = %province)
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

#[cfg(test)]
mod tests {
    use super::province_of;

    #[test]
    fn a_request_is_for_the_province_its_path_names() {
        let provinces = vec!["limburg".to_string(), "vlaams-brabant".to_string()];
        for (path, province) in [
            ("/limburg/zoeken", "limburg"),
            ("/limburg", "limburg"),
            ("/api/v1/tenants/vlaams-brabant/offers", "vlaams-brabant"),
            ("/admin/limburg/logboek", "limburg"),
            ("/api/v1/search", "-"),
            ("/zoeken", "-"),
            ("/", "-"),
        ] {
            assert_eq!(province_of(path, &provinces), province, "{path}");
        }
    }
}
