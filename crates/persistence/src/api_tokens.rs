//! API tokens for integrations: created by a signed-in user, shown once, stored as a digest, scoped to the
//! province and the role of the account that made it, revocable. A suspended or deleted account's tokens stop
//! working with it.

use chrono::{DateTime, Utc};
use doeners_domain::AccountId;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};
use uuid::Uuid;

use crate::{
    AccountRecord, TenantDatabase,
    entities::{account, api_token},
    error::Result,
    secrets,
};

/// A token as its owner sees it in the list: never the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenInfo {
    pub id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked: bool,
}

/// How long a use is remembered before `last_used_at` is written again.
const TOUCH_EVERY: chrono::TimeDelta = chrono::TimeDelta::minutes(1);

impl TenantDatabase {
    /// A new token for the account; the returned secret is the only copy.
    pub async fn create_api_token(&self, account: AccountId, name: &str) -> Result<(Uuid, String)> {
        // The prefix names the province, so that any province's API can tell whose token it is.
        let secret = format!("dnr_{}_{}", self.slug(), secrets::new_secret()?);
        let id = Uuid::now_v7();
        api_token::ActiveModel {
            id: Set(id),
            account_id: Set(account.as_uuid()),
            name: Set(name.to_string()),
            digest: Set(secrets::digest(&secret)),
            created_at: Set(Utc::now()),
            last_used_at: Set(None),
            revoked_at: Set(None),
        }
        .insert(self.conn())
        .await
        .map_err(|e| self.err(e))?;
        Ok((id, secret))
    }

    pub async fn api_tokens_of(&self, account: AccountId) -> Result<Vec<ApiTokenInfo>> {
        Ok(api_token::Entity::find()
            .filter(api_token::Column::AccountId.eq(account.as_uuid()))
            .order_by_asc(api_token::Column::CreatedAt)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .into_iter()
            .map(|t| ApiTokenInfo {
                id: t.id,
                name: t.name,
                created_at: t.created_at,
                last_used_at: t.last_used_at,
                revoked: t.revoked_at.is_some(),
            })
            .collect())
    }

    /// Revokes one of the account's own tokens; false when it has no such token.
    pub async fn revoke_api_token(&self, account: AccountId, id: Uuid) -> Result<bool> {
        let done = api_token::Entity::update_many()
            .col_expr(api_token::Column::RevokedAt, Expr::value(Utc::now()))
            .filter(api_token::Column::Id.eq(id))
            .filter(api_token::Column::AccountId.eq(account.as_uuid()))
            .filter(api_token::Column::RevokedAt.is_null())
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(done.rows_affected == 1)
    }

    /// The account a presented token acts for: only a live token of a verified, unsuspended account.
    pub async fn account_by_api_token(&self, secret: &str) -> Result<Option<AccountRecord>> {
        let Some(token) = api_token::Entity::find()
            .filter(api_token::Column::Digest.eq(secrets::digest(secret)))
            .filter(api_token::Column::RevokedAt.is_null())
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?
        else {
            return Ok(None);
        };
        let Some(owner) = account::Entity::find_by_id(token.account_id)
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?
        else {
            return Ok(None);
        };
        let owner = crate::accounts::record(owner)?;
        if !owner.verified || owner.suspended {
            return Ok(None);
        }
        let now = Utc::now();
        if token.last_used_at.is_none_or(|t| now - t > TOUCH_EVERY) {
            api_token::Entity::update_many()
                .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
                .filter(api_token::Column::Id.eq(token.id))
                .exec(self.conn())
                .await
                .map_err(|e| self.err(e))?;
        }
        Ok(Some(owner))
    }
}
