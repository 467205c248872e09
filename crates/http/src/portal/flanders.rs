//! `/`: Flanders as a whole — the five provinces and what their social economy offers.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::Html;
use doeners_domain::CategoryGroup;
use maud::html;

use super::layout::{self, count};
use crate::AppState;

struct ProvinceFigures {
    organisations: u64,
    offers: u64,
    by_category: BTreeMap<String, u64>,
}

pub async fn home(State(state): State<AppState>) -> Html<String> {
    let figures = futures::future::join_all(state.tenants().iter().map(|t| async move {
        let counts = doeners_app::catalogue::published_counts(t).await;
        let by_category = doeners_app::catalogue::offer_counts_by_category(t).await;
        match (counts, by_category) {
            (Ok((organisations, offers)), Ok(by_category)) => Some(ProvinceFigures { organisations, offers, by_category }),
            (Err(e), _) | (_, Err(e)) => {
                tracing::warn!(tenant = %t.profile.slug, error = %e, "province left out of the Flanders page");
                None
            }
        }
    }))
    .await;
    let mut per_group: BTreeMap<&str, u64> = BTreeMap::new();
    for f in figures.iter().flatten() {
        for (slug, n) in &f.by_category {
            if let Ok(category) = doeners_domain::CategoryRef::parse(slug) {
                *per_group.entry(category.group().slug).or_default() += n;
            }
        }
    }
    layout::page(
        "Sociale economie in Vlaanderen",
        None,
        html! {
            h1 { "Werk samen met de sociale economie" }
            p.lead {
                "Maatwerkbedrijven, lokale diensteneconomie en sociale ondernemingen verpakken, monteren, "
                "onderhouden groen, poetsen, koken, herstellen en veel meer. Ze geven werk aan mensen die "
                "elders moeilijk aan de slag raken. Vind een partner in uw provincie of daarbuiten."
            }
            section aria-labelledby="zoek" {
                h2 #zoek { "Zoek een partner in heel Vlaanderen" }
                (super::search::form(&crate::extract::QueryParams::default(), "/zoeken", None, false))
            }
            section aria-labelledby="provincies" {
                h2 #provincies { "De provincies" }
                ul.cards {
                    @for (tenant, f) in state.tenants().iter().zip(&figures) {
                        li.card style={ "--brand:" (tenant.profile.colour) } {
                            h3 { a href={ "/" (tenant.profile.slug) "/" } { (tenant.profile.display_name) } }
                            @match f {
                                Some(f) => p { (count(f.organisations, "organisatie", "organisaties")) " · aanbod: " (f.offers) },
                                None => p.warning { "Tijdelijk niet bereikbaar." },
                            }
                        }
                    }
                }
            }
            section aria-labelledby="wat" {
                h2 #wat { "Wat de sociale economie doet" }
                ul.groups {
                    @for group in CategoryGroup::all() {
                        li { (group.label) " " span.count { "(" (per_group.get(group.slug).copied().unwrap_or(0)) ")" } }
                    }
                }
            }
        },
    )
}
