//! What every handler can reach: the tenants (each with its profile and its own database) and the settings.

use std::{sync::Arc, time::Duration};

use doeners_app::{Federation, Services, Tenant, ThrottleLog, records::SessionPolicy};
use doeners_search::SearchIndex;

use crate::rate_limit::RateLimiter;

#[derive(Debug, Clone)]
pub struct HttpSettings {
    pub request_timeout: Duration,
    pub body_limit_bytes: usize,
    /// `Strict-Transport-Security` max-age; 0 sends none (plain HTTP in development).
    pub hsts_max_age_secs: u64,
    /// Session cookies only over HTTPS, with the `__Host-` prefix.
    pub secure_cookies: bool,
    /// The platform's public address, e.g. `https://doeners.be`: from configuration, or the server's own listening
    /// address in development; never the request's `Host` header, which anyone can write. The cross-origin check
    /// compares its scheme, and the use cases' `Links` for e-mail are made from it.
    pub public_url: String,
    pub session: SessionPolicy,
    /// The bearer token `/metrics` asks for on the main address; empty hides it there.
    pub metrics_token: String,
    /// The reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: crate::TrustedProxies,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            request_timeout: Duration::from_secs(30),
            body_limit_bytes: 1024 * 1024,
            hsts_max_age_secs: 0,
            secure_cookies: false,
            public_url: "http://127.0.0.1:8080".to_string(),
            session: SessionPolicy::default(),
            metrics_token: String::new(),
            trusted_proxies: crate::TrustedProxies::default(),
        }
    }
}

impl HttpSettings {
    /// The start of every link in an e-mail, without a trailing slash.
    pub fn link_base(&self) -> &str {
        self.public_url.trim_end_matches('/')
    }
}

#[derive(Debug, Clone)]
pub struct AppState(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    tenants: Vec<Tenant>,
    federation: Federation,
    search: Arc<SearchIndex>,
    settings: HttpSettings,
    services: Services,
    limits: Limits,
}

/// The rate limits of what an attacker would repeat.
#[derive(Debug)]
pub struct Limits {
    pub login_per_address: RateLimiter,
    pub login_per_account: RateLimiter,
    pub registration_per_address: RateLimiter,
    pub password_reset_per_address: RateLimiter,
    /// Changing one's password or address, deleting one's account: each asks for the current password.
    pub password_check_per_account: RateLimiter,
    /// Messages a form makes the platform send to one address (registration, password reset, a new address),
    /// so that no one can flood someone's mailbox from many client addresses.
    pub mail_per_recipient: RateLimiter,
    /// Throttled logins, counted per client address in one audit entry.
    pub throttled_logins: ThrottleLog,
}

/// What a login form with such fields answers.
pub const OVERLONG_LOGIN: &str = "Dit e-mailadres of wachtwoord is te lang: een e-mailadres telt hoogstens 254 tekens, een wachtwoord hoogstens 128.";

/// Whether a login form's fields are too long to be an address and a password: such a form is refused before
/// any lookup or hash (an address is at most what SMTP carries, a password four bytes a character at most).
pub fn overlong_login(typed_email: &str, password: &str) -> bool {
    typed_email.trim().len() > doeners_domain::email::MAX_LEN
        || password.len() > 4 * doeners_domain::password::MAX_CHARS
}

impl Limits {
    /// One login attempt from `address` on `scope` (a province's slug, or the federation's): counted for the client
    /// and, when the typed text is an address, for that account as stored (so `A@X.be` and `a@x.be` share one
    /// bucket); text that is no address has no account and counts for the client only.
    pub fn login(
        &self,
        scope: &str,
        address: &str,
        email: Option<&doeners_domain::Email>,
    ) -> Result<(), Duration> {
        self.login_per_address.attempt(address)?;
        match email {
            Some(e) => self
                .login_per_account
                .attempt(&format!("{scope}:{}", e.as_str().to_lowercase())),
            None => Ok(()),
        }
    }

    /// Counts a message to `email` on `tenant`'s portal; `Err` is how long to wait.
    pub fn mail_to(&self, tenant: &Tenant, email: &doeners_domain::Email) -> Result<(), Duration> {
        self.mail_per_recipient
            .attempt(&format!("{}:{}", tenant.profile.slug, email.as_str()))
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            login_per_address: RateLimiter::new(20, Duration::from_secs(15)),
            login_per_account: RateLimiter::new(5, Duration::from_secs(60)),
            registration_per_address: RateLimiter::new(5, Duration::from_secs(10 * 60)),
            password_reset_per_address: RateLimiter::new(5, Duration::from_secs(10 * 60)),
            password_check_per_account: RateLimiter::new(5, Duration::from_secs(60)),
            mail_per_recipient: RateLimiter::new(5, Duration::from_secs(20 * 60)),
            throttled_logins: ThrottleLog::default(),
        }
    }
}

impl AppState {
    pub fn new(
        tenants: Vec<Tenant>,
        federation: Federation,
        search: Arc<SearchIndex>,
        settings: HttpSettings,
        services: Services,
    ) -> Self {
        Self(Arc::new(Inner {
            tenants,
            federation,
            search,
            settings,
            services,
            limits: Limits::default(),
        }))
    }

    pub fn limits(&self) -> &Limits {
        &self.0.limits
    }

    /// What the use cases need besides a province: links, the mail bell, the search recorder.
    pub fn services(&self) -> &Services {
        &self.0.services
    }

    /// The one index over every province's published offers.
    pub fn search(&self) -> &SearchIndex {
        &self.0.search
    }

    /// A search of the index as a visitor asks it, its time recorded in `doeners_search_duration_seconds`.
    pub(crate) fn search_offers(
        &self,
        request: &doeners_search::SearchRequest,
    ) -> Result<doeners_search::SearchResults, doeners_search::SearchError> {
        let started = std::time::Instant::now();
        let results = self.0.search.search(request);
        metrics::histogram!("doeners_search_duration_seconds")
            .record(started.elapsed().as_secs_f64());
        results
    }

    /// The Flanders administrators' database.
    pub fn federation(&self) -> &Federation {
        &self.0.federation
    }

    pub fn tenants(&self) -> &[Tenant] {
        &self.0.tenants
    }

    /// The only way from a slug to a province: used by the tenant extractors and the API token's province.
    pub(crate) fn tenant(&self, slug: &str) -> Option<&Tenant> {
        self.0
            .tenants
            .iter()
            .find(|t| t.profile.slug.as_str() == slug)
    }

    pub fn settings(&self) -> &HttpSettings {
        &self.0.settings
    }
}
