//! Recording the searches asked on a portal, and counting them for the evaluation figures.

use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::{
    Database,
    entities::{page_view, search_log},
    error::Result,
};

/// Where a search was asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchSource {
    /// A province's portal: counted as that province's search.
    Portal,
    /// The Flanders-wide search page.
    Flanders,
    /// The JSON API, by another system.
    Api,
}

impl SearchSource {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Portal => "portal",
            Self::Flanders => "flanders",
            Self::Api => "api",
        }
    }
}

/// One search as it is recorded.
#[derive(Debug, Clone)]
pub struct SearchLogEntry {
    pub searched_at: chrono::DateTime<chrono::Utc>,
    pub source: SearchSource,
    pub query: String,
    /// The filters as given (category, group, kind, mode, province, near, radius), by name.
    pub filters: serde_json::Value,
    pub result_count: usize,
    /// The signed-in company, when there is one.
    pub company_id: Option<Uuid>,
}

/// What was looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewKind {
    /// An organisation's profile.
    Profile,
    /// An offer, opened from a search hit.
    Offer,
}

impl ViewKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Profile => "profile",
            Self::Offer => "offer",
        }
    }
}

/// A page view as it is recorded: what, when; not who.
#[derive(Debug, Clone)]
pub struct PageView {
    pub viewed_at: chrono::DateTime<chrono::Utc>,
    pub kind: ViewKind,
    pub organisation_id: Uuid,
    pub offer_id: Option<Uuid>,
}

/// Searches in a period, and how many found nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchCounts {
    pub searches: u64,
    pub without_results: u64,
}

impl Database {
    /// Records `entries` together, with their rollups, in one transaction and as few statements as their
    /// number allows.
    pub async fn record_searches(&self, entries: &[SearchLogEntry]) -> Result<()> {
        let tx = self.begin().await?;
        let mut tally = crate::rollups::Tally::default();
        let mut rows = entries.iter().map(|entry| {
            tally.search(
                entry.searched_at,
                entry.source.as_str(),
                &entry.query,
                i64::try_from(entry.result_count).unwrap_or(i64::MAX),
                entry.company_id,
            );
            search_log::ActiveModel {
                id: Set(Uuid::now_v7()),
                searched_at: Set(entry.searched_at),
                query: Set(entry.query.chars().take(200).collect()),
                filters: Set(entry.filters.clone()),
                result_count: Set(i32::try_from(entry.result_count).unwrap_or(i32::MAX)),
                company_id: Set(entry.company_id),
                source: Set(entry.source.as_str().to_string()),
            }
        });
        loop {
            let chunk: Vec<_> = rows.by_ref().take(500).collect();
            if chunk.is_empty() {
                break;
            }
            // Without `RETURNING`: on SQLite an `INSERT ... RETURNING` leaves the connection unable to run the
            // automatic checkpoint at commit, and a search is the write anyone can repeat (see `checkpoint`).
            search_log::Entity::insert_many(chunk)
                .exec_without_returning(tx.conn())
                .await
                .map_err(|e| tx.err(e))?;
        }
        drop(rows);
        tally.store(&tx).await?;
        tx.commit().await
    }

    /// Records page views with their rollups (a province's database).
    pub async fn record_views(&self, views: &[PageView]) -> Result<()> {
        let tx = self.begin().await?;
        let mut tally = crate::rollups::Tally::default();
        let rows: Vec<_> = views
            .iter()
            .map(|v| {
                tally.view(v.viewed_at, v.kind.as_str());
                page_view::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    viewed_at: Set(v.viewed_at),
                    kind: Set(v.kind.as_str().to_string()),
                    organisation_id: Set(v.organisation_id),
                    offer_id: Set(v.offer_id),
                }
            })
            .collect();
        for chunk in rows.chunks(500) {
            page_view::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(tx.conn())
                .await
                .map_err(|e| tx.err(e))?;
        }
        tally.store(&tx).await?;
        tx.commit().await
    }

    /// Counts the searches since `since`.
    pub async fn search_counts(
        &self,
        since: chrono::DateTime<chrono::Utc>,
    ) -> Result<SearchCounts> {
        let recent =
            || search_log::Entity::find().filter(search_log::Column::SearchedAt.gte(since));
        let searches = recent().count(self.conn()).await.map_err(|e| self.err(e))?;
        let without_results = recent()
            .filter(search_log::Column::ResultCount.eq(0))
            .count(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(SearchCounts {
            searches,
            without_results,
        })
    }
}
