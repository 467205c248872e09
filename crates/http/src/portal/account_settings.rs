//! Changing one's password or e-mail address while signed in. Both ask for the current password (rate-limited
//! per account), so a session left open on a shared computer cannot take the account over. A new password
//! ends every other session; a new address counts only once the link sent to it is followed.

use axum::{
    Form,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use doeners_app::records::TokenPurpose;
use doeners_domain::{CompanyProfile, Email, Password, company::CompanyForm};
use maud::html;

use super::{
    Failure, Fields, PortalTenant, account::follow_link, error::PageError, field, layout,
    widgets::too_many,
};
use crate::{AppState, extract::QueryParams, guard::Visitor, session};

/// Whether `fields["current_password"]` is the signed-in account's password; `Err` is a 429 to show.
pub(super) async fn current_password_ok(
    state: &AppState,
    v: &Visitor,
    fields: &Fields,
) -> Result<Result<bool, Response>, Failure> {
    let home = v.signed_in()?;
    let key = format!("{}:{}", v.slug(), home.active.account.id);
    if let Err(wait) = state.limits().password_check_per_account.attempt(&key) {
        return Ok(Err(too_many(&v.tenant, wait)));
    }
    Ok(Ok(doeners_app::own_account::password_matches(
        &home.active.account,
        field(fields, "current_password"),
    )
    .await))
}

fn problem(v: &Visitor, title: &str, message: &str) -> Response {
    layout::answer(
        StatusCode::UNPROCESSABLE_ENTITY,
        title,
        Some(&v.tenant.profile),
        html! {
            h1 { (title) }
            div.problems role="alert" { p { (message) } }
            p { a href={ "/" (v.slug()) "/account" } { "Terug naar mijn account" } }
        },
    )
}

const WRONG_PASSWORD: &str = "Uw huidige wachtwoord klopt niet.";

pub async fn change_password(
    State(state): State<AppState>,
    v: Visitor,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let home = v.signed_in()?.clone();
    v.check_form(&fields)?;
    let title = "Wachtwoord wijzigen";
    match current_password_ok(&state, &v, &fields).await? {
        Err(throttled) => return Ok(throttled),
        Ok(false) => return Ok(problem(&v, title, WRONG_PASSWORD)),
        Ok(true) => {}
    }
    let password = match Password::new(field(&fields, "new_password")) {
        Ok(p) => p,
        Err(e) => return Ok(problem(&v, title, &format!("Nieuw wachtwoord: {e}."))),
    };
    // Every session ends, this one included; this browser gets a fresh one.
    let opened =
        doeners_app::own_account::change_password(&v.tenant, home.active.account.id, password)
            .await?;
    let mut response = Redirect::to(&format!("/{}/account", v.slug())).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::set_cookie(&state, &v.tenant, Some(&opened.id)),
    );
    Ok(response)
}

pub async fn change_email(
    State(state): State<AppState>,
    v: Visitor,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let home = v.signed_in()?.clone();
    v.check_form(&fields)?;
    let title = "E-mailadres wijzigen";
    match current_password_ok(&state, &v, &fields).await? {
        Err(throttled) => return Ok(throttled),
        Ok(false) => return Ok(problem(&v, title, WRONG_PASSWORD)),
        Ok(true) => {}
    }
    let new_email = match Email::parse(field(&fields, "new_email")) {
        Ok(e) => e,
        Err(e) => return Ok(problem(&v, title, &format!("Nieuw e-mailadres: {e}."))),
    };
    if let Err(wait) = state.limits().mail_to(&v.tenant, &new_email) {
        return Ok(too_many(&v.tenant, wait));
    }
    doeners_app::accounts::request_email_change(
        state.services(),
        &v.tenant,
        home.active.account.id,
        &home.active.account.email,
        &new_email,
    )
    .await?;
    Ok(layout::page(
        title,
        Some(&v.tenant.profile),
        html! {
            h1 { "Kijk in de mailbox van uw nieuwe adres" }
            p { "We stuurden een link naar " strong { (new_email.as_str()) } ". Uw adres verandert zodra u die volgt." }
        },
    )
    .into_response())
}

pub async fn confirm_email(
    PortalTenant(tenant): PortalTenant,
    query: QueryParams,
) -> Result<Response, PageError> {
    let slug = tenant.profile.slug.as_str();
    follow_link(
        &tenant,
        query.get("token").unwrap_or_default(),
        TokenPurpose::ChangeEmail,
        "email.changed",
        html! {
            h1 { "Uw e-mailadres is gewijzigd" }
            p { a href={ "/" (slug) "/account" } { "Naar mijn account" } }
        },
        "De link is al gebruikt of verlopen, of het adres hoort intussen bij een ander account.",
    )
    .await
}

/// The company profile of a company account: the form on the account page.
pub async fn change_company(v: Visitor, Form(fields): Form<Fields>) -> Result<Response, Failure> {
    let account = v.signed_in()?.active.account.id;
    v.check_form(&fields)?;
    let profile = CompanyProfile::parse(&CompanyForm {
        name: field(&fields, "name"),
        enterprise_number: field(&fields, "enterprise_number"),
        sector: field(&fields, "sector"),
        size: field(&fields, "size"),
        postal_code: field(&fields, "postal_code"),
    });
    let profile = match profile {
        Ok(p) => p,
        Err(problems) => {
            let sentences: Vec<String> = problems.iter().map(|(_, e)| e.to_string()).collect();
            return Ok(problem(&v, "Mijn bedrijf", &sentences.join(" ")));
        }
    };
    if !doeners_app::own_account::change_company(&v.tenant, account, &profile).await? {
        return Ok(problem(
            &v,
            "Mijn bedrijf",
            "Dit account heeft geen bedrijfsprofiel.",
        ));
    }
    Ok(Redirect::to(&format!("/{}/account", v.slug())).into_response())
}
