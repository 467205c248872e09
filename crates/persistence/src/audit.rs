//! The province's audit log: who did what to which object, and when. Entries name people by account id, never
//! by name or address, so that deleting an account leaves no personal data behind here.

use chrono::{DateTime, Utc};
use doeners_domain::AccountId;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::{Database, entities::audit_log, error::Result};

#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub actor: Option<AccountId>,
    /// What happened, e.g. `login.failed`, `organisation.approved`.
    pub action: String,
    /// What it happened to, e.g. `account:<id>`.
    pub object: String,
    pub detail: serde_json::Value,
}

impl Database {
    pub async fn audit(
        &self,
        actor: Option<AccountId>,
        action: &str,
        object: &str,
        detail: serde_json::Value,
    ) -> Result<()> {
        self.audit_as(Uuid::now_v7(), actor, action, object, detail)
            .await
    }

    /// An entry with an id chosen by the caller, who may later rewrite its detail (`rewrite_audit_detail`).
    pub async fn audit_as(
        &self,
        id: Uuid,
        actor: Option<AccountId>,
        action: &str,
        object: &str,
        detail: serde_json::Value,
    ) -> Result<()> {
        let at = Utc::now();
        let row = audit_log::ActiveModel {
            id: Set(id),
            at: Set(at),
            actor_id: Set(actor.map(|a| a.as_uuid())),
            action: Set(action.to_string()),
            object: Set(object.to_string()),
            detail: Set(detail),
        };
        // Without `RETURNING`, like the search log: failed logins are a write anyone can repeat.
        audit_log::Entity::insert(row)
            .exec_without_returning(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        // An edit of an organisation or an offer makes the organisation active for the evaluation.
        self.edit_counts(object, at).await
    }

    /// Replaces the detail of entry `id`: an entry that counts repeats of one event (throttled logins from one
    /// address) is kept up to date instead of adding a row per repeat.
    pub async fn rewrite_audit_detail(&self, id: Uuid, detail: serde_json::Value) -> Result<()> {
        audit_log::Entity::update_many()
            .col_expr(
                audit_log::Column::Detail,
                sea_orm::sea_query::Expr::value(detail),
            )
            .filter(audit_log::Column::Id.eq(id))
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The newest entries first.
    pub async fn audit_log(&self, limit: u64) -> Result<Vec<AuditEntry>> {
        Ok(audit_log::Entity::find()
            .order_by_desc(audit_log::Column::At)
            .order_by_desc(audit_log::Column::Id)
            .limit(limit)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .into_iter()
            .map(|row| AuditEntry {
                at: row.at,
                actor: row.actor_id.map(AccountId::from_uuid),
                action: row.action,
                object: row.object,
                detail: row.detail,
            })
            .collect())
    }
}
