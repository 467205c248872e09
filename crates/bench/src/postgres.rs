//! The baseline: the same offers and queries through PostgreSQL full-text search.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use doeners_search::{OfferDocument, SearchRequest, coverage_terms};
use sea_orm::{ConnectionTrait, Database, DatabaseBackend, Statement, Value};

use crate::{
    closed::{self, Closed},
    data::QueryKind,
};

const SCHEMA: &str = "
CREATE TABLE offers (
    id uuid PRIMARY KEY, tenant text NOT NULL, title text NOT NULL, description text NOT NULL,
    organisation_name text NOT NULL, category text NOT NULL, grp text NOT NULL, kind text NOT NULL,
    mode text NOT NULL, province text NOT NULL, coverage text[] NOT NULL,
    tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('dutch', title), 'A') ||
        setweight(to_tsvector('dutch', description || ' ' || organisation_name), 'B')) STORED
);";

/// Loads the offers into a fresh database on the server at `server`, runs the log (and, given `closed`
/// as clients and seconds, the same queries under `pgbench`), drops the database.
pub async fn run(
    server: &str,
    docs: &[OfferDocument],
    log: &[(QueryKind, SearchRequest)],
    closed: Option<(u32, u32)>,
) -> Result<(Vec<(QueryKind, Duration)>, Option<Result<Closed>>)> {
    let name = format!("doeners_bench_{}", std::process::id());
    let admin = Database::connect(format!("{server}/postgres"))
        .await
        .context("PostgreSQL niet bereikbaar")?;
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await?;
    let url = format!("{server}/{name}");
    let result = match measure(&url, docs, log).await {
        Ok(timings) => {
            let under_load = match closed {
                Some((clients, seconds)) => Some(pgbench(&url, log, clients, seconds).await),
                None => None,
            };
            Ok((timings, under_load))
        }
        Err(e) => Err(e),
    };
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await?;
    result
}

async fn measure(
    url: &str,
    docs: &[OfferDocument],
    log: &[(QueryKind, SearchRequest)],
) -> Result<Vec<(QueryKind, Duration)>> {
    let db = Database::connect(url).await?;
    db.execute_unprepared(SCHEMA).await?;
    for chunk in docs.chunks(500) {
        let mut sql = String::from(
            "INSERT INTO offers (id, tenant, title, description, organisation_name, category, grp, kind, mode, province, coverage) VALUES ",
        );
        let mut values: Vec<Value> = Vec::new();
        for (i, d) in chunk.iter().enumerate() {
            let n = i * 11;
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&format!(
                "(${},${},${},${},${},${},${},${},${},${},${})",
                n + 1,
                n + 2,
                n + 3,
                n + 4,
                n + 5,
                n + 6,
                n + 7,
                n + 8,
                n + 9,
                n + 10,
                n + 11
            ));
            let area = doeners_domain::ServiceArea::parse(&d.service_area)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let coverage = coverage_terms(&area, d.home(), &d.municipality_nis);
            values.extend([
                d.offer_id.into(),
                d.tenant.clone().into(),
                d.title.clone().into(),
                d.description.clone().into(),
                d.organisation_name.clone().into(),
                d.category.clone().into(),
                d.group.clone().into(),
                d.kind.clone().into(),
                d.mode.clone().into(),
                d.province.clone().into(),
                coverage.into(),
            ]);
        }
        db.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            sql,
            values,
        ))
        .await?;
    }
    db.execute_unprepared(
        "CREATE INDEX offers_tsv ON offers USING gin (tsv);
         CREATE INDEX offers_coverage ON offers USING gin (coverage);
         CREATE INDEX offers_category ON offers (category);
         CREATE INDEX offers_province ON offers (province);
         ANALYZE offers;",
    )
    .await?;
    for (_, request) in log.iter().take(200) {
        query(&db, request).await?;
    }
    let mut timings = Vec::with_capacity(log.len());
    for (kind, request) in log {
        let t = Instant::now();
        query(&db, request).await?;
        timings.push((*kind, t.elapsed()));
    }
    Ok(timings)
}

