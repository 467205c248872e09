//! An e-mail address: checked for shape (one `@`, a dotted domain, no spaces), stored lowercased in its domain.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::InvalidValue;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let value = raw.trim();
        let invalid = || InvalidValue::new(format!("ongeldig e-mailadres '{value}'"));
        if value.len() > 254 || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let (local, domain) = value.rsplit_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        if local.is_empty() || local.len() > 64 || local.contains('@') || !domain_ok {
            return Err(invalid());
        }
        Ok(Self(format!("{local}@{}", domain.to_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Email {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses() {
        assert_eq!(
            Email::parse(" info@De-Vlinder.BE ").map(|e| e.to_string()),
            Ok("info@de-vlinder.be".to_string())
        );
    }

    #[test]
    fn rejects_malformed_addresses() {
        for raw in [
            "",
            "info",
            "info@",
            "@vlinder.be",
            "info@vlinder",
            "in fo@vlinder.be",
            "a@b@c.be",
            "info@.be",
        ] {
            assert!(Email::parse(raw).is_err(), "{raw}");
        }
    }
}
