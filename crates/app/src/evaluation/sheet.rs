//! Every number of the console, in the order it shows them: sections of rows, a cell per column. The page's
//! tables, the CSV and the JSON export are all written from one sheet, so they hold the same numbers.

use serde::Serialize;

use super::{Evaluation, Figures};

/// A number as the console shows it, and its value (`None`: not known, or not shown to this reader). The
/// exports write the value alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub value: Option<f64>,
    pub text: String,
}

impl Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub key: String,
    pub label: String,
    #[serde(rename = "values")]
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub id: &'static str,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sheet {
    pub sections: Vec<Section>,
}

/// `1234567` as `1.234.567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `12.5` as `12,5`.
pub fn decimal(v: f64) -> String {
    format!("{v:.1}").replace('.', ",")
}

fn none() -> Cell {
    Cell {
        value: None,
        text: "–".to_string(),
    }
}

#[allow(clippy::cast_precision_loss)]
pub fn count(n: u64) -> Cell {
    Cell {
        value: Some(n as f64),
        text: thousands(n),
    }
}

#[allow(clippy::cast_precision_loss)]
pub fn euro(n: u64) -> Cell {
    Cell {
        value: Some(n as f64),
        text: format!("€ {}", thousands(n)),
    }
}

/// `part` of `whole` in percent, one decimal; none of nothing.
#[allow(clippy::cast_precision_loss)]
pub fn share(part: u64, whole: u64) -> Cell {
    if whole == 0 {
        return none();
    }
    let v = (part as f64 * 1000.0 / whole as f64).round() / 10.0;
    Cell {
        value: Some(v),
        text: format!("{} %", decimal(v)),
    }
}

/// Seconds as hours, one decimal.
pub fn hours(seconds: Option<f64>) -> Cell {
    match seconds {
        None => none(),
        Some(s) => {
            let v = (s / 360.0).round() / 10.0;
            Cell {
                value: Some(v),
                text: format!("{} uur", decimal(v)),
            }
        }
    }
}

fn euro_median(v: Option<f64>) -> Cell {
    match v {
        None => none(),
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some(v) => euro(v.round().max(0.0) as u64),
    }
}

/// Who reads the sheet: which provinces' columns they see.
#[derive(Debug, Clone)]
pub struct Columns {
    /// (slug, name) of each province column shown, in order.
    pub provinces: Vec<(String, String)>,
    /// The provinces whose row and column of the matrix the reader may see; `None`: all.
    pub matrix_of: Option<String>,
}

type Measure = fn(&Figures) -> Cell;

fn rows_of(e: &Evaluation, columns: &Columns, measures: &[(&str, &str, Measure)]) -> Vec<Row> {
    measures
        .iter()
        .map(|(key, label, measure)| Row {
            key: (*key).to_string(),
            label: (*label).to_string(),
            cells: e
                .columns(columns)
                .map(|f| f.map_or_else(none, measure))
                .collect(),
        })
        .collect()
}

/// A breakdown as rows, largest first, then by label. The labels come from the Flanders totals, or for a
/// province's reader from their own province (another province's query texts or municipalities are its detail).
fn breakdown(e: &Evaluation, columns: &Columns, name: &str, limit: usize) -> Vec<Row> {
    let own = columns.matrix_of.as_deref().and_then(|p| {
        e.provinces
            .iter()
            .find(|(slug, _, _)| slug == p)
            .and_then(|(_, _, f)| f.as_ref())
    });
    let basis = if columns.matrix_of.is_some() {
        own
    } else {
        Some(&e.flanders)
    };
    let mut labels: Vec<(String, u64)> = basis
        .and_then(|f| f.breakdowns.get(name))
        .map(|m| m.iter().map(|(l, n)| (l.clone(), *n)).collect())
        .unwrap_or_default();
    labels.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    labels
        .into_iter()
        .take(limit)
        .map(|(label, _)| Row {
            key: format!("{name}:{label}"),
            label: label.clone(),
            cells: e
                .columns(columns)
                .map(|f| {
                    f.map_or_else(none, |f| {
                        count(
                            f.breakdowns
                                .get(name)
                                .and_then(|m| m.get(&label))
                                .copied()
                                .unwrap_or(0),
                        )
                    })
                })
                .collect(),
        })
        .collect()
}

