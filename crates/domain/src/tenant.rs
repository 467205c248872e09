//! A tenant is a province running its own portal on its own database.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::{InvalidValue, ProvinceRef, Slug};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TenantSlug(Slug);

impl TenantSlug {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        Slug::parse(raw).map(Self).map_err(|_| {
            InvalidValue::new(format!(
                "ongeldige tenantnaam '{}': gebruik kleine letters en koppeltekens",
                raw.trim()
            ))
        })
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Display for TenantSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for TenantSlug {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// What a portal shows about its province.
#[derive(Debug, Clone, PartialEq)]
pub struct TenantProfile {
    pub slug: TenantSlug,
    pub display_name: String,
    /// The NIS code of the province this tenant serves; links it to the reference geography.
    pub nis_code: String,
    /// Brand colour as `#rrggbb`.
    pub colour: String,
    pub intro: String,
    pub contact_email: String,
}

impl TenantProfile {
    pub fn province(&self) -> Option<&'static ProvinceRef> {
        ProvinceRef::by_nis(&self.nis_code)
    }

    pub fn parse_colour(raw: &str) -> Result<String, InvalidValue> {
        let value = raw.trim();
        let ok = value.len() == 7
            && value.starts_with('#')
            && value[1..].bytes().all(|b| b.is_ascii_hexdigit());
        if !ok {
            return Err(InvalidValue::new(format!(
                "ongeldige kleur '{value}': verwacht #rrggbb"
            )));
        }
        Ok(value.to_ascii_lowercase())
    }
}
