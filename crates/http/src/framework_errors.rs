//! Answers the web framework makes on its own (a body too large, a form that cannot be read, a timeout, a
//! panic) come as short English text. This layer gives them the platform's shape: `{"error","message"}` in
//! Dutch on the API, a Dutch page elsewhere, keeping the status and headers such as `Retry-After` and `Allow`.

use axum::{
    extract::{Request, State},
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use maud::html;

use crate::{
    error::{ApiError, ErrorCode},
    html::layout,
};

/// The request body limit in bytes, to name it in the 413 answer.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

pub async fn in_dutch(State(limit): State<BodyLimit>, request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if content_type.starts_with("application/json") || content_type.starts_with("text/html") {
        return response;
    }
    let (code, message) = explain(status, api, limit);
    let mut fresh = answer(api, status, code, &message);
    for (name, value) in response.headers() {
        // The new body is plain: the old one's length and encoding (gzip, from the compression layer) do not apply.
        if name != header::CONTENT_TYPE
            && name != header::CONTENT_LENGTH
            && name != header::CONTENT_ENCODING
        {
            fresh
                .headers_mut()
                .entry(name)
                .or_insert_with(|| value.clone());
        }
    }
    fresh
}

/// An error in the platform's shape: JSON on the API, a page elsewhere.
pub fn answer(api: bool, status: StatusCode, code: ErrorCode, message: &str) -> Response {
    if api {
        return ApiError::new(status, code, message).into_response();
    }
    let title = match status {
        StatusCode::FORBIDDEN => "Geweigerd",
        StatusCode::NOT_FOUND => "Niet gevonden",
        StatusCode::PAYLOAD_TOO_LARGE => "Formulier te groot",
        StatusCode::SERVICE_UNAVAILABLE => "Tijdelijk niet beschikbaar",
        s if s.is_server_error() => "Er ging iets mis",
        _ => "Ongeldige vraag",
    };
    layout::answer(
        status,
        title,
        None,
        html! {
            h1 { (title) }
            p { (message) }
            @if let Some(step) = next_step(status) { p { (step) } }
            p { a href="/" { "Naar de startpagina" } }
        },
    )
}

/// What a person can do about it, on a page.
fn next_step(status: StatusCode) -> Option<&'static str> {
    match status {
        StatusCode::FORBIDDEN => {
            Some("Open het formulier opnieuw op doeners zelf en verstuur het van daaruit.")
        }
        StatusCode::PAYLOAD_TOO_LARGE => Some(
            "Ga terug in uw browser, maak de lange teksten korter en verstuur het formulier opnieuw.",
        ),
        s if s.is_server_error() => Some(
            "Probeer het straks opnieuw. Blijft het misgaan, mail dan het contactadres van uw provincie.",
        ),
        _ => None,
    }
}

fn explain(status: StatusCode, api: bool, BodyLimit(limit): BodyLimit) -> (ErrorCode, String) {
    let what = if api { "JSON" } else { "een formulier" };
    match status {
        StatusCode::PAYLOAD_TOO_LARGE => (
            ErrorCode::PayloadTooLarge,
            format!(
                "De inhoud is te groot: hoogstens {} kB.",
                limit.div_ceil(1024)
            ),
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            ErrorCode::UnsupportedMediaType,
            format!("Verstuur de inhoud als {what}, met het juiste Content-Type."),
        ),
        StatusCode::METHOD_NOT_ALLOWED => (
            ErrorCode::MethodNotAllowed,
            "Deze methode kan niet op dit adres.".to_string(),
        ),
        StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST => (
            ErrorCode::InvalidBody,
            format!("De inhoud kon niet gelezen worden: verwacht {what} met de gevraagde velden."),
        ),
        StatusCode::FORBIDDEN => (
            ErrorCode::Forbidden,
            "Geweigerd: deze vraag is hier niet toegestaan.".to_string(),
        ),
        StatusCode::NOT_FOUND => (
            ErrorCode::NotFound,
            "Deze pagina of dit adres bestaat niet.".to_string(),
        ),
        StatusCode::REQUEST_TIMEOUT | StatusCode::SERVICE_UNAVAILABLE => (
            ErrorCode::Timeout,
            "Het antwoord bleef te lang uit. Probeer het straks opnieuw.".to_string(),
        ),
        s if s.is_server_error() => (
            ErrorCode::InternalError,
            "Er ging iets mis aan onze kant.".to_string(),
        ),
        _ => (
            ErrorCode::InvalidRequest,
            "Deze vraag kan niet beantwoord worden.".to_string(),
        ),
    }
}
