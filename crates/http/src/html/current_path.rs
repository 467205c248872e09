//! The path of the request a page answers, for the navigation's `aria-current`: set around every request by a
//! middleware, read by the layout, so no handler has to pass it on.

use axum::{extract::Request, middleware::Next, response::Response};

tokio::task_local! {
    static PATH: String;
}

pub(crate) async fn remember(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    PATH.scope(path, next.run(request)).await
}

/// The current request's path; empty outside a request (a test rendering a page on its own).
pub(crate) fn current() -> String {
    PATH.try_with(Clone::clone).unwrap_or_default()
}
