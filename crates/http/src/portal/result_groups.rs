//! A search page lists organisations, not offers: a company looks for a partner, and one organisation with three
//! matching offers must not fill three of the first eight places. The engine ranks offers; an organisation takes
//! the place of its best offer and shows its matching offers under it.

use doeners_domain::ProvinceRef;
use doeners_search::Hit;
use maud::{Markup, html};

use crate::search_params;

/// How many offers are ranked for the organisations a search lists: the engine's largest page, enough that an
/// organisation's offers gather under it. Sorting by distance orders these (the best-matching offers).
pub const WINDOW: usize = 100;
/// Organisations per page.
pub const PER_PAGE: usize = 10;
/// Offers shown under one organisation; the profile has the rest.
const OFFERS_SHOWN: usize = 3;

pub struct OrganisationResult<'a> {
    pub offers: Vec<&'a Hit>,
    /// The nearest of its offers' distances (all offers of one organisation share its address).
    pub distance_km: Option<f64>,
}

impl OrganisationResult<'_> {
    fn first(&self) -> &Hit {
        self.offers[0]
    }
}

/// The hits gathered per organisation, in the order of each one's best offer.
pub fn group(hits: &[Hit]) -> Vec<OrganisationResult<'_>> {
    let mut groups: Vec<OrganisationResult> = Vec::new();
    for hit in hits {
        let same = |g: &&mut OrganisationResult| {
            g.first().offer.organisation_id == hit.offer.organisation_id
                && g.first().offer.tenant == hit.offer.tenant
        };
        match groups.iter_mut().find(|g| same(g)) {
            Some(g) => g.offers.push(hit),
            None => groups.push(OrganisationResult {
                offers: vec![hit],
                distance_km: hit.distance_km,
            }),
        }
    }
    groups
}

/// Nearest first, after the organisations the words found; organisations at the same distance keep the engine's
/// order.
pub fn sort_by_distance(groups: &mut [OrganisationResult]) {
    groups.sort_by(|a, b| {
        // What only fills up a short answer stays after what the words found.
        let filler = |g: &OrganisationResult| g.first().explanation.same_kind;
        let km = |g: &OrganisationResult| g.distance_km.unwrap_or(f64::INFINITY);
        filler(a).cmp(&filler(b)).then(km(a).total_cmp(&km(b)))
    });
}

fn offer_link(hit: &Hit) -> String {
    format!(
        "/{}/organisaties/{}?aanbod={}#aanbod-{}",
        hit.offer.tenant, hit.offer.organisation_slug, hit.offer.offer_id, hit.offer.offer_id
    )
}

pub fn render(result: &OrganisationResult) -> Markup {
    let first = result.first();
    let o = &first.offer;
    let province = ProvinceRef::by_slug(&o.province).map_or(o.province.as_str(), |p| p.name);
    let more = result.offers.len().saturating_sub(OFFERS_SHOWN);
    html! {
        article.organisation {
            h3 { a href={ "/" (o.tenant) "/organisaties/" (o.organisation_slug) } { (o.organisation_name) } }
            p.meta {
                (o.municipality) " · " (province)
                @if let Some(km) = result.distance_km { " · " strong { (distance(km)) } }
                @if first.crosses_border { " · " span.badge { "andere provincie" } }
            }
            ul.matches {
                @for hit in result.offers.iter().take(OFFERS_SHOWN) {
                    li {
                        a href=(offer_link(hit)) { (hit.offer.title) }
                        p { (summary(&hit.offer.description)) }
                        p.why { (search_params::explain(hit)) }
                    }
                }
            }
            @if more > 0 {
                p.small { a href={ "/" (o.tenant) "/organisaties/" (o.organisation_slug) } { "Nog " (more) " passend aanbod van " (o.organisation_name) } }
            }
        }
    }
}

fn distance(km: f64) -> String {
    if km < 1.0 {
        "minder dan 1 km".to_string()
    } else {
        format!("{} km", km.round())
    }
}

/// The first sentence or so of a description: the profile has the whole text.
fn summary(text: &str) -> String {
    const MAX: usize = 220;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX).collect();
    let end = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use doeners_search::{Explanation, OfferDocument};

    fn hit(organisation: u128, title: &str, km: f64) -> Hit {
        Hit {
            offer: OfferDocument {
                tenant: "limburg".into(),
                offer_id: uuid::Uuid::from_u128(
                    u128::from(title.len() as u32) + organisation * 100,
                ),
                organisation_id: uuid::Uuid::from_u128(organisation),
                organisation_slug: format!("org-{organisation}"),
                organisation_name: format!("Organisatie {organisation}"),
                kind: String::new(),
                title: title.into(),
                description: String::new(),
                category: String::new(),
                group: String::new(),
                mode: String::new(),
                service_area: String::new(),
                postal_code: String::new(),
                municipality: String::new(),
                municipality_nis: String::new(),
                province: "limburg".into(),
                lat: 0.0,
                lon: 0.0,
            },
            score: 1.0,
            distance_km: Some(km),
            crosses_border: false,
            explanation: Explanation::default(),
        }
    }

    #[test]
    fn an_organisation_appears_once_with_its_offers_under_it() {
        let hits = [
            hit(1, "Handverpakking", 40.0),
            hit(2, "Verpakken", 5.0),
            hit(1, "Ompakken", 40.0),
            hit(3, "Inpakken", 18.0),
        ];
        let groups = group(&hits);
        let titles: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| g.offers.iter().map(|h| h.offer.title.as_str()).collect())
            .collect();
        assert_eq!(
            titles,
            vec![
                vec!["Handverpakking", "Ompakken"],
                vec!["Verpakken"],
                vec!["Inpakken"]
            ]
        );
        let mut nearest = groups;
        sort_by_distance(&mut nearest);
        let order: Vec<Option<f64>> = nearest.iter().map(|g| g.distance_km).collect();
        assert_eq!(order, vec![Some(5.0), Some(18.0), Some(40.0)]);
    }

    #[test]
    fn a_long_description_is_cut_at_a_word() {
        let long = "woord ".repeat(60);
        let short = summary(&long);
        assert!(
            short.ends_with('…') && short.chars().count() <= 221,
            "{short}"
        );
        assert_eq!(summary("Kort."), "Kort.");
    }
}
