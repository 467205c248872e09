//! A social-economy organisation as it shows itself on a province's portal.

use crate::{
    Email, EnterpriseNumber, GeoPoint, InvalidValue, Municipality, OrganisationId, PostalCode,
    Slug, text,
};

macro_rules! slug_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident = $slug:literal / $label:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
                match raw.trim().to_ascii_lowercase().as_str() {
                    $($slug => Ok(Self::$variant),)*
                    _ => Err(InvalidValue::new(format!(
                        concat!("onbekend(e) ", $what, " '{}': kies uit {}"),
                        raw.trim(),
                        [$($slug),*].join(", ")
                    ))),
                }
            }

            pub fn slug(&self) -> &'static str {
                match self { $(Self::$variant => $slug),* }
            }

            /// The Dutch label shown to people.
            pub fn label(&self) -> &'static str {
                match self { $(Self::$variant => $label),* }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.slug())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.slug())
            }
        }
    };
}
pub(crate) use slug_enum;

slug_enum! {
    /// The legal or policy form of a social-economy organisation.
    OrganisationKind, "soort organisatie" {
        Maatwerkbedrijf = "maatwerkbedrijf" / "Maatwerkbedrijf",
        Maatwerkafdeling = "maatwerkafdeling" / "Maatwerkafdeling",
        LokaleDiensteneconomie = "lokale-diensteneconomie" / "Lokale diensteneconomie",
        ArbeidsmatigeActiviteiten = "arbeidsmatige-activiteiten" / "Arbeidsmatige activiteiten",
        SocialeOnderneming = "sociale-onderneming" / "Sociale onderneming",
    }
}

slug_enum! {
    /// Whether the public sees an organisation: only `Published` ones appear on portals, in the API and in search.
    OrganisationStatus, "status" {
        Draft = "draft" / "Ontwerp",
        Published = "published" / "Gepubliceerd",
        Withdrawn = "withdrawn" / "Ingetrokken",
    }
}

/// A web address; `www.example.be` is accepted and stored as `https://www.example.be`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Website(String);

impl Website {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let value = raw.trim();
        let full = if value.starts_with("http://") || value.starts_with("https://") {
            value.to_string()
        } else {
            format!("https://{value}")
        };
        let host = full
            .split("://")
            .nth(1)
            .unwrap_or_default()
            .split(['/', '?', '#'])
            .next()
            .unwrap_or_default();
        let host_ok = host.contains('.')
            && !host.starts_with('.')
            && !host.ends_with('.')
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.' || c == ':');
        if full.len() > 300 || !host_ok || full.chars().any(char::is_whitespace) {
            return Err(InvalidValue::new(format!("ongeldige website '{value}'")));
        }
        Ok(Self(full))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number: digits with an optional leading `+`; spaces, dots, slashes and dashes are dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let value = raw.trim();
        let mut digits = String::new();
        for (i, c) in value.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if i == 0 => digits.push(c),
                ' ' | '.' | '/' | '-' | '(' | ')' => {}
                _ => {
                    return Err(InvalidValue::new(format!(
                        "ongeldig telefoonnummer '{value}'"
                    )));
                }
            }
        }
        let count = digits.trim_start_matches('+').len();
        if !(8..=15).contains(&count) {
            return Err(InvalidValue::new(format!(
                "ongeldig telefoonnummer '{value}': te weinig of te veel cijfers"
            )));
        }
        Ok(Self(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where an organisation is: the street as written, a known postal code, and the municipality it lies in.
#[derive(Debug, Clone, PartialEq)]
pub struct Address {
    pub street: String,
    pub postal_code: PostalCode,
    /// The locality as the organisation writes it (a deelgemeente such as `Kuringen` is fine).
    pub locality: String,
    pub municipality: &'static Municipality,
}

impl Address {
    /// `locality` may be empty: it is then the municipality of the postal code. Stored addresses are read back
    /// through here too, so only lengths are checked; what a person may type (one line, no control characters)
    /// is checked by the form parser (`forms`) before.
    pub fn parse(street: &str, postal_code: &str, locality: &str) -> Result<Self, InvalidValue> {
        let street = text::fits(street, "straat", 200)?;
        let postal_code = PostalCode::parse(postal_code)?;
        let locality = text::fits(locality, "gemeente", 100)?;
        let municipality = postal_code.municipality(&locality).ok_or_else(|| {
            InvalidValue::new(format!("postcode {postal_code} heeft geen gemeente"))
        })?;
        let locality = if locality.is_empty() {
            municipality.name.to_string()
        } else {
            locality
        };
        Ok(Self {
            street,
            postal_code,
            locality,
            municipality,
        })
    }

    pub fn point(&self) -> GeoPoint {
        self.postal_code.point()
    }
}

/// Everything a person or an import gives to describe an organisation, already validated.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganisationDraft {
    pub name: String,
    pub kind: OrganisationKind,
    pub enterprise_number: Option<EnterpriseNumber>,
    pub address: Address,
    pub website: Option<Website>,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub employees: Option<u32>,
    pub description: String,
}

pub const MAX_NAME_LEN: usize = 200;
pub const MAX_DESCRIPTION_LEN: usize = 5000;

impl OrganisationDraft {
    pub fn parse_name(raw: &str) -> Result<String, InvalidValue> {
        text::required(raw, "naam", MAX_NAME_LEN)
    }

    pub fn parse_description(raw: &str) -> Result<String, InvalidValue> {
        text::limited(raw, "beschrijving", MAX_DESCRIPTION_LEN)
    }

    pub fn parse_employees(raw: &str) -> Result<Option<u32>, InvalidValue> {
        let value = raw.trim();
        if value.is_empty() {
            return Ok(None);
        }
        match value.parse::<u32>() {
            Ok(n) if n <= 100_000 => Ok(Some(n)),
            _ => Err(InvalidValue::new(format!(
                "ongeldig aantal werknemers '{value}': verwacht een geheel getal"
            ))),
        }
    }
}

/// A stored organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Organisation {
    pub id: OrganisationId,
    pub slug: Slug,
    pub status: OrganisationStatus,
    pub draft: OrganisationDraft,
}

