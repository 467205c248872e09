//! Outgoing mail, one row per message: queued in the transaction of the use case that sends it (so a message
//! announcing a change that was rolled back is never sent), and taken by the mail worker, which sends it and
//! removes it, or puts it back for a later attempt. A sent message is not kept: it holds an address and
//! often a link, and the log says it left.
//!
//! A worker claims a message for a while (`claimed_until`) before sending it, with a conditional update only
//! one worker can win, so two servers on one database never send the same message. A worker that dies while
//! sending leaves a claim that runs out; the message is then sent again (SMTP cannot confirm and commit in one
//! step, so at-least-once over such a crash is the best any sender can do).

use chrono::{DateTime, Utc};
use doeners_domain::Email;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use crate::{Database, entities::mail_outbox, error::Result};

/// A message waiting to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMail {
    pub id: Uuid,
    pub recipient: Email,
    pub subject: String,
    pub body: String,
    /// Attempts made before this one.
    pub attempts: u32,
    /// The one-click unsubscribe address for the `List-Unsubscribe` header, if the message is a notification.
    pub unsubscribe_url: Option<String>,
}

impl Database {
    /// Queues a message; call on the use case's transaction.
    pub async fn queue_mail(&self, to: &Email, subject: &str, body: &str) -> Result<Uuid> {
        self.queue_notification_mail(to, subject, body, None).await
    }

    /// Queues a message that may carry a one-click unsubscribe address; call on the use case's transaction.
    pub async fn queue_notification_mail(
        &self,
        to: &Email,
        subject: &str,
        body: &str,
        unsubscribe_url: Option<&str>,
    ) -> Result<Uuid> {
        let id = Uuid::now_v7();
        let now = Utc::now();
        let row = mail_outbox::ActiveModel {
            id: Set(id),
            recipient: Set(to.as_str().to_string()),
            subject: Set(subject.chars().take(200).collect()),
            body: Set(body.to_string()),
            created_at: Set(now),
            attempts: Set(0),
            next_attempt_at: Set(now),
            claimed_until: Set(None),
            sent_at: Set(None),
            last_error: Set(None),
            unsubscribe_url: Set(unsubscribe_url.map(str::to_string)),
        };
        mail_outbox::Entity::insert(row)
            .exec_without_returning(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(id)
    }

    /// Claims up to `limit` messages that are due and that no other worker holds, each until `now + lease`.
    pub async fn claim_due_mail(
        &self,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: u64,
    ) -> Result<Vec<QueuedMail>> {
        let free = || {
            Condition::any()
                .add(mail_outbox::Column::ClaimedUntil.is_null())
                .add(mail_outbox::Column::ClaimedUntil.lt(now))
        };
        let due = mail_outbox::Entity::find()
            .filter(mail_outbox::Column::SentAt.is_null())
            .filter(mail_outbox::Column::NextAttemptAt.lte(now))
            .filter(free())
            .order_by_asc(mail_outbox::Column::NextAttemptAt)
            .limit(limit)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        let mut claimed = Vec::with_capacity(due.len());
        for row in due {
            let won = mail_outbox::Entity::update_many()
                .col_expr(mail_outbox::Column::ClaimedUntil, Expr::value(now + lease))
                .filter(mail_outbox::Column::Id.eq(row.id))
                .filter(mail_outbox::Column::SentAt.is_null())
                .filter(free())
                .exec(self.conn())
                .await
                .map_err(|e| self.err(e))?
                .rows_affected
                == 1;
            if won {
                claimed.push(QueuedMail {
                    id: row.id,
                    recipient: Email::stored(&row.recipient),
                    subject: row.subject,
                    body: row.body,
                    attempts: u32::try_from(row.attempts).unwrap_or(0),
                    unsubscribe_url: row.unsubscribe_url,
                });
            }
        }
        Ok(claimed)
    }

    /// Removes a message that was sent: its address and its links are kept no longer than needed.
    pub async fn mail_sent(&self, id: Uuid) -> Result<()> {
        mail_outbox::Entity::delete_by_id(id)
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Puts a message back after a failed attempt, to be tried again at `retry_at`.
    pub async fn mail_failed(&self, id: Uuid, error: &str, retry_at: DateTime<Utc>) -> Result<()> {
        mail_outbox::Entity::update_many()
            .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(retry_at))
            .col_expr(
                mail_outbox::Column::ClaimedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                mail_outbox::Column::LastError,
                Expr::value(Some(error.chars().take(500).collect::<String>())),
            )
            .col_expr(
                mail_outbox::Column::Attempts,
                Expr::col(mail_outbox::Column::Attempts).add(1),
            )
            .filter(mail_outbox::Column::Id.eq(id))
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Messages not sent yet.
    pub async fn mail_waiting(&self) -> Result<u64> {
        mail_outbox::Entity::find()
            .filter(mail_outbox::Column::SentAt.is_null())
            .count(self.conn())
            .await
            .map_err(|e| self.err(e))
    }
}
