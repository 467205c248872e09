//! The projector: follows every province's outbox and applies each change to the one search index.
//!
//! A change names an organisation; the projector reads that organisation as it is now and replaces its offers
//! in the index (or removes them when it is no longer published), so applying a change twice gives the same
//! index. The per-province positions are saved in the index's commit payload, in the same commit as the
//! documents they account for: after a crash or a restart the projector goes on from exactly where the
//! index is, neither skipping nor repeating a change.

use std::{
    collections::{BTreeMap, BTreeSet},
    sync::Arc,
    time::Duration,
};

use doeners_persistence::{FeedPosition, PersistenceError, TenantDatabase};
use doeners_search::{OfferDocument, SearchError, SearchIndex};
use serde::{Deserialize, Serialize};

#[derive(Debug, thiserror::Error)]
pub enum ProjectorError {
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error(transparent)]
    Persistence(#[from] PersistenceError),
    #[error("ongeldige stand in de zoekindex: {0}")]
    Payload(String),
}

/// A province's slug and its database.
#[derive(Debug, Clone)]
pub struct Feed {
    pub tenant: String,
    pub db: TenantDatabase,
}

/// What the index's commit payload holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
struct Payload {
    version: u32,
    positions: BTreeMap<String, FeedPosition>,
}

const PAYLOAD_VERSION: u32 = 1;
/// How often the projector measures its lag behind each feed.
const REPORT_EVERY: Duration = Duration::from_secs(5);
/// Organisations read per query while rebuilding a province.
const REBUILD_PAGE: u64 = 500;

pub struct Projector {
    index: Arc<SearchIndex>,
    feeds: Vec<Feed>,
    positions: BTreeMap<String, FeedPosition>,
    /// Provinces whose database has not been compared with the index since the start or since it was away: a
    /// database that was replaced or lost meanwhile starts its feed again from nothing, and the index must then
    /// be rebuilt from it rather than keep offers that no longer exist.
    unverified: BTreeSet<String>,
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pass {
    pub changes: usize,
    pub organisations: usize,
}

impl Projector {
    /// Takes up the positions saved in the index.
    pub fn resume(index: Arc<SearchIndex>, feeds: Vec<Feed>) -> Result<Self, ProjectorError> {
        let payload = match index.payload()? {
            Some(text) if !text.trim().is_empty() => serde_json::from_str::<Payload>(&text)
                .map_err(|e| ProjectorError::Payload(e.to_string()))?,
            _ => Payload::default(),
        };
        let positions = if payload.version == PAYLOAD_VERSION {
            payload.positions
        } else {
            BTreeMap::new()
        };
        let unverified = feeds.iter().map(|f| f.tenant.clone()).collect();
        Ok(Self {
            index,
            feeds,
            positions,
            unverified,
        })
    }

    pub fn index(&self) -> &Arc<SearchIndex> {
        &self.index
    }

    /// How far the index has taken up a province's changes.
    pub fn position(&self, tenant: &str) -> Option<FeedPosition> {
        self.positions.get(tenant).copied()
    }

