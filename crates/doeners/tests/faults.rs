//! The real executable under the faults and abuse a running platform meets: a province database that cannot
//! be opened or was lost, a burst of searches against SQLite's write-ahead logs, a forged `Host` header, a
//! client still sending its body when the answer is ready, and the metrics kept off the public address.

// A failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::panic)]

use std::{
    io::{Read, Write},
    net::TcpStream,
    path::Path,
    time::{Duration, Instant},
};

mod server;

use server::{Server, command, repo_tenants, run};

fn total(body: &str) -> u64 {
    serde_json::from_str::<serde_json::Value>(body).expect("JSON")["total"]
        .as_u64()
        .expect("total")
}

/// Removes a SQLite database with its write-ahead log and shared memory.
fn remove_database(data: &Path, slug: &str) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(data.join(format!("{slug}.db{suffix}")));
    }
}

async fn until(what: &str, mut done: impl AsyncFnMut() -> bool) {
    let started = Instant::now();
    while !done().await {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "not within 30 s: {what}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_province_whose_database_cannot_be_opened_leaves_the_others_serving() {
    let data = tempfile::tempdir().expect("temp dir");
    let server = Server::start(command(data.path(), &repo_tenants()));
    let antwerpen_offers = total(
        &server
            .get("/api/v1/search?province=antwerpen&per_page=1")
            .await
            .1,
    );
    assert!(antwerpen_offers > 0);
    assert!(server.terminate().success());

    remove_database(data.path(), "antwerpen");
    std::fs::create_dir(data.path().join("antwerpen.db")).expect("a directory in its place");
    for (migrate, seed) in [("true", "true"), ("false", "false")] {
        let mut cmd = command(data.path(), &repo_tenants());
        cmd.env("DOENERS__SERVER__MIGRATE_ON_START", migrate)
            .env("DOENERS__SERVER__SEED_DEMO_WHEN_EMPTY", seed);
        let server = Server::start(cmd);
        let (status, body) = server.get("/readyz").await;
        assert_eq!(status, 200, "the node serves the other provinces: {body}");
        assert!(body.contains("niet bereikbaar: antwerpen"), "{body}");
        for slug in [
            "limburg",
            "oost-vlaanderen",
            "vlaams-brabant",
            "west-vlaanderen",
        ] {
            assert_eq!(server.get(&format!("/{slug}/")).await.0, 200, "{slug}");
        }
        let (status, page) = server.get("/antwerpen/").await;
        assert_eq!(status, 503);
        assert!(page.contains("tijdelijk niet bereikbaar"), "{page}");
        let (status, body) = server.get("/api/v1/tenants/antwerpen/offers").await;
        assert_eq!(status, 503);
        assert!(body.contains("tenant_unavailable"), "{body}");
        let (status, body) = server
            .get("/api/v1/search?province=antwerpen&per_page=1")
            .await;
        assert_eq!(status, 200);
        assert_eq!(
            total(&body),
            antwerpen_offers,
            "its published offers stay findable from the index"
        );
        assert_eq!(server.get("/zoeken?q=groenonderhoud").await.0, 200);
        assert!(server.terminate().success());
    }

    // When the database is back, the running server takes it up: migrated, and not filled with demo data,
    // since the index has served Antwerpen before.
    let server = Server::start(command(data.path(), &repo_tenants()));
    std::fs::remove_dir(data.path().join("antwerpen.db")).expect("remove the directory");
    until("Antwerpen is ready again", async || {
        server.get("/readyz").await.1.contains("\"status\":\"ok\"")
    })
    .await;
    until(
        "the index forgets what the lost database held",
        async || {
            total(
                &server
                    .get("/api/v1/search?province=antwerpen&per_page=1")
                    .await
                    .1,
            ) == 0
        },
    )
    .await;
    let (status, body) = server.get("/api/v1/tenants/antwerpen/organisations").await;
    assert_eq!(status, 200, "migrated in the background: {body}");
    assert_eq!(total(&body), 0, "no demo data");
    assert!(server.logged("is empty although the search index has served this province before"));
}

#[tokio::test]
async fn a_lost_database_file_is_said_loudly_and_search_no_longer_points_into_it() {
    let data = tempfile::tempdir().expect("temp dir");
    let server = Server::start(command(data.path(), &repo_tenants()));
    assert!(server.terminate().success());

    remove_database(data.path(), "limburg");
    let server = Server::start(command(data.path(), &repo_tenants()));
    assert!(server.logged("is empty although the search index has served this province before"));
    let (_, body) = server.get("/api/v1/tenants/limburg/organisations").await;
    assert_eq!(total(&body), 0, "not filled with invented organisations");
    let (_, body) = server
        .get("/api/v1/search?province=limburg&per_page=1")
        .await;
    assert_eq!(total(&body), 0, "the index no longer holds the lost offers");
}

#[tokio::test]
async fn the_write_ahead_logs_stay_bounded_under_a_burst_of_searches() {
    let data = tempfile::tempdir().expect("temp dir");
    let server = Server::start(command(data.path(), &repo_tenants()));
    let client = reqwest::Client::new();
    let wal = |slug: &str| {
        std::fs::metadata(data.path().join(format!("{slug}.db-wal"))).map_or(0, |m| m.len())
    };
    let mut largest = (0, 0);
    for i in 0..2000 {
        let path = if i % 2 == 0 {
            format!("/zoeken?q=groen{i}")
        } else {
            format!("/limburg/zoeken?q=kuisen{i}")
        };
        let response = client
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .expect("HTTP");
        assert_eq!(response.status(), 200);
        if i % 100 == 99 {
            largest = (
                largest.0.max(wal("federation")),
                largest.1.max(wal("limburg")),
            );
        }
    }
    let limit = 6 * 1024 * 1024;
    eprintln!(
        "largest write-ahead logs during 2000 searches: federation {} bytes, limburg {} bytes",
        largest.0, largest.1
    );
    assert!(largest.0 < limit && largest.1 < limit, "{largest:?} bytes");
    let (_, body) = server.get("/readyz").await;
    assert!(body.contains("\"ok\""), "{body}");
}

/// Sends `head` and then, after the server had time to answer, a body of `size` bytes; the answer read back.
fn send_slowly(base: &str, head: &str, size: usize) -> Result<String, String> {
    let addr = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .map_err(|e| e.to_string())?;
    let head = format!("{head}Host: {addr}\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n");
    stream
        .write_all(head.as_bytes())
        .map_err(|e| format!("head: {e}"))?;
    std::thread::sleep(Duration::from_millis(300));
    let chunk = vec![b'a'; 16 * 1024];
    let mut sent = 0;
    while sent < size {
        let n = chunk.len().min(size - sent);
        stream
            .write_all(&chunk[..n])
            .map_err(|e| format!("body after {sent} bytes: {e}"))?;
        sent += n;
    }
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .map_err(|e| format!("answer: {e}"))?;
    Ok(answer)
}

#[test]
fn an_answer_given_before_the_body_is_read_reaches_a_client_still_sending() {
    let data = tempfile::tempdir().expect("temp dir");
    let server = Server::start(command(data.path(), &repo_tenants()));
    let cross_site = "POST /limburg/aanmelden HTTP/1.1\r\nSec-Fetch-Site: cross-site\r\nContent-Type: application/x-www-form-urlencoded\r\n";
    let answer = send_slowly(&server.base, cross_site, 600_000).expect("the answer, not a reset");
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    assert!(answer.contains("andere website"), "{answer}");
    let no_token =
        "POST /api/v1/tenants/limburg/organisations HTTP/1.1\r\nContent-Type: application/json\r\n";
    let answer = send_slowly(&server.base, no_token, 600_000).expect("the answer, not a reset");
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    assert!(answer.contains("\"error\":\"unauthorized\""), "{answer}");
}

#[test]
fn mail_links_name_the_listening_address_whatever_the_host_header_says() {
    let data = tempfile::tempdir().expect("temp dir");
    let out = run(command(data.path(), &repo_tenants())
        .args([
            "admin",
            "create",
            "--email",
            "beheer@limburg.example",
            "--province",
            "limburg",
        ])
        .env(
            "DOENERS_ADMIN_PASSWORD",
            "een lang wachtwoord voor de provincie",
        ));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let server = Server::start(command(data.path(), &repo_tenants()));
    let addr = server.base.trim_start_matches("http://").to_string();
    let body = "email=beheer%40limburg.example";
    let mut stream = TcpStream::connect(&addr).expect("connect");
    write!(
        stream,
        "POST /limburg/wachtwoord-vergeten HTTP/1.1\r\nHost: evil.example\r\nSec-Fetch-Site: same-origin\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("answer");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // The mail worker sends it a moment after the answer.
    let started = Instant::now();
    while std::fs::read_dir(data.path().join("mail")).map_or(0, Iterator::count) == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no mail within 10 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let mail: String = std::fs::read_dir(data.path().join("mail"))
        .expect("mail directory")
        .filter_map(Result::ok)
        .map(|e| std::fs::read_to_string(e.path()).expect("message"))
        .collect();
    let unfolded = mail.replace("=\r\n", "").replace("=3D", "=");
    assert!(!unfolded.contains("evil.example"), "{unfolded}");
    assert!(
        unfolded.contains(&format!(
            "http://{addr}/limburg/wachtwoord-herstellen?token="
        )),
        "{unfolded}"
    );
}

#[test]
fn serving_beyond_this_machine_without_a_public_address_is_warned_about() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut cmd = command(data.path(), &repo_tenants());
    cmd.env("DOENERS__SERVER__ADDR", "0.0.0.0:0");
    let server = Server::start(cmd);
    assert!(server.logged("accounts.public_url is not set"));
    assert!(server.terminate().success());
}

#[tokio::test]
async fn metrics_are_served_on_their_own_address_and_not_on_the_public_one() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut cmd = command(data.path(), &repo_tenants());
    cmd.env("DOENERS__SERVER__METRICS_ADDR", "127.0.0.1:0");
    let server = Server::start(cmd);
    assert_eq!(server.get("/metrics").await.0, 404);
    let line = server
        .log_line("metrics on http://")
        .expect("the metrics address is logged");
    let at = line.find("metrics on http://").expect("address") + "metrics on ".len();
    let url = line[at..]
        .split_whitespace()
        .next()
        .expect("url")
        .to_string();
    let response = reqwest::get(&url).await.expect("HTTP");
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("http_requests_total")
    );
    // What an operator watches per province, and the search's time with buckets (so nodes can be added up).
    assert_eq!(server.get("/api/v1/search?q=verpakken").await.0, 200);
    let wanted = [
        "doeners_tenant_up{province=\"limburg\"} 1",
        "doeners_outbox_backlog{province=\"limburg\"}",
        "doeners_projector_lag_seconds{province=\"antwerpen\"}",
        "doeners_db_pool_connections{province=\"limburg\",state=\"idle\"}",
        "doeners_db_pool_max{province=\"federation\"}",
        "doeners_search_duration_seconds_bucket{le=\"0.005\"}",
    ];
    until("every gauge is measured", async || {
        let text = reqwest::get(&url)
            .await
            .expect("HTTP")
            .text()
            .await
            .expect("body");
        wanted.iter().all(|w| text.contains(w))
    })
    .await;
}

