//! Cross-site request forgery: a request that changes something (any method but GET, HEAD and OPTIONS) is
//! refused when the browser says it comes from another site — by `Sec-Fetch-Site`, or, from browsers that do
//! not send that, by an `Origin` that is not this host with the scheme of the platform's public address (a page
//! served over plain HTTP on the same host is another origin). Requests without either header (integrations with
//! an API token, command-line tools) are not a browser acting for someone else and pass. Forms of signed-in
//! pages also carry the session's CSRF token.

use axum::{
    extract::{Request, State},
    http::{Method, StatusCode, header},
    middleware::Next,
    response::Response,
};

use crate::{AppState, error::ErrorCode};

pub async fn protect(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let scheme = state
        .settings()
        .link_base()
        .split_once("://")
        .map_or("http", |(scheme, _)| scheme);
    if is_cross_site(&request, scheme) {
        return crate::framework_errors::answer(
            request.uri().path().starts_with("/api/"),
            StatusCode::FORBIDDEN,
            ErrorCode::CrossSite,
            "Geweigerd: dit formulier werd vanaf een andere website verstuurd.",
        );
    }
    next.run(request).await
}

fn is_cross_site(request: &Request, scheme: &str) -> bool {
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
    !origin.eq_ignore_ascii_case(&format!("{scheme}://{host}"))
}
