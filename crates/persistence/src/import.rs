//! Reading the organisation and offer lists that provinces keep in spreadsheets.
//!
//! UTF-8 with or without BOM, comma or semicolon separated (Belgian Excel writes `;`). Every row is checked
//! and every problem reported with its file, line, column and reason; one bad row rejects the whole import,
//! so a half-imported list never reaches the portal.

use std::{collections::HashMap, fmt};

use doeners_domain::{EnterpriseNumber, InvalidValue, forms};

use crate::{Batch, BatchOffer, BatchOrganisation};

/// The columns of a file: its own key, then the fields the form parser reads.
fn columns(key: &'static str, fields: &[&'static str]) -> Vec<&'static str> {
    std::iter::once(key).chain(fields.iter().copied()).collect()
}

/// One problem in an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub file: String,
    pub line: u64,
    pub column: Option<String>,
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(
                f,
                "{} regel {}, kolom {}: {}",
                self.file, self.line, column, self.reason
            ),
            None => write!(f, "{} regel {}: {}", self.file, self.line, self.reason),
        }
    }
}

/// A named file's bytes.
#[derive(Debug, Clone, Copy)]
pub struct ImportFile<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// Parses both files into a batch, or returns every problem found.
pub fn parse(
    organisations: ImportFile<'_>,
    offers: Option<ImportFile<'_>>,
) -> Result<Batch, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut batch = Batch::default();
    let mut line_of_ref: HashMap<String, u64> = HashMap::new();
    let mut line_of_number: HashMap<EnterpriseNumber, u64> = HashMap::new();

    for row in rows(
        organisations,
        &columns("ref", forms::ORGANISATION_FIELDS),
        &mut errors,
    ) {
        let mut cell = Cells {
            row: &row,
            file: organisations.name,
            errors: &mut errors,
            ok: true,
        };
        let reference = cell.get("ref", |raw| crate::import::required_text(raw, "ref", 100));
        let draft = cell.form(forms::organisation_draft);
        if let Some(reference) = &reference
            && let Some(first) = first_line(&mut line_of_ref, reference.clone(), row.line)
        {
            let reason = format!("ref '{reference}' staat al op regel {first}");
            errors.push(row.error(organisations.name, Some("ref"), reason));
            continue;
        }
        if let Some(number) = draft.as_ref().and_then(|d| d.enterprise_number.clone())
            && let Some(first) = first_line(&mut line_of_number, number.clone(), row.line)
        {
            let reason = format!("ondernemingsnummer {number} staat al op regel {first}");
            errors.push(row.error(organisations.name, Some("enterprise_number"), reason));
            continue;
        }
        if let (Some(reference), Some(draft)) = (reference, draft) {
            batch
                .organisations
                .push(BatchOrganisation { reference, draft });
        }
    }

    if let Some(offers) = offers {
        let mut line_of_offer: HashMap<(String, String), u64> = HashMap::new();
        for row in rows(
            offers,
            &columns("organisation_ref", forms::OFFER_FIELDS),
            &mut errors,
        ) {
            let mut cell = Cells {
                row: &row,
                file: offers.name,
                errors: &mut errors,
                ok: true,
            };
            let organisation_ref = cell.get("organisation_ref", |raw| {
                let reference = required_text(raw, "organisation_ref", 100)?;
                if line_of_ref.contains_key(&reference) {
                    Ok(reference)
                } else {
                    Err(InvalidValue::new(format!(
                        "onbekende organisatie '{reference}': die ref staat niet in {}",
                        organisations.name
                    )))
                }
            });
            let draft = cell.form(forms::offer_draft);
            if let (Some(reference), Some(draft)) = (&organisation_ref, &draft)
                && let Some(first) = first_line(
                    &mut line_of_offer,
                    (reference.clone(), draft.title.to_lowercase()),
                    row.line,
                )
            {
                let title = &draft.title;
                let reason = format!("'{title}' van '{reference}' staat al op regel {first}");
                errors.push(row.error(offers.name, Some("title"), reason));
                continue;
            }
            if let (Some(organisation_ref), Some(draft)) = (organisation_ref, draft) {
                batch.offers.push(BatchOffer {
                    organisation_ref,
                    draft,
                });
            }
        }
    }

    if errors.is_empty() {
        Ok(batch)
    } else {
        Err(errors)
    }
}