pub fn sheet(e: &Evaluation, columns: &Columns) -> Sheet {
    let names: Vec<String> = columns
        .provinces
        .iter()
        .map(|(_, n)| n.clone())
        .chain(std::iter::once("Vlaanderen".to_string()))
        .collect();
    let section = |id, title: &str, rows| Section {
        id,
        title: title.to_string(),
        columns: names.clone(),
        rows,
    };
    let mut sections = Vec::new();
    let companies = rows_of(
        e,
        columns,
        &[
            (
                "companies_active",
                "Bedrijven die het platform gebruikten (zochten aangemeld, namen contact op of stelden een vraag)",
                |f| count(f.count("companies_active")),
            ),
            (
                "companies_registered",
                "Nieuw geregistreerde bedrijven",
                |f| count(f.count("companies_registered")),
            ),
            (
                "companies_total",
                "Geregistreerde bedrijven op het einde van de periode",
                |f| count(f.count("companies_total")),
            ),
        ],
    );
    sections.push(section("bedrijven", "Bedrijven", companies));
    sections.push(section(
        "sector",
        "Actieve bedrijven per sector (NACE)",
        breakdown(e, columns, "sector", 30),
    ));
    sections.push(section(
        "grootte",
        "Actieve bedrijven per grootte",
        breakdown(e, columns, "size", 10),
    ));
    sections.push(section(
        "arrondissement",
        "Actieve bedrijven per arrondissement",
        breakdown(e, columns, "arrondissement", 30),
    ));
    sections.push(section(
        "gemeente",
        "Actieve bedrijven per gemeente (de 15 grootste)",
        breakdown(e, columns, "municipality", 15),
    ));
    sections.push(section(
        "zoeken",
        "Zoeken en bekijken",
        rows_of(
            e,
            columns,
            &[
                ("searches", "Zoekopdrachten", |f| count(f.count("searches"))),
                ("searches_portal", "op een provinciaal portaal", |f| {
                    count(f.count("searches_portal"))
                }),
                ("searches_flanders_wide", "op de Vlaamse zoekpagina", |f| {
                    count(f.count("searches_flanders_wide"))
                }),
                ("searches_api", "via de API", |f| {
                    count(f.count("searches_api"))
                }),
                (
                    "zero_result_searches",
                    "Zoekopdrachten zonder resultaat",
                    |f| count(f.count("zero_result_searches")),
                ),
                ("zero_result_share", "Aandeel zonder resultaat", |f| {
                    share(f.count("zero_result_searches"), f.count("searches"))
                }),
                ("profile_views", "Bekeken profielen", |f| {
                    count(f.count("profile_views"))
                }),
                (
                    "offer_views",
                    "Bekeken aanbod (vanuit een zoekresultaat)",
                    |f| count(f.count("offer_views")),
                ),
            ],
        ),
    ));
    sections.push(section(
        "vraag_zonder_aanbod",
        "Vaakst gezocht zonder resultaat (onbeantwoorde vraag)",
        breakdown(e, columns, "zero_queries", 15),
    ));
    sections.push(section(
        "contactaanvragen",
        "Contactaanvragen",
        rows_of(
            e,
            columns,
            &[
                ("contact_requests", "Verzonden contactaanvragen", |f| {
                    count(f.count("contact_requests"))
                }),
                ("contact_requests_read_share", "Aandeel gelezen", |f| {
                    share(
                        f.count("contact_requests_read"),
                        f.count("contact_requests"),
                    )
                }),
                ("contact_requests_answered", "Beantwoord", |f| {
                    count(f.count("contact_requests_answered"))
                }),
                (
                    "contact_requests_answered_share",
                    "Aandeel beantwoord",
                    |f| {
                        share(
                            f.count("contact_requests_answered"),
                            f.count("contact_requests"),
                        )
                    },
                ),
                (
                    "answer_hours_median",
                    "Mediaan tijd tot het eerste antwoord",
                    |f| hours(f.median("answer_seconds")),
                ),
                (
                    "contact_requests_interested_share",
                    "Aandeel geïnteresseerd",
                    |f| {
                        share(
                            f.count("contact_requests_interested"),
                            f.count("contact_requests"),
                        )
                    },
                ),
            ],
        ),
    ));
    sections.push(section(
        "redenen",
        "Redenen voor 'niet geïnteresseerd'",
        breakdown(e, columns, "reasons", 10),
    ));
    sections.push(section(
        "samenwerkingen",
        "Samenwerkingen",
        rows_of(
            e,
            columns,
            &[
                ("collaborations", "Samenwerkingen afgesproken", |f| {
                    count(f.count("collaborations"))
                }),
                (
                    "collaborations_from_requests",
                    "na een contactaanvraag",
                    |f| count(f.count("collaborations_from_requests")),
                ),
                ("collaborations_from_questions", "na een vraag", |f| {
                    count(f.count("collaborations_from_questions"))
                }),
                (
                    "collaboration_value_eur",
                    "Afgesproken waarde, samen",
                    |f| euro(f.count("collaboration_value_eur")),
                ),
                (
                    "collaboration_value_median",
                    "Afgesproken waarde, mediaan",
                    |f| euro_median(f.median("collaboration_values")),
                ),
                (
                    "conversion_search_contact",
                    "Van zoekopdracht naar contactaanvraag",
                    |f| share(f.count("contact_requests"), f.count("searches")),
                ),
                (
                    "conversion_contact_collaboration",
                    "Van contactaanvraag naar samenwerking",
                    |f| {
                        share(
                            f.count("collaborations_from_requests"),
                            f.count("contact_requests"),
                        )
                    },
                ),
            ],
        ),
    ));
    sections.push(section(
        "vragen",
        "Vragen en suggesties van bedrijven",
        rows_of(
            e,
            columns,
            &[
                ("questions", "Gestelde vragen", |f| {
                    count(f.count("questions"))
                }),
                ("suggestions", "Suggesties", |f| {
                    count(f.count("suggestions"))
                }),
                (
                    "questions_routed",
                    "Verstuurd naar minstens één organisatie",
                    |f| count(f.count("questions_routed")),
                ),
                (
                    "organisations_reached",
                    "Bereikte organisaties (samen)",
                    |f| count(f.count("organisations_reached")),
                ),
                (
                    "questions_with_interest",
                    "Met minstens één geïnteresseerde organisatie",
                    |f| count(f.count("questions_with_interest")),
                ),
                (
                    "questions_with_interest_share",
                    "Aandeel met interesse",
                    |f| {
                        share(
                            f.count("questions_with_interest"),
                            f.count("questions") + f.count("suggestions"),
                        )
                    },
                ),
                (
                    "interest_hours_median",
                    "Mediaan tijd tot de eerste interesse",
                    |f| hours(f.median("interest_seconds")),
                ),
                ("question_answers", "Antwoorden van organisaties", |f| {
                    count(f.count("question_answers"))
                }),
                (
                    "question_answers_interested",
                    "waarvan geïnteresseerd",
                    |f| count(f.count("question_answers_interested")),
                ),
                (
                    "question_answers_not_interested",
                    "waarvan niet geïnteresseerd",
                    |f| count(f.count("question_answers") - f.count("question_answers_interested")),
                ),
            ],
        ),
    ));
    sections.push(section(
        "uitkomsten",
        "Uitkomst van de vragen volgens het bedrijf",
        breakdown(e, columns, "outcomes", 10),
    ));
    sections.push(section(
        "vraag_redenen",
        "Waarom organisaties een vraag afwezen",
        breakdown(e, columns, "question_reasons", 10),
    ));
    sections.push(section(
        "organisaties",
        "Organisaties van de sociale economie",
        rows_of(
            e,
            columns,
            &[
                ("organisations", "Gepubliceerde organisaties", |f| {
                    count(f.count("organisations"))
                }),
                ("offers", "Gepubliceerd aanbod", |f| {
                    count(f.count("offers"))
                }),
                (
                    "profile_completeness",
                    "Volledigheid van de profielen",
                    |f| share(f.count("profile_parts_filled"), f.count("profile_parts")),
                ),
                (
                    "organisations_active",
                    "Actief in de periode (antwoordden of werkten hun profiel bij)",
                    |f| count(f.count("organisations_active")),
                ),
            ],
        ),
    ));
    sections.push(section(
        "soorten",
        "Organisaties per soort",
        breakdown(e, columns, "organisation_kinds", 10),
    ));
    sections.push(section(
        "aanbod",
        "Gepubliceerd aanbod per groep",
        breakdown(e, columns, "offer_groups", 20),
    ));
    sections.push(section(
        "grensoverschrijdend",
        "Over de provinciegrenzen",
        rows_of(
            e,
            columns,
            &[
                (
                    "contact_requests_cross_border",
                    "Contactaanvragen aan een organisatie in een andere provincie",
                    |f| count(f.count("contact_requests_cross_border")),
                ),
                (
                    "contact_requests_cross_border_share",
                    "Aandeel van de contactaanvragen",
                    |f| {
                        share(
                            f.count("contact_requests_cross_border"),
                            f.count("contact_requests"),
                        )
                    },
                ),
                (
                    "collaborations_cross_border",
                    "Samenwerkingen met een organisatie in een andere provincie",
                    |f| count(f.count("collaborations_cross_border")),
                ),
                (
                    "collaborations_cross_border_share",
                    "Aandeel van de samenwerkingen na een contactaanvraag",
                    |f| {
                        share(
                            f.count("collaborations_cross_border"),
                            f.count("collaborations_from_requests"),
                        )
                    },
                ),
            ],
        ),
    ));
    for (id, title, pick) in [
        (
            "matrix_aanvragen",
            "Contactaanvragen: bedrijven uit (rij) aan organisaties in (kolom)",
            0,
        ),
        (
            "matrix_samenwerkingen",
            "Samenwerkingen na een contactaanvraag: bedrijven uit (rij) met organisaties in (kolom)",
            1,
        ),
    ] {
        sections.push(matrix(e, columns, id, title, pick));
    }
    Sheet { sections }
}

