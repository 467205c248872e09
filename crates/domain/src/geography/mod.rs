//! Belgian reference geography: provinces, municipalities and postal codes with a coordinate each, from
//! Statbel's tables (see `reference_data.rs` for the sources). A place a user names (a postal code or a
//! municipality) resolves to a point and a province here.

#[rustfmt::skip] // Generated: kept as the script writes it.
mod reference_data;

use std::fmt;

use serde::{Serialize, Serializer};

use crate::{InvalidValue, text::fold};

/// A WGS84 coordinate in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

impl GeoPoint {
    /// For the generated reference data only, whose values are known to be in range.
    pub(crate) const fn raw(lat: f64, lon: f64) -> Self {
        Self { lat, lon }
    }

    pub fn new(lat: f64, lon: f64) -> Result<Self, InvalidValue> {
        if !(-90.0..=90.0).contains(&lat)
            || !(-180.0..=180.0).contains(&lon)
            || lat.is_nan()
            || lon.is_nan()
        {
            return Err(InvalidValue::new(format!(
                "ongeldige coördinaat ({lat}, {lon})"
            )));
        }
        Ok(Self { lat, lon })
    }

    /// Great-circle distance in kilometres (haversine).
    pub fn distance_km(&self, other: &GeoPoint) -> f64 {
        const EARTH_RADIUS_KM: f64 = 6371.0;
        let (lat1, lat2) = (self.lat.to_radians(), other.lat.to_radians());
        let dlat = lat2 - lat1;
        let dlon = (other.lon - self.lon).to_radians();
        let a = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
    }
}

/// A province (or the Brussels-Capital Region, which has none).
#[derive(Debug, PartialEq, Eq)]
pub struct ProvinceRef {
    pub nis: &'static str,
    pub slug: &'static str,
    pub name: &'static str,
}

impl ProvinceRef {
    pub fn all() -> &'static [ProvinceRef] {
        reference_data::PROVINCES
    }

    pub fn by_slug(slug: &str) -> Option<&'static ProvinceRef> {
        let slug = slug.trim().to_ascii_lowercase();
        Self::all().iter().find(|p| p.slug == slug)
    }

    pub fn by_nis(nis: &str) -> Option<&'static ProvinceRef> {
        Self::all().iter().find(|p| p.nis == nis)
    }

    /// The five Flemish provinces.
    pub fn is_flemish(&self) -> bool {
        matches!(self.nis, "10000" | "20001" | "30000" | "40000" | "70000")
    }
}

#[derive(Debug, PartialEq)]
pub struct Municipality {
    /// REFNIS code, e.g. `71072`.
    pub nis: &'static str,
    pub name: &'static str,
    pub name_fr: &'static str,
    pub province_nis: &'static str,
    pub point: GeoPoint,
}

impl Municipality {
    pub fn all() -> &'static [Municipality] {
        reference_data::MUNICIPALITIES
    }

    pub fn by_nis(nis: &str) -> Option<&'static Municipality> {
        let all = Self::all();
        all.binary_search_by(|m| m.nis.cmp(nis))
            .ok()
            .and_then(|i| all.get(i))
    }

    /// Finds a municipality by its Dutch or French name, ignoring case and accents.
    pub fn by_name(name: &str) -> Option<&'static Municipality> {
        let wanted = fold(name);
        Self::all()
            .iter()
            .find(|m| fold(m.name) == wanted || fold(m.name_fr) == wanted)
    }

    pub fn province(&self) -> Option<&'static ProvinceRef> {
        ProvinceRef::by_nis(self.province_nis)
    }

    pub fn postal_areas(&self) -> impl Iterator<Item = &'static PostalArea> + '_ {
        PostalArea::all()
            .iter()
            .filter(move |a| a.municipality_nis == self.nis)
    }
}

/// One (postal code, municipality) pair: a few postal codes are shared by two municipalities.
#[derive(Debug, PartialEq)]
pub struct PostalArea {
    pub code: u16,
    pub municipality_nis: &'static str,
    /// The locality the postal service names for this code, when known.
    pub locality: &'static str,
    pub point: GeoPoint,
}