/// The line where `key` was seen first, or `None` (and `line` remembered) when this is its first time.
fn first_line<K: std::hash::Hash + Eq>(
    seen: &mut HashMap<K, u64>,
    key: K,
    line: u64,
) -> Option<u64> {
    match seen.entry(key) {
        std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
        std::collections::hash_map::Entry::Vacant(e) => {
            e.insert(line);
            None
        }
    }
}

fn required_text(raw: &str, what: &str, max: usize) -> Result<String, InvalidValue> {
    doeners_domain::text::required(raw, what, max)
}

/// One data row: its line in the file and its cells by column name.
struct Row {
    line: u64,
    cells: HashMap<&'static str, String>,
}

impl Row {
    fn error(&self, file: &str, column: Option<&str>, reason: String) -> RowError {
        RowError {
            file: file.to_string(),
            line: self.line,
            column: column.map(str::to_string),
            reason,
        }
    }
}

/// Parses the cells of one row, collecting errors; `ok` turns false at the first bad cell.
struct Cells<'r> {
    row: &'r Row,
    file: &'r str,
    errors: &'r mut Vec<RowError>,
    ok: bool,
}

impl Cells<'_> {
    fn raw(&self, column: &str) -> &str {
        self.row.cells.get(column).map_or("", String::as_str)
    }

    fn get<T>(
        &mut self,
        column: &'static str,
        parse: impl Fn(&str) -> Result<T, InvalidValue>,
    ) -> Option<T> {
        match parse(self.raw(column)) {
            Ok(value) => Some(value),
            Err(e) => {
                self.ok = false;
                self.errors
                    .push(self.row.error(self.file, Some(column), e.to_string()));
                None
            }
        }
    }

    /// Parses the row's cells as one form, every problem reported on its column.
    fn form<T>(
        &mut self,
        parse: impl Fn(&forms::Fields) -> Result<T, forms::Problems>,
    ) -> Option<T> {
        let fields: forms::Fields = self
            .row
            .cells
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        match parse(&fields) {
            Ok(value) => Some(value),
            Err(problems) => {
                self.ok = false;
                for (column, e) in problems {
                    self.errors
                        .push(self.row.error(self.file, Some(column), e.to_string()));
                }
                None
            }
        }
    }
}