/// Who works with whom: a row per company province, a column per organisation province and the row's total.
fn matrix(
    e: &Evaluation,
    columns: &Columns,
    id: &'static str,
    title: &str,
    pick: usize,
) -> Section {
    let all = &e.provinces;
    let visible = |from: &str, to: &str| {
        columns
            .matrix_of
            .as_deref()
            .is_none_or(|p| p == from || p == to)
    };
    let value = |from: &str, to: &str| {
        e.flanders
            .matrix
            .get(&(from.to_string(), to.to_string()))
            .map_or(0, |c| if pick == 0 { c.0 } else { c.1 })
    };
    let rows = all
        .iter()
        .map(|(from, name, _)| {
            let mut cells: Vec<Cell> = all
                .iter()
                .map(|(to, _, _)| {
                    if visible(from, to) {
                        count(value(from, to))
                    } else {
                        none()
                    }
                })
                .collect();
            let whole_row_visible = columns.matrix_of.as_deref().is_none_or(|p| p == from);
            cells.push(if whole_row_visible {
                count(all.iter().map(|(to, _, _)| value(from, to)).sum())
            } else {
                none()
            });
            Row {
                key: format!("{id}:{from}"),
                label: name.clone(),
                cells,
            }
        })
        .collect();
    Section {
        id,
        title: title.to_string(),
        columns: all
            .iter()
            .map(|(_, n, _)| n.clone())
            .chain(std::iter::once("Totaal".to_string()))
            .collect(),
        rows,
    }
}
