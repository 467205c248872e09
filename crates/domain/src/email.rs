//! An e-mail address, checked as a mail server will take it: a local part of the characters an address may carry
//! without quoting (letters, digits and ``!#$%&'*+/=?^_`{|}~-``, dots between them), an `@`, and a domain of
//! dotted labels. Quoted local parts and other oddities are refused here: an account whose address no mailer
//! accepts could never get its link. Stored lowercased in its domain.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::InvalidValue;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let value = raw.trim();
        if value.len() > MAX_LEN {
            // The address itself is not repeated: it may be a megabyte long.
            return Err(InvalidValue::new(format!(
                "ongeldig e-mailadres: te lang (hoogstens {MAX_LEN} tekens)"
            )));
        }
        let shown: String = value
            .chars()
            .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
            .collect();
        let invalid = || InvalidValue::new(format!("ongeldig e-mailadres '{shown}'"));
        let (local, domain) = value.rsplit_once('@').ok_or_else(invalid)?;
        if !local_part_ok(local) || !domain_ok(domain) {
            return Err(invalid());
        }
        Ok(Self(format!("{local}@{}", domain.to_lowercase())))
    }

    /// An address read back from the database: it was checked when it was written, by rules that may since
    /// have become stricter, and an account must not become unreadable because of that.
    pub fn stored(raw: &str) -> Self {
        Self(raw.trim().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The longest address SMTP carries (RFC 5321's path limit less the brackets).
pub const MAX_LEN: usize = 254;

fn local_part_ok(local: &str) -> bool {
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
    !local.is_empty()
        && local.len() <= 64
        && local
            .split('.')
            .all(|atom| !atom.is_empty() && atom.chars().all(atext))
}

fn domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    labels.len() >= 2
        && labels.iter().all(label_ok)
        && labels
            .last()
            .is_some_and(|tld| !tld.chars().all(|c| c.is_ascii_digit()))
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
    fn accepts_what_mail_servers_take() {
        for raw in [
            "jan.peeters+doeners@vlinder.be",
            "o'brien@vlinder.be",
            "info@maatwerk-bedrijf.vlaanderen",
            "info@café.be",
        ] {
            assert!(Email::parse(raw).is_ok(), "{raw}");
        }
    }

    #[test]
    fn an_overlong_address_is_refused_without_being_repeated() {
        let long = format!("{}@vlinder.be", "a".repeat(1_000_000));
        let e = Email::parse(&long).expect_err("too long");
        assert!(e.to_string().len() < 100, "{e}");
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
            "<script>alert(1)</script>@probe.example",
            "\"quoted\"@vlinder.be",
            "info.@vlinder.be",
            ".info@vlinder.be",
            "in..fo@vlinder.be",
            "info@-vlinder.be",
            "info@vlinder.123",
            "in\u{0}fo@vlinder.be",
            "info@vlinder\u{7}.be",
        ] {
            assert!(Email::parse(raw).is_err(), "{raw}");
        }
    }
}
