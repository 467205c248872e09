//! The portals: server-rendered Dutch HTML that works without JavaScript.

mod account;
mod error;
mod flanders;
pub mod layout;
mod offers;
mod organisation;
mod password_reset;
mod portal;
mod search;

use axum::{
    Router,
    http::header,
    response::{IntoResponse, Redirect},
    routing::{get, post},
};

use crate::AppState;

pub use error::PortalTenant;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(flanders::home))
        .route("/static/site.css", get(stylesheet))
        .route("/zoeken", get(search::flanders))
        .route(
            "/{tenant}",
            get(
                |axum::extract::Path(t): axum::extract::Path<String>| async move {
                    Redirect::permanent(&format!("/{t}/"))
                },
            ),
        )
        .route("/{tenant}/", get(portal::home))
        .route("/{tenant}/aanbod", get(offers::list))
        .route("/{tenant}/zoeken", get(search::portal))
        .route("/{tenant}/organisaties/{slug}", get(organisation::profile))
        .route(
            "/{tenant}/registreren",
            get(account::register_form).post(account::register),
        )
        .route("/{tenant}/bevestigen", get(account::verify))
        .route(
            "/{tenant}/aanmelden",
            get(account::login_page).post(account::login),
        )
        .route("/{tenant}/afmelden", post(account::logout))
        .route("/{tenant}/account", get(account::account))
        .route(
            "/{tenant}/wachtwoord-vergeten",
            get(password_reset::request_form).post(password_reset::request),
        )
        .route(
            "/{tenant}/wachtwoord-herstellen",
            get(password_reset::choose_page).post(password_reset::choose),
        )
        .fallback(error::not_found)
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("site.css"),
    )
}
