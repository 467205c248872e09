//! `cargo run --release -p doeners-bench -- [--postgres URL]`: builds the search index over 100,000 generated
//! offers from 10,000 organisations, runs a mixed query log through the engine, runs the same queries through
//! PostgreSQL full-text search set up as a user would (`tsvector` with the `dutch` configuration, a GIN index,
//! `ts_rank_cd`, the same filters and top-k), and prints the figures as Markdown for docs/benchmarks.md.

/// Search builds many small strings per request (hits, explanations); mimalloc keeps that cheap where the
/// system allocator spends a quarter of a query's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod closed;
mod data;
mod freshness;
mod load;
mod postgres;
mod server;

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use data::QueryKind;
use doeners_search::SearchIndex;

const ORGANISATIONS: usize = 10_000;
const OFFERS_EACH: usize = 10;
const QUERIES: usize = 2_000;
const SEED: u64 = 2026;
/// Clients and seconds of the closed-loop runs (`wrk` against the server, `pgbench` against PostgreSQL).
const CLOSED_LOOP: (u32, u32) = (4, 20);

pub(crate) fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

fn dir_size(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

#[tokio::main]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    // `--engine-only N`: run the query log N times through the engine alone, for a profiler.
    let engine_only: Option<usize> = args
        .iter()
        .position(|a| a == "--engine-only")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok());
    let postgres_url = args
        .iter()
        .position(|a| a == "--postgres")
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432".to_string());

    let docs = data::documents(ORGANISATIONS, OFFERS_EACH, SEED);
    let log = data::query_log(QUERIES, SEED + 1);
    println!(
        "## Search engine: {} offers from {ORGANISATIONS} organisations, {} queries\n",
        docs.len(),
        log.len()
    );

    let dir = tempfile::tempdir()?;
    let started = Instant::now();
    // What a request costs when it is new: no answer is kept from one round to the next. The decoded posting
    // lists of its words are (`postings`), as in a running server, so after the first round every word has
    // been read once.
    let index = SearchIndex::open(dir.path())
        .context("index")?
        .remembering_answers(0);
    for chunk in docs.chunks(10_000) {
        index.upsert(chunk)?;
    }
    index.commit("{}")?;
    index.merge_all()?;
    let build = started.elapsed();
    println!("| index build | {:.1} s |", build.as_secs_f64());
    println!("| segments | {} |", index.segment_count());
    println!(
        "| index size | {:.1} MB |",
        dir_size(dir.path()) as f64 / 1_000_000.0
    );

    for (_, request) in log.iter().take(200) {
        index.search(request)?;
    }
    let mut engine: Vec<(QueryKind, Duration)> = Vec::with_capacity(log.len());
    for (kind, request) in &log {
        let t = Instant::now();
        let results = index.search(request)?;
        engine.push((*kind, t.elapsed()));
        std::hint::black_box(results);
    }
    if let Some(rounds) = engine_only {
        // Each round's mean, and the least of them: the machine's noise only ever adds time.
        let mut means = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let started = Instant::now();
            for (_, request) in &log {
                std::hint::black_box(index.search(request)?);
            }
            means.push(started.elapsed().as_secs_f64() * 1000.0 / log.len() as f64);
        }
        let least = means.iter().copied().fold(f64::INFINITY, f64::min);
        let rounds: Vec<String> = means.iter().map(|m| format!("{m:.3}")).collect();
        println!(
            "engine only: {least:.3} ms per query on average in the best round (rounds: {})",
            rounds.join(", ")
        );
        // The tail is a few kinds of request: name them, each timed alone at its best of three.
        let mut slowest = Vec::with_capacity(log.len());
        for (kind, request) in &log {
            let mut best = Duration::MAX;
            let mut total = 0;
            for _ in 0..3 {
                let t = Instant::now();
                total = index.search(request)?.total;
                best = best.min(t.elapsed());
            }
            slowest.push((best, kind.name(), total, request));
        }
        slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
        let mut seen = std::collections::HashSet::new();
        slowest.retain(|(_, _, _, r)| seen.insert(format!("{r:?}")));
        println!(
            "\n| slowest requests | ms | matches | q | near | filters |\n|---|---|---|---|---|---|"
        );
        for (took, kind, total, r) in slowest.iter().take(20) {
            println!(
                "| {kind} | {:.3} | {total} | {} | {} | {} |",
                took.as_secs_f64() * 1000.0,
                r.q,
                r.near.map(|p| p.municipality_nis).unwrap_or_default(),
                r.categories.len()
                    + r.provinces.len()
                    + usize::from(r.group.is_some() || r.kind.is_some() || r.mode.is_some()),
            );
        }
        return Ok(());
    }
    if args.iter().any(|a| a == "--serve") {
        return hold(&docs, &log).await;
    }
    let http = !args.iter().any(|a| a == "--no-http");
    let pg = postgres::run(&postgres_url, &docs, &log, http.then_some(CLOSED_LOOP)).await;
    let (pg, pg_closed) = match pg {
        Ok((timings, closed)) => (Ok(timings), closed),
        Err(e) => (Err(e), None),
    };

    println!(
        "\n| queries | engine p50 ms | engine p99 ms | PostgreSQL p50 ms | PostgreSQL p99 ms | p99 ratio |"
    );
    println!("|---|---|---|---|---|---|");
    for kind in [
        None,
        Some(QueryKind::Plain),
        Some(QueryKind::MultiWord),
        Some(QueryKind::Located),
        Some(QueryKind::Facetted),
    ] {
        let mut ours: Vec<Duration> = engine
            .iter()
            .filter(|(k, _)| kind.is_none_or(|x| x == *k))
            .map(|(_, d)| *d)
            .collect();
        ours.sort();
        let name = kind.map_or("all", QueryKind::name);
        match &pg {
            Ok(theirs) => {
                let mut theirs: Vec<Duration> = theirs
                    .iter()
                    .filter(|(k, _)| kind.is_none_or(|x| x == *k))
                    .map(|(_, d)| *d)
                    .collect();
                theirs.sort();
                println!(
                    "| {name} | {:.3} | {:.3} | {:.3} | {:.3} | {:.0}× |",
                    percentile(&ours, 0.5),
                    percentile(&ours, 0.99),
                    percentile(&theirs, 0.5),
                    percentile(&theirs, 0.99),
                    percentile(&theirs, 0.99) / percentile(&ours, 0.99).max(1e-6)
                );
            }
            Err(e) => println!(
                "| {name} | {:.3} | {:.3} | — | — | PostgreSQL: {e} |",
                percentile(&ours, 0.5),
                percentile(&ours, 0.99)
            ),
        }
    }
    if http {
        self::http(&docs, &log, pg_closed).await?;
    }
    Ok(())
}

