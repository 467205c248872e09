//! Headers that tell browsers to refuse what the platform never does: run scripts, load from elsewhere, be
//! framed by another site, guess content types, or leak full addresses to other sites. HSTS is sent only when
//! configured, because it binds the host to HTTPS for as long as it says.

use axum::{
    extract::{Request, State},
    http::{HeaderName, HeaderValue, header},
    middleware::Next,
    response::Response,
};

/// No scripts at all; styles from our own stylesheet (a province's colour comes in a `style` attribute).
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'none'; style-src 'self'; \
     style-src-attr 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

pub async fn add(
    State(hsts): State<Option<HeaderValue>>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        // Private unless a handler says otherwise: pages show who is signed in, forms echo what was typed and
        // links carry tokens, so no browser or proxy may keep an answer that did not ask to be kept.
        (header::CACHE_CONTROL, "no-store"),
    ];
    for (name, value) in fixed {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    if let Some(hsts) = hsts {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, hsts);
    }
    response
}

/// The HSTS header for `max_age_secs`, or none when it is 0.
pub fn hsts(max_age_secs: u64) -> Option<HeaderValue> {
    (max_age_secs > 0)
        .then(|| HeaderValue::from_str(&format!("max-age={max_age_secs}; includeSubDomains")).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::hsts;

    #[test]
    fn hsts_only_when_configured() {
        assert_eq!(hsts(0), None);
        assert_eq!(
            hsts(31_536_000).as_ref().and_then(|v| v.to_str().ok()),
            Some("max-age=31536000; includeSubDomains")
        );
    }
}
