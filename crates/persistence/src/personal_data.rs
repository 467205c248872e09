//! A person's rights over their data: everything the province holds about an account, as one JSON document,
//! and deleting the account so that its name and address are gone from the database, not merely hidden.
//!
//! What stays after a deletion is anonymous: searches the company made lose their link to it, and the audit
//! log keeps the account id (a random number that now points nowhere) with no name or address.

use doeners_domain::AccountId;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
    sea_query::Expr,
};
use serde_json::{Value, json};

use crate::{
    DatabaseLocation, TenantDatabase,
    entities::{
        account, api_token, audit_log, company, email_token, saved_organisation, saved_search,
        search_log, session,
    },
    error::Result,
};

impl TenantDatabase {
    /// Everything stored about the account, or `None` when it does not exist.
    pub async fn personal_data(&self, id: AccountId) -> Result<Option<Value>> {
        let uuid = id.as_uuid();
        let Some(account) = account::Entity::find_by_id(uuid)
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?
        else {
            return Ok(None);
        };
        let company = company::Entity::find_by_id(uuid)
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        let sessions = session::Entity::find()
            .filter(session::Column::AccountId.eq(uuid))
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        let tokens = api_token::Entity::find()
            .filter(api_token::Column::AccountId.eq(uuid))
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        let searches = search_log::Entity::find()
            .filter(search_log::Column::CompanyId.eq(uuid))
            .order_by_asc(search_log::Column::SearchedAt)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        let saved_organisations = self.saved_organisations(id).await?;
        let saved_searches = self.saved_searches(id).await?;
        let actions = audit_log::Entity::find()
            .filter(audit_log::Column::ActorId.eq(uuid))
            .order_by_asc(audit_log::Column::At)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(Some(json!({
            "provincie": self.slug().as_str(),
            "account": {
                "id": account.id,
                "e-mailadres": account.email,
                "rol": account.role,
                "organisatie": account.organisation_id,
                "aangemaakt": account.created_at,
                "e-mailadres_bevestigd": account.email_verified_at,
                "geschorst": account.suspended_at,
            },
            "bedrijf": company.map(|c| json!({
                "naam": c.name,
                "ondernemingsnummer": c.enterprise_number,
                "sector": c.sector,
                "grootte": c.size,
                "postcode": c.postal_code,
            })),
            "sessies": sessions.iter().map(|s| json!({
                "begonnen": s.created_at,
                "laatst_gebruikt": s.last_seen_at,
            })).collect::<Vec<_>>(),
            "api_sleutels": tokens.iter().map(|t| json!({
                "naam": t.name,
                "aangemaakt": t.created_at,
                "laatst_gebruikt": t.last_used_at,
                "ingetrokken": t.revoked_at,
            })).collect::<Vec<_>>(),
            "zoekopdrachten": searches.iter().map(|s| json!({
                "wanneer": s.searched_at,
                "zoekterm": s.query,
                "filters": s.filters,
                "resultaten": s.result_count,
            })).collect::<Vec<_>>(),
            "bewaarde_organisaties": saved_organisations.iter().map(|o| json!({
                "provincie": o.province,
                "organisatie": o.organisation_slug,
                "naam": o.name,
                "bewaard": o.saved_at,
            })).collect::<Vec<_>>(),
            "bewaarde_zoekopdrachten": saved_searches.iter().map(|s| json!({
                "zoekterm": s.query,
                "plaats": s.place,
                "e-mail_bij_nieuw_aanbod": s.alert,
                "bewaard": s.saved_at,
            })).collect::<Vec<_>>(),
            "handelingen": actions.iter().map(|a| json!({
                "wanneer": a.at,
                "wat": a.action,
                "waarop": a.object,
            })).collect::<Vec<_>>(),
        })))
    }

    /// Deletes the account with its company profile, sessions, e-mail links and API tokens, and unlinks its
    /// searches. On SQLite the freed bytes are overwritten (every connection runs with `secure_delete`) and
    /// the write-ahead log is emptied, so the name and address do not linger in the files.
    pub async fn delete_account(&self, id: AccountId) -> Result<()> {
        let uuid = id.as_uuid();
        let sqlite = matches!(self.location(), DatabaseLocation::Sqlite(_));
        let txn = self.conn().begin().await.map_err(|e| self.err(e))?;
        session::Entity::delete_many()
            .filter(session::Column::AccountId.eq(uuid))
            .exec(&txn)
            .await
            .map_err(|e| self.err(e))?;
        email_token::Entity::delete_many()
            .filter(email_token::Column::AccountId.eq(uuid))
            .exec(&txn)
            .await
            .map_err(|e| self.err(e))?;
        api_token::Entity::delete_many()
            .filter(api_token::Column::AccountId.eq(uuid))
            .exec(&txn)
            .await
            .map_err(|e| self.err(e))?;
        saved_organisation::Entity::delete_many()
            .filter(saved_organisation::Column::AccountId.eq(uuid))
            .exec(&txn)
            .await
            .map_err(|e| self.err(e))?;
        saved_search::Entity::delete_many()
            .filter(saved_search::Column::AccountId.eq(uuid))
            .exec(&txn)
            .await
            .map_err(|e| self.err(e))?;
        company::Entity::delete_by_id(uuid)
            .exec(&txn)
            .await
            .map_err(|e| self.err(e))?;
        search_log::Entity::update_many()
            .col_expr(
                search_log::Column::CompanyId,
                Expr::value(Option::<uuid::Uuid>::None),
            )
            .filter(search_log::Column::CompanyId.eq(uuid))
            .exec(&txn)
            .await
            .map_err(|e| self.err(e))?;
        // Mail still waiting for the account's address holds the address and often a link: it goes too.
        if let Some(row) = account::Entity::find_by_id(uuid)
            .one(&txn)
            .await
            .map_err(|e| self.err(e))?
        {
            crate::entities::mail_outbox::Entity::delete_many()
                .filter(crate::entities::mail_outbox::Column::Recipient.eq(row.email))
                .exec(&txn)
                .await
                .map_err(|e| self.err(e))?;
        }
        account::Entity::delete_by_id(uuid)
            .exec(&txn)
            .await
            .map_err(|e| self.err(e))?;
        txn.commit().await.map_err(|e| self.err(e))?;
        // Inside a use case's transaction the log cannot be copied back yet: the use case calls
        // `forget_deleted` once it committed.
        if sqlite && !self.in_transaction() {
            self.forget_deleted().await?;
        }
        Ok(())
    }

    /// On SQLite, copies the write-ahead log back and empties it, so that deleted rows (zeroed by
    /// `secure_delete`) leave no copy in the log; nothing on PostgreSQL.
    pub async fn forget_deleted(&self) -> Result<()> {
        if matches!(self.location(), DatabaseLocation::Sqlite(_)) {
            self.conn()
                .execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
                .await
                .map_err(|e| self.err(e))?;
        }
        Ok(())
    }
}