    /// Passes until every province's position has reached the horizon its database gave at the call: then every
    /// change committed before the call is in the index. Gives up after `limit` passes.
    pub async fn catch_up(&mut self, limit: usize) -> Result<bool, ProjectorError> {
        let mut horizons = Vec::new();
        for feed in &self.feeds {
            horizons.push((feed.tenant.clone(), feed.db.feed_horizon().await?));
        }
        for _ in 0..limit {
            self.pass().await?;
            let reached = horizons.iter().all(|(tenant, horizon)| {
                self.positions
                    .get(tenant)
                    .is_some_and(|p| p.seq >= horizon.seq && p.xmin >= horizon.xmin)
            });
            if reached {
                return Ok(true);
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        Ok(false)
    }

    /// Provinces the index has never seen (new, or an index built from nothing).
    pub fn unindexed(&self) -> Vec<String> {
        self.feeds
            .iter()
            .filter(|f| !self.positions.contains_key(&f.tenant))
            .map(|f| f.tenant.clone())
            .collect()
    }

    /// Rebuilds the index part of each named province from its database alone.
    pub async fn rebuild(&mut self, tenants: &[String]) -> Result<usize, ProjectorError> {
        let mut documents = 0;
        for feed in self.feeds.iter().filter(|f| tenants.contains(&f.tenant)) {
            // The position is taken before the data: a change made in between is applied again later, which
            // replacing an organisation's offers makes harmless.
            let position = feed.db.feed_position().await?;
            self.index.delete_tenant(&feed.tenant)?;
            let mut after = None;
            loop {
                let page = feed
                    .db
                    .published_catalogue_page(after, REBUILD_PAGE)
                    .await?;
                let Some((last, _)) = page.last() else { break };
                after = Some(last.id.as_uuid());
                let docs: Vec<OfferDocument> = page
                    .iter()
                    .flat_map(|(org, offers)| {
                        offers
                            .iter()
                            .map(|offer| OfferDocument::new(&feed.tenant, org, offer))
                    })
                    .collect();
                documents += docs.len();
                self.index.upsert(&docs)?;
            }
            self.positions.insert(feed.tenant.clone(), position);
        }
        self.commit()?;
        Ok(documents)
    }

    /// Rebuilds every province.
    pub async fn rebuild_all(&mut self) -> Result<usize, ProjectorError> {
        let all: Vec<String> = self.feeds.iter().map(|f| f.tenant.clone()).collect();
        let documents = self.rebuild(&all).await?;
        self.index.merge_all()?;
        Ok(documents)
    }

    /// Applies every change made since the last pass, then commits once. A pass that read no change does not
    /// commit: its positions only passed over empty ranges of the feed, so they ride along with the next commit
    /// (a restart from the older saved position reads those empty ranges again and finds nothing). A province
    /// whose database does not answer keeps its position and is tried again next pass.
    pub async fn pass(&mut self) -> Result<Pass, ProjectorError> {
        let mut done = Pass::default();
        // A province the index has not seen yet (new, or away when the index was built) is built first.
        let mut added = false;
        for tenant in self.unindexed() {
            match self.rebuild(std::slice::from_ref(&tenant)).await {
                Ok(documents) => {
                    added = true;
                    tracing::info!(%tenant, documents, "province added to the search index")
                }
                Err(ProjectorError::Persistence(e)) => {
                    if !matches!(e, PersistenceError::Unavailable { .. }) {
                        tracing::warn!(%tenant, error = %e, "province not added to the search index this pass");
                    }
                }
                Err(e) => return Err(e),
            }
        }
        if added {
            self.index.merge_all()?;
        }
        let feeds = self.feeds.clone();
        for feed in &feeds {
            let Some(&from) = self.positions.get(&feed.tenant) else {
                continue;
            };
            // One province's database trouble is that province's: the others are followed all the same, and
            // it is tried again next pass from where it stood.
            match self.follow(feed, from).await {
                Ok(Some(followed)) => {
                    done.changes += followed.changes;
                    done.organisations += followed.organisations;
                }
                Ok(None) => {}
                Err(ProjectorError::Persistence(e)) => {
                    if !matches!(e, PersistenceError::Unavailable { .. }) {
                        tracing::warn!(tenant = %feed.tenant, error = %e, "province not followed this pass");
                    }
                    self.unverified.insert(feed.tenant.clone());
                }
                Err(e) => return Err(e),
            }
        }
        if done.changes > 0 {
            self.commit()?;
        }
        Ok(done)
    }

    /// Applies one province's changes after `from`; `None` when its database was found to have started over and
    /// its part of the index was rebuilt instead.
    async fn follow(
        &mut self,
        feed: &Feed,
        from: FeedPosition,
    ) -> Result<Option<Pass>, ProjectorError> {
        if self.unverified.contains(&feed.tenant) {
            let horizon = feed.db.feed_horizon().await?;
            self.unverified.remove(&feed.tenant);
            if horizon.seq < from.seq || horizon.xmin < from.xmin {
                tracing::error!(
                    tenant = %feed.tenant,
                    "the database's change feed is behind the search index: it was replaced or restored; rebuilding this province's part of the index from it"
                );
                let documents = self.rebuild(std::slice::from_ref(&feed.tenant)).await?;
                tracing::info!(tenant = %feed.tenant, documents, "province rebuilt in the search index");
                return Ok(None);
            }
        }
        let (changes, next) = feed.db.changes_since(from).await?;
        if changes
            .iter()
            .any(|c| c.kind == doeners_persistence::backup::RESTORED)
        {
            tracing::warn!(tenant = %feed.tenant, "the database was restored from a backup; rebuilding this province's part of the index from it");
            let documents = self.rebuild(std::slice::from_ref(&feed.tenant)).await?;
            tracing::info!(tenant = %feed.tenant, documents, "province rebuilt in the search index");
            return Ok(None);
        }
        let organisations: BTreeSet<uuid::Uuid> =
            changes.iter().map(|c| c.organisation_id).collect();
        for id in &organisations {
            self.index.delete_organisation(*id)?;
            if let Some((org, offers)) = feed.db.organisation_state(*id).await?
                && org.status == doeners_domain::OrganisationStatus::Published
            {
                let docs: Vec<OfferDocument> = offers
                    .iter()
                    .map(|offer| OfferDocument::new(&feed.tenant, &org, offer))
                    .collect();
                self.index.upsert(&docs)?;
            }
        }
        self.positions.insert(feed.tenant.clone(), next);
        Ok(Some(Pass {
            changes: changes.len(),
            organisations: organisations.len(),
        }))
    }

    fn commit(&self) -> Result<(), ProjectorError> {
        let payload = Payload {
            version: PAYLOAD_VERSION,
            positions: self.positions.clone(),
        };
        let text =
            serde_json::to_string(&payload).map_err(|e| ProjectorError::Payload(e.to_string()))?;
        self.index.commit(&text)?;
        Ok(())
    }

    /// Measures how far the index is behind each province's feed: the index keeps it (for `/readyz`), and the
    /// gauges `doeners_outbox_backlog` (changes not yet read) and `doeners_projector_lag_seconds` (the age of the
    /// oldest) show it to an operator. A province that does not answer is skipped: `doeners_tenant_up` says so.
    pub async fn report(&self) {
        for feed in &self.feeds {
            // A province the index has not taken up yet is behind by every change it ever made.
            let from = self
                .positions
                .get(&feed.tenant)
                .copied()
                .unwrap_or_default();
            let Ok((changes, oldest)) = feed.db.feed_backlog(from).await else {
                continue;
            };
            let oldest_seconds = oldest.map_or(0.0, |made| {
                (chrono::Utc::now() - made).num_milliseconds().max(0) as f64 / 1000.0
            });
            self.index.record_lag(
                &feed.tenant,
                doeners_search::Lag {
                    changes,
                    oldest_seconds,
                },
            );
            let province = feed.tenant.clone();
            metrics::gauge!("doeners_outbox_backlog", "province" => province.clone())
                .set(changes as f64);
            metrics::gauge!("doeners_projector_lag_seconds", "province" => province)
                .set(oldest_seconds);
        }
    }

    /// Follows the feeds until `stop` resolves, a pass every `interval`, and reports its lag every few seconds.
    pub async fn run(mut self, interval: Duration, stop: impl std::future::Future<Output = ()>) {
        tokio::pin!(stop);
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut reporting = tokio::time::interval(REPORT_EVERY);
        reporting.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = &mut stop => return,
                _ = reporting.tick() => self.report().await,
                _ = ticker.tick() => {
                    match self.pass().await {
                        Ok(p) if p.changes > 0 => tracing::debug!(changes = p.changes, organisations = p.organisations, "search index updated"),
                        Ok(_) => {}
                        Err(e) => tracing::warn!(error = %e, "search projector pass failed; retrying"),
                    }
                }
            }
        }
    }
}
