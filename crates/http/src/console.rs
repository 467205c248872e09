//! `/admin`: the interprovincial console of the Flanders administrators, signed in against the federation
//! database. They see every province (its numbers, its administrators, its audit log) and appoint province
//! administrators; they change nothing inside a province.

use axum::{
    Form,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use doeners_app::{
    Realm,
    province_admins::{self, Change, Changed, ProvinceOverview},
    records::{ActiveSession, FEDERATION},
    sessions::{self, SignIn},
};
use doeners_domain::{
    AccountId, Email,
    access::{Action, Decision, Object, Role, decide},
};
use maud::{Markup, html};

use crate::{
    AppState,
    extract::{ClientAddress, ResolvedTenant},
    guard::Refusal,
    session,
};
use crate::{
    html::{Fields, PageError, field, layout, widgets::text_input},
    portal::review::audit_list,
};

/// The console's session, if the request has one.
async fn console_session(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<(String, ActiveSession)>, PageError> {
    let Some(id) = session::id_from(headers, &session::cookie_name_for(state, FEDERATION)) else {
        return Ok(None);
    };
    Ok(sessions::active(
        Realm::Federation(state.federation()),
        &id,
        &state.settings().session,
    )
    .await?
    .map(|s| (id, s)))
}

/// The console's caller (see `guard::console_caller`) allowed to do `action` to `object`, or the refusal.
async fn admin(
    state: &AppState,
    headers: &HeaderMap,
    action: Action,
    object: &Object,
) -> Result<Result<ActiveSession, Response>, PageError> {
    let asking = crate::guard::console_caller(state, headers).await?;
    match decide(asking.as_ref().map(|a| &a.caller), action, object) {
        Decision::Allow => Ok(asking.map(|a| a.active).ok_or_else(|| {
            Refusal {
                decision: Decision::SignIn,
                profile: None,
            }
            .into_response()
        })),
        decision => Ok(Err(Refusal {
            decision,
            profile: None,
        }
        .into_response())),
    }
}

fn login_form(email: &str, problem: Option<&str>) -> Response {
    let main = html! {
        h1 { "Aanmelden als Vlaams beheerder" }
        @if let Some(p) = problem { div.problems role="alert" { p { (p) } } }
        form method="post" action="/admin/aanmelden" {
            (text_input("email", "E-mailadres", "email", email, "username"))
            p {
                label for="password" { "Wachtwoord" }
                input id="password" name="password" type="password" autocomplete="current-password";
            }
            p { button type="submit" { "Aanmelden" } }
        }
    };
    let status = if problem.is_some() {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::OK
    };
    layout::answer(status, "Beheer", None, main)
}

pub async fn login_page() -> Response {
    login_form("", None)
}

pub async fn login(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Form(fields): Form<Fields>,
) -> Result<Response, PageError> {
    let typed = field(&fields, "email");
    let password = field(&fields, "password");
    if crate::state::overlong_login(typed, password) {
        return Ok(login_form("", Some(crate::state::OVERLONG_LOGIN)));
    }
    let email = Email::parse(typed).ok();
    if let Err(wait) = state.limits().login(FEDERATION, &address, email.as_ref()) {
        let seconds = wait.as_secs().max(1).to_string();
        let mut response = layout::answer(
            StatusCode::TOO_MANY_REQUESTS,
            "Te veel pogingen",
            None,
            html! { h1 { "Even geduld" } p { "Probeer het over enkele minuten opnieuw." } },
        );
        if let Ok(v) = HeaderValue::from_str(&seconds) {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return Ok(response);
    }
    let signed_in = sessions::sign_in(
        Realm::Federation(state.federation()),
        email.as_ref(),
        password,
        |a| a.verified && a.role == Role::FlandersAdmin,
    )
    .await?;
    let SignIn::Opened {
        session: opened, ..
    } = signed_in
    else {
        return Ok(login_form(
            typed,
            Some("Dit e-mailadres en wachtwoord horen niet bij een Vlaams beheerder."),
        ));
    };
    let mut response = Redirect::to("/admin").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::set_cookie_for(&state, FEDERATION, Some(&opened.id)),
    );
    Ok(response)
}

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Result<Response, PageError> {
    if let Some((id, active)) = console_session(&state, &headers).await? {
        if !session::form_belongs_to(&active, &fields) {
            return Ok(Refusal {
                decision: Decision::Forbidden,
                profile: None,
            }
            .into_response());
        }
        sessions::sign_out(
            Realm::Federation(state.federation()),
            &id,
            active.account.id,
        )
        .await?;
    }
    let mut response = Redirect::to("/admin/aanmelden").into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::set_cookie_for(&state, FEDERATION, None),
    );
    Ok(response)
}

/// A province on the console; with `manage` (the console session's form token), the forms that invite,
/// suspend and remove its administrators.
fn province_row(
    tenant: &crate::Tenant,
    overview: &ProvinceOverview,
    manage: Option<&str>,
) -> Markup {
    let (counts, admins) = (overview.counts, &overview.admins);
    let slug = tenant.profile.slug.as_str();
    html! {
        section {
            h2 { (tenant.profile.display_name) }
            @match counts {
                Some((orgs, offers, waiting)) => p {
                    (orgs) " gepubliceerde organisaties, aanbod: " (offers) ", " (waiting) " wachtende aanvragen · "
                    a href={ "/admin/" (slug) "/logboek" } { "logboek" }
                },
                None => p { "De databank van deze provincie is niet bereikbaar." },
            }
            p { "Provinciebeheerders:" @if admins.is_empty() { " nog geen" } }
            ul {
                @for a in admins {
                    li {
                        (a.email.as_str())
                        @if a.suspended { " (geschorst)" }
                        @if !a.verified { " (uitgenodigd)" }
                        @if let Some(csrf) = manage {
                            form.inline method="post" action={ "/admin/" (slug) "/beheerders/" (a.id) } {
                                input type="hidden" name="csrf" value=(csrf);
                                @if !a.suspended { button type="submit" name="decision" value="suspend" { "Schorsen" } " " }
                                button type="submit" name="decision" value="remove" { "Verwijderen" }
                            }
                        }
                    }
                }
            }
            @if let Some(csrf) = manage {
                form method="post" action={ "/admin/" (slug) "/beheerders" } {
                    input type="hidden" name="csrf" value=(csrf);
                    (text_input(&format!("email-{slug}"), "Nieuwe provinciebeheerder (e-mailadres)", "email", "", "off"))
                    p { button type="submit" { "Uitnodigen" } }
                }
            }
        }
    }
}

pub async fn home(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let asking = crate::guard::console_caller(&state, &headers).await?;
    let caller = asking.as_ref().map(|a| &a.caller);
    let everything = decide(caller, Action::ManageProvinceAdmins, &Object::default());
    // A province administrator sees their own province, as far as they may read its audit log.
    let own = caller
        .filter(|c| c.role == Role::ProvinceAdmin)
        .and_then(|c| c.province.clone())
        .filter(|p| {
            let object = Object {
                province: Some(p.clone()),
                ..Object::default()
            };
            decide(caller, Action::ReadAuditLog, &object) == Decision::Allow
        });
    let (Some(asking), true) = (&asking, everything == Decision::Allow || own.is_some()) else {
        let decision = if asking.is_none() {
            Decision::SignIn
        } else {
            everything
        };
        return Ok(Refusal {
            decision,
            profile: None,
        }
        .into_response());
    };
    let active = &asking.active;
    let mut rows = Vec::new();
    for tenant in state.tenants() {
        if own.as_ref().is_some_and(|p| *p != tenant.profile.slug) {
            continue;
        }
        let overview = province_admins::overview(tenant).await;
        let manage = own.is_none().then_some(active.csrf_token.as_str());
        rows.push(province_row(tenant, &overview, manage));
    }
    let main = html! {
        h1 { "Interprovinciaal beheer" }
        p { "Aangemeld als " (active.account.email.as_str()) "." }
        p {
            a.button href="/admin/evaluatie" { "Evaluatie: de cijfers per periode" } " "
            a href="/admin/rapport" { "Rapport van dit jaar" } " · "
            a href="/cijfers" { "Gepubliceerde cijfers" }
        }
        @for row in &rows { (row) }
        @if asking.console_session.is_some() {
            form method="post" action="/admin/afmelden" {
                input type="hidden" name="csrf" value=(active.csrf_token);
                button type="submit" { "Afmelden" }
            }
        }
    };
    Ok(layout::page("Beheer", None, main).into_response())
}

/// The Flanders administrator sending a form that manages province administrators, with the console's token.
async fn managing_admins(
    state: &AppState,
    headers: &HeaderMap,
    fields: &Fields,
) -> Result<Result<ActiveSession, Response>, PageError> {
    let active = match admin(
        state,
        headers,
        Action::ManageProvinceAdmins,
        &Object::default(),
    )
    .await?
    {
        Ok(a) => a,
        Err(refused) => return Ok(Err(refused)),
    };
    if !session::form_belongs_to(&active, fields) {
        return Ok(Err(Refusal {
            decision: Decision::Forbidden,
            profile: None,
        }
        .into_response()));
    }
    Ok(Ok(active))
}

pub async fn create_province_admin(
    State(state): State<AppState>,
    ResolvedTenant(tenant): ResolvedTenant,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Result<Response, PageError> {
    let active = match managing_admins(&state, &headers, &fields).await? {
        Ok(a) => a,
        Err(refused) => return Ok(refused),
    };
    let slug = tenant.profile.slug.as_str();
    let email = match Email::parse(field(&fields, &format!("email-{slug}"))) {
        Ok(e) => e,
        Err(e) => {
            return Ok(layout::answer(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Beheer",
                None,
                html! {
                    h1 { "Provinciebeheerder uitnodigen" }
                    div.problems role="alert" { p { "E-mailadres: " (e.to_string()) } }
                    p { a href="/admin" { "Terug" } }
                },
            ));
        }
    };
    let invited = doeners_app::province_admins::invite(
        state.services(),
        &tenant,
        state.federation(),
        active.account.id,
        &email,
    )
    .await?;
    if invited.is_none() {
        return Ok(layout::answer(
            StatusCode::CONFLICT,
            "Beheer",
            None,
            html! {
                h1 { "Dit adres heeft al een account in deze provincie" }
                p { a href="/admin" { "Terug" } }
            },
        ));
    }
    Ok(Redirect::to("/admin").into_response())
}

/// Suspends (ending its sessions at once) or removes a province administrator.
pub async fn change_province_admin(
    State(state): State<AppState>,
    ResolvedTenant(tenant): ResolvedTenant,
    Path(path): Path<(String, String)>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Result<Response, PageError> {
    let (_, account) = path;
    let active = match managing_admins(&state, &headers, &fields).await? {
        Ok(a) => a,
        Err(refused) => return Ok(refused),
    };
    let change = match field(&fields, "decision") {
        "suspend" => Some(Change::Suspend),
        "remove" => Some(Change::Remove),
        _ => None,
    };
    let changed = match account.parse::<uuid::Uuid>() {
        Ok(id) => {
            province_admins::change(
                &tenant,
                state.federation(),
                active.account.id,
                AccountId::from_uuid(id),
                change,
            )
            .await?
        }
        Err(_) => Changed::NotAnAdministrator,
    };
    match changed {
        Changed::Done => {}
        // Only province administrators are managed here; any other account is not found.
        Changed::NotAnAdministrator => {
            return Ok(Refusal {
                decision: Decision::Hidden,
                profile: None,
            }
            .into_response());
        }
        Changed::NothingAsked => {
            return Ok(layout::answer(
                StatusCode::BAD_REQUEST,
                "Beheer",
                None,
                html! { h1 { "Kies schorsen of verwijderen" } p { a href="/admin" { "Terug" } } },
            ));
        }
    }
    Ok(Redirect::to("/admin").into_response())
}

pub async fn audit_log(
    State(state): State<AppState>,
    ResolvedTenant(tenant): ResolvedTenant,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let object = Object {
        province: Some(tenant.profile.slug.clone()),
        ..Object::default()
    };
    if let Err(refused) = admin(&state, &headers, Action::ReadAuditLog, &object).await? {
        return Ok(refused);
    }
    // The console sees what happened and in which role, not who: the people are the province's.
    let lines = doeners_app::audit_story::audit_story(
        &tenant,
        200,
        doeners_app::audit_story::Names::RolesOnly,
    )
    .await?;
    let main = html! {
        p { a href="/admin" { "← Beheer" } }
        h1 { "Logboek van " (tenant.profile.display_name) }
        p { "De laatste 200 handelingen, de nieuwste eerst, in Belgische tijd. Wie iets deed staat er met de rol, zonder naam of adres." }
        (audit_list(&lines))
    };
    Ok(layout::page("Logboek", None, main).into_response())
}
