//! What a buyer asks an organisation before the first order, beside its profile: how much it can take on
//! (capacity), the certificates and labels it holds, and references (clients who agreed to be named).

use crate::{InvalidValue, text};

pub const MAX_CAPACITY_CHARS: usize = 500;
pub const MAX_CERTIFICATES: usize = 12;
pub const MAX_REFERENCES: usize = 10;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationDetails {
    /// "200 paletten per week, 40 medewerkers in twee ploegen".
    pub capacity: String,
    /// "ISO 9001", "VCA", ...
    pub certificates: Vec<String>,
    /// Clients who agreed to be named, one per line: "Brouwerij X, geschenkdozen sinds 2021".
    pub references: Vec<String>,
}

/// One line per item; empty lines are skipped.
fn items(
    raw: &str,
    what: &str,
    max_items: usize,
    max_chars: usize,
) -> Result<Vec<String>, InvalidValue> {
    let items: Vec<String> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| text::line(l, what, max_chars))
        .collect::<Result<_, _>>()?;
    if items.len() > max_items {
        return Err(InvalidValue::new(format!(
            "hoogstens {max_items} {what}, één per regel (u gaf er {})",
            items.len()
        )));
    }
    Ok(items)
}

impl OrganisationDetails {
    /// From the form's three fields; each problem with the field it belongs to.
    pub fn parse(
        capacity: &str,
        certificates: &str,
        references: &str,
    ) -> Result<Self, Vec<(&'static str, InvalidValue)>> {
        let capacity = text::limited(capacity, "capaciteit", MAX_CAPACITY_CHARS);
        let certificates = items(certificates, "certificaten", MAX_CERTIFICATES, 80);
        let references = items(references, "referenties", MAX_REFERENCES, 200);
        match (capacity, certificates, references) {
            (Ok(capacity), Ok(certificates), Ok(references)) => Ok(Self {
                capacity,
                certificates,
                references,
            }),
            (capacity, certificates, references) => {
                let mut problems = Vec::new();
                if let Err(e) = capacity {
                    problems.push(("capacity", e));
                }
                if let Err(e) = certificates {
                    problems.push(("certificates", e));
                }
                if let Err(e) = references {
                    problems.push(("references", e));
                }
                Err(problems)
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.capacity.is_empty() && self.certificates.is_empty() && self.references.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_item_per_line_within_limits() {
        let details = OrganisationDetails::parse(
            " 200 paletten per week ",
            "ISO 9001\n\nVCA\n",
            "Brouwerij Martens, geschenkdozen sinds 2021",
        );
        assert_eq!(
            details,
            Ok(OrganisationDetails {
                capacity: "200 paletten per week".into(),
                certificates: vec!["ISO 9001".into(), "VCA".into()],
                references: vec!["Brouwerij Martens, geschenkdozen sinds 2021".into()],
            })
        );
        let too_many = "label\n".repeat(MAX_CERTIFICATES + 1);
        let problems = OrganisationDetails::parse("", &too_many, &"x".repeat(201))
            .err()
            .unwrap_or_default();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["certificates", "references"]);
        assert!(
            problems[0]
                .1
                .to_string()
                .contains("hoogstens 12 certificaten")
        );
        assert!(OrganisationDetails::parse("", "", "").is_ok_and(|d| d.is_empty()));
    }
}
