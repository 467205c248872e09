//! Starting the platform: open every tenant, migrate and seed where asked, then serve until told to stop.

use std::time::Duration;

use anyhow::{Context, Result, bail};
use doeners_app::{
    Bell, Links, Services,
    collaboration::{Relay, Scheduler},
    mail::{Backoff, Mailer, Postman},
};
use doeners_http::{AppState, HttpSettings, Tenant};
use doeners_persistence::{Database, SessionPolicy};

use crate::{settings::Settings, tenants};

pub async fn run(settings: Settings, migrate: bool, seed: bool) -> Result<()> {
    let signals = StopSignals::listen();
    let tenants = tenants::open(&settings).await?;
    let migrate = migrate && settings.server.migrate_on_start;
    let seed = seed && settings.server.seed_demo_when_empty;
    let mut projector = crate::search::open(&settings, &tenants)?;
    // A tenant that fails here keeps its place: /readyz names it and its pages answer 503; the others serve,
    // and it is prepared in the background once its database is back.
    let mut waiting = Vec::new();
    let mut seeded = 0;
    for tenant in &tenants {
        let empty = if projector.position(tenant.profile.slug.as_str()).is_some() {
            WhenEmpty::Warn
        } else if seed {
            WhenEmpty::Seed
        } else {
            WhenEmpty::Leave
        };
        match prepare(tenant, migrate, empty).await {
            Ok(true) => seeded += 1,
            Ok(false) => {}
            Err(e) => {
                tracing::error!(tenant = %tenant.profile.slug, error = %e, "tenant not prepared; it answers 503 until its database is back");
                tenant.set_prepared(false);
                waiting.push((tenant.clone(), empty));
            }
        }
    }
    let federation = tenants::open_federation(&settings).await?;
    if migrate && let Err(e) = federation.migrate().await {
        tracing::error!(error = %e, "federation database not migrated; the admin console answers 503 until it is back");
    }
    if let Ok(false) = federation.rollups_built().await
        && let Err(e) = federation.rebuild_search_rollups().await
    {
        tracing::error!(error = %e, "the federation's search rollups were not built");
    }
    // A platform that started on empty databases gets a year of demo activity too, so its console shows
    // something; a database that held anything is never given any.
    if seeded == tenants.len() && !tenants.is_empty() {
        let app_federation = doeners_app::Federation::new(federation.clone());
        let started = std::time::Instant::now();
        match doeners_app::evaluation::activity::seed(
            &tenants,
            &app_federation,
            1,
            chrono::Utc::now(),
        )
        .await
        {
            Ok(s) => tracing::info!(
                seconds = started.elapsed().as_secs_f64(),
                "seeded a year of demo activity: {s}"
            ),
            Err(e) => tracing::error!(error = %e, "demo activity not seeded"),
        }
    }
    let listener = tokio::net::TcpListener::bind(&settings.server.addr)
        .await
        .with_context(|| format!("kan niet luisteren op {}", settings.server.addr))?;
    let addr = listener.local_addr()?;
    let http = HttpSettings {
        request_timeout: Duration::from_secs(settings.server.request_timeout_secs),
        body_limit_bytes: settings.server.body_limit_bytes,
        hsts_max_age_secs: settings.server.hsts_max_age_secs,
        secure_cookies: settings.accounts.secure_cookies,
        public_url: public_url(&settings.accounts.public_url, addr),
        metrics_token: settings.server.metrics_token.trim().to_string(),
        trusted_proxies: doeners_http::TrustedProxies::parse(&settings.server.trusted_proxies)
            .map_err(anyhow::Error::msg)?,
        session: SessionPolicy {
            idle: Duration::from_secs(settings.accounts.session_idle_minutes * 60),
            absolute: Duration::from_secs(settings.accounts.session_absolute_hours * 3600),
        },
    };
    let mailer = Mailer::new(
        &settings.mail.smtp_url,
        settings.mail_dir(),
        &settings.mail.from,
    )
    .map_err(anyhow::Error::msg)?;
    // Before serving: the index takes up what changed while the server was down (or is built the first time).
    projector.pass().await?;
    let index = projector.index().clone();
    let databases: Vec<Database> = tenants
        .iter()
        .map(|t| (**t.database()).clone())
        .chain(std::iter::once((*federation).clone()))
        .collect();
    let bell = Bell::default();
    let postman = Postman::new(databases.clone(), mailer, Backoff::default(), bell.clone());
    let (searches, search_log) = doeners_app::search_log::search_log();
    let services = Services {
        links: Links::new(&http.public_url).with_own_hosts(tenants.iter().map(|t| &t.profile)),
        mail: bell,
        relay: Bell::default(),
        searches,
    };
    let relay = Relay::new(tenants.clone(), services.clone());
    let tenants_for_gauges = tenants.clone();
    let federation_for_gauges = (*federation).clone();
    let scheduler = Scheduler::new(tenants.clone(), index.clone(), services.clone());
    let federation = doeners_app::Federation::new(federation);
    let app = doeners_http::router(AppState::new(tenants, federation, index, http, services));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mail = tokio::spawn(postman.run(wait(stopped.clone())));
    let relay = tokio::spawn(relay.run(wait(stopped.clone())));
    let scheduler = tokio::spawn(scheduler.run(
        Duration::from_millis(settings.server.scheduler_interval_ms.max(100)),
        wait(stopped.clone()),
    ));
    // The search log stops after the last request was answered (below), so that no search asked before the
    // shutdown is lost.
    let (served, serving_over) = tokio::sync::watch::channel(false);
    let search_log = tokio::spawn(search_log.run(wait(serving_over)));
    let follow = tokio::spawn(projector.run(
        Duration::from_millis(settings.search.refresh_ms),
        wait(stopped.clone()),
    ));
    let checkpoints = tokio::spawn(checkpoint_regularly(databases, wait(stopped.clone())));
    let retry = tokio::spawn(prepare_when_back(waiting, migrate, wait(stopped.clone())));
    let gauges = tokio::spawn(crate::gauges::measure(
        tenants_for_gauges,
        federation_for_gauges,
        wait(stopped.clone()),
    ));
    let metrics = metrics_listener(&settings.server.metrics_addr, wait(stopped.clone())).await?;
    tracing::info!(%addr, "listening on http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        signals.received().await;
        let _ = stop.send(true);
    })
    .await?;
    let _ = served.send(true);
    let _ = search_log.await;
    let _ = relay.await;
    let _ = scheduler.await;
    let _ = mail.await;
    let _ = follow.await;
    let _ = retry.await;
    let _ = checkpoints.await;
    let _ = gauges.await;
    if let Some(metrics) = metrics {
        let _ = metrics.await;
    }
    tracing::info!("stopped");
    Ok(())
}

