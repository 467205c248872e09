//! Cross-site request forgery: a request that changes something (any method but GET, HEAD and OPTIONS) is
//! refused when the browser says it comes from another site — by `Sec-Fetch-Site`, or, from browsers that do
//! not send that, by an `Origin` that is not this host. Requests without either header (integrations with
//! an API token, command-line tools) are not a browser acting for someone else and pass. Forms of signed-in
//! pages also carry the session's CSRF token.

use axum::{
    extract::Request,
    http::{Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

pub async fn protect(request: Request, next: Next) -> Response {
    if is_cross_site(&request) {
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Geweigerd: dit formulier werd vanaf een andere website verstuurd.",
        )
            .into_response();
    }
    next.run(request).await
}

fn is_cross_site(request: &Request) -> bool {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return false;
    }
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin.split_once("://").map_or("", |(_, rest)| rest);
    origin == "null" || !origin_host.eq_ignore_ascii_case(host)
}
