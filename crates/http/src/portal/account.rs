//! Registering a company, confirming its e-mail address, signing in and out, and the account page.
//!
//! Registration answers the same whether or not the address already has an account (the owner of an existing
//! account gets a message saying so), so the form reveals no one's address.

use crate::portal::widgets::privacy_notice;
use axum::{
    Form,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use doeners_app::{
    Realm,
    records::TokenPurpose,
    sessions::{self, SignIn},
};
use doeners_domain::{
    CompanyProfile, Email, NaceSection, Password, SizeClass, access::Role, company::CompanyForm,
};
use maud::{Markup, html};

use super::{
    Fields, PortalTenant,
    error::PageError,
    field, layout,
    widgets::{input, problem_of, problems_list, select, text_input, too_many},
};
use crate::{
    AppState, Tenant,
    extract::{ClientAddress, QueryParams},
    guard::Visitor,
    session,
};

fn registration_form(tenant: &Tenant, fields: &Fields, problems: &[(&str, String)]) -> Response {
    let slug = tenant.profile.slug.as_str();
    let main = html! {
        h1 { "Registreer uw bedrijf" }
        p { "Met een account neemt u contact op met organisaties uit de sociale economie, in heel Vlaanderen." }
        (problems_list(problems))
        form method="post" action={ "/" (slug) "/registreren" } {
            (input(fields, problems, ("email", "E-mailadres", "email", "email", true)))
            (input(&Fields::new(), problems, ("password", "Wachtwoord (minstens 12 tekens)", "password", "new-password", true)))
            (input(fields, problems, ("name", "Naam van het bedrijf", "text", "organization", true)))
            (input(fields, problems, ("enterprise_number", "Ondernemingsnummer", "text", "off", false)))
            (select("sector", "Sector", problem_of(problems, "sector"), html! {
                // No sector is chosen for the company.
                option value="" selected[field(fields, "sector").is_empty()] { "Kies uw sector" }
                @for s in NaceSection::ALL {
                    option value=(s.slug()) selected[field(fields, "sector") == s.slug()] { (s.label()) }
                }
            }))
            (select("size", "Grootte", problem_of(problems, "size"), html! {
                @for s in SizeClass::ALL {
                    option value=(s.slug()) selected[field(fields, "size") == s.slug()] { (s.label()) }
                }
            }))
            (input(fields, problems, ("postal_code", "Postcode", "text", "postal-code", true)))
            (privacy_notice(slug, "om uw account te beheren en u te antwoorden; organisaties zien uw bedrijf pas als u contact opneemt"))
            p { button type="submit" { "Registreren" } }
        }
        p { "Al een account? " a href={ "/" (slug) "/aanmelden" } { "Meld u aan" } "." }
        p { "Werkt u voor een organisatie uit de sociale economie? " a href={ "/" (slug) "/registreren/organisatie" } { "Registreer uw organisatie" } "." }
    };
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    layout::answer(status, "Registreren", Some(&tenant.profile), main)
}

pub async fn register_form(PortalTenant(tenant): PortalTenant) -> Response {
    registration_form(&tenant, &Fields::new(), &[])
}

/// The new account's address (from field `email_field`) and password, each problem added to `problems`.
pub(super) fn credentials(
    fields: &Fields,
    email_field: &'static str,
    problems: &mut Vec<(&'static str, String)>,
) -> (Option<Email>, Option<Password>) {
    let email = Email::parse(field(fields, email_field))
        .map_err(|e| problems.push((email_field, e.to_string())))
        .ok();
    let password = Password::new(field(fields, "password"))
        .map_err(|e| problems.push(("password", e.to_string())))
        .ok();
    (email, password)
}

pub async fn register(
    State(state): State<AppState>,
    PortalTenant(tenant): PortalTenant,
    ClientAddress(address): ClientAddress,
    Form(fields): Form<Fields>,
) -> Result<Response, PageError> {
    if let Err(wait) = state.limits().registration_per_address.attempt(&address) {
        return Ok(too_many(&tenant, wait));
    }
    let mut problems: Vec<(&str, String)> = Vec::new();
    let (email, password) = credentials(&fields, "email", &mut problems);
    let profile = CompanyProfile::parse(&CompanyForm {
        name: field(&fields, "name"),
        enterprise_number: field(&fields, "enterprise_number"),
        sector: field(&fields, "sector"),
        size: field(&fields, "size"),
        postal_code: field(&fields, "postal_code"),
    })
    .map_err(|errors| {
        for (name, e) in errors {
            problems.push((name, e.to_string()));
        }
    })
    .ok();
    let (Some(email), Some(password), Some(profile)) = (email, password, profile) else {
        return Ok(registration_form(&tenant, &fields, &problems));
    };
    if let Err(wait) = state.limits().mail_to(&tenant, &email) {
        return Ok(too_many(&tenant, wait));
    }
    doeners_app::accounts::register_company(
        state.services(),
        &tenant,
        doeners_app::accounts::CompanyRegistration {
            email: email.clone(),
            password,
            profile,
        },
    )
    .await?;
    Ok(check_mailbox(&tenant, &email))
}

pub(super) fn check_mailbox(tenant: &Tenant, email: &Email) -> Response {
    let main = html! {
        h1 { "Kijk in uw mailbox" }
        p { "We stuurden een bericht naar " strong { (email.as_str()) } ". Klik op de link erin om uw e-mailadres te bevestigen; daarna kunt u zich aanmelden." }
    };
    layout::page("Registratie ontvangen", Some(&tenant.profile), main).into_response()
}

pub async fn verify(
    PortalTenant(tenant): PortalTenant,
    query: QueryParams,
) -> Result<Response, PageError> {
    let slug = tenant.profile.slug.as_str();
    follow_link(
        &tenant,
        query.get("token").unwrap_or_default(),
        TokenPurpose::VerifyEmail,
        "account.verified",
        html! {
            h1 { "Uw e-mailadres is bevestigd" }
            p { a href={ "/" (slug) "/aanmelden" } { "Meld u nu aan" } "." }
        },
        "De link is al gebruikt, verlopen of onvolledig. Registreer opnieuw of meld u aan als uw adres al bevestigd is.",
    )
    .await
}

/// Follows a link from an e-mail: spends its token for `purpose`, records `action` in the audit log and answers
/// `done`; a spent, expired or unknown link answers 400 with `broken`.
pub(super) async fn follow_link(
    tenant: &Tenant,
    token: &str,
    purpose: TokenPurpose,
    action: &str,
    done: Markup,
    broken: &str,
) -> Result<Response, PageError> {
    let followed = doeners_app::own_account::follow_link(tenant, token, purpose, action).await?;
    let (status, main) = match followed {
        true => (StatusCode::OK, done),
        false => (
            StatusCode::BAD_REQUEST,
            html! {
                h1 { "Deze link werkt niet" }
                p { (broken) }
            },
        ),
    };
    Ok(layout::answer(
        status,
        "E-mailadres bevestigen",
        Some(&tenant.profile),
        main,
    ))
}

/// Where to go after signing in: a path of this portal only (`/limburg/...`), so the link cannot send anyone
/// elsewhere; otherwise the account page.
pub(crate) fn return_path(tenant: &Tenant, raw: &str) -> Option<String> {
    let prefix = format!("/{}/", tenant.profile.slug);
    let safe = raw.starts_with(&prefix)
        && !raw.contains("//")
        && !raw.contains('\\')
        && raw.chars().all(|c| c.is_ascii_graphic());
    safe.then(|| raw.to_string())
}

fn login_form_back(
    tenant: &Tenant,
    email: &str,
    problem: Option<&str>,
    back: Option<&str>,
) -> Response {
    let slug = tenant.profile.slug.as_str();
    let main = html! {
        h1 { "Aanmelden" }
        @if let Some(p) = problem { div.problems role="alert" { p { (p) } } }
        form method="post" action={ "/" (slug) "/aanmelden" } {
            @if let Some(back) = back { input type="hidden" name="terug" value=(back); }
            (text_input("email", "E-mailadres", "email", email, "username"))
            p {
                label for="password" { "Wachtwoord" }
                input id="password" name="password" type="password" autocomplete="current-password";
            }
            p { button type="submit" { "Aanmelden" } }
        }
        p { a href={ "/" (slug) "/wachtwoord-vergeten" } { "Wachtwoord vergeten?" } }
        p { "Nog geen account? " a href={ "/" (slug) "/registreren" } { "Registreer uw bedrijf" } "." }
    };
    let status = if problem.is_some() {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::OK
    };
    layout::answer(status, "Aanmelden", Some(&tenant.profile), main)
}

pub async fn login_page(
    PortalTenant(tenant): PortalTenant,
    query: crate::extract::QueryParams,
) -> Response {
    let back = return_path(&tenant, query.get("terug").unwrap_or_default());
    login_form_back(&tenant, "", None, back.as_deref())
}

pub async fn login(
    State(state): State<AppState>,
    PortalTenant(tenant): PortalTenant,
    ClientAddress(address): ClientAddress,
    Form(fields): Form<Fields>,
) -> Result<Response, PageError> {
    let typed = field(&fields, "email");
    let password = field(&fields, "password");
    // A refused attempt keeps the way back, so the next attempt still returns to the page that asked.
    let back = return_path(&tenant, field(&fields, "terug"));
    let login_form = |tenant: &Tenant, email: &str, problem: Option<&str>| {
        login_form_back(tenant, email, problem, back.as_deref())
    };
    let limits = state.limits();
    if crate::state::overlong_login(typed, password) {
        if let Err(wait) = limits.login_per_address.attempt(&address) {
            return Ok(too_many(&tenant, wait));
        }
        return Ok(login_form(&tenant, "", Some(crate::state::OVERLONG_LOGIN)));
    }
    let email = Email::parse(typed).ok();
    if let Err(wait) = limits.login(tenant.profile.slug.as_str(), &address, email.as_ref()) {
        limits.throttled_logins.record(&tenant, &address).await?;
        return Ok(too_many(&tenant, wait));
    }
    let opened = match sessions::sign_in(Realm::Province(&tenant), email.as_ref(), password, |_| {
        true
    })
    .await?
    {
        SignIn::Opened { session, .. } => session,
        SignIn::Refused => {
            return Ok(login_form(
                &tenant,
                typed,
                Some("Dit e-mailadres en wachtwoord horen niet bij een actief account."),
            ));
        }
        SignIn::Unverified => {
            return Ok(login_form(
                &tenant,
                typed,
                Some("Bevestig eerst uw e-mailadres met de link in het bericht dat we u stuurden."),
            ));
        }
    };
    let next = back
        .clone()
        .unwrap_or_else(|| format!("/{}/account", tenant.profile.slug));
    let mut response = Redirect::to(&next).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::set_cookie(&state, &tenant, Some(&opened.id)),
    );
    Ok(response)
}

pub async fn logout(
    State(state): State<AppState>,
    PortalTenant(tenant): PortalTenant,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Result<Response, PageError> {
    if let Some((id, active)) = session::current(&state, &tenant, &headers).await? {
        if !session::form_belongs_to(&active, &fields) {
            return Ok(crate::guard::Refusal {
                decision: doeners_domain::access::Decision::Forbidden,
                profile: Some(Box::new(tenant.profile.clone())),
            }
            .into_response());
        }
        sessions::sign_out(Realm::Province(&tenant), &id, active.account.id).await?;
    }
    let mut response = Redirect::to(&format!("/{}/", tenant.profile.slug)).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::set_cookie(&state, &tenant, None),
    );
    Ok(response)
}

pub async fn account(v: Visitor, query: QueryParams) -> Result<Response, super::Failure> {
    let slug = v.slug();
    let active = &v.signed_in()?.active;
    let (saved_organisations, saved_searches) =
        doeners_app::saved::of_account(&v.tenant, v.caller.as_ref()).await?;
    let doeners_app::own_account::Overview {
        company,
        organisation,
        tokens,
    } = doeners_app::own_account::overview(&v.tenant, &active.account).await?;
    let csrf = html! { input type="hidden" name="csrf" value=(active.csrf_token); };
    let main = html! {
        h1 { "Mijn account" }
        dl {
            dt { "E-mailadres" } dd { (active.account.email.as_str()) }
            @if let Some(c) = &company {
                dt { "Bedrijf" } dd { (c.name) }
                @if let Some(n) = &c.enterprise_number { dt { "Ondernemingsnummer" } dd { (n.to_string()) } }
                dt { "Sector" } dd { (c.sector.label()) }
                dt { "Grootte" } dd { (c.size.label()) }
                dt { "Postcode" } dd { (c.postal_code.to_string()) }
            }
        }
        @match (&active.account.role, &organisation) {
            (Role::Applicant(_), Some(o)) => p.notice { "Uw aanvraag voor " strong { (o.draft.name) } " wacht op goedkeuring door de provincie. U krijgt een e-mail zodra ze beslist." },
            (Role::Member(_), Some(o)) => p { a href={ "/" (slug) "/organisaties/" (o.slug) "/beheren" } { "Mijn organisatie: " (o.draft.name) } },
            (Role::ProvinceAdmin, _) => (super::review::tools(slug)),
            _ => {},
        }
        @if active.account.role == Role::Company {
            (super::saved::on_account(&v, query.get("bewaard"), &saved_organisations, &saved_searches))
        }
        @if matches!(active.account.role, Role::Company | Role::Applicant(_) | Role::Member(_)) {
            h2 { "Samenwerking" }
            ul {
                li { a href={ "/" (slug) "/aanvragen" } { "Mijn contactaanvragen" } }
                li { a href={ "/" (slug) "/vragen" } { "Mijn vragen" } }
                @if matches!(active.account.role, Role::Member(_)) {
                    li { a href={ "/" (slug) "/suggesties" } { "Suggesties van bedrijven" } }
                } @else {
                    li { a href={ "/" (slug) "/vragen/nieuw" } { "Stel je vraag" } }
                }
            }
        }
        p { a href={ "/" (slug) "/account/meldingen" } { "Meldingen per e-mail" } }
        @if let Some(c) = &company {
            h2 { "Mijn bedrijf" }
            form method="post" action={ "/" (slug) "/account/bedrijf" } {
                (csrf)
                (text_input("name", "Naam van het bedrijf", "text", &c.name, "organization"))
                (text_input("enterprise_number", "Ondernemingsnummer (niet verplicht)", "text", &c.enterprise_number.as_ref().map(ToString::to_string).unwrap_or_default(), "off"))
                p {
                    label for="sector" { "Sector" }
                    select id="sector" name="sector" {
                        @for s in NaceSection::ALL { option value=(s.slug()) selected[*s == c.sector] { (s.label()) } }
                    }
                }
                p {
                    label for="size" { "Grootte" }
                    select id="size" name="size" {
                        @for s in SizeClass::ALL { option value=(s.slug()) selected[*s == c.size] { (s.label()) } }
                    }
                }
                (text_input("postal_code", "Postcode", "text", &c.postal_code.to_string(), "postal-code"))
                p { button type="submit" { "Bedrijf bewaren" } }
            }
        }
        h2 { "Wachtwoord wijzigen" }
        p { "Met een nieuw wachtwoord worden al uw sessies beëindigd, ook op andere toestellen, en worden al uw API-sleutels ingetrokken." }
        form method="post" action={ "/" (slug) "/account/wachtwoord" } {
            (csrf)
            p { label for="current_password" { "Huidig wachtwoord" } input id="current_password" name="current_password" type="password" autocomplete="current-password"; }
            p { label for="new_password" { "Nieuw wachtwoord (minstens 12 tekens)" } input id="new_password" name="new_password" type="password" autocomplete="new-password"; }
            p { button type="submit" { "Wachtwoord wijzigen" } }
        }
        h2 { "E-mailadres wijzigen" }
        form method="post" action={ "/" (slug) "/account/e-mailadres" } {
            (csrf)
            (text_input("new_email", "Nieuw e-mailadres", "email", "", "email"))
            p { label for="email_password" { "Huidig wachtwoord" } input id="email_password" name="current_password" type="password" autocomplete="current-password"; }
            p { button type="submit" { "Link sturen" } }
        }
        h2 { "API-sleutels" }
        p { "Voor koppelingen met uw eigen software: de sleutel handelt met de rechten van dit account, in deze provincie." }
        @if !tokens.is_empty() {
            ul {
                @for t in &tokens {
                    li {
                        (t.name) " · gemaakt " (t.created_at.format("%Y-%m-%d"))
                        @if let Some(u) = t.last_used_at { " · laatst gebruikt " (u.format("%Y-%m-%d")) }
                        @if t.revoked { " · ingetrokken" } @else {
                            form.inline method="post" action={ "/" (slug) "/account/api-sleutels/" (t.id) "/intrekken" } {
                                (csrf) button type="submit" { "Intrekken" }
                            }
                        }
                    }
                }
            }
        }
        form method="post" action={ "/" (slug) "/account/api-sleutels" } {
            (csrf)
            (text_input("name", "Naam van de nieuwe sleutel", "text", "", "off"))
            p { button type="submit" { "Sleutel maken" } }
        }
        h2 { "Mijn gegevens" }
        p { a href={ "/" (slug) "/account/gegevens" } { "Download alles wat we over u bewaren (JSON)" } }
        form method="post" action={ "/" (slug) "/account/verwijderen" } {
            (csrf)
            p { label for="delete_password" { "Wachtwoord, om uw account te verwijderen" } input id="delete_password" name="current_password" type="password" autocomplete="current-password"; }
            p { button type="submit" { "Account definitief verwijderen" } }
        }
        form method="post" action={ "/" (slug) "/afmelden" } {
            (csrf)
            button type="submit" { "Afmelden" }
        }
    };
    Ok(layout::page("Mijn account", Some(&v.tenant.profile), main).into_response())
}
