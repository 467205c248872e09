//! Test harness: real databases for every test, the five provinces, and the router in-process.
//!
//! PostgreSQL is found in this order: `TEST_DATABASE_URL` (any database on the server to use), the local
//! server at 127.0.0.1:5432 (user postgres), or a throwaway cluster started from the installed binaries under
//! `target/test-postgres`. Each test gets a database of its own, dropped when the test ends. Without any
//! PostgreSQL the PostgreSQL tests say so loudly and pass as skipped, unless `DOENERS_REQUIRE_POSTGRES=1`.

pub mod mail;
pub mod people;
pub mod postgres;

use std::path::PathBuf;

use axum::{Router, body::Body, http::Request};
use doeners_domain::{TenantProfile, TenantSlug};
use doeners_http::{AppState, HttpSettings, Tenant};
use doeners_persistence::{
    DatabaseLocation, FEDERATION, FederationDatabase, PoolSettings, TenantDatabase,
};
use doeners_projector::{Feed, Projector};
use doeners_search::SearchIndex;
use tower::ServiceExt;

pub use postgres::TestPostgres;

/// The five provinces as the platform ships them: (slug, NIS code).
pub const PROVINCES: &[(&str, &str)] = &[
    ("antwerpen", "10000"),
    ("limburg", "70000"),
    ("oost-vlaanderen", "40000"),
    ("vlaams-brabant", "20001"),
    ("west-vlaanderen", "30000"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running application over fresh databases, one per province.
pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    /// Keeps the in-memory search index in step with the databases when asked (`index`).
    pub projector: tokio::sync::Mutex<Projector>,
    /// Where the mailer writes its messages.
    pub mail_dir: PathBuf,
    /// The index the router searches, for workers a test drives by hand (the scheduler).
    pub search_index: std::sync::Arc<SearchIndex>,
    /// Sends what the use cases queued, after each request that queued something (see `send`), so a test
    /// finds a message as soon as the request that sent it has answered.
    pub postman: doeners_app::mail::Postman,
    /// Delivers the messages for other provinces after each request (see `send`), as the server's relay would.
    pub relay: doeners_app::collaboration::Relay,
    /// Writes the searches a request recorded before the request returns to the test (see `send`).
    search_log: tokio::sync::Mutex<doeners_app::search_log::SearchLogWriter>,
    _sqlite_dir: Option<tempfile::TempDir>,
    _postgres: Option<TestPostgres>,
}

pub fn profile(slug: &str, nis: &str) -> TenantProfile {
    TenantProfile {
        slug: TenantSlug::parse(slug).expect("valid slug"),
        display_name: format!("Provincie {slug}"),
        nis_code: nis.to_string(),
        colour: "#00754a".to_string(),
        intro: format!("Welkom in {slug}."),
        contact_email: format!("{slug}@doeners.example"),
        hosts: Vec::new(),
    }
}

impl TestApp {
    /// Fresh, migrated, empty databases for the five provinces; `None` when the backend is not available here.
    pub async fn new(backend: Backend) -> Option<Self> {
        Self::with_overrides(backend, &[]).await
    }

    /// As `new`, with some tenants' database URLs replaced (e.g. to make one unreachable). Overridden tenants
    /// are not migrated.
    pub async fn with_overrides(backend: Backend, overrides: &[(&str, &str)]) -> Option<Self> {
        Self::build(backend, overrides, HttpSettings::default()).await
    }

    /// As `new`, with these web settings (a public address, a metrics token).
    pub async fn with_settings(backend: Backend, settings: HttpSettings) -> Option<Self> {
        Self::build(backend, &[], settings).await
    }

    async fn build(
        backend: Backend,
        overrides: &[(&str, &str)],
        settings: HttpSettings,
    ) -> Option<Self> {
        let (sqlite_dir, postgres) = match backend {
            Backend::Sqlite => (Some(tempfile::tempdir().expect("temp dir")), None),
            Backend::Postgres => (None, Some(TestPostgres::create().await?)),
        };
        let pool = PoolSettings {
            max_connections: 1,
            connect_timeout: std::time::Duration::from_secs(2),
        };
        let mut tenants = Vec::new();
        for (slug, nis) in PROVINCES {
            let overridden = overrides
                .iter()
                .find(|(s, _)| s == slug)
                .map(|(_, url)| *url);
            let location = match (overridden, &sqlite_dir, &postgres) {
                (Some(url), ..) => {
                    DatabaseLocation::parse(url, &PathBuf::from(".")).expect("override URL")
                }
                (None, Some(dir), _) => {
                    DatabaseLocation::Sqlite(dir.path().join(format!("{slug}.db")))
                }
                (None, None, Some(pg)) => pg.tenant_location(slug),
                (None, None, None) => unreachable!("one backend is chosen"),
            };
            let db = TenantDatabase::open(TenantSlug::parse(slug).expect("slug"), location, &pool)
                .await
                .expect("open");
            if overridden.is_none() {
                db.migrate().await.expect("migrate");
            }
            tenants.push(Tenant::new(profile(slug, nis), db));
        }
        let index = std::sync::Arc::new(SearchIndex::in_memory().expect("search index"));
        let feeds = tenants
            .iter()
            .map(|t| Feed {
                tenant: t.profile.slug.to_string(),
                db: t.database().clone(),
            })
            .collect();
        let projector = Projector::resume(index.clone(), feeds).expect("projector");
        let index_handle = index.clone();
        let mail_dir =
            std::env::temp_dir().join(format!("doeners-test-mail-{}", uuid::Uuid::now_v7()));
        let mailer = doeners_app::mail::Mailer::new(
            "",
            mail_dir.clone(),
            "doeners <noreply@doeners.example>",
        )
        .expect("mailer");
        let federation_location = match (&sqlite_dir, &postgres) {
            (Some(dir), _) => DatabaseLocation::Sqlite(dir.path().join("federation.db")),
            (None, Some(pg)) => pg.tenant_location(FEDERATION),
            (None, None) => unreachable!("one backend is chosen"),
        };
        let federation = FederationDatabase::open(federation_location, &pool)
            .await
            .expect("open federation");
        federation.migrate().await.expect("migrate federation");
        let mailboxes = tenants
            .iter()
            .map(|t| (**t.database()).clone())
            .chain(std::iter::once((*federation).clone()))
            .collect();
        let bell = doeners_app::Bell::default();
        let postman = doeners_app::mail::Postman::new(
            mailboxes,
            mailer,
            doeners_app::mail::Backoff::default(),
            bell.clone(),
        );
        let (searches, search_log) = doeners_app::search_log::search_log();
        let services = doeners_app::Services {
            links: doeners_app::Links::new(&settings.public_url),
            mail: bell,
            relay: doeners_app::Bell::default(),
            searches,
        };
        let relay = doeners_app::collaboration::Relay::new(tenants.clone(), services.clone());
        let state = AppState::new(
            tenants,
            doeners_app::Federation::new(federation),
            index,
            settings,
            services,
        );
        let router = doeners_http::router(state.clone());
        Some(Self {
            search_index: index_handle,
            state,
            router,
            relay,
            projector: tokio::sync::Mutex::new(projector),
            mail_dir,
            postman,
            search_log: tokio::sync::Mutex::new(search_log),
            _sqlite_dir: sqlite_dir,
            _postgres: postgres,
        })
    }

    /// Rebuilds the router with `extra` routes added, and returns the table of every route.
    pub fn add_routes(
        &mut self,
        extra: doeners_http::routes::Table,
    ) -> Vec<doeners_http::routes::Route> {
        let (router, routes) = doeners_http::router_with(self.state.clone(), extra);
        self.router = router;
        routes
    }

    /// Where the SQLite databases are (none on PostgreSQL).
    pub fn sqlite_dir(&self) -> Option<&std::path::Path> {
        self._sqlite_dir.as_ref().map(|d| d.path())
    }

    pub fn db(&self, slug: &str) -> &TenantDatabase {
        self.state
            .tenants()
            .iter()
            .find(|t| t.slug() == slug)
            .expect("known tenant")
            .database()
    }

    /// Seeds every province with its demo data.
    pub async fn seed(&self) {
        for tenant in self.state.tenants() {
            tenant
                .database()
                .seed_demo(&tenant.profile.nis_code)
                .await
                .expect("seed");
        }
    }

    /// Brings the search index up to date with every change committed so far.
    pub async fn index(&self) {
        let mut projector = self.projector.lock().await;
        assert!(
            projector.catch_up(2000).await.expect("projector"),
            "the index caught up"
        );
    }

    /// Sends `request` through the router in-process: (status, headers, body).
    pub async fn send(&self, request: Request<Body>) -> (u16, axum::http::HeaderMap, String) {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), 16 * 1024 * 1024)
            .await
            .expect("body");
        self.search_log.lock().await.flush().await;
        self.relay_messages().await;
        self.deliver_mail().await;
        (
            status,
            headers,
            String::from_utf8_lossy(&bytes).into_owned(),
        )
    }

    /// The server's scheduler, to run by hand at a chosen time.
    pub fn scheduler(&self) -> doeners_app::collaboration::Scheduler {
        doeners_app::collaboration::Scheduler::new(
            self.state.tenants().to_vec(),
            self.search_index.clone(),
            self.state.services().clone(),
        )
    }

    /// Delivers every message waiting for another province, as the server's relay would.
    pub async fn relay_messages(&self) -> doeners_app::collaboration::RelayPass {
        self.state.services().relay.rang();
        self.relay.deliver_due().await
    }

    /// Sends the mail queued since the last request, as the server's mail worker would.
    pub async fn deliver_mail(&self) {
        if self.state.services().mail.rang() {
            self.postman.deliver_due().await;
        }
    }

    /// Every province's evaluation rollups, as the use cases kept them, equal a rebuild from the raw rows.
    pub async fn assert_rollups_match_a_rebuild(&self) {
        self.search_log.lock().await.flush().await;
        for tenant in self.state.tenants() {
            let db = tenant.database();
            let kept = db.rollup_snapshot().await.expect("snapshot");
            db.rebuild_rollups().await.expect("rebuild");
            let rebuilt = db.rollup_snapshot().await.expect("snapshot");
            assert_eq!(
                rebuilt,
                kept,
                "{}: the rollups differ from a recount",
                db.slug()
            );
        }
    }

    /// GET `uri` through the router in-process: (status, content type, body).
    pub async fn get(&self, uri: &str) -> (u16, String, String) {
        let (status, headers, body) = self
            .send(Request::get(uri).body(Body::empty()).expect("request"))
            .await;
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        (status, content_type, body)
    }

    /// POST a form to `uri` through the router, as a same-origin browser would: (status, headers, body).
    pub async fn post_form(
        &self,
        uri: &str,
        fields: &[(&str, &str)],
    ) -> (u16, axum::http::HeaderMap, String) {
        self.post_form_as(uri, "", fields).await
    }

    /// GET `uri` with a `Cookie` header: (status, headers, body).
    pub async fn get_as(&self, uri: &str, cookie: &str) -> (u16, axum::http::HeaderMap, String) {
        self.send(
            Request::get(uri)
                .header("cookie", cookie)
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    /// As `post_form`, with a `Cookie` header (empty for none).
    pub async fn post_form_as(
        &self,
        uri: &str,
        cookie: &str,
        fields: &[(&str, &str)],
    ) -> (u16, axum::http::HeaderMap, String) {
        let body: String = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut request = Request::post(uri)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin");
        if !cookie.is_empty() {
            request = request.header("cookie", cookie);
        }
        let request = request.body(Body::from(body)).expect("request");
        self.send(request).await
    }

    /// GET `uri` and parse the body as JSON, with the status.
    pub async fn get_json(&self, uri: &str) -> (u16, serde_json::Value) {
        let (status, _, body) = self.get(uri).await;
        let json = serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("{uri} answered non-JSON ({e}): {body}"));
        (status, json)
    }
}

/// Percent-encoding for a form body.
fn encode(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// Having a `Drop` makes a closure capture the whole `TestApp`, never just `app.state`: a scenario that only
/// touches `app.state` would otherwise drop the databases (temp dir, PostgreSQL guard) before it runs.
impl Drop for TestApp {
    fn drop(&mut self) {}
}

/// Runs a scenario on SQLite and on PostgreSQL, as two tests.
#[macro_export]
macro_rules! on_both_backends {
    ($name:ident, $scenario:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                let app = $crate::TestApp::new($crate::Backend::Sqlite)
                    .await
                    .expect("SQLite is always available");
                ($scenario)(app).await;
            }

            #[tokio::test]
            async fn postgres() {
                if let Some(app) = $crate::TestApp::new($crate::Backend::Postgres).await {
                    ($scenario)(app).await;
                }
            }
        }
    };
}
