//! `/{tenant}/organisaties/{slug}`: an organisation's profile with its offers and how to reach it.

use axum::extract::Path;
use axum::response::Html;
use maud::html;

use super::{error::PageError, layout};
use crate::error::{ApiError, ErrorCode};

pub async fn profile(
    v: crate::guard::Visitor,
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    Path((_, slug)): Path<(String, String)>,
    query: crate::extract::QueryParams,
) -> Result<Html<String>, PageError> {
    let tenant = v.tenant.clone();
    // The request form lives on the company's own portal (its session is there); a visitor who is not signed
    // in is asked to sign in on this one.
    let home = v
        .caller
        .as_ref()
        .and_then(|c| c.province.clone())
        .unwrap_or_else(|| tenant.profile.slug.clone());
    let not_found = || {
        ApiError::not_found(
            ErrorCode::OrganisationNotFound,
            "Deze organisatie bestaat niet of is niet gepubliceerd.",
        )
    };
    if doeners_domain::Slug::parse(&slug).is_err() {
        return Err(not_found().into());
    }
    let (org, offers) = doeners_app::catalogue::organisation(&tenant, &slug)
        .await?
        .ok_or_else(not_found)?;
    record_views(&state, &tenant, &org, &offers, query.get("aanbod"));
    let details = doeners_app::organisations::details(&tenant, org.id).await?;
    let photos = doeners_app::photos::of(&tenant, org.id).await?;
    let d = &org.draft;
    Ok(layout::page(
        &d.name,
        Some(&tenant.profile),
        html! {
            h1 { (d.name) }
            p.meta { (d.kind.label()) " · " (d.address.municipality.name)
                @if let Some(n) = d.employees { " · " (n) " medewerkers" } }
            div.profile-top {
                // How to reach the organisation comes first: that is what a buyer came for.
                section.reach aria-labelledby="contact" {
                    h2 #contact { "Contact" }
                    p { a.button href={ "/" (home) "/contact?organisatie=" (tenant.profile.slug) "/" (org.slug) } { "Neem contact op" } }
                    p.small { "Uw aanvraag gaat naar de organisatie; de provincie volgt op of er een antwoord komt." }
                    @if v.caller.as_ref().is_some_and(|c| c.role == doeners_domain::access::Role::Company) {
                        p { a href={ "/" (home) "/account/bewaard?organisatie=" (tenant.profile.slug) "/" (org.slug) } { "Bewaar deze organisatie" } }
                    }
                    address {
                        @if !d.address.street.is_empty() { (d.address.street) br; }
                        (d.address.postal_code) " " (d.address.locality) br;
                        @if let Some(phone) = &d.phone { "Telefoon: " a href={ "tel:" (phone.as_str().replace(' ', "")) } { (phone.as_str()) } br; }
                        @if let Some(email) = &d.email { "E-mail: " a href={ "mailto:" (email) } { (email) } br; }
                        @if let Some(site) = &d.website { "Website: " a href=(site.as_str()) rel="nofollow" { (site.as_str()) } }
                    }
                    @if let Some(number) = &d.enterprise_number { p.small { "Ondernemingsnummer " (number) } }
                }
                div.about { @if !d.description.is_empty() { p.lead { (d.description) } } }
            }
            (super::photos::gallery(tenant.profile.slug.as_str(), &org, &photos))
            section aria-labelledby="aanbod" {
                h2 #aanbod { "Aanbod" }
                @if offers.is_empty() { p { "Deze organisatie heeft nog geen aanbod gepubliceerd." } }
                @for offer in &offers {
                    article.offer id={ "aanbod-" (offer.id) } {
                        h3 { (offer.draft.title) }
                        p.meta { (offer.draft.category.label()) " · " (offer.draft.execution_mode.label()) }
                        p { (offer.draft.description) }
                        p.small { "Werkgebied: " (offer.draft.service_area.describe()) }
                        p.small { a href={ "/" (home) "/contact?organisatie=" (tenant.profile.slug) "/" (org.slug) "&aanbod=" (offer.id) } { "Vraag dit aanbod aan" span.visually-hidden { ": " (offer.draft.title) } } }
                    }
                }
            }
            @if !details.is_empty() {
                section aria-labelledby="capaciteit" {
                    h2 #capaciteit { "Wat we aankunnen" }
                    @if !details.capacity.is_empty() { p { (details.capacity) } }
                    @if !details.certificates.is_empty() {
                        h3 { "Certificaten en labels" }
                        ul.labels { @for c in &details.certificates { li { (c) } } }
                    }
                    @if !details.references.is_empty() {
                        h3 { "Referenties" }
                        p.small { "Klanten die akkoord gingen om genoemd te worden." }
                        ul { @for r in &details.references { li { (r) } } }
                    }
                }
            }
            (super::buying_social::section(d.kind))
        },
    ))
}

/// Counts the profile view for the evaluation, and the offer view when a search hit led here (`?aanbod=`).
fn record_views(
    state: &crate::AppState,
    tenant: &crate::Tenant,
    org: &doeners_domain::Organisation,
    offers: &[doeners_domain::Offer],
    offer: Option<&str>,
) {
    use doeners_app::records::{PageView, ViewKind};
    let now = chrono::Utc::now();
    let recorder = &state.services().searches;
    recorder.view(
        tenant,
        PageView {
            viewed_at: now,
            kind: ViewKind::Profile,
            organisation_id: org.id.as_uuid(),
            offer_id: None,
        },
    );
    let shown = offer
        .and_then(|o| uuid::Uuid::parse_str(o.trim()).ok())
        .filter(|id| offers.iter().any(|o| o.id.as_uuid() == *id));
    if let Some(id) = shown {
        recorder.view(
            tenant,
            PageView {
                viewed_at: now,
                kind: ViewKind::Offer,
                organisation_id: org.id.as_uuid(),
                offer_id: Some(id),
            },
        );
    }
}