impl PostalArea {
    pub fn all() -> &'static [PostalArea] {
        reference_data::POSTAL_AREAS
    }

    pub fn for_code(code: u16) -> &'static [PostalArea] {
        let all = Self::all();
        let start = all.partition_point(|a| a.code < code);
        let end = all.partition_point(|a| a.code <= code);
        all.get(start..end).unwrap_or(&[])
    }

    pub fn municipality(&self) -> Option<&'static Municipality> {
        Municipality::by_nis(self.municipality_nis)
    }
}

/// A Belgian postal code that exists in the reference data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PostalCode(u16);

impl PostalCode {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let trimmed = raw.trim();
        let digits = trimmed
            .strip_prefix("B-")
            .or_else(|| trimmed.strip_prefix("B"))
            .unwrap_or(trimmed);
        let code: u16 = match digits.parse() {
            Ok(code) if digits.len() == 4 => code,
            _ => {
                return Err(InvalidValue::new(format!(
                    "ongeldige postcode '{trimmed}': verwacht vier cijfers, zoals 3500"
                )));
            }
        };
        if PostalArea::for_code(code).is_empty() {
            return Err(InvalidValue::new(format!("onbekende postcode {code}")));
        }
        Ok(Self(code))
    }

    pub fn value(&self) -> u16 {
        self.0
    }

    /// Every (postal code, municipality) pair of this code; never empty.
    pub fn areas(&self) -> &'static [PostalArea] {
        PostalArea::for_code(self.0)
    }

    pub fn point(&self) -> GeoPoint {
        self.areas()
            .first()
            .map_or(GeoPoint::raw(50.85, 4.35), |a| a.point)
    }

    /// The municipality this code belongs to; where two share the code, the one whose name is given, else the first.
    pub fn municipality(&self, name_hint: &str) -> Option<&'static Municipality> {
        let hint = fold(name_hint);
        let mut candidates = self.areas().iter().filter_map(PostalArea::municipality);
        let first = candidates.clone().next();
        candidates
            .find(|m| fold(m.name) == hint || fold(m.name_fr) == hint)
            .or(first)
    }
}

impl fmt::Display for PostalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.0)
    }
}

impl Serialize for PostalCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_data_is_complete_and_sorted() {
        assert!(
            Municipality::all().len() >= 560,
            "every Belgian municipality"
        );
        assert!(PostalArea::all().len() >= 1100);
        assert!(Municipality::all().windows(2).all(|w| w[0].nis < w[1].nis));
        assert!(PostalArea::all().windows(2).all(|w| w[0].code <= w[1].code));
        for m in Municipality::all() {
            assert!(m.province().is_some(), "{} has a province", m.name);
            assert!(
                m.postal_areas().next().is_some(),
                "{} has a postal code",
                m.name
            );
            assert!(
                (49.4..51.6).contains(&m.point.lat) && (2.5..6.5).contains(&m.point.lon),
                "{} lies in Belgium",
                m.name
            );
        }
        for a in PostalArea::all() {
            assert!(a.municipality().is_some(), "{} has a municipality", a.code);
        }
    }

    #[test]
    fn hasselt_is_in_limburg() {
        let code = PostalCode::parse("3500").ok();
        let municipality = code.and_then(|c| c.municipality(""));
        assert_eq!(municipality.map(|m| m.name), Some("Hasselt"));
        assert_eq!(
            municipality
                .and_then(Municipality::province)
                .map(|p| p.slug),
            Some("limburg")
        );
    }

    #[test]
    fn unknown_and_malformed_postal_codes_are_rejected() {
        assert_eq!(
            PostalCode::parse("1234").err().map(|e| e.to_string()),
            Some("onbekende postcode 1234".into())
        );
        assert!(PostalCode::parse("35000").is_err());
        assert!(PostalCode::parse("abcd").is_err());
    }

    #[test]
    fn municipality_by_name_ignores_case_and_accents() {
        assert_eq!(Municipality::by_name("LIEGE").map(|m| m.name), Some("Luik"));
        assert_eq!(
            Municipality::by_name("gent").map(|m| m.province_nis),
            Some("40000")
        );
    }

    #[test]
    fn distance_between_hasselt_and_genk_is_about_13_km() {
        let hasselt = Municipality::by_name("Hasselt").map(|m| m.point);
        let genk = Municipality::by_name("Genk").map(|m| m.point);
        let d = hasselt
            .zip(genk)
            .map(|(a, b)| a.distance_km(&b))
            .unwrap_or_default();
        assert!((8.0..20.0).contains(&d), "{d}");
    }
}
