//! `/{tenant}/aanbod`: a province's offers by category, with a filter that works without JavaScript.

use std::collections::HashMap;

use axum::extract::Query;
use axum::response::Html;
use doeners_app::records::{OfferListing, Page};
use doeners_domain::{CategoryGroup, CategoryRef};
use maud::html;

use super::{PortalTenant, error::PageError, layout};
use crate::error::ApiError;

const PER_PAGE: u64 = 50;

pub async fn list(
    PortalTenant(tenant): PortalTenant,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Html<String>, PageError> {
    let chosen = query
        .get("categorie")
        .map(String::as_str)
        .filter(|s| !s.is_empty());
    let category = chosen
        .map(CategoryRef::parse)
        .transpose()
        .map_err(|e| ApiError::invalid_parameter("categorie", e))?;
    let number = match query.get("pagina").map(|p| p.parse::<u64>()) {
        None => 1,
        Some(Ok(n)) if (1..=10_000).contains(&n) => n,
        Some(_) => {
            return Err(
                ApiError::invalid_parameter("pagina", "verwacht een paginanummer vanaf 1").into(),
            );
        }
    };
    let found = doeners_app::catalogue::offers(
        &tenant,
        category,
        Page {
            number,
            per_page: PER_PAGE,
        },
    )
    .await?;
    let slug = tenant.profile.slug.as_str();
    let pages = found.total.div_ceil(PER_PAGE).max(1);
    let link = |page: u64| match chosen {
        Some(c) => format!("/{slug}/aanbod?categorie={c}&pagina={page}"),
        None => format!("/{slug}/aanbod?pagina={page}"),
    };
    // Listings come sorted by category, so each group's offers are consecutive.
    let mut sections: Vec<(&CategoryGroup, Vec<&OfferListing>)> = Vec::new();
    for listing in &found.items {
        let group = listing.offer.draft.category.group();
        match sections.last_mut() {
            Some((g, items)) if g.slug == group.slug => items.push(listing),
            _ => sections.push((group, vec![listing])),
        }
    }
    Ok(layout::page(
        "Aanbod",
        Some(&tenant.profile),
        html! {
            h1 { "Aanbod" @if let Some(c) = category { ": " (c.name()) } }
            form.filter method="get" action={ "/" (slug) "/aanbod" } role="search" {
                label for="categorie" { "Categorie" }
                select #categorie name="categorie" {
                    option value="" { "Alle categorieën" }
                    @for group in CategoryGroup::all() {
                        optgroup label=(group.label) {
                            option value=(group.slug) selected[chosen == Some(group.slug)] { "Alles in " (group.label) }
                            @for c in group.categories {
                                option value=(c.slug) selected[chosen == Some(c.slug)] { (c.label) }
                            }
                        }
                    }
                }
                button type="submit" { "Toon" }
            }
            p { (found.total) " resultaten" @if pages > 1 { ", pagina " (number) " van " (pages) } "." }
            @for (group, listings) in &sections {
                h2 { (group.label) }
                @for listing in listings {
                article.offer {
                    h3 { (listing.offer.draft.title) }
                    p.meta {
                        a href={ "/" (slug) "/organisaties/" (listing.organisation.slug) } { (listing.organisation.draft.name) }
                        " · " (listing.organisation.draft.address.municipality.name)
                        " · " (listing.offer.draft.category.label())
                    }
                    p { (listing.offer.draft.description) }
                    p.small { (listing.offer.draft.execution_mode.label()) ", werkgebied: " (listing.offer.draft.service_area.describe()) }
                }
                }
            }
            @if pages > 1 {
                nav.pages aria-label="Paginering" {
                    @if number > 1 { a rel="prev" href=(link(number - 1)) { "← Vorige" } }
                    @if number < pages { a rel="next" href=(link(number + 1)) { "Volgende →" } }
                }
            }
        },
    ))
}