/// Parses an optional field: empty means absent.
pub fn optional<T>(
    raw: &str,
    parse: impl Fn(&str) -> Result<T, InvalidValue>,
) -> Result<Option<T>, InvalidValue> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse(raw).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_from_their_slugs_only() {
        assert_eq!(
            OrganisationKind::parse("maatwerkbedrijf"),
            Ok(OrganisationKind::Maatwerkbedrijf)
        );
        assert_eq!(
            OrganisationKind::parse(" Sociale-Onderneming "),
            Ok(OrganisationKind::SocialeOnderneming)
        );
        let err = OrganisationKind::parse("vzw")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("'vzw'") && err.contains("maatwerkbedrijf"),
            "{err}"
        );
    }

    #[test]
    fn websites_get_a_scheme_and_need_a_host() {
        assert_eq!(
            Website::parse("www.vlinder.be").map(|w| w.as_str().to_string()),
            Ok("https://www.vlinder.be".into())
        );
        assert!(Website::parse("http://localhost").is_err());
        assert!(Website::parse("niet een site").is_err());
    }

    #[test]
    fn phones_need_enough_digits() {
        assert!(Phone::parse("011 22 33 44").is_ok());
        assert!(Phone::parse("+32 11 22 33 44").is_ok());
        assert!(Phone::parse("112").is_err());
        assert!(Phone::parse("011 22 33 4x").is_err());
    }

    #[test]
    fn an_address_derives_its_municipality_from_the_postal_code() {
        let address = Address::parse("Kempische Steenweg 1", "3500", "").ok();
        assert_eq!(
            address.as_ref().map(|a| a.municipality.name),
            Some("Hasselt")
        );
        assert_eq!(address.map(|a| a.locality), Some("Hasselt".to_string()));
        let deelgemeente = Address::parse("Kerkstraat 2", "3511", "Kuringen").ok();
        assert_eq!(
            deelgemeente.as_ref().map(|a| a.locality.as_str()),
            Some("Kuringen")
        );
        assert_eq!(deelgemeente.map(|a| a.municipality.name), Some("Hasselt"));
    }

    #[test]
    fn employees_are_a_plain_count() {
        assert_eq!(OrganisationDraft::parse_employees(""), Ok(None));
        assert_eq!(OrganisationDraft::parse_employees("120"), Ok(Some(120)));
        assert!(OrganisationDraft::parse_employees("-3").is_err());
        assert!(OrganisationDraft::parse_employees("veel").is_err());
    }
}
