//! What the relay reads and writes: a province's undelivered messages (outbox rows with a destination), in
//! the order they were written; the mark that one was delivered; and the receiving province's inbox, whose
//! key (source province, message id) makes a second delivery a no-op when it is written in the same
//! transaction as the message's effect.
//!
//! Several servers may relay from one PostgreSQL database: a worker holds a stream (sender -> receiver) by a
//! transaction-scoped advisory lock, so one worker at a time delivers a stream, in order, and a crashed
//! worker's lock goes with its connection. SQLite is served by one process, whose relay is one task.

use chrono::Utc;
use doeners_domain::{AccountId, Message, OrganisationId, Sender, TenantSlug, access::Role};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, FromQueryResult,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
};
use uuid::Uuid;

use crate::{
    TenantDatabase,
    entities::{inbox, outbox, scheduled_run},
    error::{PersistenceError, Result},
    exchanges::insert_ignoring_conflict,
};

/// A message waiting in its sender's outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMessage {
    pub seq: i64,
    pub message: Message,
    /// Why the last attempt failed, if one did.
    pub last_error: Option<String>,
}

#[derive(Debug, FromQueryResult)]
struct Locked {
    locked: bool,
}

fn sender_of(value: &serde_json::Value) -> Option<Sender> {
    let province = TenantSlug::parse(value.get("province")?.as_str()?).ok()?;
    let account = AccountId::from_uuid(value.get("account")?.as_str()?.parse().ok()?);
    let organisation = value
        .get("organisation")
        .and_then(|o| o.as_str())
        .and_then(|o| o.parse().ok())
        .map(OrganisationId::from_uuid);
    let role = Role::from_stored(value.get("role")?.as_str()?, organisation)?;
    Some(Sender {
        province,
        account,
        role,
    })
}

fn message_of(row: outbox::Model) -> Result<OutgoingMessage> {
    let corrupt = || PersistenceError::Corrupt(format!("bericht {} is onleesbaar", row.event_id));
    let destination = row
        .destination
        .as_deref()
        .and_then(|d| TenantSlug::parse(d).ok())
        .ok_or_else(corrupt)?;
    let sender = row
        .sender
        .as_ref()
        .and_then(sender_of)
        .ok_or_else(corrupt)?;
    Ok(OutgoingMessage {
        seq: row.seq,
        message: Message {
            id: row.event_id,
            destination,
            conversation: row.conversation_id.unwrap_or(row.aggregate_id),
            sender,
            kind: row.kind,
            payload: row.payload.to_string(),
        },
        last_error: row.delivery_error,
    })
}

impl TenantDatabase {
    /// The provinces this one has undelivered messages for.
    pub async fn destinations_waiting(&self) -> Result<Vec<String>> {
        let rows: Vec<Option<String>> = outbox::Entity::find()
            .select_only()
            .column(outbox::Column::Destination)
            .filter(outbox::Column::Destination.is_not_null())
            .filter(outbox::Column::DeliveredAt.is_null())
            .distinct()
            .into_tuple()
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(rows.into_iter().flatten().collect())
    }

    /// On PostgreSQL, holds the stream to `destination` for the rest of this transaction if no other worker
    /// holds it; on SQLite (one process) always true.
    pub async fn hold_stream(&self, destination: &str) -> Result<bool> {
        if self.conn().get_database_backend() != DatabaseBackend::Postgres {
            return Ok(true);
        }
        let statement = Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_try_advisory_xact_lock(hashtext('doeners-relay'), hashtext($1)) AS locked",
            [destination.into()],
        );
        let row = Locked::find_by_statement(statement)
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(row.is_some_and(|r| r.locked))
    }

    /// The next undelivered messages for `destination`, in the order they were written.
    pub async fn undelivered(&self, destination: &str, limit: u64) -> Result<Vec<OutgoingMessage>> {
        outbox::Entity::find()
            .filter(outbox::Column::Destination.eq(destination))
            .filter(outbox::Column::DeliveredAt.is_null())
            .order_by_asc(outbox::Column::Seq)
            .limit(limit)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .into_iter()
            .map(message_of)
            .collect()
    }

    /// Marks message `seq` delivered; `refusal` when the receiver would not apply it (it is not retried).
    pub async fn mark_delivered(&self, seq: i64, refusal: Option<&str>) -> Result<()> {
        outbox::Entity::update_many()
            .col_expr(outbox::Column::DeliveredAt, Some(Utc::now()).into())
            .col_expr(
                outbox::Column::DeliveryError,
                refusal.map(str::to_string).into(),
            )
            .filter(outbox::Column::Seq.eq(seq))
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Notes why delivering `seq` failed this time; it is tried again.
    pub async fn note_delivery_failure(&self, seq: i64, error: &str) -> Result<()> {
        outbox::Entity::update_many()
            .col_expr(
                outbox::Column::DeliveryError,
                Some(error.chars().take(500).collect::<String>()).into(),
            )
            .filter(outbox::Column::Seq.eq(seq))
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// How many messages of `conversation` still wait for delivery: the pages say "nog niet afgeleverd".
    pub async fn undelivered_in(&self, conversation: Uuid) -> Result<u64> {
        outbox::Entity::find()
            .filter(outbox::Column::ConversationId.eq(conversation))
            .filter(outbox::Column::DeliveredAt.is_null())
            .count(self.conn())
            .await
            .map_err(|e| self.err(e))
    }

    /// How many messages wait for delivery in all, and the age of the oldest in seconds.
    pub async fn relay_backlog(&self) -> Result<(u64, i64)> {
        let waiting = outbox::Entity::find()
            .filter(outbox::Column::Destination.is_not_null())
            .filter(outbox::Column::DeliveredAt.is_null());
        let count = waiting
            .clone()
            .count(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        let oldest = waiting
            .order_by_asc(outbox::Column::Seq)
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .map_or(0, |row| (Utc::now() - row.created_at).num_seconds());
        Ok((count, oldest))
    }

    /// Records that message `id` from `source` is being applied here; false when it was applied before. Call on
    /// the transaction that applies it.
    pub async fn take_into_inbox(&self, source: &str, id: Uuid) -> Result<bool> {
        let row = inbox::ActiveModel {
            source: Set(source.to_string()),
            message_id: Set(id),
            received_at: Set(Utc::now()),
        };
        insert_ignoring_conflict(
            self,
            inbox::Entity::insert(row),
            vec![inbox::Column::Source, inbox::Column::MessageId],
        )
        .await
    }
}

impl TenantDatabase {
    /// Claims the run of `job` for `period` (a day, a question id, ...); false when it ran already. Call on the
    /// transaction that does the job's work, so a run that fails can run again.
    pub async fn claim_run(&self, job: &str, period: &str) -> Result<bool> {
        let row = scheduled_run::ActiveModel {
            job: Set(job.to_string()),
            period: Set(period.to_string()),
            ran_at: Set(Utc::now()),
        };
        insert_ignoring_conflict(
            self,
            scheduled_run::Entity::insert(row),
            vec![scheduled_run::Column::Job, scheduled_run::Column::Period],
        )
        .await
    }
}
