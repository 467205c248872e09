//! Good practices a province publishes: a short case of a company and organisations that worked together,
//! each party named only with its recorded consent.

use chrono::{DateTime, Utc};
use doeners_domain::AccountId;
use sea_orm::{ActiveValue::Set, EntityTrait, QueryOrder};
use uuid::Uuid;

use crate::{TenantDatabase, entities::good_practice, error::Result};

/// A published case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoodPractice {
    pub id: Uuid,
    pub title: String,
    pub story: String,
    pub category: String,
    /// The parties and their consent, as JSON: `{"organisations": [...], "company": "...", "consent": {...}}`.
    pub parties: serde_json::Value,
    pub collaboration: Option<Uuid>,
    pub published_at: DateTime<Utc>,
}

impl TenantDatabase {
    pub async fn publish_good_practice(
        &self,
        author: AccountId,
        practice: &GoodPractice,
    ) -> Result<()> {
        let row = good_practice::ActiveModel {
            id: Set(practice.id),
            title: Set(practice.title.clone()),
            story: Set(practice.story.clone()),
            category: Set(practice.category.clone()),
            parties: Set(practice.parties.clone()),
            collaboration_id: Set(practice.collaboration),
            author_account: Set(author.as_uuid()),
            published_at: Set(practice.published_at),
        };
        good_practice::Entity::insert(row)
            .exec_without_returning(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Every published case, newest first.
    pub async fn good_practices(&self) -> Result<Vec<GoodPractice>> {
        Ok(good_practice::Entity::find()
            .order_by_desc(good_practice::Column::PublishedAt)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .into_iter()
            .map(|row| GoodPractice {
                id: row.id,
                title: row.title,
                story: row.story,
                category: row.category,
                parties: row.parties,
                collaboration: row.collaboration_id,
                published_at: row.published_at,
            })
            .collect())
    }
}
