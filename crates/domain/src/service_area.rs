//! Where an organisation is willing to do the work of an offer. Written as in the import files and the
//! database: `flanders`, `radius:<km>`, `provinces:<slug>+<slug>` or `municipalities:<postal>+<postal>`.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::{GeoPoint, InvalidValue, PostalCode, ProvinceRef};

pub const MAX_RADIUS_KM: u16 = 300;

#[derive(Debug, Clone, PartialEq)]
pub enum ServiceArea {
    /// All of Flanders (and Brussels, which lies within it).
    Flanders,
    /// Within this many kilometres of the organisation.
    Radius(u16),
    Provinces(Vec<&'static ProvinceRef>),
    Municipalities(Vec<PostalCode>),
}

/// A place to be served: where the work is.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub point: GeoPoint,
    pub province: &'static ProvinceRef,
    pub postal_code: Option<PostalCode>,
    pub municipality_nis: &'static str,
}

impl Place {
    /// A place a person names: a postal code (`3500`) or a municipality in Dutch or French (`Luik`, `Liège`).
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let raw = raw.trim();
        let (municipality, postal_code) =
            if !raw.is_empty() && raw.chars().all(|c| c.is_ascii_digit()) {
                let code = PostalCode::parse(raw)?;
                let municipality = code.municipality("").ok_or_else(|| {
                    InvalidValue::new(format!("postcode {code} heeft geen gemeente"))
                })?;
                (municipality, Some(code))
            } else {
                let municipality = crate::Municipality::by_name(raw).ok_or_else(|| {
                    InvalidValue::new(format!("onbekende gemeente of postcode '{raw}'"))
                })?;
                (municipality, None)
            };
        let province = municipality.province().ok_or_else(|| {
            InvalidValue::new(format!("{} ligt in geen provincie", municipality.name))
        })?;
        Ok(Self {
            point: postal_code.map_or(municipality.point, |c| c.point()),
            province,
            postal_code,
            municipality_nis: municipality.nis,
        })
    }
}

