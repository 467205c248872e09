//! The session cookie of a portal: one per province (a Limburg session means nothing in Antwerpen), `HttpOnly`,
//! `SameSite=Lax`, and over HTTPS `Secure` with the `__Host-` prefix that pins it to this host.

use axum::http::{HeaderMap, HeaderValue, header};
use doeners_app::{Realm, records::ActiveSession};

use crate::{AppState, Tenant, error::ApiError};

pub fn cookie_name(state: &AppState, tenant: &Tenant) -> String {
    cookie_name_for(state, tenant.profile.slug.as_str())
}

/// The cookie of a province, or of the Flanders console (`vlaanderen`).
pub fn cookie_name_for(state: &AppState, slug: &str) -> String {
    if state.settings().secure_cookies {
        format!("__Host-sessie-{slug}")
    } else {
        format!("sessie-{slug}")
    }
}

/// The `Set-Cookie` value that hands out `id`, or (with `None`) removes the cookie.
pub fn set_cookie(state: &AppState, tenant: &Tenant, id: Option<&str>) -> HeaderValue {
    set_cookie_for(state, tenant.profile.slug.as_str(), id)
}

pub fn set_cookie_for(state: &AppState, slug: &str, id: Option<&str>) -> HeaderValue {
    let secure = if state.settings().secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let value = match id {
        Some(id) => format!(
            "{}={id}; Path=/; HttpOnly; SameSite=Lax{secure}",
            cookie_name_for(state, slug)
        ),
        None => format!(
            "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}",
            cookie_name_for(state, slug)
        ),
    };
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The session id the request carries for this province.
pub fn id_from(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

/// The valid session of this request, with its id.
pub async fn current(
    state: &AppState,
    tenant: &Tenant,
    headers: &HeaderMap,
) -> Result<Option<(String, ActiveSession)>, ApiError> {
    let Some(id) = id_from(headers, &cookie_name(state, tenant)) else {
        return Ok(None);
    };
    Ok(
        doeners_app::sessions::active(Realm::Province(tenant), &id, &state.settings().session)
            .await?
            .map(|s| (id, s)),
    )
}

/// Whether a posted form carries the token of `active`, the session it was sent in: the one check against
/// cross-site form posts for every signed-in form, portal and console alike.
pub fn form_belongs_to(active: &ActiveSession, fields: &crate::html::Fields) -> bool {
    crate::html::field(fields, "csrf") == active.csrf_token
}
