//! An exchange as one of its parties reads it: what was asked, every step, where it stands, and whether this
//! province's last steps have reached the other side yet.

use doeners_domain::{
    OrganisationId,
    exchange::{RequestStanding, Side},
};
use doeners_persistence::{ExchangeRow, RouteRow, StepRow};

/// An exchange with its steps, seen from one side.
#[derive(Debug, Clone)]
pub struct Thread {
    pub exchange: ExchangeRow,
    /// The steps the viewer may read, in order: an organisation sees only its own part of a question.
    pub steps: Vec<StepRow>,
    /// A question's organisations (for an organisation: only itself).
    pub routes: Vec<RouteRow>,
    /// A contact request's standing (for a question: the default).
    pub standing: RequestStanding,
    pub side: Side,
    /// The organisation the viewer speaks for, on the organisation's side.
    pub organisation: Option<OrganisationId>,
    /// Messages of this exchange this province has not delivered yet: "verzonden, nog niet afgeleverd".
    pub undelivered: u64,
}

/// One line of an inbox.
#[derive(Debug, Clone)]
pub struct Summary {
    pub exchange: ExchangeRow,
    /// For an organisation: whether it still has to answer.
    pub waits_for_answer: bool,
}
