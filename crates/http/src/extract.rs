//! Extractors: the tenant named in the path, and query strings whose faults answer in the API's error shape.

use doeners_app::records::Page;

use crate::{AppState, Tenant, error::ApiError};
use axum::{
    extract::{FromRequestParts, Query, RawPathParams},
    http::request::Parts,
};

/// The tenant whose slug is the `{tenant}` path segment; an unknown slug is a 404 before the handler runs.
#[derive(Debug, Clone)]
pub struct ResolvedTenant(pub Tenant);

impl FromRequestParts<AppState> for ResolvedTenant {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::route_not_found())?;
        let slug = params
            .iter()
            .find(|(name, _)| *name == "tenant")
            .map(|(_, value)| value.to_string());
        let slug = slug.ok_or_else(ApiError::route_not_found)?;
        state
            .tenant(&slug)
            .cloned()
            .map(Self)
            .ok_or_else(|| ApiError::tenant_not_found(&slug))
    }
}

/// A query string as named values (a name may repeat); the handler parses each one and names the parameter
/// when it is wrong.
#[derive(Debug, Clone, Default)]
pub struct QueryParams(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(pairs) = Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiError::invalid_parameter("query", e.body_text()))?;
        Ok(Self(pairs))
    }
}

impl QueryParams {
    /// The first non-empty value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// Every non-empty value of `name`, in order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name` as given, empty ones too (for a parameter whose empty value is an error).
    pub fn given<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Parses every value of `name` with `parse`.
    pub fn parse_all<T, E: std::fmt::Display>(
        &self,
        name: &str,
        parse: impl Fn(&str) -> Result<T, E>,
    ) -> Result<Vec<T>, ApiError> {
        self.all(name)
            .map(|raw| parse(raw).map_err(|e| ApiError::invalid_parameter(name, e)))
            .collect()
    }

    /// Parses the parameter `name` with `parse` when it is present.
    pub fn parse<T, E: std::fmt::Display>(
        &self,
        name: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<Option<T>, ApiError> {
        self.get(name)
            .map(|raw| parse(raw).map_err(|e| ApiError::invalid_parameter(name, e)))
            .transpose()
    }

    /// As `parse`, for a number: given empty, it is wrong too (a form's empty text field means "not given", but
    /// no form sends an empty number).
    pub fn parse_number<T, E: std::fmt::Display>(
        &self,
        name: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<Option<T>, ApiError> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, raw)| parse(raw).map_err(|e| ApiError::invalid_parameter(name, e)))
            .transpose()
    }

    /// `page` (from 1) and `per_page` (1 to 100, default 20).
    pub fn page(&self) -> Result<Page, ApiError> {
        let max = Page::MAX_PER_PAGE;
        let number = self
            .parse_number("page", |raw| match raw.trim().parse::<u64>() {
                Ok(n) if (1..=100_000).contains(&n) => Ok(n),
                _ => Err("verwacht een paginanummer vanaf 1".to_string()),
            })?
            .unwrap_or(1);
        let per_page = self
            .parse_number("per_page", |raw| match raw.trim().parse::<u64>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(format!("verwacht een aantal van 1 tot {max}")),
            })?
            .unwrap_or(20);
        Ok(Page { number, per_page })
    }
}

/// The address the request came from, as a rate-limit key: the peer of the connection, or, when that is a
/// trusted proxy (`server.trusted_proxies`), the client it forwarded for.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

impl FromRequestParts<crate::AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &crate::AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(peer) = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip())
        else {
            return Ok(Self("onbekend".to_string()));
        };
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok());
        let client = state.settings().trusted_proxies.client(peer, forwarded);
        Ok(Self(client_key(client)))
    }
}

/// An IPv4 address as it is; an IPv6 address by its /64 network, since one subscriber gets a whole /64 and
/// could otherwise take a fresh address, and a fresh rate limit, for every attempt.
fn client_key(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::client_key;

    #[test]
    fn an_ipv6_client_is_its_64_network() {
        let a = client_key("2001:db8:1:2::1".parse().expect("ip"));
        let b = client_key("2001:db8:1:2:ffff::9".parse().expect("ip"));
        assert_eq!(a, b);
        assert_eq!(a, "2001:db8:1:2::/64");
        assert_ne!(a, client_key("2001:db8:1:3::1".parse().expect("ip")));
        assert_eq!(client_key("192.0.2.7".parse().expect("ip")), "192.0.2.7");
        assert_eq!(
            client_key("::ffff:192.0.2.7".parse().expect("ip")),
            "192.0.2.7"
        );
    }
}
