//! From a match to a contract: the steps of a contact request between a company and an organisation, and the
//! state they add up to. A request is a list of steps (who took it, and what it says); its state is always
//! computed from that list in id order, so two provinces that hold the same steps agree on the state even when
//! the steps reached them in another order.

use std::fmt;

use crate::{InvalidValue, text};

/// Which party of an exchange took a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Company,
    Organisation,
    /// The platform itself (a reminder, the outcome question).
    Platform,
}

impl Side {
    pub fn slug(self) -> &'static str {
        match self {
            Self::Company => "company",
            Self::Organisation => "organisation",
            Self::Platform => "platform",
        }
    }

    pub fn from_stored(slug: &str) -> Option<Self> {
        [Self::Company, Self::Organisation, Self::Platform]
            .into_iter()
            .find(|s| s.slug() == slug)
    }

    /// The party across the table.
    pub fn other(self) -> Self {
        match self {
            Self::Company => Self::Organisation,
            Self::Organisation | Self::Platform => Self::Company,
        }
    }
}

/// Why an organisation is not interested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    NoCapacity,
    NotOurWork,
    OutsideServiceArea,
    TooSmall,
    TooLarge,
    Timing,
    Other,
}

impl Reason {
    pub const ALL: [Self; 7] = [
        Self::NoCapacity,
        Self::NotOurWork,
        Self::OutsideServiceArea,
        Self::TooSmall,
        Self::TooLarge,
        Self::Timing,
        Self::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::NoCapacity => "no_capacity",
            Self::NotOurWork => "not_our_work",
            Self::OutsideServiceArea => "outside_service_area",
            Self::TooSmall => "too_small",
            Self::TooLarge => "too_large",
            Self::Timing => "timing",
            Self::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NoCapacity => "Geen capaciteit op dit moment",
            Self::NotOurWork => "Dit soort werk doen wij niet",
            Self::OutsideServiceArea => "Buiten ons werkgebied",
            Self::TooSmall => "Opdracht te klein",
            Self::TooLarge => "Opdracht te groot",
            Self::Timing => "De timing past niet",
            Self::Other => "Andere reden",
        }
    }

    pub fn parse(code: &str) -> Result<Self, InvalidValue> {
        Self::ALL
            .into_iter()
            .find(|r| r.code() == code.trim())
            .ok_or_else(|| {
                InvalidValue::new(format!(
                    "onbekende reden '{code}' (kies uit: {})",
                    Self::ALL.map(Self::code).join(", ")
                ))
            })
    }
}

/// An organisation's answer as typed: interested (with a reply when `reply_required`), or not with a reason
/// from the list; every problem with its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub interested: bool,
    pub reason: Option<Reason>,
    pub message: String,
}

impl Answer {
    pub fn parse(
        interested: bool,
        message: &str,
        reason: Option<&str>,
        reply_required: bool,
    ) -> Result<Self, crate::forms::Problems> {
        let mut problems = crate::forms::Problems::new();
        let reason = match (interested, reason.map(str::trim)) {
            (true, _) => None,
            (false, None | Some("")) => {
                problems.push((
                    "reason",
                    InvalidValue::new("Kies een reden waarom u niet geïnteresseerd bent"),
                ));
                None
            }
            (false, Some(raw)) => Reason::parse(raw)
                .map_err(|e| problems.push(("reason", e)))
                .ok(),
        };
        let message = text::limited(message, "Het bericht", 4000)
            .map_err(|e| problems.push(("message", e)))
            .unwrap_or_default();
        if interested && reply_required && message.is_empty() {
            problems.push((
                "message",
                InvalidValue::new("Schrijf een kort antwoord voor het bedrijf"),
            ));
        }
        if problems.is_empty() {
            Ok(Self {
                interested,
                reason,
                message,
            })
        } else {
            Err(problems)
        }
    }
}

/// The size of the work a company has in mind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BudgetBand {
    Under5k,
    From5kTo25k,
    From25kTo100k,
    Over100k,
    Unknown,
}

impl BudgetBand {
    pub const ALL: [Self; 5] = [
        Self::Under5k,
        Self::From5kTo25k,
        Self::From25kTo100k,
        Self::Over100k,
        Self::Unknown,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Under5k => "tot_5000",
            Self::From5kTo25k => "5000_25000",
            Self::From25kTo100k => "25000_100000",
            Self::Over100k => "meer_dan_100000",
            Self::Unknown => "onbekend",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Under5k => "Tot € 5.000",
            Self::From5kTo25k => "€ 5.000 tot € 25.000",
            Self::From25kTo100k => "€ 25.000 tot € 100.000",
            Self::Over100k => "Meer dan € 100.000",
            Self::Unknown => "Nog niet bekend",
        }
    }

    pub fn parse(code: &str) -> Result<Self, InvalidValue> {
        Self::ALL
            .into_iter()
            .find(|b| b.code() == code.trim())
            .ok_or_else(|| {
                InvalidValue::new(format!(
                    "onbekende budgetklasse '{code}' (kies uit: {})",
                    Self::ALL.map(Self::code).join(", ")
                ))
            })
    }
}

