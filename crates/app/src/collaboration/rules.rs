//! A province's settings for collaboration, from its tenant file (`[collaboration]`), with the defaults below.

use chrono::Duration;

#[derive(Debug, Clone)]
pub struct Rules {
    /// Administrators review a question before it goes out (default: it goes out at once).
    pub review_questions: bool,
    /// How many organisations a question goes to at a time.
    pub batch_size: usize,
    /// How long a batch has to answer before the next goes out...
    pub batch_wait: Duration,
    /// ...when fewer than this many organisations are interested.
    pub enough_interested: usize,
    /// How many organisations a question reaches in all.
    pub max_routed: usize,
    /// How many contact requests one company may send in 24 hours.
    pub requests_per_day: u64,
    /// When an organisation that has not answered is reminded.
    pub reminder_after: Duration,
    /// How long after a question's deadline the parties are asked whether a collaboration came of it.
    pub outcome_after: Duration,
    /// The hour (Europe/Brussels) at which daily digests leave.
    pub digest_hour: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            review_questions: false,
            batch_size: 10,
            batch_wait: Duration::days(2),
            enough_interested: 3,
            max_routed: 30,
            requests_per_day: 20,
            reminder_after: Duration::days(2),
            outcome_after: Duration::days(7),
            digest_hour: 8,
        }
    }
}