/// Reads the rows of a CSV file with the expected columns, reporting file-level problems as errors.
fn rows(file: ImportFile<'_>, expected: &[&'static str], errors: &mut Vec<RowError>) -> Vec<Row> {
    let file_error = |line: u64, reason: String| RowError {
        file: file.name.to_string(),
        line,
        column: None,
        reason,
    };
    let text = match std::str::from_utf8(file.bytes) {
        Ok(text) => text,
        Err(e) => {
            let line = 1 + file.bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            errors.push(file_error(
                line,
                "geen geldige UTF-8-tekst: bewaar het bestand als 'CSV UTF-8'".to_string(),
            ));
            return Vec::new();
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header_line = text.lines().next().unwrap_or_default();
    let delimiter = if header_line.matches(';').count() > header_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(e) => {
            errors.push(file_error(
                1,
                format!("de kopregel kan niet gelezen worden: {e}"),
            ));
            return Vec::new();
        }
    };
    let missing: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|c| !header.iter().any(|h| h == c))
        .collect();
    let unknown: Vec<&str> = header
        .iter()
        .map(String::as_str)
        .filter(|h| !expected.contains(h))
        .collect();
    if !missing.is_empty() || !unknown.is_empty() {
        let mut reason = String::from("de kopregel klopt niet");
        if !missing.is_empty() {
            reason.push_str(&format!("; ontbrekende kolommen: {}", missing.join(", ")));
        }
        if !unknown.is_empty() {
            reason.push_str(&format!("; onbekende kolommen: {}", unknown.join(", ")));
        }
        reason.push_str(&format!("; verwacht: {}", expected.join(",")));
        errors.push(file_error(1, reason));
        return Vec::new();
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                errors.push(file_error(line, format!("onleesbare regel: {e}")));
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() != header.len() {
            errors.push(file_error(
                line,
                format!(
                    "verwacht {} kolommen, deze regel heeft er {}",
                    header.len(),
                    record.len()
                ),
            ));
            continue;
        }
        let cells = expected
            .iter()
            .filter_map(|&column| {
                let index = header.iter().position(|h| h == column)?;
                Some((column, record.get(index).unwrap_or_default().to_string()))
            })
            .collect();
        rows.push(Row { line, cells });
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(file_error(1, "het bestand bevat geen gegevens".to_string()));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORGS: &str = "ref,name,kind,enterprise_number,street,postal_code,municipality,website,email,phone,employees,description\n\
        a1,De Vlinder,maatwerkbedrijf,0203.201.340,Kerkstraat 1,3500,,www.vlinder.example,info@vlinder.example,011 22 33 44,120,Verpakking\n\
        a2,Het Anker,sociale-onderneming,,Dorp 2,9000,Gent,,,,,\n";

    fn file<'a>(name: &'a str, text: &'a str) -> ImportFile<'a> {
        ImportFile {
            name,
            bytes: text.as_bytes(),
        }
    }

    #[test]
    fn reads_a_comma_file_and_derives_the_municipality() {
        let batch = parse(file("organisations.csv", ORGS), None).map_err(|e| format!("{e:?}"));
        let batch = batch.unwrap_or_default();
        assert_eq!(batch.organisations.len(), 2);
        assert_eq!(batch.organisations[0].draft.address.locality, "Hasselt");
        assert_eq!(batch.organisations[1].draft.enterprise_number, None);
    }

    #[test]
    fn reads_a_semicolon_file_with_bom() {
        let text = format!("\u{feff}{}", ORGS.replace(',', ";"));
        let batch = parse(file("organisations.csv", &text), None);
        assert_eq!(batch.map(|b| b.organisations.len()).ok(), Some(2));
    }

    #[test]
    fn reports_every_bad_row_with_line_and_column() {
        let text = "ref,name,kind,enterprise_number,street,postal_code,municipality,website,email,phone,employees,description\n\
            a1,De Vlinder,maatwerkbedrijf,0203.201.341,Kerkstraat 1,3500,,,,,,\n\
            a2,Het Anker,vzw,,Dorp 2,1234,,,,,,\n\
            a1,Dubbel,maatwerkbedrijf,,Dorp 3,9000,,,,,,\n";
        let errors = parse(file("organisations.csv", text), None)
            .err()
            .unwrap_or_default();
        let found: Vec<(u64, Option<&str>)> = errors
            .iter()
            .map(|e| (e.line, e.column.as_deref()))
            .collect();
        assert_eq!(
            found,
            vec![
                (2, Some("enterprise_number")),
                (3, Some("kind")),
                (3, Some("postal_code")),
                (4, Some("ref"))
            ]
        );
        assert!(
            errors[0]
                .to_string()
                .starts_with("organisations.csv regel 2, kolom enterprise_number: ")
        );
    }

    #[test]
    fn offers_must_name_a_known_organisation_and_category() {
        let offers = "organisation_ref,title,category,execution_mode,service_area,description\n\
            a1,Groenonderhoud,groenonderhoud,op-locatie,radius:25,\n\
            zz,Poetsen,schoonmaak-gebouwen,op-locatie,flanders,\n\
            a2,Tuinen,tuinieren,op-locatie,flanders,\n";
        let errors = parse(
            file("organisations.csv", ORGS),
            Some(file("offers.csv", offers)),
        )
        .err()
        .unwrap_or_default();
        let found: Vec<(u64, Option<&str>)> = errors
            .iter()
            .map(|e| (e.line, e.column.as_deref()))
            .collect();
        assert_eq!(
            found,
            vec![(3, Some("organisation_ref")), (4, Some("category"))]
        );
    }

    #[test]
    fn a_wrong_header_is_named() {
        let errors = parse(file("organisations.csv", "ref;naam\nx;y\n"), None)
            .err()
            .unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].reason.contains("ontbrekende kolommen: name"),
            "{}",
            errors[0].reason
        );
        assert!(
            errors[0].reason.contains("onbekende kolommen: naam"),
            "{}",
            errors[0].reason
        );
    }

    #[test]
    fn latin1_files_are_refused_with_advice() {
        let bytes = b"ref,name\n\xe9\n";
        let errors = parse(
            ImportFile {
                name: "o.csv",
                bytes,
            },
            None,
        )
        .err()
        .unwrap_or_default();
        assert_eq!(errors.first().map(|e| e.line), Some(2));
        assert!(errors[0].reason.contains("UTF-8"));
    }
}
