//! URL slugs: lowercase ASCII letters, digits and single hyphens, derived from a name.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::{InvalidValue, text::fold};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

pub const MAX_SLUG_LEN: usize = 80;

impl Slug {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let value = raw.trim();
        let valid = !value.is_empty()
            && value.len() <= MAX_SLUG_LEN
            && value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !value.starts_with('-')
            && !value.ends_with('-')
            && !value.contains("--");
        if !valid {
            return Err(InvalidValue::new(format!(
                "ongeldige slug '{value}': gebruik kleine letters, cijfers en koppeltekens"
            )));
        }
        Ok(Self(value.to_string()))
    }

    /// Makes a slug from a display name; a name without letters or digits gives `organisatie`.
    pub fn from_name(name: &str) -> Self {
        let mut slug = String::new();
        for c in fold(name).chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        slug.truncate(MAX_SLUG_LEN - 4);
        let slug = slug.trim_end_matches('-').to_string();
        Self(if slug.is_empty() {
            "organisatie".to_string()
        } else {
            slug
        })
    }

    /// The same slug with a number appended, to make it unique: `de-vlinder-2`.
    pub fn numbered(&self, n: u32) -> Self {
        Self(format!("{}-{n}", self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Slug {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_slugs_from_names() {
        assert_eq!(
            Slug::from_name("Maatwerkbedrijf De Kringloop vzw").as_str(),
            "maatwerkbedrijf-de-kringloop-vzw"
        );
        assert_eq!(
            Slug::from_name("  Atelier Één & Co. ").as_str(),
            "atelier-een-co"
        );
        assert_eq!(Slug::from_name("!!!").as_str(), "organisatie");
        assert_eq!(Slug::from_name("Hof").numbered(2).as_str(), "hof-2");
    }

    #[test]
    fn parse_rejects_what_from_name_never_makes() {
        assert!(Slug::parse("De Vlinder").is_err());
        assert!(Slug::parse("a--b").is_err());
        assert!(Slug::parse("-a").is_err());
        assert!(Slug::parse("de-vlinder").is_ok());
    }
}
