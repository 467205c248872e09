//! The tenant's change feed. A write that changes public data appends an event here in the same transaction,
//! so a follower (the search projector, the cross-province relay) never misses a change and never sees one
//! that was rolled back.

use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use serde_json::json;
use uuid::Uuid;

use crate::entities::outbox;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    OrganisationPublished,
    OrganisationUpdated,
    OfferUpserted,
}

impl EventKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::OrganisationPublished => "organisation.published",
            Self::OrganisationUpdated => "organisation.updated",
            Self::OfferUpserted => "offer.upserted",
        }
    }
}

#[derive(Debug, Clone)]
pub struct OutboxEvent {
    pub kind: EventKind,
    pub aggregate_id: Uuid,
    /// For offers: the organisation they belong to.
    pub organisation_id: Uuid,
}

const CHUNK: usize = 500;

/// Appends `events` in order; call inside the transaction that made the changes.
pub async fn append(conn: &impl ConnectionTrait, events: Vec<OutboxEvent>) -> Result<(), DbErr> {
    let now = chrono::Utc::now();
    let mut rows = events.into_iter().map(|e| outbox::ActiveModel {
        event_id: Set(Uuid::now_v7()),
        kind: Set(e.kind.as_str().to_string()),
        aggregate_id: Set(e.aggregate_id),
        payload: Set(json!({ "organisation_id": e.organisation_id })),
        created_at: Set(now),
        ..Default::default()
    });
    loop {
        let chunk: Vec<_> = rows.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            return Ok(());
        }
        outbox::Entity::insert_many(chunk).exec(conn).await?;
    }
}
