//! A company's saved organisations and searches: saved from a profile or a search page, listed on the account
//! page, removed there. A saved search may ask for an e-mail when new offers match (sent by the scheduler).

use axum::{
    Form,
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use doeners_app::records::{SavedOrganisation, SavedSearch};
use maud::{Markup, html};

use super::{Failure, Fields, field, layout, search::encode, widgets::csrf};
use crate::{AppState, extract::QueryParams, guard::Visitor};

/// "limburg/de-beuk" → the province's tenant and the published organisation's name.
async fn published(
    state: &AppState,
    reference: &str,
) -> Result<Option<(String, String, String)>, Failure> {
    let Some((province, slug)) = reference.trim().split_once('/') else {
        return Ok(None);
    };
    let Some(tenant) = state.tenant(province) else {
        return Ok(None);
    };
    if doeners_domain::Slug::parse(slug).is_err() {
        return Ok(None);
    }
    Ok(doeners_app::catalogue::organisation(tenant, slug)
        .await?
        .map(|(org, _)| (province.to_string(), slug.to_string(), org.draft.name)))
}

fn unknown(v: &Visitor) -> Failure {
    v.refuse(doeners_domain::access::Decision::Hidden).into()
}

/// Only a company signed in on this portal saves: anyone else is sent to sign in or refused.
fn company(v: &Visitor) -> Result<(), Failure> {
    let home = v.signed_in()?;
    if home.active.account.role == doeners_domain::access::Role::Company {
        Ok(())
    } else {
        Err(v.refuse(doeners_domain::access::Decision::Forbidden).into())
    }
}

/// A form whose value cannot be saved, said in a sentence.
fn not_saved(v: &Visitor, sentence: &str) -> Response {
    layout::answer(
        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        "Niet bewaard",
        Some(&v.tenant.profile),
        html! {
            h1 { "Niet bewaard" }
            p.error role="alert" { (sentence) }
            p { a href={ "/" (v.slug()) "/account" } { "Naar mijn account" } }
        },
    )
}

const NO_ORGANISATION: &str = "Deze organisatie bestaat niet of is niet gepubliceerd.";

/// `GET /{tenant}/account/bewaard?organisatie=limburg/de-beuk`: the one button that saves it, on the company's
/// own portal (its session is there, whatever the organisation's province).
pub async fn save_organisation_form(
    State(state): State<AppState>,
    v: Visitor,
    query: QueryParams,
) -> Result<Response, Failure> {
    company(&v)?;
    let reference = query.get("organisatie").unwrap_or_default().to_string();
    let Some((province, slug, name)) = published(&state, &reference).await? else {
        return Ok(not_saved(&v, NO_ORGANISATION));
    };
    let main = html! {
        h1 { "Organisatie bewaren" }
        p { "Bewaar " strong { (name) } " bij uw account: u vindt ze terug op " a href={ "/" (v.slug()) "/account" } { "Mijn account" } "." }
        form method="post" action={ "/" (v.slug()) "/account/bewaard" } {
            (csrf(&v))
            input type="hidden" name="organisation" value={ (province) "/" (slug) };
            p { button type="submit" { "Bewaren" } }
        }
        p { a href={ "/" (province) "/organisaties/" (slug) } { "← Terug naar " (name) } }
    };
    Ok(layout::page("Organisatie bewaren", Some(&v.tenant.profile), main).into_response())
}

pub async fn save_organisation(
    State(state): State<AppState>,
    v: Visitor,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    company(&v)?;
    v.check_form(&fields)?;
    let Some((province, slug, name)) = published(&state, field(&fields, "organisation")).await?
    else {
        return Ok(not_saved(&v, NO_ORGANISATION));
    };
    doeners_app::saved::save_organisation(&v.tenant, v.caller.as_ref(), &province, &slug, &name)
        .await?;
    Ok(Redirect::to(&format!(
        "/{}/account?bewaard=organisatie#bewaard",
        v.slug()
    ))
    .into_response())
}

/// Which kind of saved thing a removal is about.
enum Kept {
    Organisation,
    Search,
}

async fn forget(v: Visitor, id: &str, fields: &Fields, kept: Kept) -> Result<Response, Failure> {
    company(&v)?;
    v.check_form(fields)?;
    let id = id.parse::<uuid::Uuid>().map_err(|_| unknown(&v))?;
    match kept {
        Kept::Organisation => {
            doeners_app::saved::forget_organisation(&v.tenant, v.caller.as_ref(), id).await?;
        }
        Kept::Search => doeners_app::saved::forget_search(&v.tenant, v.caller.as_ref(), id).await?,
    }
    Ok(Redirect::to(&format!("/{}/account?bewaard=verwijderd#bewaard", v.slug())).into_response())
}

pub async fn forget_organisation(
    v: Visitor,
    Path((_, id)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    forget(v, &id, &fields, Kept::Organisation).await
}

pub async fn forget_search(
    v: Visitor,
    Path((_, id)): Path<(String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    forget(v, &id, &fields, Kept::Search).await
}

pub async fn save_search(
    State(state): State<AppState>,
    v: Visitor,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    company(&v)?;
    v.check_form(&fields)?;
    let query = field(&fields, "q").trim();
    let place = field(&fields, "near").trim();
    if !place.is_empty() && doeners_domain::service_area::Place::parse(place).is_err() {
        return Ok(not_saved(
            &v,
            "We kennen de plaats van deze zoekopdracht niet: geef een postcode of een gemeente.",
        ));
    }
    let alert = !field(&fields, "alert").is_empty();
    if let Err(sentence) = doeners_app::saved::save_search(
        &v.tenant,
        v.caller.as_ref(),
        state.search(),
        query,
        place,
        alert,
    )
    .await?
    {
        return Ok(not_saved(&v, &sentence));
    }
    Ok(Redirect::to(&format!(
        "/{}/zoeken?q={}&near={}&bewaard=1",
        v.slug(),
        encode(query),
        encode(place)
    ))
    .into_response())
}

/// Under the results of a company's search: save it, with or without an e-mail for new offers.
pub fn save_search_form(slug: &str, csrf_token: &str, query: &str, place: &str) -> Markup {
    html! {
        form.save-search method="post" action={ "/" (slug) "/account/zoekopdrachten" } {
            input type="hidden" name="csrf" value=(csrf_token);
            input type="hidden" name="q" value=(query);
            input type="hidden" name="near" value=(place);
            p.check {
                input #alert type="checkbox" name="alert" value="1";
                label for="alert" { "Stuur mij een e-mail als er nieuw aanbod bij komt (hoogstens één per dag)" }
            }
            p { button.secondary type="submit" { "Bewaar deze zoekopdracht" } }
        }
    }
}

/// The account page's part: what the company saved, each with a link and a button to remove it.
pub fn on_account(
    v: &Visitor,
    done: Option<&str>,
    organisations: &[SavedOrganisation],
    searches: &[SavedSearch],
) -> Markup {
    let slug = v.slug();
    html! {
        section aria-labelledby="bewaard" {
            h2 #bewaard { "Bewaard" }
            @match done {
                Some("organisatie") => p.confirmation role="status" { "De organisatie is bewaard." },
                Some("verwijderd") => p.confirmation role="status" { "Verwijderd uit wat u bewaarde." },
                _ => {},
            }
            h3 { "Organisaties" }
            @if organisations.is_empty() { p { "Nog geen. Op het profiel van een organisatie bewaart u ze." } }
            ul {
                @for o in organisations {
                    li {
                        a href={ "/" (o.province) "/organisaties/" (o.organisation_slug) } { (o.name) }
                        form.inline method="post" action={ "/" (slug) "/account/bewaard/" (o.id) "/verwijderen" } {
                            (csrf(v))
                            button.secondary type="submit" { "Verwijderen" span.visually-hidden { ": " (o.name) } }
                        }
                    }
                }
            }
            h3 { "Zoekopdrachten" }
            @if searches.is_empty() { p { "Nog geen. Onder de resultaten van een zoekopdracht bewaart u ze." } }
            ul {
                @for s in searches {
                    @let label = if s.place.is_empty() { s.query.clone() } else { format!("{} bij {}", s.query, s.place) };
                    li {
                        a href={ "/" (slug) "/zoeken?q=" (encode(&s.query)) "&near=" (encode(&s.place)) } { (label) }
                        @if s.alert { " · " span.small { "e-mail bij nieuw aanbod" } }
                        form.inline method="post" action={ "/" (slug) "/account/zoekopdrachten/" (s.id) "/verwijderen" } {
                            (csrf(v))
                            button.secondary type="submit" { "Verwijderen" span.visually-hidden { ": " (label) } }
                        }
                    }
                }
            }
        }
    }
}
