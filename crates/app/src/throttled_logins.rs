//! Throttled logins in the audit log, one entry per client address and window with a count. Writing a row per
//! refused attempt would let anyone push every real event out of the administrators' view with a few hundred
//! requests; counting them in place keeps the log readable and the count exact.

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use crate::{AppError, Tenant};
use chrono::{DateTime, Utc};
use tokio::sync::Mutex;
use uuid::Uuid;

/// How long one entry keeps counting an address's throttled logins.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Addresses remembered at most; past that the oldest windows are closed early (their entries stay).
const CAPACITY: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Open {
    entry: Uuid,
    opened: Instant,
    since: DateTime<Utc>,
    count: u64,
}

#[derive(Debug, Default)]
pub struct ThrottleLog {
    open: Mutex<HashMap<(String, String), Open>>,
}

impl ThrottleLog {
    /// Counts one throttled login from `address` on `tenant`'s portal: a new entry when the address has no open
    /// window, else the open entry's count goes up.
    pub async fn record(&self, tenant: &Tenant, address: &str) -> Result<(), AppError> {
        let db = &tenant.db;
        let key = (db.slug().to_string(), address.to_string());
        // Held across the write, so that counts reach the entry in order and the entry exists before it is
        // rewritten: throttled logins wait for one another, which is what throttling is for.
        let mut windows = self.open.lock().await;
        let now = Instant::now();
        if windows.len() >= CAPACITY && !windows.contains_key(&key) {
            windows.retain(|_, w| now.duration_since(w.opened) < WINDOW);
            if windows.len() >= CAPACITY {
                windows.clear();
            }
        }
        let open = match windows.get_mut(&key) {
            Some(w) if now.duration_since(w.opened) < WINDOW => {
                w.count += 1;
                *w
            }
            _ => {
                let w = Open {
                    entry: Uuid::now_v7(),
                    opened: now,
                    since: Utc::now(),
                    count: 1,
                };
                let written = db
                    .audit_as(
                        w.entry,
                        None,
                        "login.throttled",
                        "account",
                        detail(address, &w),
                    )
                    .await;
                if written.is_ok() {
                    windows.insert(key, w);
                }
                return Ok(written?);
            }
        };
        Ok(db
            .rewrite_audit_detail(open.entry, detail(address, &open))
            .await?)
    }
}

fn detail(address: &str, open: &Open) -> serde_json::Value {
    serde_json::json!({
        "client": address,
        "count": open.count,
        "since": open.since,
        "window_minutes": WINDOW.as_secs() / 60,
    })
}
