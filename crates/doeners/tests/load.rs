//! The platform on PostgreSQL under mixed traffic (searches, portal pages, API reads and writes, logins), through
//! the real executable:
//!
//! - one province's database made unreachable halfway: that province answers 503 naming it, the other four answer
//!   as before (their latencies are printed beside those of the run without the fault), the Flanders-wide search
//!   keeps finding its published offers, and once it is back it serves again and takes up what it missed;
//! - two servers on the same databases for a while: no error, and their memory sampled as they go.
//!
//! Bounded and on the loopback address. `DOENERS_LOAD_SECONDS` and `DOENERS_LOAD_RATE` set each phase of the
//! first (default 5 s at 100 requests/s), `DOENERS_SOAK_SECONDS` and `DOENERS_SOAK_RATE` the second (default 10 s
//! at 100 requests/s); docs/benchmarks.md gives the long runs. Each prints its figures on a line starting with
//! `load`.

#![allow(clippy::expect_used, clippy::panic)]

mod server;

use std::{
    collections::BTreeMap,
    sync::Arc,
    time::{Duration, Instant},
};

use serde_json::{Value, json};
use server::{
    Server, command,
    load::{self, Outcome, ProvinceFixture},
    postgres::{admin_sql, drop_databases, postgres_platform},
    repo_tenants, run,
};

const PROVINCES: [&str; 5] = [
    "antwerpen",
    "limburg",
    "oost-vlaanderen",
    "vlaams-brabant",
    "west-vlaanderen",
];
const PASSWORD: &str = "beheer onder belasting 2026";
/// Administrators per province, who sign in in turn.
const ACCOUNTS: usize = 4;