/// `--serve`: the server filled with the benchmark's offers, kept running with the query log written as `wrk`
/// paths, so that it can be profiled under the closed loop (`perf record -g -p <pid>` beside `wrk`).
async fn hold(
    docs: &[doeners_search::OfferDocument],
    log: &[(QueryKind, doeners_search::SearchRequest)],
) -> Result<()> {
    let dir = tempfile::tempdir()?;
    server::fill(dir.path(), docs)?;
    let running = server::Server::start(dir.path())?;
    let urls = search_urls(&running.base, log)?;
    let work = std::env::temp_dir().join("doeners-bench-serve");
    std::fs::create_dir_all(&work)?;
    let (connections, seconds) = CLOSED_LOOP;
    let wrk = closed::wrk_command(&running.base, &paths(&urls), connections, seconds, &work)?;
    println!(
        "server {} (pid {}); closed loop: {}",
        running.base,
        running.pid(),
        closed::shown(&wrk)
    );
    tokio::signal::ctrl_c().await?;
    running.stop()
}

/// `GET /api/v1/search` on `base` for each query of the log.
fn search_urls(
    base: &str,
    log: &[(QueryKind, doeners_search::SearchRequest)],
) -> Result<Vec<reqwest::Url>> {
    log.iter()
        .map(|(_, r)| {
            reqwest::Url::parse_with_params(&format!("{base}/api/v1/search"), load::query_string(r))
                .map_err(Into::into)
        })
        .collect()
}

/// The path and query of each URL, as `wrk` asks them.
fn paths(urls: &[reqwest::Url]) -> Vec<String> {
    urls.iter()
        .map(|u| format!("{}?{}", u.path(), u.query().unwrap_or_default()))
        .collect()
}

