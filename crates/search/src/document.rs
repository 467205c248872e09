//! What the index holds for one published offer: the offer and what a searcher needs of its organisation.

use doeners_domain::{
    GeoPoint, Municipality, Offer, Organisation, PostalArea, ProvinceRef, ServiceArea,
    service_area::Place,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One offer as the index sees it. `tenant` is the province that owns the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfferDocument {
    pub tenant: String,
    pub offer_id: Uuid,
    pub organisation_id: Uuid,
    pub organisation_slug: String,
    pub organisation_name: String,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub category: String,
    pub group: String,
    pub mode: String,
    pub service_area: String,
    pub postal_code: String,
    pub municipality: String,
    pub municipality_nis: String,
    pub province: String,
    pub lat: f64,
    pub lon: f64,
}

impl OfferDocument {
    pub fn new(tenant: &str, organisation: &Organisation, offer: &Offer) -> Self {
        let o = &organisation.draft;
        let d = &offer.draft;
        let point = o.address.point();
        Self {
            tenant: tenant.to_string(),
            offer_id: offer.id.as_uuid(),
            organisation_id: organisation.id.as_uuid(),
            organisation_slug: organisation.slug.to_string(),
            organisation_name: o.name.clone(),
            kind: o.kind.slug().to_string(),
            title: d.title.clone(),
            description: d.description.clone(),
            category: d.category.slug().to_string(),
            group: d.category.group().slug.to_string(),
            mode: d.execution_mode.slug().to_string(),
            service_area: d.service_area.to_string(),
            postal_code: o.address.postal_code.to_string(),
            municipality: o.address.municipality.name.to_string(),
            municipality_nis: o.address.municipality.nis.to_string(),
            province: o
                .address
                .municipality
                .province()
                .map(|p| p.slug.to_string())
                .unwrap_or_default(),
            lat: point.lat,
            lon: point.lon,
        }
    }

    pub fn home(&self) -> GeoPoint {
        GeoPoint {
            lat: self.lat,
            lon: self.lon,
        }
    }
}

/// The places a service area covers, as index terms, so that "who serves this place" is a term lookup that
/// agrees with `ServiceArea::covers`: `prov:<slug>` for a province; for listed postal codes `pc:<code>` and
/// `mun:<nis>` of their municipalities; for a radius `pc:<code>` of every postal code and `rad:<nis>` of every
/// municipality whose point lies within it (a place is a postal code's point, or a municipality's).
pub fn coverage_terms(area: &ServiceArea, home: GeoPoint, home_municipality: &str) -> Vec<String> {
    let mut terms: Vec<String> = match area {
        ServiceArea::Flanders => ProvinceRef::all()
            .iter()
            .filter(|p| p.is_flemish() || p.slug == "brussel")
            .map(|p| format!("prov:{}", p.slug))
            .collect(),
        ServiceArea::Provinces(provinces) => provinces
            .iter()
            .map(|p| format!("prov:{}", p.slug))
            .collect(),
        ServiceArea::Municipalities(codes) => codes
            .iter()
            .flat_map(|c| {
                std::iter::once(format!("pc:{c}")).chain(
                    c.areas()
                        .iter()
                        .map(|a| format!("mun:{}", a.municipality_nis)),
                )
            })
            .collect(),
        ServiceArea::Radius(km) => {
            let km = f64::from(*km);
            // A degree of latitude is 111 km everywhere and one of longitude at least 60 km in Belgium: points
            // outside that box are too far without computing a great circle.
            let within = |p: GeoPoint| {
                (p.lat - home.lat).abs() * 111.0 <= km
                    && (p.lon - home.lon).abs() * 60.0 <= km
                    && p.distance_km(&home) <= km
            };
            // A postal code's point is its first area's (`PostalCode::point`); the areas are sorted by code.
            let all = PostalArea::all();
            let codes = all
                .iter()
                .enumerate()
                .filter(|(i, a)| *i == 0 || all[i - 1].code != a.code)
                .filter(|(_, a)| within(a.point))
                .map(|(_, a)| format!("pc:{:04}", a.code));
            let municipalities = Municipality::all()
                .iter()
                .filter(|m| within(m.point))
                .map(|m| format!("rad:{}", m.nis));
            codes
                .chain(municipalities)
                .chain(std::iter::once(format!("rad:{home_municipality}")))
                .collect()
        }
    };
    terms.sort();
    terms.dedup();
    terms
}

/// The terms a located search looks for: an offer serves `place` when its coverage holds any of them.
pub fn place_terms(place: &Place) -> Vec<String> {
    let mut terms = vec![
        format!("prov:{}", place.province.slug),
        format!("mun:{}", place.municipality_nis),
    ];
    terms.push(match place.postal_code {
        Some(code) => format!("pc:{code}"),
        None => format!("rad:{}", place.municipality_nis),
    });
    terms
}
