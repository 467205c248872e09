//! Notification mail: how often one wants it (on one's account), and the one-click unsubscribe of every
//! notification (RFC 8058): the link in the mail works without signing in, by its token; a mail client posts
//! `List-Unsubscribe=One-Click` to the same address, a person clicks the button on the page.

use axum::{
    Form,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use doeners_app::collaboration::preferences::{self, Frequency};
use maud::html;

use super::{Failure, Fields, PageError, PortalTenant, field, layout};
use crate::{extract::QueryParams, guard::Visitor};

fn unknown_link(tenant: &crate::Tenant) -> Response {
    layout::answer(
        StatusCode::NOT_FOUND,
        "Uitschrijven",
        Some(&tenant.profile),
        html! {
            h1 { "Deze link werkt niet" }
            p { "De link om u uit te schrijven is onvolledig of hoort bij geen account. Meld u aan en kies op uw account hoe vaak u meldingen wilt." }
        },
    )
}

/// The page behind the link: one button, so that a mail scanner that opens links changes nothing.
pub async fn unsubscribe_page(PortalTenant(tenant): PortalTenant, query: QueryParams) -> Response {
    let token = query.get("token").unwrap_or_default();
    let main = html! {
        h1 { "Geen meldingen meer ontvangen" }
        p { "Met deze knop krijgt u geen e-mail meer over aanvragen, vragen en antwoorden op doeners. U kunt dat later op uw account weer aanzetten." }
        form method="post" action={ "/" (tenant.profile.slug) "/meldingen/uitschrijven?token=" (token) } {
            input type="hidden" name="List-Unsubscribe" value="One-Click";
            p { button type="submit" { "Schrijf mij uit" } }
        }
    };
    layout::page("Uitschrijven", Some(&tenant.profile), main).into_response()
}

/// The unsubscribe itself, by the link's token, without a session.
pub async fn unsubscribe(
    PortalTenant(tenant): PortalTenant,
    query: QueryParams,
) -> Result<Response, PageError> {
    let token = query.get("token").unwrap_or_default();
    if !preferences::unsubscribe(&tenant, token).await? {
        return Ok(unknown_link(&tenant));
    }
    let main = html! {
        h1 { "U bent uitgeschreven" }
        p { "U krijgt geen meldingen meer van doeners. Op uw account kunt u ze weer aanzetten." }
    };
    Ok(layout::page("Uitgeschreven", Some(&tenant.profile), main).into_response())
}

/// One's notification preference.
pub async fn preferences_page(v: Visitor) -> Result<Response, Failure> {
    let home = v.signed_in()?.clone();
    let current = preferences::of(&v.tenant, home.active.account.id).await?;
    Ok(form(&v, current, false))
}

fn form(v: &Visitor, current: Frequency, saved: bool) -> Response {
    let csrf = v
        .home
        .as_ref()
        .map(|h| h.active.csrf_token.clone())
        .unwrap_or_default();
    let main = html! {
        h1 { "Meldingen" }
        @if saved { div.notice role="status" { p { "Uw keuze is bewaard." } } }
        p { "Hoe wilt u per e-mail horen over nieuwe aanvragen, vragen, antwoorden en herinneringen?" }
        form method="post" action={ "/" (v.slug()) "/account/meldingen" } {
            input type="hidden" name="csrf" value=(csrf);
            fieldset {
                legend { "Meldingen per e-mail" }
                @for f in Frequency::ALL {
                    p {
                        input type="radio" id={ "frequency-" (f.slug()) } name="frequency" value=(f.slug()) checked[f == current];
                        " "
                        label for={ "frequency-" (f.slug()) } { (f.label()) }
                    }
                }
            }
            p { button type="submit" { "Bewaren" } }
        }
        p { a href={ "/" (v.slug()) "/account" } { "Terug naar mijn account" } }
    };
    layout::page("Meldingen", Some(&v.tenant.profile), main).into_response()
}

pub async fn save_preferences(v: Visitor, Form(fields): Form<Fields>) -> Result<Response, Failure> {
    v.signed_in()?;
    v.check_form(&fields)?;
    let Some(caller) = v.caller.clone() else {
        return Err(v.refuse(doeners_domain::access::Decision::SignIn).into());
    };
    let Some(frequency) = Frequency::parse(field(&fields, "frequency")) else {
        return Ok(layout::answer(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Meldingen",
            Some(&v.tenant.profile),
            html! {
                h1 { "Meldingen" }
                div.problems role="alert" { p { "Kies hoe vaak u meldingen wilt." } }
                p { a href={ "/" (v.slug()) "/account/meldingen" } { "Terug" } }
            },
        ));
    };
    preferences::set(&v.tenant, &caller, frequency).await?;
    Ok(form(&v, frequency, true))
}