#[tokio::test]
async fn a_burst_of_portal_searches_then_a_shutdown_loses_none_of_them() {
    let data = tempfile::tempdir().expect("temp dir");
    let server = Server::start(command(data.path(), &repo_tenants()));
    let since = chrono::Utc::now() - chrono::Duration::minutes(5);
    let client = reqwest::Client::new();
    let mut askers = tokio::task::JoinSet::new();
    for asker in 0..8 {
        let (client, base) = (client.clone(), server.base.clone());
        askers.spawn(async move {
            for i in 0..250 {
                let response = client
                    .get(format!("{base}/limburg/zoeken?q=stoot{asker}x{i}"))
                    .send()
                    .await
                    .expect("HTTP");
                assert_eq!(response.status(), 200);
            }
        });
    }
    while let Some(done) = askers.join_next().await {
        done.expect("asker");
    }
    // At once: most of the burst is still waiting in the search log's queue.
    assert!(server.terminate().success());
    let limburg = doeners_persistence::TenantDatabase::open(
        doeners_domain::TenantSlug::parse("limburg").expect("slug"),
        doeners_persistence::DatabaseLocation::Sqlite(data.path().join("limburg.db")),
        &doeners_persistence::PoolSettings::default(),
    )
    .await
    .expect("open");
    let counts = limburg.search_counts(since).await.expect("counts");
    assert_eq!(
        counts.searches, 2000,
        "every search asked before the shutdown is recorded"
    );
}

#[tokio::test]
async fn every_json_log_line_of_a_request_names_its_province_and_request_id() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut cmd = command(data.path(), &repo_tenants());
    cmd.env("DOENERS__LOG__FORMAT", "json");
    let server = Server::start(cmd);
    let answered = reqwest::Client::new()
        .get(format!("{}/limburg/aanbod", server.base))
        .header("x-request-id", "proef-logregel-7")
        .send()
        .await
        .expect("HTTP");
    assert_eq!(answered.status(), 200);
    until("the request is logged", async || {
        server.logged("proef-logregel-7")
    })
    .await;
    let line = server.log_line("proef-logregel-7").expect("a line");
    let json: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
    assert_eq!(json["span"]["request_id"], "proef-logregel-7", "{line}");
    assert_eq!(json["span"]["province"], "limburg", "{line}");
}
