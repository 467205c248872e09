//! A company's question ("Stel je vraag"): a need no offer covers, routed to the organisations that match it in
//! every province; or a suggestion of work the social economy could take up, listed for all organisations.

use crate::{
    CategoryRef, InvalidValue,
    exchange::{BudgetBand, Day, Reason},
    forms::{Fields, Problems},
    service_area::Place,
    text,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionKind {
    /// Routed to matching organisations, who answer.
    Question,
    /// Listed for every organisation and administrator; organisations may pick it up.
    Suggestion,
}

impl QuestionKind {
    pub fn slug(self) -> &'static str {
        match self {
            Self::Question => "question",
            Self::Suggestion => "suggestion",
        }
    }

    pub fn from_stored(slug: &str) -> Option<Self> {
        [Self::Question, Self::Suggestion]
            .into_iter()
            .find(|k| k.slug() == slug)
    }
}

/// Where a question stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionState {
    /// Waits for the province's administrators before it goes out.
    Review,
    /// Went out to organisations.
    Open,
    /// No organisation matched it: the province's administrators were told.
    Unmatched,
    /// Refused by the administrators.
    Refused,
    /// Its deadline passed and the outcome was asked.
    Closed,
}

impl QuestionState {
    pub const ALL: [Self; 5] = [
        Self::Review,
        Self::Open,
        Self::Unmatched,
        Self::Refused,
        Self::Closed,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Self::Review => "review",
            Self::Open => "open",
            Self::Unmatched => "unmatched",
            Self::Refused => "refused",
            Self::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Review => "Wacht op nazicht door de provincie",
            Self::Open => "Verstuurd naar organisaties",
            Self::Unmatched => "Nog geen passende organisatie gevonden",
            Self::Refused => "Niet verspreid",
            Self::Closed => "Afgesloten",
        }
    }

    pub fn from_stored(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.slug() == slug)
    }
}

/// What a company asks, as it typed it.
#[derive(Debug, Clone)]
pub struct QuestionDraft {
    pub kind: QuestionKind,
    pub title: String,
    pub description: String,
    pub category: Option<CategoryRef>,
    /// Where the work is: a postal code or a municipality (required for a question).
    pub place: Option<String>,
    pub deadline: Option<Day>,
    pub budget: Option<BudgetBand>,
}

/// The fields of the question form and the API body.
pub const QUESTION_FIELDS: &[&str] = &[
    "kind",
    "title",
    "description",
    "category",
    "place",
    "deadline",
    "budget_band",
];

fn get<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).map_or("", |v| v.trim())
}

impl QuestionDraft {
    /// Every problem of the submitted fields, each with its field. `today` is the earliest deadline allowed.
    pub fn parse(fields: &Fields, today: Day) -> Result<Self, Problems> {
        let mut problems: Problems = Vec::new();
        let kind = match get(fields, "kind") {
            "" | "question" | "vraag" => QuestionKind::Question,
            "suggestion" | "suggestie" => QuestionKind::Suggestion,
            other => {
                problems.push((
                    "kind",
                    InvalidValue::new(format!(
                        "onbekende soort '{other}' (kies 'question' of 'suggestion')"
                    )),
                ));
                QuestionKind::Question
            }
        };
        let mut keep = |name: &'static str, r: Result<String, InvalidValue>| {
            r.map_err(|e| problems.push((name, e))).unwrap_or_default()
        };
        let title = keep(
            "title",
            text::required(get(fields, "title"), "De titel", 150),
        );
        let description = keep(
            "description",
            text::limited(get(fields, "description"), "De omschrijving", 4000).and_then(|d| {
                if d.chars().count() < 20 {
                    Err(InvalidValue::new(
                        "De omschrijving is te kort: beschrijf in minstens 20 tekens wat u zoekt",
                    ))
                } else {
                    Ok(d)
                }
            }),
        );
        let category = match get(fields, "category") {
            "" => None,
            raw => CategoryRef::parse(raw)
                .map_err(|e| problems.push(("category", e)))
                .ok(),
        };
        let place = match get(fields, "place") {
            "" if kind == QuestionKind::Question => {
                problems.push((
                    "place",
                    InvalidValue::new("De plaats is verplicht: een postcode of gemeente"),
                ));
                None
            }
            "" => None,
            raw => match Place::parse(raw) {
                Ok(_) => Some(raw.to_string()),
                Err(e) => {
                    problems.push(("place", e));
                    None
                }
            },
        };
        let deadline = match get(fields, "deadline") {
            "" if kind == QuestionKind::Question => {
                problems.push((
                    "deadline",
                    InvalidValue::new("De uiterste datum is verplicht (JJJJ-MM-DD)"),
                ));
                None
            }
            "" => None,
            raw => match Day::parse(raw, "De uiterste datum") {
                Ok(day) if day < today => {
                    problems.push((
                        "deadline",
                        InvalidValue::new("De uiterste datum ligt in het verleden"),
                    ));
                    None
                }
                Ok(day) => Some(day),
                Err(e) => {
                    problems.push(("deadline", e));
                    None
                }
            },
        };
        let budget = match get(fields, "budget_band") {
            "" => None,
            raw => BudgetBand::parse(raw)
                .map_err(|e| problems.push(("budget_band", e)))
                .ok(),
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Self {
            kind,
            title,
            description,
            category,
            place,
            deadline,
            budget,
        })
    }
}

/// How an organisation answered a question it was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionAnswer {
    pub interested: bool,
    pub reason: Option<Reason>,
}

/// Whether a collaboration came of a question or a request, as a party says after the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Collaboration { value_eur: u64 },
    NoCollaboration,
    NotYet,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Self::Collaboration { .. } => "yes",
            Self::NoCollaboration => "no",
            Self::NotYet => "not_yet",
        }
    }

    pub fn parse(code: &str, value_eur: Option<u64>) -> Result<Self, InvalidValue> {
        match code.trim() {
            "yes" | "ja" => Ok(Self::Collaboration {
                value_eur: value_eur.unwrap_or(0),
            }),
            "no" | "nee" => Ok(Self::NoCollaboration),
            "not_yet" | "nog_niet" => Ok(Self::NotYet),
            other => Err(InvalidValue::new(format!(
                "onbekend antwoord '{other}' (kies yes, no of not_yet)"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_question_needs_a_place_and_a_deadline_a_suggestion_does_not() {
        let today = Day::parse("2027-01-01", "vandaag").expect("day");
        let problems = QuestionDraft::parse(
            &fields(&[
                ("title", "Herstel van paletten"),
                (
                    "description",
                    "Wij zoeken iemand die houten paletten herstelt.",
                ),
            ]),
            today,
        )
        .expect_err("incomplete");
        let named: Vec<_> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(named, ["place", "deadline"]);
        let suggestion = QuestionDraft::parse(
            &fields(&[
                ("kind", "suggestion"),
                ("title", "Herstel van paletten"),
                (
                    "description",
                    "Er is in de regio veel vraag naar paletherstel.",
                ),
            ]),
            today,
        )
        .expect("a suggestion");
        assert_eq!(suggestion.kind, QuestionKind::Suggestion);
        let past = QuestionDraft::parse(
            &fields(&[
                ("title", "Herstel van paletten"),
                (
                    "description",
                    "Wij zoeken iemand die houten paletten herstelt.",
                ),
                ("place", "3500"),
                ("deadline", "2026-12-01"),
            ]),
            today,
        );
        assert!(past.is_err());
    }
}
