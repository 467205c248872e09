//! Sessions kept on the server: the cookie holds a random id, the database its digest, the account and the
//! session's CSRF token. A session ends when it has been idle too long, when it is too old, at logout, and at
//! once when its account is suspended.

use std::time::Duration;

use chrono::{DateTime, Utc};
use doeners_domain::AccountId;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use crate::{Database, accounts::AccountRecord, entities::session, error::Result, secrets};

#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// A session not used for this long ends.
    pub idle: Duration,
    /// A session ends this long after login, used or not.
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::from_secs(2 * 60 * 60),
            absolute: Duration::from_secs(12 * 60 * 60),
        }
    }
}

/// A session just opened: the id goes into the cookie, the CSRF token into the forms.
#[derive(Debug, Clone)]
pub struct OpenedSession {
    pub id: String,
    pub csrf_token: String,
}

/// A session that is still valid, with the account it belongs to.
#[derive(Debug, Clone)]
pub struct ActiveSession {
    pub account: AccountRecord,
    pub csrf_token: String,
}

/// Last-seen times are written at most this often, so that reading pages does not write on every request.
const TOUCH_EVERY: Duration = Duration::from_secs(60);

fn older_than(at: DateTime<Utc>, now: DateTime<Utc>, limit: Duration) -> bool {
    (now - at).to_std().is_ok_and(|age| age > limit)
}

impl Database {
    /// A new session with a new id, as every login must get.
    pub async fn open_session(&self, account: AccountId) -> Result<OpenedSession> {
        let id = secrets::new_secret()?;
        let csrf_token = secrets::new_secret()?;
        let now = Utc::now();
        session::ActiveModel {
            id_digest: Set(secrets::digest(&id)),
            account_id: Set(account.as_uuid()),
            csrf_token: Set(csrf_token.clone()),
            created_at: Set(now),
            last_seen_at: Set(now),
        }
        .insert(self.conn())
        .await
        .map_err(|e| self.err(e))?;
        Ok(OpenedSession { id, csrf_token })
    }

    /// The session with this id when it is still valid; an expired session, or one of a suspended account, is
    /// removed and gives `None`.
    pub async fn active_session(
        &self,
        id: &str,
        policy: &SessionPolicy,
    ) -> Result<Option<ActiveSession>> {
        let digest = secrets::digest(id);
        let Some(row) = session::Entity::find_by_id(digest.clone())
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?
        else {
            return Ok(None);
        };
        let now = Utc::now();
        let account = self.account(AccountId::from_uuid(row.account_id)).await?;
        let expired = older_than(row.last_seen_at, now, policy.idle)
            || older_than(row.created_at, now, policy.absolute);
        let Some(account) = account.filter(|a| !a.suspended && !expired) else {
            self.close_session(id).await?;
            return Ok(None);
        };
        if older_than(row.last_seen_at, now, TOUCH_EVERY) {
            let mut touched: session::ActiveModel = row.clone().into();
            touched.last_seen_at = Set(now);
            touched.update(self.conn()).await.map_err(|e| self.err(e))?;
        }
        Ok(Some(ActiveSession {
            account,
            csrf_token: row.csrf_token,
        }))
    }

    pub async fn close_session(&self, id: &str) -> Result<()> {
        session::Entity::delete_by_id(secrets::digest(id))
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Ends every session of the account (a password change, a suspension, a deletion).
    pub async fn close_sessions_of(&self, account: AccountId) -> Result<u64> {
        Ok(session::Entity::delete_many()
            .filter(session::Column::AccountId.eq(account.as_uuid()))
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .rows_affected)
    }
}