fn setting(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A migrated platform on PostgreSQL with demo data and an administrator per province, and `nodes` servers on
/// it; `None` when there is no PostgreSQL here (said loudly).
struct Platform {
    pg: String,
    env: Vec<(String, String)>,
    servers: Vec<Server>,
    fixtures: Vec<ProvinceFixture>,
    _dirs: Vec<tempfile::TempDir>,
}

impl Platform {
    async fn start(tag: &str, nodes: usize) -> Option<Self> {
        let (pg, env) = postgres_platform(tag).await?;
        let dirs: Vec<tempfile::TempDir> = (0..nodes)
            .map(|_| tempfile::tempdir().expect("dir"))
            .collect();
        let with_env = |cmd: &mut std::process::Command| {
            for (k, v) in &env {
                cmd.env(k, v);
            }
            cmd.env("DOENERS__SERVER__SEED_DEMO_WHEN_EMPTY", "false")
                .env("DOENERS__SERVER__TRUSTED_PROXIES", "127.0.0.1")
                .env("RUST_LOG", "warn,doeners=info");
        };
        let mut setup = vec![
            vec!["migrate".to_string()],
            vec!["seed".into(), "--demo".into()],
        ];
        for slug in PROVINCES {
            for k in 0..ACCOUNTS {
                setup.push(
                    ["admin", "create", "--province", slug, "--email"]
                        .iter()
                        .map(|s| s.to_string())
                        .chain([format!("beheer{k}@{slug}.example")])
                        .collect(),
                );
            }
        }
        for args in setup {
            let mut cmd = command(dirs[0].path(), &repo_tenants());
            with_env(&mut cmd);
            let out = run(cmd.args(&args).env("DOENERS_ADMIN_PASSWORD", PASSWORD));
            assert!(
                out.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let servers: Vec<Server> = dirs
            .iter()
            .map(|d| {
                let mut cmd = command(d.path(), &repo_tenants());
                with_env(&mut cmd);
                Server::start(cmd)
            })
            .collect();
        let base = servers[0].base.clone();
        let client = reqwest::Client::new();
        let mut fixtures = Vec::new();
        for slug in PROVINCES {
            let token =
                load::api_token(&base, slug, &format!("beheer0@{slug}.example"), PASSWORD).await;
            let listed: Value = client
                .get(format!(
                    "{base}/api/v1/tenants/{slug}/organisations?per_page=1"
                ))
                .send()
                .await
                .expect("organisations")
                .json()
                .await
                .expect("json");
            let organisation = listed["items"][0]["slug"]
                .as_str()
                .expect("slug")
                .to_string();
            let created: Value = client
                .post(format!("{base}/api/v1/tenants/{slug}/organisations/{organisation}/offers"))
                .bearer_auth(&token)
                .json(&json!({"title": "Proefaanbod onder belasting", "category": "handverpakking", "execution_mode": "eigen-atelier", "service_area": "vlaanderen"}))
                .send()
                .await
                .expect("offer")
                .json()
                .await
                .expect("json");
            let offer = created["id"].as_str().expect("offer id").to_string();
            fixtures.push(ProvinceFixture {
                slug: slug.to_string(),
                organisation,
                offer,
                token,
                logins: (0..ACCOUNTS)
                    .map(|k| (format!("beheer{k}@{slug}.example"), PASSWORD.to_string()))
                    .collect(),
            });
        }
        Some(Self {
            pg,
            env,
            servers,
            fixtures,
            _dirs: dirs,
        })
    }

    fn bases(&self) -> Vec<String> {
        self.servers.iter().map(|s| s.base.clone()).collect()
    }

    fn database_of(&self, slug: &str) -> String {
        let key = format!(
            "DOENERS__TENANTS__{}__DATABASE_URL",
            slug.replace('-', "_").to_uppercase()
        );
        self.env
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, url)| url.rsplit('/').next())
            .expect("the database's name")
            .to_string()
    }

    async fn mixed(&self, rate: f64, seconds: f64) -> Vec<Outcome> {
        let steps = Arc::new(load::mix(&self.fixtures));
        let logins = Arc::new(load::logins(&self.fixtures));
        // A login every six seconds, each account in turn from an address of its own: an account signs in every
        // two minutes, within its limit (five at once, then one a minute).
        let login_every = (6.0 * rate).max(1.0) as usize;
        load::open_loop(
            &self.bases(),
            steps,
            logins,
            login_every,
            rate,
            Duration::from_secs_f64(seconds),
        )
        .await
    }

    async fn stop(self) {
        for server in self.servers {
            assert!(server.terminate().success());
        }
        drop_databases(&self.pg, &self.env).await;
    }
}

async fn search_total(base: &str, query: &str) -> u64 {
    let body: Value = reqwest::get(format!("{base}/api/v1/search?{query}"))
        .await
        .expect("search")
        .json()
        .await
        .expect("json");
    body["total"].as_u64().expect("total")
}

/// A 503 that says in Dutch that Antwerpen's data are away for now.
fn away(o: &Outcome) -> bool {
    o.status == 503
        && o.said
            .contains("De gegevens van de provincie Antwerpen zijn tijdelijk niet bereikbaar")
}

fn refs(outcomes: &[Outcome]) -> Vec<&Outcome> {
    outcomes.iter().collect()
}

fn unhealthy(outcomes: &[&Outcome]) -> Vec<String> {
    outcomes
        .iter()
        .filter(|o| !load::healthy(o))
        .map(|o| format!("{} {:?} {}: {}", o.kind, o.province, o.status, o.said))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_province_database_away_under_mixed_load_stays_that_provinces_trouble() {
    let Some(platform) = Platform::start("outage", 1).await else {
        return;
    };
    let (seconds, rate) = (
        setting("DOENERS_LOAD_SECONDS", 5.0),
        setting("DOENERS_LOAD_RATE", 100.0),
    );
    let base = platform.servers[0].base.clone();
    let antwerpen_offers = search_total(&base, "province=antwerpen&per_page=1").await;
    assert!(antwerpen_offers > 0);
    platform.mixed(rate, 2.0).await; // warm-up
    let before = platform.mixed(rate, seconds).await;

    let name = platform.database_of("antwerpen");
    admin_sql(
        &platform.pg,
        &format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"),
    )
    .await;
    let during = platform.mixed(rate, seconds).await;
    let found_while_away = search_total(&base, "province=antwerpen&per_page=1").await;
    let ready_while_away = reqwest::get(format!("{base}/readyz"))
        .await
        .expect("readyz");
    let ready_status = ready_while_away.status().as_u16();
    let ready_body = ready_while_away.text().await.expect("body");
    admin_sql(
        &platform.pg,
        &format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"),
    )
    .await;

    // Back: the province serves again, a write there is found, and the node says it is ready.
    let back = Instant::now();
    let fixture = platform.fixtures[0].clone();
    let client = reqwest::Client::new();
    loop {
        let written = client
            .put(format!(
                "{base}/api/v1/tenants/antwerpen/organisations/{}/offers/{}",
                fixture.organisation, fixture.offer
            ))
            .bearer_auth(&fixture.token)
            .json(&json!({"title": "Proefaanbod onder belasting", "category": "handverpakking", "execution_mode": "eigen-atelier", "service_area": "vlaanderen", "description": "Terug na de storing: zeefdrukproef."}))
            .send()
            .await
            .expect("write");
        if written.status().is_success() {
            break;
        }
        assert!(
            back.elapsed() < Duration::from_secs(30),
            "Antwerpen does not take writes 30 s after it is back"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    while search_total(&base, "q=zeefdrukproef&province=antwerpen").await == 0 {
        assert!(
            back.elapsed() < Duration::from_secs(30),
            "the write after the outage is not found"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let caught_up = back.elapsed();
    let after = platform.mixed(rate, seconds.min(5.0)).await;

    // The other four provinces' own requests, and the Flanders-wide ones (the API search, the Flanders pages).
    let others = |outcomes: &[Outcome]| -> Vec<Outcome> {
        outcomes
            .iter()
            .filter(|o| o.province.as_deref().is_some_and(|p| p != "antwerpen"))
            .cloned()
            .collect()
    };
    let flanders = |outcomes: &[Outcome]| -> Vec<Outcome> {
        outcomes
            .iter()
            .filter(|o| o.province.is_none())
            .cloned()
            .collect()
    };
    let (others_before, others_during) = (others(&before), others(&during));
    let (flanders_before, flanders_during) = (flanders(&before), flanders(&during));
    let antwerpen_during: Vec<&Outcome> = during
        .iter()
        .filter(|o| o.province.as_deref() == Some("antwerpen"))
        .collect();
    let p = |v: &[Outcome], q| load::percentile_ms(&refs(v), q);
    let per_kind = |v: &[Outcome]| -> String {
        let mut by_kind: BTreeMap<&str, Vec<&Outcome>> = BTreeMap::new();
        for o in v {
            by_kind.entry(o.kind).or_default().push(o);
        }
        by_kind
            .iter()
            .map(|(k, v)| format!("{k} p99 {:.1}", load::percentile_ms(v, 0.99)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "load: the other four provinces before: {}",
        per_kind(&others_before)
    );
    println!(
        "load: the other four provinces during: {}",
        per_kind(&others_during)
    );
    println!(
        "load: Flanders-wide p50 {:.2} -> {:.2} ms, p99 {:.2} -> {:.2} ms; {} / {}",
        p(&flanders_before, 0.5),
        p(&flanders_during, 0.5),
        p(&flanders_before, 0.99),
        p(&flanders_during, 0.99),
        per_kind(&flanders_before),
        per_kind(&flanders_during)
    );
    let mut answered: BTreeMap<(&str, u16), usize> = BTreeMap::new();
    for o in &antwerpen_during {
        *answered.entry((o.kind, o.status)).or_default() += 1;
    }
    println!(
        "load: antwerpen while away: {answered:?}, p50 {:.1} ms, p99 {:.1} ms",
        load::percentile_ms(&antwerpen_during, 0.5),
        load::percentile_ms(&antwerpen_during, 0.99)
    );
    println!(
        "load (one province's database away): rate={rate}/s phase={seconds}s requests={}+{}+{} the other four provinces p50 {:.2} -> {:.2} ms, p99 {:.2} -> {:.2} ms ({:+.0} %); antwerpen answered {} requests while away, {} of them 503 naming it; its {antwerpen_offers} offers found Flanders-wide while away: {found_while_away}; back and a write found within {} ms",
        before.len(),
        during.len(),
        after.len(),
        p(&others_before, 0.5),
        p(&others_during, 0.5),
        p(&others_before, 0.99),
        p(&others_during, 0.99),
        (p(&others_during, 0.99) / p(&others_before, 0.99) - 1.0) * 100.0,
        antwerpen_during.len(),
        antwerpen_during.iter().filter(|o| away(o)).count(),
        caught_up.as_millis(),
    );
    platform.stop().await;

    assert_eq!(
        unhealthy(&refs(&before)),
        Vec::<String>::new(),
        "before the fault"
    );
    assert_eq!(
        unhealthy(&refs(&others_during)),
        Vec::<String>::new(),
        "the other provinces while Antwerpen is away"
    );
    assert_eq!(
        unhealthy(&refs(&flanders_during)),
        Vec::<String>::new(),
        "Flanders-wide while Antwerpen is away"
    );
    assert_eq!(
        unhealthy(&refs(&after)),
        Vec::<String>::new(),
        "after Antwerpen is back"
    );
    // Its search page keeps answering from the index; everything that needs its database says it is away.
    let wrong: Vec<String> = antwerpen_during
        .iter()
        .filter(|o| !(o.kind == "portal_search" && o.status == 200 || away(o)))
        .map(|o| format!("{} {}: {}", o.kind, o.status, o.said))
        .collect();
    assert_eq!(
        wrong,
        Vec::<String>::new(),
        "Antwerpen answers 503, naming itself, while away"
    );
    assert!(!antwerpen_during.is_empty());
    assert_eq!(
        found_while_away, antwerpen_offers,
        "the Flanders-wide search keeps Antwerpen's offers"
    );
    assert_eq!(ready_status, 200, "{ready_body}");
    assert!(
        ready_body.contains("niet bereikbaar: antwerpen"),
        "{ready_body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_nodes_on_postgresql_serve_mixed_traffic_without_errors() {
    let Some(platform) = Platform::start("soak", 2).await else {
        return;
    };
    let (seconds, rate) = (
        setting("DOENERS_SOAK_SECONDS", 10.0),
        setting("DOENERS_SOAK_RATE", 100.0),
    );
    let pids: Vec<u32> = platform.servers.iter().map(|s| s.child.id()).collect();
    let sampling = tokio::spawn(async move {
        let mut samples: Vec<(u64, Vec<f64>)> = Vec::new();
        let started = Instant::now();
        loop {
            samples.push((
                started.elapsed().as_secs(),
                pids.iter().map(|p| load::rss_mib(*p)).collect(),
            ));
            if started.elapsed().as_secs_f64() > seconds {
                return samples;
            }
            tokio::time::sleep(Duration::from_secs_f64((seconds / 20.0).clamp(1.0, 30.0))).await;
        }
    });
    let outcomes = platform.mixed(rate, seconds).await;
    let samples = sampling.await.expect("samples");
    let mut by_kind: BTreeMap<&str, Vec<&Outcome>> = BTreeMap::new();
    for o in &outcomes {
        by_kind.entry(o.kind).or_default().push(o);
    }
    let kinds: Vec<String> = by_kind
        .iter()
        .map(|(kind, v)| {
            format!(
                "{kind} {} p50 {:.2} p99 {:.2} ms",
                v.len(),
                load::percentile_ms(v, 0.5),
                load::percentile_ms(v, 0.99)
            )
        })
        .collect();
    let all: Vec<&Outcome> = outcomes.iter().collect();
    let errors = unhealthy(&all);
    let rss: Vec<String> = samples
        .iter()
        .map(|(t, mib)| {
            format!(
                "{t}s {}",
                mib.iter()
                    .map(|m| format!("{m:.0}"))
                    .collect::<Vec<_>>()
                    .join("/")
            )
        })
        .collect();
    println!(
        "load (two nodes on PostgreSQL): rate={rate}/s for {seconds}s requests={} errors={} p50 {:.2} ms p99 {:.2} ms; {}; RSS MiB per node: {}",
        outcomes.len(),
        errors.len(),
        load::percentile_ms(&all, 0.5),
        load::percentile_ms(&all, 0.99),
        kinds.join(", "),
        rss.join(", "),
    );
    platform.stop().await;
    assert_eq!(
        errors.iter().take(10).cloned().collect::<Vec<_>>(),
        Vec::<String>::new()
    );
}