/// A calendar day, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Day {
    /// `what` is the Dutch name of the field.
    pub fn parse(raw: &str, what: &str) -> Result<Self, InvalidValue> {
        let bad = || {
            InvalidValue::new(format!(
                "{what} is geen geldige datum '{}' (schrijf JJJJ-MM-DD, bv. 2027-03-01)",
                raw.trim()
            ))
        };
        let mut parts = raw.trim().splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let year: u16 = y.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        let day: u8 = d.parse().map_err(|_| bad())?;
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(bad()),
        };
        if !(2000..=2100).contains(&year) || day == 0 || day > days {
            return Err(bad());
        }
        Ok(Self { year, month, day })
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// What a collaboration is worth, as one side declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collaboration {
    pub value_eur: u64,
    pub start: Day,
    pub end: Option<Day>,
    pub description: String,
}

impl Collaboration {
    pub fn parse(
        value_eur: u64,
        start: &str,
        end: Option<&str>,
        description: &str,
    ) -> Result<Self, InvalidValue> {
        if value_eur > 100_000_000 {
            return Err(InvalidValue::new(
                "de waarde is te hoog (hoogstens € 100.000.000)",
            ));
        }
        let start = Day::parse(start, "de startdatum")?;
        let end = match end.map(str::trim).filter(|e| !e.is_empty()) {
            Some(e) => Some(Day::parse(e, "de einddatum")?),
            None => None,
        };
        if end.is_some_and(|e| e < start) {
            return Err(InvalidValue::new("de einddatum ligt vóór de startdatum"));
        }
        let description = text::limited(description, "de omschrijving", 1000)?;
        Ok(Self {
            value_eur,
            start,
            end,
            description,
        })
    }
}

/// One step of a contact request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The company asked (the text is the step's message).
    Sent,
    /// Someone of the organisation opened it.
    Read,
    Answered {
        interested: bool,
        reason: Option<Reason>,
    },
    /// A message in the thread.
    Wrote,
    /// One side declares that a collaboration came of it; a later declaration by the other side corrects it.
    CollaborationRecorded(Collaboration),
    /// The other side agrees with the last declaration.
    CollaborationConfirmed,
    /// No collaboration came of it.
    NoCollaboration,
    Closed,
    /// The organisation reports the request as abuse.
    Reported,
}

impl Step {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Read => "read",
            Self::Answered { .. } => "answered",
            Self::Wrote => "message",
            Self::CollaborationRecorded(_) => "collaboration.recorded",
            Self::CollaborationConfirmed => "collaboration.confirmed",
            Self::NoCollaboration => "collaboration.none",
            Self::Closed => "closed",
            Self::Reported => "reported",
        }
    }
}

/// Where a contact request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestState {
    Sent,
    Read,
    Interested,
    NotInterested,
    /// One side declared a collaboration; the other has not confirmed it yet.
    CollaborationProposed,
    CollaborationAgreed,
    NoCollaboration,
    Closed,
}

impl RequestState {
    pub const ALL: [Self; 8] = [
        Self::Sent,
        Self::Read,
        Self::Interested,
        Self::NotInterested,
        Self::CollaborationProposed,
        Self::CollaborationAgreed,
        Self::NoCollaboration,
        Self::Closed,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Read => "read",
            Self::Interested => "interested",
            Self::NotInterested => "not_interested",
            Self::CollaborationProposed => "collaboration_proposed",
            Self::CollaborationAgreed => "collaboration_agreed",
            Self::NoCollaboration => "no_collaboration",
            Self::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Sent => "Verzonden",
            Self::Read => "Gelezen",
            Self::Interested => "Geïnteresseerd",
            Self::NotInterested => "Niet geïnteresseerd",
            Self::CollaborationProposed => "Samenwerking voorgesteld",
            Self::CollaborationAgreed => "Samenwerking afgesproken",
            Self::NoCollaboration => "Geen samenwerking",
            Self::Closed => "Afgesloten",
        }
    }

    pub fn from_stored(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// Whether the exchange has ended: nothing but a message can be added.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::CollaborationAgreed | Self::NoCollaboration | Self::Closed
        )
    }
}

/// A contact request as its steps make it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestStanding {
    pub state: RequestState,
    /// The last declaration, and who made it, while it waits for the other side.
    pub proposed: Option<(Side, Collaboration)>,
    /// The figure both sides agreed on: the one that counts.
    pub agreed: Option<Collaboration>,
    pub reported: bool,
}

impl Default for RequestStanding {
    fn default() -> Self {
        Self {
            state: RequestState::Sent,
            proposed: None,
            agreed: None,
            reported: false,
        }
    }
}

