//! Steps as stored (`StepRow`: a kind, a side, a JSON document) and as the domain reads them (`Step`).

use doeners_domain::{
    AccountId,
    exchange::{Collaboration, Day, Reason, RequestStanding, Side, Step},
};
use doeners_persistence::StepRow;
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

/// A contact request's step as the domain reads it; `None` for a kind it does not know (a newer version's).
pub fn step_of(row: &StepRow) -> Option<(Side, Step)> {
    let side = Side::from_stored(&row.side)?;
    let d = &row.data;
    let step = match row.kind.as_str() {
        "sent" => Step::Sent,
        "read" => Step::Read,
        "answered" => Step::Answered {
            interested: d.get("interested")?.as_bool()?,
            reason: d
                .get("reason")
                .and_then(Value::as_str)
                .and_then(|r| Reason::parse(r).ok()),
        },
        "message" => Step::Wrote,
        "collaboration.recorded" => Step::CollaborationRecorded(Collaboration {
            value_eur: d.get("value_eur")?.as_u64()?,
            start: Day::parse(d.get("start_date")?.as_str()?, "de startdatum").ok()?,
            end: d
                .get("end_date")
                .and_then(Value::as_str)
                .and_then(|e| Day::parse(e, "de einddatum").ok()),
            description: d
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        }),
        "collaboration.confirmed" => Step::CollaborationConfirmed,
        "collaboration.none" => Step::NoCollaboration,
        "closed" => Step::Closed,
        "reported" => Step::Reported,
        _ => return None,
    };
    Some((side, step))
}

/// Where a contact request stands after its steps (stored in id order).
pub fn standing_of(rows: &[StepRow]) -> RequestStanding {
    let steps: Vec<(Side, Step)> = rows.iter().filter_map(step_of).collect();
    RequestStanding::of(steps.iter().map(|(side, step)| (*side, step)))
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
