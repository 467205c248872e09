//! The portals: server-rendered Dutch HTML that works without JavaScript.

mod account;
mod account_settings;
mod api_tokens;
mod console;
mod error;
mod fieldsets;
mod flanders;
pub mod layout;
mod manage;
mod offers;
mod organisation;
mod password_reset;
mod personal_data;
mod portal;
mod register_organisation;
mod review;
mod search;

use axum::{
    http::header,
    response::{IntoResponse, Redirect},
};

use crate::routes::Table;

pub(crate) use account::{Fields, field};
pub use error::{Failure, PageError, PortalTenant, not_found};

pub fn routes() -> Table {
    Table::new()
        .get("/", flanders::home)
        .get("/static/site.css", stylesheet)
        .get("/zoeken", search::flanders)
        .get("/{tenant}", portal_root)
        .get("/{tenant}/", portal::home)
        .get("/{tenant}/aanbod", offers::list)
        .get("/{tenant}/zoeken", search::portal)
        .get("/{tenant}/organisaties/{slug}", organisation::profile)
        .get("/{tenant}/registreren", account::register_form)
        .post("/{tenant}/registreren", account::register)
        .get(
            "/{tenant}/registreren/organisatie",
            register_organisation::form,
        )
        .post(
            "/{tenant}/registreren/organisatie",
            register_organisation::submit,
        )
        .get("/{tenant}/bevestigen", account::verify)
        .get("/{tenant}/aanmelden", account::login_page)
        .post("/{tenant}/aanmelden", account::login)
        .post("/{tenant}/afmelden", account::logout)
        .get("/{tenant}/account", account::account)
        .post(
            "/{tenant}/account/wachtwoord",
            account_settings::change_password,
        )
        .post(
            "/{tenant}/account/e-mailadres",
            account_settings::change_email,
        )
        .post(
            "/{tenant}/account/bedrijf",
            account_settings::change_company,
        )
        .get(
            "/{tenant}/e-mailadres-bevestigen",
            account_settings::confirm_email,
        )
        .get("/{tenant}/account/gegevens", personal_data::export)
        .post("/{tenant}/account/verwijderen", personal_data::delete)
        .post("/{tenant}/account/api-sleutels", api_tokens::create)
        .post(
            "/{tenant}/account/api-sleutels/{id}/intrekken",
            api_tokens::revoke,
        )
        .get(
            "/{tenant}/wachtwoord-vergeten",
            password_reset::request_form,
        )
        .post("/{tenant}/wachtwoord-vergeten", password_reset::request)
        .get(
            "/{tenant}/wachtwoord-herstellen",
            password_reset::choose_page,
        )
        .post("/{tenant}/wachtwoord-herstellen", password_reset::choose)
        .get("/{tenant}/organisaties/{slug}/beheren", manage::overview)
        .post(
            "/{tenant}/organisaties/{slug}/beheren",
            manage::update_profile,
        )
        .post("/{tenant}/organisaties/{slug}/aanbod", manage::create_offer)
        .get(
            "/{tenant}/organisaties/{slug}/aanbod/{id}",
            manage::offer_form,
        )
        .post(
            "/{tenant}/organisaties/{slug}/aanbod/{id}",
            manage::update_offer,
        )
        .get("/{tenant}/beheer/aanvragen", review::queue)
        .post("/{tenant}/beheer/aanvragen/{account}", review::decide)
        .get("/{tenant}/beheer/organisaties", review::organisations)
        .get("/{tenant}/beheer/logboek", review::audit_log)
        .get("/admin", console::home)
        .get("/admin/aanmelden", console::login_page)
        .post("/admin/aanmelden", console::login)
        .post("/admin/afmelden", console::logout)
        .post("/admin/{tenant}/beheerders", console::create_province_admin)
        .post(
            "/admin/{tenant}/beheerders/{account}",
            console::change_province_admin,
        )
        .get("/admin/{tenant}/logboek", console::audit_log)
}

/// `/limburg` to `/limburg/`: only for a province of the platform, and only to that province's own path, so
/// the route cannot send anyone elsewhere.
async fn portal_root(PortalTenant(tenant): PortalTenant) -> Redirect {
    Redirect::permanent(&format!("/{}/", tenant.profile.slug))
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
