//! What use cases need besides a province: where links in mail point, the bell that wakes the mail worker,
//! and the search recorder.

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use tokio::sync::Notify;

use crate::search_log::SearchRecorder;

/// The start of every link in an e-mail, e.g. `https://doeners.be`: from configuration (`accounts.public_url`),
/// or the server's own listening address. Never a request's `Host` header, which anyone can write and which a
/// worker does not have.
#[derive(Debug, Clone)]
pub struct Links(String);

impl Links {
    pub fn new(public_url: &str) -> Self {
        Self(public_url.trim_end_matches('/').to_string())
    }

    /// Without a trailing slash.
    pub fn base(&self) -> &str {
        &self.0
    }
}

/// Rung after a use case committed work for a worker (mail to send, a message to relay), so the worker does it
/// now rather than at its next look.
#[derive(Debug, Clone, Default)]
pub struct Bell(Arc<(Notify, AtomicBool)>);

impl Bell {
    pub fn ring(&self) {
        self.0.1.store(true, Ordering::SeqCst);
        self.0.0.notify_one();
    }

    pub(crate) async fn heard(&self) {
        self.0.0.notified().await;
        self.0.1.store(false, Ordering::SeqCst);
    }

    /// Whether it rang since the last time this was asked (for a worker driven by hand, as in tests).
    pub fn rang(&self) -> bool {
        self.0.1.swap(false, Ordering::SeqCst)
    }
}

#[derive(Debug, Clone)]
pub struct Services {
    pub links: Links,
    pub mail: Bell,
    /// Wakes the relay after a use case put a message for another province in its outbox.
    pub relay: Bell,
    pub searches: SearchRecorder,
}
