//! `cargo run --release -p doeners-bench -- [--postgres URL]`: builds the search index over 100,000 generated
//! offers from 10,000 organisations, runs a mixed query log through the engine, runs the same queries through
//! PostgreSQL full-text search set up as a user would (`tsvector` with the `dutch` configuration, a GIN index,
//! `ts_rank_cd`, the same filters and top-k), and prints the figures as Markdown for docs/benchmarks.md.

mod data;
mod postgres;

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use data::QueryKind;
use doeners_search::SearchIndex;

const ORGANISATIONS: usize = 10_000;
const OFFERS_EACH: usize = 10;
const QUERIES: usize = 2_000;
const SEED: u64 = 2026;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
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
    let index = SearchIndex::open(dir.path()).context("index")?;
    for chunk in docs.chunks(10_000) {
        index.upsert(chunk)?;
    }
    index.commit("{}")?;
    let build = started.elapsed();
    println!("| index build | {:.1} s |", build.as_secs_f64());
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
    let pg = postgres::run(&postgres_url, &docs, &log).await;

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
    Ok(())
}
