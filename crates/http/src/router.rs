//! Every route of the platform, in one place: the operations endpoints, the JSON API under `/api`, the portals
//! and the Flanders administrators' console. Each is added through `routes::Table`, which keeps the list the
//! authorization test walks.

use crate::{api, console, error::ApiError, evaluation, html, ops, portal, routes::Table};

const ORGANISATION: &str = "/v1/tenants/{tenant}/organisations/{slug}";
const OFFERS: &str = "/v1/tenants/{tenant}/organisations/{slug}/offers";
const OFFER: &str = "/v1/tenants/{tenant}/organisations/{slug}/offers/{id}";
const REQUESTS: &str = "/v1/tenants/{tenant}/contact-requests";
const REQUEST: &str = "/v1/tenants/{tenant}/contact-requests/{id}";
const QUESTIONS: &str = "/v1/tenants/{tenant}/questions";
const QUESTION: &str = "/v1/tenants/{tenant}/questions/{id}";

/// The operations endpoints: liveness, readiness, metrics.
fn operations() -> Table {
    Table::new()
        .get("/healthz", ops::healthz)
        .get("/readyz", ops::readyz)
        .get("/metrics", ops::metrics)
}

/// The JSON API, nested under `/api`.
fn api() -> Table {
    Table::new()
        .get("/openapi.json", api::openapi::document)
        .get("/docs", api::openapi::page)
        .get("/v1/tenants", api::reference::list_tenants)
        .get("/v1/categories", api::reference::list_categories)
        .get(
            "/v1/tenants/{tenant}/organisations",
            api::organisations::list,
        )
        .post(
            "/v1/tenants/{tenant}/organisations",
            api::writes::create_organisation,
        )
        .get(ORGANISATION, api::organisations::show)
        .put(ORGANISATION, api::writes::update_organisation)
        .post(
            &format!("{ORGANISATION}/publish"),
            api::writes::publish_organisation,
        )
        .post(
            &format!("{ORGANISATION}/withdraw"),
            api::writes::withdraw_organisation,
        )
        .get(OFFERS, api::writes::list_offers)
        .post(OFFERS, api::writes::create_offer)
        .put(OFFER, api::writes::update_offer)
        .post(&format!("{OFFER}/publish"), api::writes::publish_offer)
        .post(&format!("{OFFER}/withdraw"), api::writes::withdraw_offer)
        .get("/v1/tenants/{tenant}/offers", api::offers::list)
        .get("/v1/search", api::search::search)
        .get("/v1/stats", evaluation::open_data::stats)
        .post(REQUESTS, api::exchanges::create_request)
        .get(REQUESTS, api::exchanges::list_requests)
        .get(REQUEST, api::exchanges::show_request)
        .post(&format!("{REQUEST}/answer"), api::exchanges::answer_request)
        .post(
            &format!("{REQUEST}/messages"),
            api::exchanges::write_message,
        )
        .post(
            &format!("{REQUEST}/collaboration"),
            api::exchanges::record_collaboration,
        )
        .post(
            &format!("{REQUEST}/collaboration/confirm"),
            api::exchanges::confirm_collaboration,
        )
        .post(QUESTIONS, api::exchanges::create_question)
        .get(QUESTIONS, api::exchanges::list_questions)
        .get(QUESTION, api::exchanges::show_question)
        .post(
            &format!("{QUESTION}/answer"),
            api::exchanges::answer_question,
        )
        .post(
            &format!("{QUESTION}/outcome"),
            api::exchanges::question_outcome,
        )
        .map_router(|r| r.fallback(|| async { ApiError::route_not_found() }))
}

