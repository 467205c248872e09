//! The province's outbox. A use case appends here in its own transaction: changes of public data (the search
//! projector follows them) and messages addressed to another province (the relay delivers them, once, by
//! message id). A follower therefore never misses a row and never sees one that was rolled back.
//!
//! The table: `seq` (order of writing), `event_id` (unique; a message's id), `kind`, `aggregate_id`,
//! `payload` (JSON: a change's `organisation_id`, or a message's document), `created_at`, `txid` (PostgreSQL:
//! the writing transaction, for the follower's watermark), and for messages only `destination` (the
//! receiving province), `conversation_id` and `sender` (JSON: province, account, role).

use doeners_domain::{Message, PublicChange};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use serde_json::json;
use uuid::Uuid;

use crate::entities::outbox;

const CHUNK: usize = 500;

/// Appends `changes` in order; call inside the transaction that made them.
pub async fn append(conn: &impl ConnectionTrait, changes: Vec<PublicChange>) -> Result<(), DbErr> {
    let now = chrono::Utc::now();
    let mut rows = changes.into_iter().map(|c| outbox::ActiveModel {
        event_id: Set(Uuid::now_v7()),
        kind: Set(c.kind().to_string()),
        aggregate_id: Set(c.aggregate()),
        payload: Set(json!({ "organisation_id": c.organisation().as_uuid() })),
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

/// Appends a message for another province; call inside the transaction of the use case that sends it.
pub(crate) async fn send(conn: &impl ConnectionTrait, message: &Message) -> Result<(), DbErr> {
    let payload: serde_json::Value = serde_json::from_str(&message.payload)
        .map_err(|e| DbErr::Custom(format!("bericht {} is geen JSON: {e}", message.id)))?;
    let row = outbox::ActiveModel {
        event_id: Set(message.id),
        kind: Set(message.kind.clone()),
        aggregate_id: Set(message.conversation),
        payload: Set(payload),
        created_at: Set(chrono::Utc::now()),
        destination: Set(Some(message.destination.to_string())),
        conversation_id: Set(Some(message.conversation)),
        sender: Set(Some(json!({
            "province": message.sender.province.as_str(),
            "account": message.sender.account.as_uuid(),
            "role": message.sender.role.slug(),
            "organisation": message.sender.role.organisation().map(|o| o.as_uuid()),
        }))),
        ..Default::default()
    };
    outbox::Entity::insert(row)
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

impl crate::TenantDatabase {
    /// Puts `message` in this province's outbox for the relay; call on the use case's transaction.
    pub async fn send_message(&self, message: &Message) -> crate::Result<()> {
        send(self.conn(), message).await.map_err(|e| self.err(e))
    }
}
