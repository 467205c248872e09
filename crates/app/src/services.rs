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
/// worker does not have. A province served on a host name of its own (`hosts` in its tenant file) is linked
/// there, with the public address's scheme and port.
#[derive(Debug, Clone)]
pub struct Links {
    base: String,
    own_hosts: std::collections::BTreeMap<String, String>,
}

impl Links {
    pub fn new(public_url: &str) -> Self {
        Self {
            base: public_url.trim_end_matches('/').to_string(),
            own_hosts: Default::default(),
        }
    }

    /// Links to each of `portals` that has a host name of its own go to its first host name.
    pub fn with_own_hosts<'a>(
        mut self,
        portals: impl IntoIterator<Item = &'a doeners_domain::TenantProfile>,
    ) -> Self {
        let (scheme, rest) = self.base.split_once("://").unwrap_or(("https", &self.base));
        let port = rest
            .split('/')
            .next()
            .and_then(|authority| authority.rsplit_once(':'))
            .filter(|(_, p)| p.bytes().all(|b| b.is_ascii_digit()))
            .map(|(_, p)| format!(":{p}"))
            .unwrap_or_default();
        for portal in portals {
            if let Some(host) = portal.hosts.first() {
                let address = format!("{scheme}://{host}{port}");
                self.own_hosts.insert(portal.slug.to_string(), address);
            }
        }
        self
    }

    /// The Flanders-wide address, without a trailing slash.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Where `slug`'s portal starts, without a trailing slash: `https://limburg.doeners.be` on its own host name,
    /// else `https://doeners.be/limburg`.
    pub fn portal(&self, slug: &str) -> String {
        match self.own_hosts.get(slug) {
            Some(address) => address.clone(),
            None => format!("{}/{slug}", self.base),
        }
    }

    /// Whether `slug` has a host name of its own.
    pub fn has_own_host(&self, slug: &str) -> bool {
        self.own_hosts.contains_key(slug)
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