impl ServiceArea {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let value = raw.trim();
        let lower = value.to_ascii_lowercase();
        if lower == "flanders" || lower == "vlaanderen" {
            return Ok(Self::Flanders);
        }
        let (kind, rest) = lower
            .split_once(':')
            .ok_or_else(|| Self::malformed(value))?;
        match kind.trim() {
            "radius" => {
                let km: u16 = rest
                    .trim()
                    .trim_end_matches("km")
                    .trim()
                    .parse()
                    .map_err(|_| {
                        InvalidValue::new(format!(
                            "ongeldige straal '{}': verwacht een aantal kilometer",
                            rest.trim()
                        ))
                    })?;
                if km == 0 || km > MAX_RADIUS_KM {
                    return Err(InvalidValue::new(format!(
                        "ongeldige straal {km} km: kies tussen 1 en {MAX_RADIUS_KM} km"
                    )));
                }
                Ok(Self::Radius(km))
            }
            "provinces" => {
                let provinces = list(rest)
                    .map(|slug| {
                        ProvinceRef::by_slug(slug).ok_or_else(|| {
                            InvalidValue::new(format!("onbekende provincie '{slug}'"))
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                non_empty(provinces, value).map(Self::Provinces)
            }
            "municipalities" => {
                let mut codes = list(rest)
                    .map(PostalCode::parse)
                    .collect::<Result<Vec<_>, _>>()?;
                codes.sort();
                codes.dedup();
                non_empty(codes, value).map(Self::Municipalities)
            }
            _ => Err(Self::malformed(value)),
        }
    }

    /// Municipalities as a person lists them: names or postal codes, separated by commas or semicolons
    /// ("Hasselt, 3600, Sint-Truiden", or "3500 Hasselt" as `describe` shows them back). A name stands for the
    /// whole municipality through one of its postal codes, since coverage compares municipalities.
    pub fn municipalities_named(raw: &str) -> Result<Self, InvalidValue> {
        let mut codes = Vec::new();
        for entry in raw
            .split([',', ';', '\n'])
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            let digits: String = entry.chars().take_while(char::is_ascii_digit).collect();
            let code = if digits.is_empty() {
                let municipality = crate::Municipality::by_name(entry).ok_or_else(|| {
                    InvalidValue::new(format!(
                        "we kennen de gemeente '{entry}' niet: geef de naam zoals op de kaart of een postcode"
                    ))
                })?;
                let area = municipality.postal_areas().next().ok_or_else(|| {
                    InvalidValue::new(format!("{} heeft geen postcode", municipality.name))
                })?;
                PostalCode::parse(&format!("{:04}", area.code))?
            } else {
                PostalCode::parse(&digits)?
            };
            codes.push(code);
        }
        codes.sort();
        codes.dedup();
        if codes.is_empty() {
            return Err(InvalidValue::new(
                "noem minstens één gemeente of postcode".to_string(),
            ));
        }
        Ok(Self::Municipalities(codes))
    }

    fn malformed(value: &str) -> InvalidValue {
        InvalidValue::new(format!(
            "ongeldig werkgebied '{value}': gebruik flanders, radius:<km>, provinces:<provincie>+<provincie> of municipalities:<postcode>+<postcode>"
        ))
    }

    /// Whether an organisation at `home` serves `place` under this area.
    pub fn covers(&self, home: GeoPoint, place: &Place) -> bool {
        match self {
            Self::Flanders => place.province.is_flemish() || place.province.slug == "brussel",
            Self::Radius(km) => home.distance_km(&place.point) <= f64::from(*km),
            Self::Provinces(provinces) => provinces.iter().any(|p| p.nis == place.province.nis),
            Self::Municipalities(codes) => codes.iter().any(|code| {
                Some(*code) == place.postal_code
                    || code
                        .areas()
                        .iter()
                        .any(|a| a.municipality_nis == place.municipality_nis)
            }),
        }
    }

    /// A Dutch phrase for people: "heel Vlaanderen", "tot 25 km", ...
    pub fn describe(&self) -> String {
        match self {
            Self::Flanders => "heel Vlaanderen".to_string(),
            Self::Radius(km) => format!("tot {km} km van de vestiging"),
            Self::Provinces(provinces) => {
                format!(
                    "provincie {}",
                    provinces
                        .iter()
                        .map(|p| p.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
            Self::Municipalities(codes) => {
                let names: Vec<String> = codes
                    .iter()
                    .map(|c| {
                        c.municipality("")
                            .map_or_else(|| c.to_string(), |m| format!("{c} {}", m.name))
                    })
                    .collect();
                names.join(", ")
            }
        }
    }
}

fn list(rest: &str) -> impl Iterator<Item = &str> {
    rest.split('+').map(str::trim).filter(|s| !s.is_empty())
}

fn non_empty<T>(items: Vec<T>, value: &str) -> Result<Vec<T>, InvalidValue> {
    if items.is_empty() {
        return Err(InvalidValue::new(format!(
            "werkgebied '{value}' noemt niets"
        )));
    }
    Ok(items)
}

impl fmt::Display for ServiceArea {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Flanders => f.write_str("flanders"),
            Self::Radius(km) => write!(f, "radius:{km}"),
            Self::Provinces(p) => write!(
                f,
                "provinces:{}",
                p.iter().map(|p| p.slug).collect::<Vec<_>>().join("+")
            ),
            Self::Municipalities(c) => {
                write!(
                    f,
                    "municipalities:{}",
                    c.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("+")
                )
            }
        }
    }
}

impl Serialize for ServiceArea {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(postal: &str) -> Option<Place> {
        Place::parse(postal).ok()
    }

    #[test]
    fn places_are_postal_codes_or_municipality_names() {
        assert_eq!(Place::parse("3500").map(|p| p.province.slug), Ok("limburg"));
        assert_eq!(Place::parse("Liège").map(|p| p.province.slug), Ok("luik"));
        assert!(Place::parse("9999").is_err_and(|e| e.to_string() == "onbekende postcode 9999"));
        assert!(
            Place::parse("Atlantis").is_err_and(|e| e.to_string().contains("onbekende gemeente"))
        );
    }

    #[test]
    fn round_trips_every_form() {
        for raw in [
            "flanders",
            "radius:25",
            "provinces:limburg+antwerpen",
            "municipalities:3500+3600",
        ] {
            assert_eq!(
                ServiceArea::parse(raw).map(|a| a.to_string()),
                Ok(raw.to_string())
            );
        }
    }

    #[test]
    fn rejects_bad_areas_with_a_reason() {
        let reason = |raw: &str| {
            ServiceArea::parse(raw)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(reason("radius:0").contains("straal"));
        assert!(reason("radius:veel").contains("straal"));
        assert!(reason("provinces:gelderland").contains("onbekende provincie"));
        assert!(reason("municipalities:9999").contains("onbekende postcode"));
        assert!(reason("overal").contains("ongeldig werkgebied"));
        assert!(reason("provinces:").contains("noemt niets"));
    }

    #[test]
    fn municipalities_are_listed_by_name_or_postal_code() {
        let listed =
            ServiceArea::municipalities_named("Hasselt, 3600; sint-truiden").map(|a| a.to_string());
        assert_eq!(listed, Ok("municipalities:3500+3600+3800".to_string()));
        let shown_back = ServiceArea::parse("municipalities:3500+3600").map(|a| a.describe());
        assert_eq!(
            shown_back
                .clone()
                .and_then(|d| ServiceArea::municipalities_named(&d))
                .map(|a| a.to_string()),
            Ok("municipalities:3500+3600".to_string())
        );
        assert!(
            ServiceArea::municipalities_named("Atlantis")
                .is_err_and(|e| e.to_string().contains("'Atlantis'"))
        );
        assert!(ServiceArea::municipalities_named(" , ").is_err());
    }

    #[test]
    fn coverage_follows_the_kind_of_area() {
        let hasselt = place("3500");
        let gent = place("9000");
        let genk = place("3600").map(|p| p.point);
        let (Some(hasselt), Some(gent), Some(genk)) = (hasselt, gent, genk) else {
            panic!("reference data has Hasselt, Gent and Genk");
        };
        assert!(ServiceArea::Flanders.covers(genk, &gent));
        assert!(ServiceArea::Radius(25).covers(genk, &hasselt));
        assert!(!ServiceArea::Radius(25).covers(genk, &gent));
        let limburg = ServiceArea::parse("provinces:limburg").ok();
        assert_eq!(
            limburg.as_ref().map(|a| a.covers(genk, &hasselt)),
            Some(true)
        );
        assert_eq!(limburg.map(|a| a.covers(genk, &gent)), Some(false));
        let only_hasselt = ServiceArea::parse("municipalities:3500").ok();
        assert_eq!(only_hasselt.map(|a| a.covers(genk, &hasselt)), Some(true));
    }
}
