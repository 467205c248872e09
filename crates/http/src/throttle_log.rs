//! Throttled logins in the audit log, one entry per client address and window with a count. Writing a row per
//! refused attempt would let anyone push every real event out of the administrators' view with a few hundred
//! requests; counting them in place keeps the log readable and the count exact.

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

use chrono::{DateTime, Utc};
use doeners_persistence::{Result, TenantDatabase};
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
    /// Counts one throttled login from `address` on `db`'s province: a new entry when the address has no open
    /// window, else the open entry's count goes up.
    pub async fn record(&self, db: &TenantDatabase, address: &str) -> Result<()> {
        let key = (db.slug().to_string(), address.to_string());
        let (open, new) = {
            let Ok(mut windows) = self.open.lock() else {
                return Ok(());
            };
            let now = Instant::now();
            if windows.len() >= CAPACITY && !windows.contains_key(&key) {
                windows.retain(|_, w| now.duration_since(w.opened) < WINDOW);
                if windows.len() >= CAPACITY {
                    windows.clear();
                }
            }
            match windows.get_mut(&key) {
                Some(w) if now.duration_since(w.opened) < WINDOW => {
                    w.count += 1;
                    (*w, false)
                }
                _ => {
                    let w = Open {
                        entry: Uuid::now_v7(),
                        opened: now,
                        since: Utc::now(),
                        count: 1,
                    };
                    windows.insert(key, w);
                    (w, true)
                }
            }
        };
        let detail = serde_json::json!({
            "client": address,
            "count": open.count,
            "since": open.since,
            "window_minutes": WINDOW.as_secs() / 60,
        });
        if new {
            db.audit_as(open.entry, None, "login.throttled", "account", detail)
                .await
        } else {
            db.rewrite_audit_detail(open.entry, detail).await
        }
    }
}
