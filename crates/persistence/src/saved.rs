//! What a company saved on its account: organisations (of any province) and searches, with the offers each
//! search already showed, so an alert names only what is new.

use chrono::{DateTime, Utc};
use doeners_domain::AccountId;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::{
    TenantDatabase,
    entities::{saved_organisation, saved_search},
    error::Result,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedOrganisation {
    pub id: Uuid,
    pub province: String,
    pub organisation_slug: String,
    pub name: String,
    pub saved_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedSearch {
    pub id: Uuid,
    pub account: AccountId,
    pub query: String,
    pub place: String,
    pub alert: bool,
    pub seen: Vec<Uuid>,
    pub saved_at: DateTime<Utc>,
    pub alerted_at: Option<DateTime<Utc>>,
}

fn search_from(row: saved_search::Model) -> SavedSearch {
    let seen = serde_json::from_value(row.seen).unwrap_or_default();
    SavedSearch {
        id: row.id,
        account: AccountId::from_uuid(row.account_id),
        query: row.query,
        place: row.place,
        alert: row.alert,
        seen,
        saved_at: row.saved_at,
        alerted_at: row.alerted_at,
    }
}

impl TenantDatabase {
    /// Saves the organisation for the account; saving it again changes nothing.
    pub async fn save_organisation(
        &self,
        account: AccountId,
        province: &str,
        slug: &str,
        name: &str,
    ) -> Result<()> {
        let row = saved_organisation::ActiveModel {
            id: Set(Uuid::now_v7()),
            account_id: Set(account.as_uuid()),
            province: Set(province.to_string()),
            organisation_slug: Set(slug.to_string()),
            name: Set(name.to_string()),
            saved_at: Set(Utc::now()),
        };
        crate::exchanges::insert_ignoring_conflict(
            self,
            saved_organisation::Entity::insert(row),
            vec![
                saved_organisation::Column::AccountId,
                saved_organisation::Column::Province,
                saved_organisation::Column::OrganisationSlug,
            ],
        )
        .await?;
        Ok(())
    }

    /// Removes one of the account's saved organisations (another account's id removes nothing).
    pub async fn forget_organisation(&self, account: AccountId, id: Uuid) -> Result<()> {
        saved_organisation::Entity::delete_many()
            .filter(saved_organisation::Column::Id.eq(id))
            .filter(saved_organisation::Column::AccountId.eq(account.as_uuid()))
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The account's saved organisations, newest first.
    pub async fn saved_organisations(&self, account: AccountId) -> Result<Vec<SavedOrganisation>> {
        Ok(saved_organisation::Entity::find()
            .filter(saved_organisation::Column::AccountId.eq(account.as_uuid()))
            .order_by_desc(saved_organisation::Column::SavedAt)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .into_iter()
            .map(|row| SavedOrganisation {
                id: row.id,
                province: row.province,
                organisation_slug: row.organisation_slug,
                name: row.name,
                saved_at: row.saved_at,
            })
            .collect())
    }

    /// Saves a search with the offers it shows now, which an alert will not repeat.
    pub async fn save_search(
        &self,
        account: AccountId,
        query: &str,
        place: &str,
        alert: bool,
        seen: &[Uuid],
    ) -> Result<Uuid> {
        let id = Uuid::now_v7();
        let row = saved_search::ActiveModel {
            id: Set(id),
            account_id: Set(account.as_uuid()),
            query: Set(query.to_string()),
            place: Set(place.to_string()),
            alert: Set(alert),
            seen: Set(serde_json::json!(seen)),
            saved_at: Set(Utc::now()),
            alerted_at: Set(None),
        };
        saved_search::Entity::insert(row)
            .exec_without_returning(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(id)
    }

    /// Whether one of the account's saved searches mails about new offers.
    pub async fn set_alert(&self, account: AccountId, id: Uuid, alert: bool) -> Result<()> {
        saved_search::Entity::update_many()
            .col_expr(
                saved_search::Column::Alert,
                sea_orm::sea_query::Expr::value(alert),
            )
            .filter(saved_search::Column::Id.eq(id))
            .filter(saved_search::Column::AccountId.eq(account.as_uuid()))
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub async fn forget_search(&self, account: AccountId, id: Uuid) -> Result<()> {
        saved_search::Entity::delete_many()
            .filter(saved_search::Column::Id.eq(id))
            .filter(saved_search::Column::AccountId.eq(account.as_uuid()))
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The account's saved searches, newest first.
    pub async fn saved_searches(&self, account: AccountId) -> Result<Vec<SavedSearch>> {
        Ok(saved_search::Entity::find()
            .filter(saved_search::Column::AccountId.eq(account.as_uuid()))
            .order_by_desc(saved_search::Column::SavedAt)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .into_iter()
            .map(search_from)
            .collect())
    }

    /// Every saved search that asked for an e-mail, for the scheduler.
    pub async fn searches_to_alert(&self) -> Result<Vec<SavedSearch>> {
        Ok(saved_search::Entity::find()
            .filter(saved_search::Column::Alert.eq(true))
            .order_by_asc(saved_search::Column::Id)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .into_iter()
            .map(search_from)
            .collect())
    }

    /// Remembers what an alert told the company about.
    pub async fn mark_alerted(&self, id: Uuid, seen: &[Uuid], at: DateTime<Utc>) -> Result<()> {
        saved_search::Entity::update_many()
            .col_expr(
                saved_search::Column::Seen,
                sea_orm::sea_query::Expr::value(serde_json::json!(seen)),
            )
            .col_expr(
                saved_search::Column::AlertedAt,
                sea_orm::sea_query::Expr::value(Some(at)),
            )
            .filter(saved_search::Column::Id.eq(id))
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}