/// The Flanders-wide pages, the portals and the console.
fn pages() -> Table {
    Table::new()
        .get("/", portal::flanders::home)
        .get("/static/site.css", html::stylesheet)
        .get("/zoeken", portal::search::flanders)
        .get("/{tenant}", portal::portal_root)
        .get("/{tenant}/", portal::province::home)
        .get("/{tenant}/aanbod", portal::offers::list)
        .get("/{tenant}/zoeken", portal::search::portal)
        .get(
            "/{tenant}/organisaties/{slug}",
            portal::organisation::profile,
        )
        .get("/{tenant}/registreren", portal::account::register_form)
        .post("/{tenant}/registreren", portal::account::register)
        .get(
            "/{tenant}/registreren/organisatie",
            portal::register_organisation::form,
        )
        .post(
            "/{tenant}/registreren/organisatie",
            portal::register_organisation::submit,
        )
        .get("/{tenant}/bevestigen", portal::account::verify)
        .get("/{tenant}/aanmelden", portal::account::login_page)
        .post("/{tenant}/aanmelden", portal::account::login)
        .post("/{tenant}/afmelden", portal::account::logout)
        .get("/{tenant}/account", portal::account::account)
        .post(
            "/{tenant}/account/wachtwoord",
            portal::account_settings::change_password,
        )
        .post(
            "/{tenant}/account/e-mailadres",
            portal::account_settings::change_email,
        )
        .post(
            "/{tenant}/account/bedrijf",
            portal::account_settings::change_company,
        )
        .get(
            "/{tenant}/e-mailadres-bevestigen",
            portal::account_settings::confirm_email,
        )
        .get(
            "/{tenant}/account/meldingen",
            portal::notifications::preferences_page,
        )
        .post(
            "/{tenant}/account/meldingen",
            portal::notifications::save_preferences,
        )
        .get(
            "/{tenant}/meldingen/uitschrijven",
            portal::notifications::unsubscribe_page,
        )
        .post(
            "/{tenant}/meldingen/uitschrijven",
            portal::notifications::unsubscribe,
        )
        .get("/{tenant}/account/gegevens", portal::personal_data::export)
        .post(
            "/{tenant}/account/verwijderen",
            portal::personal_data::delete,
        )
        .post("/{tenant}/account/api-sleutels", portal::api_tokens::create)
        .get(
            "/{tenant}/account/bewaard",
            portal::saved::save_organisation_form,
        )
        .post(
            "/{tenant}/account/bewaard",
            portal::saved::save_organisation,
        )
        .post(
            "/{tenant}/account/bewaard/{id}/verwijderen",
            portal::saved::forget_organisation,
        )
        .post(
            "/{tenant}/account/zoekopdrachten",
            portal::saved::save_search,
        )
        .post(
            "/{tenant}/account/zoekopdrachten/{id}/verwijderen",
            portal::saved::forget_search,
        )
        .post(
            "/{tenant}/account/api-sleutels/{id}/intrekken",
            portal::api_tokens::revoke,
        )
        .get(
            "/{tenant}/wachtwoord-vergeten",
            portal::password_reset::request_form,
        )
        .post(
            "/{tenant}/wachtwoord-vergeten",
            portal::password_reset::request,
        )
        .get(
            "/{tenant}/wachtwoord-herstellen",
            portal::password_reset::choose_page,
        )
        .post(
            "/{tenant}/wachtwoord-herstellen",
            portal::password_reset::choose,
        )
        .get(
            "/{tenant}/organisaties/{slug}/beheren",
            portal::manage::overview,
        )
        .post(
            "/{tenant}/organisaties/{slug}/beheren",
            portal::manage::update_profile,
        )
        .post(
            "/{tenant}/organisaties/{slug}/aanbod",
            portal::manage::create_offer,
        )
        .post(
            "/{tenant}/organisaties/{slug}/details",
            portal::manage::update_details,
        )
        .post_up_to(
            "/{tenant}/organisaties/{slug}/fotos",
            portal::photos::UPLOAD_LIMIT,
            portal::photos::add,
        )
        .get(
            "/{tenant}/organisaties/{slug}/fotos/{id}",
            portal::photos::show,
        )
        .post(
            "/{tenant}/organisaties/{slug}/fotos/{id}/verwijderen",
            portal::photos::remove,
        )
        .get(
            "/{tenant}/organisaties/{slug}/aanbod/{id}",
            portal::manage::offer_form,
        )
        .post(
            "/{tenant}/organisaties/{slug}/aanbod/{id}",
            portal::manage::update_offer,
        )
        .get("/{tenant}/beheer", portal::review::tools_page)
        .get("/{tenant}/beheer/aanvragen", portal::review::queue)
        .post(
            "/{tenant}/beheer/aanvragen/{account}",
            portal::review::decide,
        )
        .get(
            "/{tenant}/beheer/organisaties",
            portal::review::organisations,
        )
        .get("/{tenant}/beheer/logboek", portal::review::audit_log)
        .get(
            "/{tenant}/beheer/samenwerking",
            portal::collaboration_admin::overview,
        )
        .post(
            "/{tenant}/beheer/vragen/{id}",
            portal::collaboration_admin::review,
        )
        .get("/{tenant}/contact", portal::requests::contact_form)
        .post("/{tenant}/contact", portal::requests::send)
        .get("/{tenant}/aanvragen", portal::requests::inbox)
        .get("/{tenant}/aanvragen/{id}", portal::requests::show)
        .post(
            "/{tenant}/aanvragen/{id}/antwoord",
            portal::requests::answer,
        )
        .post("/{tenant}/aanvragen/{id}/bericht", portal::requests::write)
        .post(
            "/{tenant}/aanvragen/{id}/samenwerking",
            portal::requests::record_collaboration,
        )
        .post(
            "/{tenant}/aanvragen/{id}/samenwerking/bevestigen",
            portal::requests::confirm,
        )
        .post(
            "/{tenant}/aanvragen/{id}/afsluiten",
            portal::requests::close,
        )
        .post("/{tenant}/aanvragen/{id}/melden", portal::requests::report)
        .get("/{tenant}/vragen", portal::questions::list)
        .post("/{tenant}/vragen", portal::questions::post)
        .get("/{tenant}/vragen/nieuw", portal::questions::new)
        .get("/{tenant}/vragen/{id}", portal::questions::show)
        .post("/{tenant}/vragen/{id}/antwoord", portal::questions::answer)
        .post("/{tenant}/vragen/{id}/uitkomst", portal::questions::outcome)
        .get("/{tenant}/suggesties", portal::questions::suggestions)
        .post(
            "/{tenant}/suggesties/{province}/{id}/oppakken",
            portal::questions::pick_up,
        )
        .get("/goede-praktijken", portal::good_practices::of_flanders)
        .get("/privacy", portal::statements::privacy_of_flanders)
        .get("/cookies", portal::statements::cookies_of_flanders)
        .get(
            "/toegankelijkheid",
            portal::statements::accessibility_of_flanders,
        )
        .get("/contactgegevens", portal::statements::contact_of_flanders)
        .get("/{tenant}/privacy", portal::statements::privacy_of_portal)
        .get("/{tenant}/cookies", portal::statements::cookies_of_portal)
        .get(
            "/{tenant}/toegankelijkheid",
            portal::statements::accessibility_of_portal,
        )
        .get(
            "/{tenant}/contactgegevens",
            portal::statements::contact_of_portal,
        )
        .get(
            "/{tenant}/goede-praktijken",
            portal::good_practices::of_province,
        )
        .get(
            "/{tenant}/beheer/goede-praktijken",
            portal::good_practices::new,
        )
        .post(
            "/{tenant}/beheer/goede-praktijken",
            portal::good_practices::publish,
        )
        .get("/cijfers", evaluation::open_data::page)
        .get("/cijfers.csv", evaluation::open_data::csv)
        .get("/admin", console::home)
        .get("/admin/evaluatie", evaluation::console::page)
        .get("/admin/evaluatie.csv", evaluation::console::csv)
        .get("/admin/evaluatie.json", evaluation::console::json)
        .get("/admin/rapport", evaluation::report::page)
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

/// The whole surface.
pub fn table() -> Table {
    Table::new()
        .merge(operations())
        .nest("/api", api())
        .merge(pages())
}
