//! Following a tenant's outbox: which changes came after a position, and where the feed stands now.
//!
//! On SQLite one transaction writes at a time, so sequence order is commit order and the position is the last
//! sequence number read. On PostgreSQL a transaction that took sequence 10 can commit after one that took 11;
//! there the position is a transaction-id watermark: every transaction with an id below
//! `pg_snapshot_xmin(pg_current_snapshot())` has finished, so its rows are all visible and none can appear
//! later. Each read takes the rows of the transactions between the last watermark and the current one.

use std::collections::HashMap;

use doeners_domain::{Offer, Organisation};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Statement,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    TenantDatabase,
    entities::{offer, organisation, outbox},
    error::{PersistenceError, Result},
    records::{offer_from, organisation_from},
};

/// How far a follower has read one tenant's outbox.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedPosition {
    /// SQLite: the last sequence number read.
    pub seq: i64,
    /// PostgreSQL: every transaction below this id has been read.
    pub xmin: i64,
}

/// One change to public data (a row of the outbox without a destination).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub seq: i64,
    pub kind: String,
    pub aggregate_id: Uuid,
    /// The organisation whose public data changed.
    pub organisation_id: Uuid,
}

#[derive(Debug, FromQueryResult)]
struct Watermark {
    xmin: i64,
}

impl TenantDatabase {
    /// Whether this is a PostgreSQL database (several servers may share it) rather than SQLite (one process).
    pub fn is_postgres(&self) -> bool {
        self.conn().get_database_backend() == DatabaseBackend::Postgres
    }

    async fn watermark(&self) -> Result<i64> {
        let sql = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin";
        let row =
            Watermark::find_by_statement(Statement::from_string(DatabaseBackend::Postgres, sql))
                .one(self.conn())
                .await
                .map_err(|e| self.err(e))?;
        row.map(|w| w.xmin)
            .ok_or_else(|| PersistenceError::Corrupt("geen transactiestand".to_string()))
    }

    /// Where the feed stands now: a follower that starts here sees every later change.
    pub async fn feed_position(&self) -> Result<FeedPosition> {
        if self.is_postgres() {
            return Ok(FeedPosition {
                seq: 0,
                xmin: self.watermark().await?,
            });
        }
        let last = outbox::Entity::find()
            .order_by_desc(outbox::Column::Seq)
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(FeedPosition {
            seq: last.map_or(0, |row| row.seq),
            xmin: 0,
        })
    }

    /// A position every change committed so far lies before: a follower whose position reaches it has seen
    /// them all. On PostgreSQL that is the next transaction id (`pg_snapshot_xmax`); the watermark reaches it
    /// once every transaction that started earlier, in any database of the cluster, has finished.
    pub async fn feed_horizon(&self) -> Result<FeedPosition> {
        if !self.is_postgres() {
            return self.feed_position().await;
        }
        let sql = "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xmin";
        let row =
            Watermark::find_by_statement(Statement::from_string(DatabaseBackend::Postgres, sql))
                .one(self.conn())
                .await
                .map_err(|e| self.err(e))?;
        let xmax = row
            .map(|w| w.xmin)
            .ok_or_else(|| PersistenceError::Corrupt("geen transactiestand".to_string()))?;
        Ok(FeedPosition { seq: 0, xmin: xmax })
    }

