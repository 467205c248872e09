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
    /// Host names on which this province's portal is served at `/` (`limburg.doeners.be`), besides the shared
    /// address's `/<slug>/`; the first is the one links and e-mail use.
    pub hosts: Vec<HostName>,
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

/// A host name a portal is served on: lower-case DNS labels, without scheme, port or path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HostName(String);

impl HostName {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let value = raw.trim().to_ascii_lowercase();
        let label_ok = |l: &str| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        };
        if value.len() > 253 || !value.contains('.') || !value.split('.').all(label_ok) {
            return Err(InvalidValue::new(format!(
                "ongeldige hostnaam '{}': verwacht een naam zoals limburg.doeners.be, zonder https:// of poort",
                raw.trim()
            )));
        }
        Ok(Self(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for HostName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod host_name_tests {
    use super::HostName;

    #[test]
    fn a_host_name_is_lower_case_labels_without_scheme_or_port() {
        assert_eq!(
            HostName::parse(" Limburg.Doeners.be ").map(|h| h.to_string()),
            Ok("limburg.doeners.be".to_string())
        );
        for bad in [
            "https://limburg.doeners.be",
            "limburg.doeners.be:443",
            "limburg",
            "-a.be",
            "a..be",
            "a_b.be",
            "",
        ] {
            let e = HostName::parse(bad).expect_err(bad);
            assert!(e.to_string().contains("ongeldige hostnaam"), "{bad}: {e}");
        }
    }
}