/// Where links in e-mails point: the configured public address, else this server's own listening address. A
/// server reachable from elsewhere without a configured address is told loudly, since its links then name an
/// address the recipients may not reach.
fn public_url(configured: &str, addr: std::net::SocketAddr) -> String {
    let configured = configured.trim();
    if !configured.is_empty() {
        return configured.to_string();
    }
    if !addr.ip().is_loopback() {
        tracing::warn!(%addr, "accounts.public_url is not set: links in e-mails point to http://{addr}; set DOENERS__ACCOUNTS__PUBLIC_URL to the address people use");
    }
    format!("http://{addr}")
}

/// Serves `/metrics` alone on `addr` until `stop`, when an address is configured.
async fn metrics_listener(
    addr: &str,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<Option<tokio::task::JoinHandle<()>>> {
    if addr.trim().is_empty() {
        return Ok(None);
    }
    let listener = tokio::net::TcpListener::bind(addr.trim())
        .await
        .with_context(|| format!("kan niet luisteren op {addr} (server.metrics_addr)"))?;
    tracing::info!(addr = %listener.local_addr()?, "metrics on http://{}/metrics", listener.local_addr()?);
    Ok(Some(tokio::spawn(async move {
        let served = axum::serve(listener, doeners_http::metrics_router())
            .with_graceful_shutdown(stop)
            .await;
        if let Err(e) = served {
            tracing::error!(error = %e, "metrics listener stopped");
        }
    })))
}

/// What to do with a province whose database is empty at start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WhenEmpty {
    /// Fill it with demo data: a first run.
    Seed,
    /// Leave it empty (seeding is off).
    Leave,
    /// Say loudly that it is empty: the search index has served this province before, so its database was lost
    /// or replaced, and invented organisations would hide that.
    Warn,
}

