//! What a province's administrators see of the exchanges their province holds: states, dates and counts, not
//! the texts, which are private to the two parties. One exception, for abuse handling: a request an
//! organisation reported shows its texts to the administrators of the organisation's province.

use std::collections::BTreeMap;

use doeners_domain::access::{Action, Caller};
use doeners_persistence::ExchangeRow;

use super::{Thread, standing_of, thread::Summary};
use crate::{AppError, Tenant, allow::allow};

/// The administrators' view.
#[derive(Debug, Clone, Default)]
pub struct Oversight {
    /// (kind, state) -> how many.
    pub counts: BTreeMap<(String, String), usize>,
    /// Requests reported as abuse, with their texts.
    pub reported: Vec<Thread>,
    /// Questions waiting for review.
    pub to_review: Vec<Summary>,
}

pub async fn oversight(tenant: &Tenant, caller: Option<&Caller>) -> Result<Oversight, AppError> {
    allow(
        caller,
        Action::ReviewRegistrations,
        &crate::allow::province(tenant),
    )?;
    let mut view = Oversight::default();
    let reported = tenant.db.exchanges_with_step("reported").await?;
    for kind in ["contact_request", "question", "suggestion"] {
        let all: Vec<ExchangeRow> = tenant.db.exchanges_of_kind(kind).await?;
        for exchange in all {
            *view
                .counts
                .entry((kind.to_string(), exchange.state.clone()))
                .or_default() += 1;
            // Only the organisation's province sees a report: the texts go to the administrators of the one
            // who reported it.
            if reported.contains(&exchange.id)
                && exchange.organisation_province.as_deref() == Some(tenant.slug())
            {
                let steps = tenant.db.steps_of(exchange.id).await?;
                view.reported.push(Thread {
                    undelivered: 0,
                    routes: Vec::new(),
                    side: doeners_domain::exchange::Side::Platform,
                    organisation: None,
                    standing: standing_of(&steps),
                    exchange: exchange.clone(),
                    steps,
                });
            }
            if kind == "question" && exchange.state == "review" {
                view.to_review.push(Summary {
                    exchange,
                    waits_for_answer: true,
                });
            }
        }
    }
    Ok(view)
}
