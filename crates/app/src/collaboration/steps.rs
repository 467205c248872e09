//! Steps as stored (`StepRow`: a kind, a side, a JSON document) and as the domain reads them (`Step`).

use doeners_domain::{
    AccountId,
    exchange::{Reason, Side, Step},
};
pub use doeners_persistence::{StepRow, standing_of, step_of};
use serde_json::{Value, json};
use uuid::Uuid;

/// The JSON document a step carries besides its text.
pub(crate) fn data_of(step: &Step) -> Value {
    match step {
        Step::Answered { interested, reason } => {
            json!({ "interested": interested, "reason": reason.map(Reason::code) })
        }
        Step::CollaborationRecorded(c) => json!({
            "value_eur": c.value_eur,
            "start_date": c.start.to_string(),
            "end_date": c.end.map(|d| d.to_string()),
            "description": c.description,
        }),
        _ => json!({}),
    }
}

/// A new step of `exchange`, taken now.
#[allow(clippy::too_many_arguments)]
pub(crate) fn new_step(
    exchange: Uuid,
    organisation: Option<Uuid>,
    kind: &str,
    side: Side,
    province: &str,
    actor: Option<AccountId>,
    body: Option<String>,
    data: Value,
) -> StepRow {
    StepRow {
        id: Uuid::now_v7(),
        exchange_id: exchange,
        organisation_id: organisation,
        kind: kind.to_string(),
        side: side.slug().to_string(),
        actor_province: province.to_string(),
        actor_account: actor.map(|a| a.as_uuid()),
        body,
        data,
        created_at: chrono::Utc::now(),
    }
}