    /// How many changes of public data after `from` a follower has still to read, and when the oldest of them
    /// was made: what an operator watches as the search index's lag.
    pub async fn feed_backlog(
        &self,
        from: FeedPosition,
    ) -> Result<(u64, Option<chrono::DateTime<chrono::Utc>>)> {
        let after = if self.is_postgres() {
            outbox::Column::Txid.gte(from.xmin)
        } else {
            outbox::Column::Seq.gt(from.seq)
        };
        let pending = outbox::Entity::find()
            .filter(after)
            .filter(outbox::Column::Destination.is_null());
        let count = pending
            .clone()
            .count(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        let oldest = pending
            .order_by_asc(outbox::Column::Seq)
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .map(|row| row.created_at);
        Ok((count, oldest))
    }

    /// The changes after `from`, in the order they were made, and the position after them.
    pub async fn changes_since(&self, from: FeedPosition) -> Result<(Vec<Change>, FeedPosition)> {
        let (rows, next) = if self.is_postgres() {
            let now = self.watermark().await?;
            let rows = outbox::Entity::find()
                .filter(outbox::Column::Txid.gte(from.xmin))
                .filter(outbox::Column::Txid.lt(now))
                .order_by_asc(outbox::Column::Txid)
                .order_by_asc(outbox::Column::Seq)
                .all(self.conn())
                .await
                .map_err(|e| self.err(e))?;
            (
                rows,
                FeedPosition {
                    seq: 0,
                    xmin: now.max(from.xmin),
                },
            )
        } else {
            let rows = outbox::Entity::find()
                .filter(outbox::Column::Seq.gt(from.seq))
                .order_by_asc(outbox::Column::Seq)
                .all(self.conn())
                .await
                .map_err(|e| self.err(e))?;
            let seq = rows.last().map_or(from.seq, |r| r.seq);
            (rows, FeedPosition { seq, xmin: 0 })
        };
        // Messages for other provinces share the table but are the relay's: the position moves past them, the
        // projector never sees them.
        let changes = rows
            .into_iter()
            .filter(|row| row.destination.is_none())
            .map(|row| {
                let organisation_id = row
                    .payload
                    .get("organisation_id")
                    .and_then(|v| v.as_str())
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(row.aggregate_id);
                Change {
                    seq: row.seq,
                    kind: row.kind,
                    aggregate_id: row.aggregate_id,
                    organisation_id,
                }
            })
            .collect();
        Ok((changes, next))
    }

    /// An organisation as it is now, whatever its status, with its published offers.
    pub async fn organisation_state(&self, id: Uuid) -> Result<Option<(Organisation, Vec<Offer>)>> {
        let Some(row) = organisation::Entity::find_by_id(id)
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?
        else {
            return Ok(None);
        };
        let offers = offer::Entity::find()
            .filter(offer::Column::OrganisationId.eq(id))
            .filter(crate::catalogue::offer_shown())
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        let offers = offers.iter().map(offer_from).collect::<Result<_>>()?;
        Ok(Some((organisation_from(&row)?, offers)))
    }

    /// A page of the published organisations with their offers, in id order after `after`: what the search
    /// index holds of this tenant, read a page at a time so that rebuilding a large province stays small.
    pub async fn published_catalogue_page(
        &self,
        after: Option<Uuid>,
        organisations: u64,
    ) -> Result<Vec<(Organisation, Vec<Offer>)>> {
        let published = doeners_domain::OrganisationStatus::Published.slug();
        let mut query = organisation::Entity::find()
            .filter(organisation::Column::Status.eq(published))
            .order_by_asc(organisation::Column::Id)
            .limit(organisations);
        if let Some(after) = after {
            query = query.filter(organisation::Column::Id.gt(after));
        }
        let rows = query.all(self.conn()).await.map_err(|e| self.err(e))?;
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let mut offers: HashMap<Uuid, Vec<Offer>> = HashMap::new();
        if !ids.is_empty() {
            for row in offer::Entity::find()
                .filter(offer::Column::OrganisationId.is_in(ids))
                .filter(crate::catalogue::offer_shown())
                .all(self.conn())
                .await
                .map_err(|e| self.err(e))?
            {
                offers
                    .entry(row.organisation_id)
                    .or_default()
                    .push(offer_from(&row)?);
            }
        }
        rows.iter()
            .map(|org| {
                Ok((
                    organisation_from(org)?,
                    offers.remove(&org.id).unwrap_or_default(),
                ))
            })
            .collect()
    }
}
