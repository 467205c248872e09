//! One province's database away: /readyz names it (the node still serves, so it stays in a load balancer's
//! rotation), the province answers 503 and the other four keep serving.

use doeners_tests::{Backend, TestApp};

/// Nothing listens on port 1; the database there is unreachable.
const UNREACHABLE: &str = "postgres://postgres@127.0.0.1:1/doeners";

async fn scenario(backend: Backend) {
    let Some(app) = TestApp::with_overrides(backend, &[("limburg", UNREACHABLE)]).await else {
        return;
    };
    let (status, body) = app.get_json("/readyz").await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "degraded");
    assert!(
        body["message"]
            .as_str()
            .expect("message")
            .contains("limburg")
    );
    for tenant in body["tenants"].as_array().expect("tenants") {
        let expected = if tenant["tenant"] == "limburg" {
            "unavailable"
        } else {
            "ok"
        };
        assert_eq!(tenant["status"], expected, "{tenant}");
    }
    let (status, body) = app.get_json("/api/v1/tenants/limburg/organisations").await;
    assert_eq!(status, 503);
    assert_eq!(body["error"], "tenant_unavailable");
    let (status, _, html) = app.get("/limburg/").await;
    assert_eq!(status, 503);
    assert!(html.contains("tijdelijk niet bereikbaar"));
    for slug in [
        "antwerpen",
        "oost-vlaanderen",
        "vlaams-brabant",
        "west-vlaanderen",
    ] {
        let (status, _) = app
            .get_json(&format!("/api/v1/tenants/{slug}/organisations"))
            .await;
        assert_eq!(status, 200, "{slug} keeps answering");
    }
    let (status, _, html) = app.get("/").await;
    assert_eq!(status, 200, "the Flanders page stays up");
    assert!(html.contains("Tijdelijk niet bereikbaar."));
}

#[tokio::test]
async fn an_unreachable_tenant_is_named_while_the_others_serve_sqlite() {
    scenario(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_unreachable_tenant_is_named_while_the_others_serve_postgres() {
    scenario(Backend::Postgres).await;
}

#[tokio::test]
async fn healthz_and_metrics_answer() {
    let settings = doeners_http::HttpSettings {
        metrics_token: "metrics-token".to_string(),
        ..doeners_http::HttpSettings::default()
    };
    let app = TestApp::with_settings(Backend::Sqlite, settings)
        .await
        .expect("SQLite");
    let (status, _, body) = app.get("/healthz").await;
    assert_eq!((status, body.as_str()), (200, "ok"));
    let _ = app.get("/api/v1/tenants").await;
    let request = axum::http::Request::get("/metrics")
        .header("authorization", "Bearer metrics-token")
        .body(axum::body::Body::empty())
        .expect("request");
    let (status, headers, body) = app.send(request).await;
    assert_eq!(status, 200);
    assert!(
        headers["content-type"]
            .to_str()
            .expect("text")
            .starts_with("text/plain")
    );
    assert!(body.contains("http_requests_total"), "{body}");
}
