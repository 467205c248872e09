//! What the layout knows of the request a page answers, without every handler passing it on: its path (for the
//! navigation's `aria-current`) and whether a province's administrator is signed in there (for the header's
//! link to the administrators' tools). Set around every request by a middleware, read by the layout.

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use doeners_domain::access::Role;

use crate::AppState;

#[derive(Debug, Clone, Default)]
pub(crate) struct Asked {
    pub path: String,
    pub province_admin: bool,
}

tokio::task_local! {
    static ASKED: Asked;
}

pub(crate) async fn remember(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let province_admin = province_admin(&state, &path, request.headers()).await;
    ASKED
        .scope(
            Asked {
                path,
                province_admin,
            },
            next.run(request),
        )
        .await
}

/// Only a portal's pages ask, and only with that portal's session cookie; a session that cannot be read is
/// as good as none here (the page's own guard decides what it shows).
async fn province_admin(state: &AppState, path: &str, headers: &axum::http::HeaderMap) -> bool {
    let Some(slug) = path.trim_start_matches('/').split('/').next() else {
        return false;
    };
    let Some(tenant) = state.tenant(slug) else {
        return false;
    };
    // Only this province's own session cookie costs a query; one of another province names no one here.
    if crate::session::id_from(headers, &crate::session::cookie_name(state, tenant)).is_none() {
        return false;
    }
    matches!(
        crate::session::current(state, tenant, headers).await,
        Ok(Some((_, active))) if active.account.role == Role::ProvinceAdmin
    )
}

/// The current request; empty outside one (a test rendering a page on its own).
pub(crate) fn asked() -> Asked {
    ASKED.try_with(Clone::clone).unwrap_or_default()
}
