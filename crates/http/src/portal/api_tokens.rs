//! API tokens on the account page: a new token is shown once, on the page that made it; the list shows names
//! and dates only. A token acts with the account's role in this province, until it is revoked.

use axum::{
    Form,
    extract::Path,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use doeners_domain::text;
use maud::html;

use super::{Failure, Fields, field, layout};
use crate::guard::Visitor;

pub async fn create(v: Visitor, Form(fields): Form<Fields>) -> Result<Response, Failure> {
    let account = v.signed_in()?.active.account.id;
    v.check_form(&fields)?;
    let name = match text::required(field(&fields, "name"), "naam", 100) {
        Ok(n) => n,
        Err(e) => {
            return Ok(layout::answer(
                StatusCode::UNPROCESSABLE_ENTITY,
                "API-sleutel",
                Some(&v.tenant.profile),
                html! {
                    h1 { "API-sleutel maken" }
                    div.problems role="alert" { p { (e.to_string()) } }
                    p { a href={ "/" (v.slug()) "/account" } { "Terug naar mijn account" } }
                },
            ));
        }
    };
    let (_, secret) = doeners_app::own_account::create_api_token(&v.tenant, account, &name).await?;
    let response = layout::page(
        "API-sleutel",
        Some(&v.tenant.profile),
        html! {
            h1 { "Uw nieuwe API-sleutel" }
            p { "Kopieer de sleutel nu: hij wordt maar één keer getoond. Gebruik hem als " code { "Authorization: Bearer <sleutel>" } "." }
            p { code.secret { (secret) } }
            p { a href={ "/" (v.slug()) "/account" } { "Terug naar mijn account" } }
        },
    )
    .into_response();
    Ok(response)
}

pub async fn revoke(
    v: Visitor,
    Path(path): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let (_, id) = path;
    let account = v.signed_in()?.active.account.id;
    v.check_form(&fields)?;
    let revoked = match id.parse::<uuid::Uuid>() {
        Ok(id) => doeners_app::own_account::revoke_api_token(&v.tenant, account, id).await?,
        Err(_) => false,
    };
    if !revoked {
        // Someone else's token, or none: the same answer either way.
        return Ok(layout::answer(
            StatusCode::NOT_FOUND,
            "API-sleutel",
            Some(&v.tenant.profile),
            html! { h1 { "Deze API-sleutel bestaat niet" } },
        ));
    }
    Ok(Redirect::to(&format!("/{}/account", v.slug())).into_response())
}