/// Migrates the tenant, builds its rollups the first time, and seeds it when it is empty; whether it seeded.
async fn prepare(tenant: &Tenant, migrate: bool, empty: WhenEmpty) -> Result<bool> {
    if migrate {
        tenant.database().migrate().await?;
    }
    if !tenant.database().rollups_built().await? {
        tenant.database().rebuild_rollups().await?;
        tracing::info!(tenant = %tenant.profile.slug, "evaluation rollups built from the raw rows");
    }
    if empty == WhenEmpty::Leave || !tenant.database().is_empty().await? {
        return Ok(false);
    }
    if empty == WhenEmpty::Seed {
        let summary = tenant
            .database()
            .seed_demo(&tenant.profile.nis_code)
            .await?;
        tracing::info!(tenant = %tenant.profile.slug, organisations = summary.organisations_created, offers = summary.offers_created, "seeded demo data into an empty database");
        return Ok(true);
    } else {
        tracing::error!(tenant = %tenant.profile.slug, "the database is empty although the search index has served this province before: it was lost or replaced. No demo data is written into it; restore it from a backup, or fill it on purpose with `doeners seed --demo --tenant {}`", tenant.profile.slug);
    }
    Ok(false)
}

/// How often SQLite's write-ahead logs are copied back.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(10);

/// The checkpoint policy's second half (the first is in each connection's pragmas): every few seconds each
/// SQLite database's write-ahead log is copied back (the next write then starts it over), so that whatever
/// keeps SQLite's own checkpoints from completing, the log stays as small as ten seconds of writes.
async fn checkpoint_regularly(
    databases: Vec<Database>,
    stop: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(stop);
    let mut ticker = tokio::time::interval(CHECKPOINT_EVERY);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = &mut stop => return,
            _ = ticker.tick() => {}
        }
        for db in &databases {
            match db.checkpoint().await {
                Ok(Some(pages)) if pages > 0 => {
                    tracing::debug!(tenant = %db.slug(), pages, "write-ahead log checkpointed")
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::debug!(tenant = %db.slug(), error = %e, "no checkpoint this time")
                }
            }
        }
    }
}

/// How often a province whose database could not be prepared at start is tried again.
const RETRY_EVERY: Duration = Duration::from_secs(5);

/// Tries the provinces that could not be prepared at start until each is (migrated, and seeded where allowed),
/// or `stop` resolves.
async fn prepare_when_back(
    mut waiting: Vec<(Tenant, WhenEmpty)>,
    migrate: bool,
    stop: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(stop);
    while !waiting.is_empty() {
        tokio::select! {
            () = &mut stop => return,
            () = tokio::time::sleep(RETRY_EVERY) => {}
        }
        let mut still = Vec::new();
        for (tenant, empty) in waiting {
            match prepare(&tenant, migrate, empty).await {
                Ok(_) => {
                    tenant.set_prepared(true);
                    tracing::info!(tenant = %tenant.profile.slug, "database back: prepared")
                }
                Err(e) => {
                    tracing::debug!(tenant = %tenant.profile.slug, error = %e, "database still away");
                    still.push((tenant, empty));
                }
            }
        }
        waiting = still;
    }
}

