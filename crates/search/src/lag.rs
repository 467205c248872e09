//! How far this index is behind each province's change feed, as its follower last measured: what `/readyz`
//! tells a load balancer and an operator while a node catches up.

use std::{collections::BTreeMap, sync::Mutex};

/// A province's changes not yet in the index.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Lag {
    pub changes: u64,
    /// How long ago the oldest of them was made.
    pub oldest_seconds: f64,
}

#[derive(Debug, Default)]
pub(crate) struct Lags(Mutex<BTreeMap<String, Lag>>);

impl Lags {
    pub(crate) fn record(&self, tenant: &str, lag: Lag) {
        if let Ok(mut lags) = self.0.lock() {
            lags.insert(tenant.to_string(), lag);
        }
    }

    pub(crate) fn of(&self, tenant: &str) -> Option<Lag> {
        self.0
            .lock()
            .ok()
            .and_then(|lags| lags.get(tenant).copied())
    }
}
