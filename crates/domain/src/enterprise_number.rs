//! The Belgian enterprise number (ondernemingsnummer, KBO): ten digits, starting with 0 or 1, whose last two
//! digits are 97 minus the first eight modulo 97. Accepted with or without dots, spaces or a `BE` prefix;
//! always shown as `0123.456.789`.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::InvalidValue;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnterpriseNumber(String);

impl EnterpriseNumber {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let trimmed = raw.trim();
        let without_country = trimmed
            .strip_prefix("BE")
            .or_else(|| trimmed.strip_prefix("be"))
            .unwrap_or(trimmed);
        let mut digits = String::with_capacity(10);
        for c in without_country.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '.' | ' ' | '-' => {}
                _ => {
                    return Err(InvalidValue::new(format!(
                        "ongeldig ondernemingsnummer '{trimmed}': alleen cijfers, punten en spaties zijn toegelaten"
                    )));
                }
            }
        }
        // Old numbers had nine digits; they take a leading zero.
        if digits.len() == 9 {
            digits.insert(0, '0');
        }
        if digits.len() != 10 {
            return Err(InvalidValue::new(format!(
                "ongeldig ondernemingsnummer '{trimmed}': verwacht 10 cijfers, zoals 0123.456.749"
            )));
        }
        if !digits.starts_with('0') && !digits.starts_with('1') {
            return Err(InvalidValue::new(format!(
                "ongeldig ondernemingsnummer '{trimmed}': het begint met 0 of 1"
            )));
        }
        let (base, check) = digits.split_at(8);
        let base: u64 = base
            .parse()
            .map_err(|_| InvalidValue::new("ongeldig ondernemingsnummer"))?;
        let check: u64 = check
            .parse()
            .map_err(|_| InvalidValue::new("ongeldig ondernemingsnummer"))?;
        if 97 - base % 97 != check {
            return Err(InvalidValue::new(format!(
                "ongeldig ondernemingsnummer '{trimmed}': het controlegetal klopt niet"
            )));
        }
        Ok(Self(format!(
            "{}.{}.{}",
            &digits[0..4],
            &digits[4..7],
            &digits[7..10]
        )))
    }

    /// Builds the valid number whose first eight digits are `base` (below 2·10⁷). Used to make demo data.
    pub fn from_base(base: u32) -> Result<Self, InvalidValue> {
        let base = u64::from(base);
        let digits = format!("{base:08}{:02}", 97 - base % 97);
        Self::parse(&digits)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EnterpriseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for EnterpriseNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalises_valid_numbers() {
        // 0203.201.340 is a real, published KBO number (NMBS); its check digits are right.
        for raw in [
            "0203201340",
            "0203.201.340",
            "BE 0203 201 340",
            "be0203.201.340",
            "203201340",
        ] {
            assert_eq!(
                EnterpriseNumber::parse(raw).map(|n| n.to_string()),
                Ok("0203.201.340".to_string()),
                "{raw}"
            );
        }
    }

    #[test]
    fn rejects_a_wrong_check_digit() {
        let err = EnterpriseNumber::parse("0203.201.341")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("controlegetal"), "{err}");
    }

    #[test]
    fn rejects_wrong_length_letters_and_first_digit() {
        assert!(EnterpriseNumber::parse("12345").is_err());
        assert!(EnterpriseNumber::parse("0203.2O1.340").is_err());
        assert!(EnterpriseNumber::parse("2203201340").is_err());
    }

    #[test]
    fn from_base_builds_valid_numbers() {
        let n = EnterpriseNumber::from_base(1_234_567).map(|n| n.to_string());
        assert_eq!(n, Ok("0123.456.749".to_string()));
    }
}
