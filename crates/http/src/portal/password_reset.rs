//! "Wachtwoord vergeten": a link by e-mail, valid for an hour and once, to choose a new password. The request
//! page answers the same whether or not the address has an account; setting the new password ends every
//! session of the account.

use axum::{
    Form,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use doeners_domain::{Email, Password};
use maud::html;

use super::{
    Fields, PortalTenant,
    error::PageError,
    field, layout,
    widgets::{text_input, too_many},
};
use crate::{
    AppState, Tenant,
    extract::{ClientAddress, QueryParams},
};

pub async fn request_form(PortalTenant(tenant): PortalTenant) -> Response {
    let slug = tenant.profile.slug.as_str();
    let main = html! {
        h1 { "Wachtwoord vergeten" }
        p { "Geef het e-mailadres van uw account. U krijgt een link om een nieuw wachtwoord te kiezen." }
        form method="post" action={ "/" (slug) "/wachtwoord-vergeten" } {
            (text_input("email", "E-mailadres", "email", "", "username"))
            p { button type="submit" { "Stuur de link" } }
        }
    };
    layout::page("Wachtwoord vergeten", Some(&tenant.profile), main).into_response()
}

pub async fn request(
    State(state): State<AppState>,
    PortalTenant(tenant): PortalTenant,
    ClientAddress(address): ClientAddress,
    Form(fields): Form<Fields>,
) -> Result<Response, PageError> {
    if let Err(wait) = state.limits().password_reset_per_address.attempt(&address) {
        return Ok(too_many(&tenant, wait));
    }
    if let Ok(email) = Email::parse(field(&fields, "email")) {
        if let Err(wait) = state.limits().mail_to(&tenant, &email) {
            return Ok(too_many(&tenant, wait));
        }
        doeners_app::accounts::request_password_reset(state.services(), &tenant, &email).await?;
    }
    let main = html! {
        h1 { "Kijk in uw mailbox" }
        p { "Als er een account is met dit e-mailadres, kreeg het een bericht met een link om een nieuw wachtwoord te kiezen." }
    };
    Ok(layout::page("Wachtwoord vergeten", Some(&tenant.profile), main).into_response())
}

fn choose_form(tenant: &Tenant, token: &str, problem: Option<&str>) -> Response {
    let slug = tenant.profile.slug.as_str();
    let main = html! {
        h1 { "Kies een nieuw wachtwoord" }
        @if let Some(p) = problem { div.problems role="alert" { p { (p) } } }
        p { "Met een nieuw wachtwoord worden al uw sessies beëindigd en al uw API-sleutels ingetrokken." }
        form method="post" action={ "/" (slug) "/wachtwoord-herstellen" } {
            input type="hidden" name="token" value=(token);
            p {
                label for="password" { "Nieuw wachtwoord (minstens 12 tekens)" }
                input id="password" name="password" type="password" autocomplete="new-password";
            }
            p { button type="submit" { "Wachtwoord opslaan" } }
        }
    };
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    layout::answer(status, "Nieuw wachtwoord", Some(&tenant.profile), main)
}

pub async fn choose_page(PortalTenant(tenant): PortalTenant, query: QueryParams) -> Response {
    choose_form(&tenant, query.get("token").unwrap_or_default(), None)
}

pub async fn choose(
    PortalTenant(tenant): PortalTenant,
    Form(fields): Form<Fields>,
) -> Result<Response, PageError> {
    let token = field(&fields, "token");
    // The password is checked before the token is spent, so a refused password does not cost the link.
    let password = match Password::new(field(&fields, "password")) {
        Ok(p) => p,
        Err(e) => return Ok(choose_form(&tenant, token, Some(&e.to_string()))),
    };
    if !doeners_app::own_account::reset_password(&tenant, token, password).await? {
        let main = html! {
            h1 { "Deze link werkt niet" }
            p { "De link is al gebruikt, verlopen of onvolledig. "
                a href={ "/" (tenant.profile.slug) "/wachtwoord-vergeten" } { "Vraag een nieuwe aan" } "." }
        };
        return Ok(layout::answer(
            StatusCode::BAD_REQUEST,
            "Nieuw wachtwoord",
            Some(&tenant.profile),
            main,
        ));
    }
    let main = html! {
        h1 { "Uw wachtwoord is gewijzigd" }
        p { "Alle sessies van uw account zijn beëindigd en uw API-sleutels ingetrokken. " a href={ "/" (tenant.profile.slug) "/aanmelden" } { "Meld u aan" } "." }
    };
    Ok(layout::page("Nieuw wachtwoord", Some(&tenant.profile), main).into_response())
}
