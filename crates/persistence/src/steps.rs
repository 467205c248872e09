//! A stored step (`StepRow`: a kind, a side, a JSON document) as the domain reads it (`Step`): for the use cases
//! and for the evaluation's fold of an exchange, so both read a request the same way.

use doeners_domain::exchange::{Collaboration, Day, Reason, RequestStanding, Side, Step};
use serde_json::Value;

use crate::StepRow;

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