impl RequestStanding {
    /// The standing after `steps`, taken in order; a step that does not fit where the request stands (two
    /// provinces acting at the same moment) changes nothing.
    pub fn of<'a>(steps: impl IntoIterator<Item = (Side, &'a Step)>) -> Self {
        let mut standing = Self::default();
        for (side, step) in steps {
            standing.take(side, step);
        }
        standing
    }

    /// Takes `step` of `side` if it fits where the request stands; whether it did.
    pub fn take(&mut self, side: Side, step: &Step) -> bool {
        let fits = self.allows(side, step).is_ok();
        if fits {
            self.apply(side, step);
        }
        fits
    }

    /// Whether `side` may take `step` now; the refusal is a Dutch sentence.
    pub fn allows(&self, side: Side, step: &Step) -> Result<(), &'static str> {
        use RequestState as S;
        let state = self.state;
        match (step, side) {
            (Step::Wrote, Side::Company | Side::Organisation) => Ok(()),
            (Step::Sent, _) => Err("Deze aanvraag is al verzonden."),
            (Step::Read, Side::Organisation) => {
                if state == S::Sent {
                    Ok(())
                } else {
                    Err("Deze aanvraag is al gelezen.")
                }
            }
            (Step::Answered { .. }, Side::Organisation) => {
                if matches!(state, S::Sent | S::Read) {
                    Ok(())
                } else {
                    Err("Deze aanvraag is al beantwoord.")
                }
            }
            (Step::Reported, Side::Organisation) => {
                if self.reported {
                    Err("Deze aanvraag is al gemeld.")
                } else {
                    Ok(())
                }
            }
            (Step::CollaborationRecorded(_), Side::Company | Side::Organisation) => {
                if matches!(state, S::Interested | S::CollaborationProposed) {
                    Ok(())
                } else if state == S::CollaborationAgreed {
                    Err("Er is al een samenwerking afgesproken.")
                } else {
                    Err("Een samenwerking kan pas na een positief antwoord.")
                }
            }
            (Step::CollaborationConfirmed, Side::Company | Side::Organisation) => {
                match &self.proposed {
                    Some((by, _)) if *by != side => Ok(()),
                    Some(_) => Err("De andere partij moet deze samenwerking bevestigen."),
                    None => Err("Er is geen samenwerking om te bevestigen."),
                }
            }
            (Step::NoCollaboration | Step::Closed, Side::Company | Side::Organisation) => {
                if state.is_final() {
                    Err("Deze aanvraag is al afgesloten.")
                } else {
                    Ok(())
                }
            }
            _ => Err("Deze stap hoort niet bij uw kant van de aanvraag."),
        }
    }

    fn apply(&mut self, side: Side, step: &Step) {
        use RequestState as S;
        match step {
            Step::Sent | Step::Wrote => {}
            Step::Read => self.state = S::Read,
            Step::Answered { interested, .. } => {
                self.state = if *interested {
                    S::Interested
                } else {
                    S::NotInterested
                };
            }
            Step::Reported => self.reported = true,
            Step::CollaborationRecorded(c) => {
                self.state = S::CollaborationProposed;
                self.proposed = Some((side, c.clone()));
            }
            Step::CollaborationConfirmed => {
                self.state = S::CollaborationAgreed;
                self.agreed = self.proposed.take().map(|(_, c)| c);
            }
            Step::NoCollaboration => self.state = S::NoCollaboration,
            Step::Closed => self.state = S::Closed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collab(value: u64) -> Collaboration {
        Collaboration::parse(value, "2027-01-15", None, "verpakking").expect("valid")
    }

    #[test]
    fn the_figure_both_sides_agreed_is_the_one_that_counts() {
        let steps = [
            (Side::Company, Step::Sent),
            (Side::Organisation, Step::Read),
            (
                Side::Organisation,
                Step::Answered {
                    interested: true,
                    reason: None,
                },
            ),
            (Side::Company, Step::CollaborationRecorded(collab(10_000))),
            (
                Side::Organisation,
                Step::CollaborationRecorded(collab(12_000)),
            ),
            // Confirming one's own figure does nothing.
            (Side::Organisation, Step::CollaborationConfirmed),
            (Side::Company, Step::CollaborationConfirmed),
        ];
        let standing = RequestStanding::of(steps.iter().map(|(s, st)| (*s, st)));
        assert_eq!(standing.state, RequestState::CollaborationAgreed);
        assert_eq!(standing.agreed.map(|c| c.value_eur), Some(12_000));
    }

    #[test]
    fn a_step_out_of_turn_is_refused_and_ignored() {
        let mut standing = RequestStanding::default();
        assert!(
            standing
                .allows(Side::Company, &Step::CollaborationRecorded(collab(1)))
                .is_err()
        );
        assert!(
            standing
                .allows(
                    Side::Company,
                    &Step::Answered {
                        interested: true,
                        reason: None
                    }
                )
                .is_err()
        );
        standing.apply(Side::Organisation, &Step::Read);
        let again = RequestStanding::of([(Side::Organisation, &Step::Read)]);
        assert_eq!(again.state, RequestState::Read);
    }

    #[test]
    fn days_are_checked_as_calendar_days() {
        assert!(Day::parse("2027-02-29", "de datum").is_err());
        assert!(Day::parse("2028-02-29", "de datum").is_ok());
        assert!(Day::parse("1-2-2027", "de datum").is_err());
        assert_eq!(
            Day::parse(" 2027-03-01 ", "de datum").map(|d| d.to_string()),
            Ok("2027-03-01".to_string())
        );
        assert!(Collaboration::parse(5, "2027-03-01", Some("2027-02-01"), "x").is_err());
    }
}
