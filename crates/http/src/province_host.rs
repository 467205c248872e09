//! A province served on a host name of its own (`hosts` in its tenant file). A request for
//! `limburg.doeners.be/zoeken` is answered by the portal's `/limburg/zoeken`, and the answer's links are written
//! back in that host's terms: `/zoeken` for the province's own pages, full addresses for another province's
//! portal and for the Flanders-wide pages. The pages know one form of address; this edge is the one place that
//! knows the other, as a reverse proxy's path rewriting would.
//!
//! The host name is only ever compared with the configured ones: a forged `Host` header can at most pick
//! another configured province's portal, as its own address would.

use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, Uri, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::AppState;

/// First path segments that mean the same on every host: the API, the operations endpoints, the stylesheet,
/// the Flanders console and the published figures.
const SHARED: &[&str] = &[
    "api",
    "healthz",
    "readyz",
    "metrics",
    "static",
    "admin",
    "cijfers",
    "cijfers.csv",
];

/// Whether any province has a host name of its own (only then does this edge sit in front of the routes).
pub(crate) fn in_use(state: &AppState) -> bool {
    state.tenants().iter().any(|t| !t.profile.hosts.is_empty())
}

pub(crate) async fn serve_on_own_host(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(slug) = province_of_host(&state, &request) else {
        return next.run(request).await;
    };
    let query = request
        .uri()
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    match inbound(&state, &slug, request.uri().path()) {
        Inbound::AsIs => {}
        Inbound::Portal(path) => match format!("{path}{query}").parse::<Uri>() {
            Ok(uri) => *request.uri_mut() = uri,
            Err(_) => return StatusCode::BAD_REQUEST.into_response(),
        },
        Inbound::Elsewhere(address) => {
            return match HeaderValue::try_from(format!("{address}{query}")) {
                Ok(location) => (
                    StatusCode::PERMANENT_REDIRECT,
                    [(header::LOCATION, location)],
                )
                    .into_response(),
                Err(_) => StatusCode::BAD_REQUEST.into_response(),
            };
        }
    }
    // The answer's text is rewritten below; the compression around this edge compresses it afterwards.
    request.headers_mut().remove(header::ACCEPT_ENCODING);
    let response = next.run(request).await;
    outbound(&state, &slug, response).await
}

fn province_of_host(state: &AppState, request: &Request) -> Option<String> {
    let host = match request.uri().host() {
        Some(h) => h.to_string(),
        None => request
            .headers()
            .get(header::HOST)?
            .to_str()
            .ok()?
            .to_string(),
    };
    let name = host
        .split(':')
        .next()?
        .trim_end_matches('.')
        .to_ascii_lowercase();
    state
        .tenants()
        .iter()
        .find(|t| t.profile.hosts.iter().any(|h| h.as_str() == name))
        .map(|t| t.profile.slug.to_string())
}

#[derive(Debug, PartialEq)]
enum Inbound {
    AsIs,
    Portal(String),
    Elsewhere(String),
}

/// A path's first segment and what follows it (from its `/`), however many slashes it starts with.
fn split_first(path: &str) -> (&str, &str) {
    let path = path.trim_start_matches('/');
    match path.find('/') {
        Some(at) => (&path[..at], &path[at..]),
        None => (path, ""),
    }
}

fn inbound(state: &AppState, slug: &str, path: &str) -> Inbound {
    let (first, rest) = split_first(path);
    if SHARED.contains(&first) || first == slug {
        Inbound::AsIs
    } else if state.tenant(first).is_some() {
        Inbound::Elsewhere(format!(
            "{}{}",
            state.services().links.portal(first),
            if rest.is_empty() { "/" } else { rest }
        ))
    } else {
        Inbound::Portal(format!("/{slug}{path}"))
    }
}

/// `value` (a link as the pages write it) as a link on `slug`'s own host.
fn address(state: &AppState, slug: &str, value: &str) -> Option<String> {
    if !value.starts_with('/') || value.starts_with("//") {
        return None;
    }
    let end = value.find(['?', '#']).unwrap_or(value.len());
    let (path, tail) = value.split_at(end);
    let (first, rest) = split_first(path);
    let rest = if rest.is_empty() { "/" } else { rest };
    if first == slug {
        Some(format!("{rest}{tail}"))
    } else if state.tenant(first).is_some() {
        Some(format!(
            "{}{rest}{tail}",
            state.services().links.portal(first)
        ))
    } else if SHARED.contains(&first) {
        None
    } else {
        Some(format!("{}{value}", state.services().links.base()))
    }
}

async fn outbound(state: &AppState, slug: &str, mut response: Response) -> Response {
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| address(state, slug, v))
        .and_then(|v| HeaderValue::try_from(v).ok());
    if let Some(location) = location {
        response.headers_mut().insert(header::LOCATION, location);
    }
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // Pages are made by this server, whole, before they are sent: reading one back costs no more memory.
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let text = match String::from_utf8(bytes.to_vec()) {
        Ok(text) => rewrite_links(&text, |v| address(state, slug, v)),
        Err(e) => return Response::from_parts(parts, Body::from(e.into_bytes())),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(text))
}

/// Rewrites the value of every `href`, `src`, `action` and `formaction` attribute that `map` changes.
fn rewrite_links(html: &str, map: impl Fn(&str) -> Option<String>) -> String {
    const ATTRIBUTES: &[&str] = &[" href=\"", " src=\"", " action=\"", " formaction=\""];
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some((at, attribute)) = ATTRIBUTES
        .iter()
        .filter_map(|a| rest.find(a).map(|i| (i, *a)))
        .min_by_key(|(i, _)| *i)
    {
        let start = at + attribute.len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let Some(end) = rest.find('"') else { break };
        let value = &rest[..end];
        match map(value) {
            Some(new) => out.push_str(&new),
            None => out.push_str(value),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{rewrite_links, split_first};

    #[test]
    fn a_path_splits_after_its_first_segment_however_it_starts() {
        assert_eq!(split_first("/antwerpen/x"), ("antwerpen", "/x"));
        assert_eq!(split_first("//antwerpen/x"), ("antwerpen", "/x"));
        assert_eq!(split_first("/antwerpen"), ("antwerpen", ""));
        assert_eq!(split_first("/"), ("", ""));
    }

    #[test]
    fn only_link_attributes_are_rewritten() {
        let html = r#"<a href="/limburg/zoeken?q=a&amp;b=c">x</a><p>href="/limburg/"</p><form action="/limburg/aanmelden"><img src="/static/x" alt="/limburg/"></form>"#;
        let out = rewrite_links(html, |v| v.strip_prefix("/limburg").map(str::to_string));
        assert_eq!(
            out,
            r#"<a href="/zoeken?q=a&amp;b=c">x</a><p>href="/limburg/"</p><form action="/aanmelden"><img src="/static/x" alt="/limburg/"></form>"#
        );
    }
}
