//! A person's rights over their data: `/account/gegevens` downloads everything the province holds about the
//! account as JSON; `/account/verwijderen` deletes the account after asking for its password. Both are in
//! the audit log, the deletion without any of the deleted data.

use axum::{
    Form,
    extract::State,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use maud::html;

use super::{Failure, Fields, account_settings::current_password_ok, layout};
use doeners_domain::access::Decision;

use crate::{AppState, guard::Visitor, session};

pub async fn export(v: Visitor) -> Result<Response, Failure> {
    let home = v.signed_in()?;
    let account = home.active.account.id;
    let Some(data) = doeners_app::own_account::export(&v.tenant, account).await? else {
        // Deleted between the session check and now: as good as signed out.
        return Err(v.refuse(Decision::SignIn).into());
    };
    let body = serde_json::to_vec_pretty(&data).unwrap_or_default();
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"mijn-gegevens-doeners.json\""),
    );
    Ok(response)
}

pub async fn delete(
    State(state): State<AppState>,
    v: Visitor,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let account = v.signed_in()?.active.account.id;
    v.check_form(&fields)?;
    match current_password_ok(&state, &v, &fields).await? {
        Err(throttled) => return Ok(throttled),
        Ok(false) => {
            return Ok(layout::answer(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Account verwijderen",
                Some(&v.tenant.profile),
                html! {
                    h1 { "Account verwijderen" }
                    div.problems role="alert" { p { "Uw wachtwoord klopt niet; er is niets verwijderd." } }
                    p { a href={ "/" (v.slug()) "/account" } { "Terug naar mijn account" } }
                },
            ));
        }
        Ok(true) => {}
    }
    doeners_app::own_account::delete_own(&v.tenant, account).await?;
    let mut response = layout::page(
        "Account verwijderd",
        Some(&v.tenant.profile),
        html! {
            h1 { "Uw account is verwijderd" }
            p { "Uw naam, e-mailadres en bedrijfsgegevens zijn gewist. Zoekopdrachten blijven alleen anoniem meetellen." }
        },
    )
    .into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::set_cookie(&state, &v.tenant, None),
    );
    Ok(response)
}
