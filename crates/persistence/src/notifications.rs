//! How often each account wants mail about its exchanges (at once, a daily digest, or not at all), the token
//! of its one-click unsubscribe link, and the notifications kept for a digest.
//!
//! The unsubscribe token is stored as it is sent: it can do one thing only, turn that account's notification
//! mail off, which the account can undo on its preferences page; every mail carries the same link.

use chrono::{DateTime, Utc};
use doeners_domain::AccountId;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::{
    TenantDatabase,
    entities::{notification, notification_setting},
    error::Result,
    exchanges::insert_ignoring_conflict,
    secrets,
};

/// An account's notification preference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationPreference {
    /// `immediate`, `daily` or `off`.
    pub frequency: String,
    pub unsubscribe_token: String,
}

/// A notification waiting for a digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingNotification {
    pub id: Uuid,
    pub account: AccountId,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

impl TenantDatabase {
    /// `account`'s preference, created (at once, with a new token) the first time it is asked.
    pub async fn notification_preference(
        &self,
        account: AccountId,
    ) -> Result<NotificationPreference> {
        if let Some(row) = notification_setting::Entity::find_by_id(account.as_uuid())
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?
        {
            return Ok(NotificationPreference {
                frequency: row.frequency,
                unsubscribe_token: row.unsubscribe_token,
            });
        }
        let row = notification_setting::ActiveModel {
            account_id: Set(account.as_uuid()),
            frequency: Set("immediate".to_string()),
            unsubscribe_token: Set(secrets::new_secret()?),
        };
        insert_ignoring_conflict(
            self,
            notification_setting::Entity::insert(row),
            vec![notification_setting::Column::AccountId],
        )
        .await?;
        Box::pin(self.notification_preference(account)).await
    }

    pub async fn set_notification_frequency(
        &self,
        account: AccountId,
        frequency: &str,
    ) -> Result<()> {
        self.notification_preference(account).await?;
        notification_setting::Entity::update_many()
            .col_expr(notification_setting::Column::Frequency, frequency.into())
            .filter(notification_setting::Column::AccountId.eq(account.as_uuid()))
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The account an unsubscribe token belongs to.
    pub async fn account_by_unsubscribe_token(&self, token: &str) -> Result<Option<AccountId>> {
        Ok(notification_setting::Entity::find()
            .filter(notification_setting::Column::UnsubscribeToken.eq(token))
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .map(|row| AccountId::from_uuid(row.account_id)))
    }

    /// Keeps a notification for `account`'s next digest.
    pub async fn keep_for_digest(
        &self,
        account: AccountId,
        subject: &str,
        body: &str,
    ) -> Result<()> {
        let row = notification::ActiveModel {
            id: Set(Uuid::now_v7()),
            account_id: Set(account.as_uuid()),
            subject: Set(subject.chars().take(200).collect()),
            body: Set(body.to_string()),
            created_at: Set(Utc::now()),
            digested_at: Set(None),
        };
        notification::Entity::insert(row)
            .exec_without_returning(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Every notification not yet in a digest, oldest first.
    pub async fn notifications_for_digest(&self) -> Result<Vec<PendingNotification>> {
        Ok(notification::Entity::find()
            .filter(notification::Column::DigestedAt.is_null())
            .order_by_asc(notification::Column::CreatedAt)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .into_iter()
            .map(|row| PendingNotification {
                id: row.id,
                account: AccountId::from_uuid(row.account_id),
                subject: row.subject,
                body: row.body,
                created_at: row.created_at,
            })
            .collect())
    }

    pub async fn mark_digested(&self, ids: Vec<Uuid>) -> Result<()> {
        if ids.is_empty() {
            return Ok(());
        }
        notification::Entity::update_many()
            .col_expr(notification::Column::DigestedAt, Some(Utc::now()).into())
            .filter(notification::Column::Id.is_in(ids))
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}