async fn wait(mut stopped: tokio::sync::watch::Receiver<bool>) {
    let _ = stopped.wait_for(|stop| *stop).await;
}

/// The signals that stop the server, listened for from the start of `run`: a SIGTERM that arrives while the
/// server is still starting is a graceful stop once it serves, not the default action that kills the process.
struct StopSignals {
    #[cfg(unix)]
    terminate: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    interrupt: Option<tokio::signal::unix::Signal>,
}

impl StopSignals {
    fn listen() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Self {
                terminate: signal(SignalKind::terminate()).ok(),
                interrupt: signal(SignalKind::interrupt()).ok(),
            }
        }
        #[cfg(not(unix))]
        Self {}
    }

    async fn received(self) {
        #[cfg(unix)]
        {
            let one = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = one(self.terminate) => {},
                () = one(self.interrupt) => {},
            }
        }
        #[cfg(not(unix))]
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
        tracing::info!("shutting down: finishing requests in flight");
    }
}

pub async fn migrate_all(settings: &Settings) -> Result<()> {
    let tenants = tenants::open(settings).await?;
    let mut failed = Vec::new();
    for tenant in &tenants {
        match tenant.database().migrate().await {
            Ok(()) => println!("{}: gemigreerd", tenant.profile.slug),
            Err(e) => {
                eprintln!("{}: {e}", tenant.profile.slug);
                failed.push(tenant.profile.slug.to_string());
            }
        }
    }
    match tenants::open_federation(settings).await?.migrate().await {
        Ok(()) => println!("federatie: gemigreerd"),
        Err(e) => {
            eprintln!("federatie: {e}");
            failed.push("federatie".to_string());
        }
    }
    if !failed.is_empty() {
        bail!("migratie mislukt voor {}", failed.join(", "));
    }
    Ok(())
}

/// `doeners seed --activity`: a year of demo activity in every province (once).
pub async fn seed_activity(settings: &Settings, scale: u32) -> Result<()> {
    let tenants = tenants::open(settings).await?;
    for tenant in &tenants {
        tenant.database().migrate().await?;
        // Activity needs organisations to ask: an empty province gets the demo ones first.
        if tenant.database().is_empty().await? {
            tenant
                .database()
                .seed_demo(&tenant.profile.nis_code)
                .await?;
        }
    }
    let federation = tenants::open_federation(settings).await?;
    federation.migrate().await?;
    let federation = doeners_app::Federation::new(federation);
    let started = std::time::Instant::now();
    let seeded =
        doeners_app::evaluation::activity::seed(&tenants, &federation, scale, chrono::Utc::now())
            .await?;
    println!("{seeded} ({:.1} s)", started.elapsed().as_secs_f64());
    Ok(())
}

/// `doeners rollup --rebuild`: every database's evaluation rollups counted again from its raw rows.
pub async fn rebuild_rollups(settings: &Settings) -> Result<()> {
    for tenant in tenants::open(settings).await? {
        tenant.database().migrate().await?;
        let started = std::time::Instant::now();
        tenant.database().rebuild_rollups().await?;
        println!(
            "{}: opnieuw opgebouwd ({:.1} s)",
            tenant.profile.slug,
            started.elapsed().as_secs_f64()
        );
    }
    let federation = tenants::open_federation(settings).await?;
    federation.migrate().await?;
    federation.rebuild_search_rollups().await?;
    println!("vlaanderen: opnieuw opgebouwd");
    Ok(())
}

pub async fn seed_all(settings: &Settings, only: Option<&str>) -> Result<()> {
    let all = tenants::open(settings).await?;
    let chosen: Vec<&Tenant> = match only {
        Some(slug) => vec![tenants::find(&all, slug)?],
        None => all.iter().collect(),
    };
    for tenant in chosen {
        tenant.database().migrate().await?;
        let s = tenant
            .database()
            .seed_demo(&tenant.profile.nis_code)
            .await?;
        println!("{}: {s}", tenant.profile.slug);
    }
    Ok(())
}