/// The query log as a table, and one statement that runs the query of a random row: `pgbench` rotates
/// through the same queries as the engine and the server, with the same filters and top 20.
async fn pgbench(
    url: &str,
    log: &[(QueryKind, SearchRequest)],
    clients: u32,
    seconds: u32,
) -> Result<Closed> {
    let db = Database::connect(url).await?;
    db.execute_unprepared(
        "CREATE TABLE bench_queries (id int PRIMARY KEY, q text NOT NULL, categories text[], provinces text[], covers text[])",
    )
    .await?;
    for (i, (_, r)) in log.iter().enumerate() {
        let Filters {
            categories,
            provinces,
            covers,
        } = Filters::of(r);
        db.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "INSERT INTO bench_queries VALUES ($1, $2, NULLIF($3, '{}'::text[]), NULLIF($4, '{}'::text[]), NULLIF($5, '{}'::text[]))",
            [
                (i as i32 + 1).into(),
                r.q.clone().into(),
                categories.into(),
                provinces.into(),
                covers.into(),
            ],
        ))
        .await?;
    }
    db.execute_unprepared("ANALYZE bench_queries").await?;
    let script = format!(
        "\\set i random(1, {})
SELECT o.id, ts_rank_cd(o.tsv, t) AS rank
  FROM bench_queries b CROSS JOIN LATERAL plainto_tsquery('dutch', b.q) t JOIN offers o ON o.tsv @@ t
 WHERE b.id = :i
   AND (b.categories IS NULL OR o.category = ANY(b.categories))
   AND (b.provinces IS NULL OR o.province = ANY(b.provinces))
   AND (b.covers IS NULL OR o.coverage && b.covers)
 ORDER BY rank DESC LIMIT 20;
",
        log.len()
    );
    let dir = tempfile::tempdir()?;
    let url = url.to_string();
    let path = dir.path().to_path_buf();
    tokio::task::spawn_blocking(move || closed::pgbench(&url, &script, clients, seconds, &path))
        .await?
}

/// A request's filters as PostgreSQL values: the categories a category or group covers, the provinces, and the
/// coverage terms of the place (empty when not asked).
struct Filters {
    categories: Vec<String>,
    provinces: Vec<String>,
    covers: Vec<String>,
}

impl Filters {
    fn of(r: &SearchRequest) -> Self {
        Self {
            categories: r
                .categories
                .iter()
                .flat_map(|c| c.covered_slugs())
                .map(str::to_string)
                .collect(),
            provinces: r.provinces.iter().map(|p| p.slug.to_string()).collect(),
            covers: r
                .near
                .iter()
                .flat_map(doeners_search::place_terms)
                .collect(),
        }
    }
}

/// The same words, filters and top-k, as a user of PostgreSQL would write them.
async fn query(db: &sea_orm::DatabaseConnection, r: &SearchRequest) -> Result<()> {
    let mut values: Vec<Value> = vec![r.q.clone().into()];
    let mut sql = String::from(
        "SELECT id, ts_rank_cd(tsv, q) AS rank FROM offers, plainto_tsquery('dutch', $1) q WHERE tsv @@ q",
    );
    let filters = Filters::of(r);
    for (wanted, condition) in [
        (filters.categories, "category = ANY($n)"),
        (filters.provinces, "province = ANY($n)"),
        (filters.covers, "coverage && $n"),
    ] {
        if !wanted.is_empty() {
            values.push(wanted.into());
            sql.push_str(" AND ");
            sql.push_str(&condition.replace("$n", &format!("${}", values.len())));
        }
    }
    sql.push_str(&format!(" ORDER BY rank DESC LIMIT {}", r.limit));
    db.query_all_raw(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        sql,
        values,
    ))
    .await?;
    Ok(())
}