/// The real server over HTTP: filled through `doeners import`, searched at fixed rates (open loop), then
/// measured for freshness, memory and restart.
async fn http(
    docs: &[doeners_search::OfferDocument],
    log: &[(QueryKind, doeners_search::SearchRequest)],
    pg_closed: Option<Result<closed::Closed>>,
) -> Result<()> {
    println!("\n## The server over HTTP\n");
    let dir = tempfile::tempdir()?;
    let t = Instant::now();
    server::fill(dir.path(), docs)?;
    println!(
        "| import into five SQLite tenants | {:.1} s |",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let running = server::Server::start(dir.path())?;
    println!(
        "| first start (index built from the databases) | {:.1} s |",
        t.elapsed().as_secs_f64()
    );
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(512)
        .build()?;
    let urls = search_urls(&running.base, log)?;
    for url in urls.iter().take(500) {
        client.get(url.clone()).send().await?.bytes().await?;
    }

    println!(
        "\n| rate (req/s) | achieved | p50 ms | p99 ms | p99.9 ms | failed | server RSS after |"
    );
    println!("|---|---|---|---|---|---|---|");
    let mut highest = None;
    for rate in [250, 500, 1000, 1500, 2000, 2500, 3000, 4000] {
        let r = load::run_at(
            &client,
            &urls,
            rate,
            Duration::from_secs(2),
            Duration::from_secs(10),
        )
        .await;
        println!(
            "| {rate} | {:.0} | {:.2} | {:.2} | {:.2} | {} | {:.0} MB |",
            r.achieved,
            r.percentile_ms(0.5),
            r.percentile_ms(0.99),
            r.percentile_ms(0.999),
            r.failures,
            running.rss_mb().0
        );
        let kept_up = r.achieved >= 0.95 * f64::from(rate) && r.failures == 0;
        if r.percentile_ms(0.99) < 10.0 && kept_up {
            highest = Some(rate);
        } else {
            break;
        }
    }
    let (connections, seconds) = CLOSED_LOOP;
    let work = tempfile::tempdir()?;
    let ours = closed::wrk(
        &running.base,
        &paths(&urls),
        connections,
        seconds,
        work.path(),
    );
    println!(
        "\n| closed loop, {connections} clients, {seconds} s | per second | p50 ms | p99 ms |"
    );
    println!("|---|---|---|---|");
    match &ours {
        Ok(c) => println!(
            "| server, `wrk` on `GET /api/v1/search` | {:.0} | {:.2} | {:.2} |",
            c.per_second, c.p50_ms, c.p99_ms
        ),
        Err(e) => println!("| server, `wrk` | — | — | {e} |"),
    }
    match &pg_closed {
        Some(Ok(c)) => println!(
            "| PostgreSQL full-text search, `pgbench` | {:.0} | {:.2} | {:.2} |",
            c.per_second, c.p50_ms, c.p99_ms
        ),
        Some(Err(e)) => println!("| PostgreSQL, `pgbench` | — | — | {e} |"),
        None => println!("| PostgreSQL, `pgbench` | — | — | not run |"),
    }
    if let (Ok(o), Some(Ok(p))) = (&ours, &pg_closed) {
        println!(
            "| p99 ratio (PostgreSQL / server) | | | {:.0}× |",
            p.p99_ms / o.p99_ms.max(1e-6)
        );
    }
    let (rss, peak) = running.rss_mb();
    println!(
        "\n| highest rate with p99 < 10 ms | {} |",
        highest.map_or("—".to_string(), |r| format!("{r} req/s"))
    );
    println!("|---|---|");
    println!("| server RSS after the load (peak) | {rss:.0} MB ({peak:.0} MB) |");

    let lags = freshness::measure(&client, &running.base, dir.path(), 50).await?;
    println!(
        "| freshness, commit to searchable (50 offers) | p50 {:.0} ms, p99 {:.0} ms |",
        percentile(&lags, 0.5),
        percentile(&lags, 0.99)
    );

    running.stop()?;
    let t = Instant::now();
    let restarted = server::Server::start(dir.path())?;
    let probe = format!("{}/api/v1/search?q=schoonmaak", restarted.base);
    let answered = client.get(&probe).send().await?;
    let ok = answered.status().is_success();
    let body: serde_json::Value = answered.json().await?;
    println!(
        "| restart to first search answered ({} hits) | {:.2} s{} |",
        body["total"],
        t.elapsed().as_secs_f64(),
        if ok { "" } else { " (failed)" }
    );
    let (rss, _) = restarted.rss_mb();
    println!("| server RSS after restart | {rss:.0} MB |");
    restarted.stop()?;
    Ok(())
}
