//! Two server processes on the same PostgreSQL databases behind nginx, as `deploy/` runs them: each keeps its own
//! search index from the provinces' change feeds, a session made through one works on the other, a write through
//! one is found through both within a second, and nginx spreads the requests over both.
//!
//! Needs Debian's nginx (`.ci/run` installs it): without it the test says loudly that it was skipped, and fails
//! when `DOENERS_REQUIRE_NGINX` is set.

#![allow(clippy::expect_used, clippy::panic)]

mod server;

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use serde_json::{Value, json};
use server::{
    Server, command, cookie_of, load,
    postgres::{drop_databases, postgres_platform},
    repo_tenants, run,
};

const PASSWORD: &str = "beheer van twee servers 2026";

fn nginx() -> Option<PathBuf> {
    ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("address")
        .port()
}

/// nginx in front of `nodes` on `port`, as deploy/nginx/doeners.conf forwards (host, client address, scheme),
/// naming the node that answered in `x-upstream`.
struct Proxy(Child);

impl Proxy {
    fn start(binary: &Path, dir: &Path, port: u16, nodes: &[&str]) -> Self {
        let servers: String = nodes
            .iter()
            .map(|n| format!("    server {n} max_fails=1 fail_timeout=5s;\n"))
            .collect();
        let d = dir.display();
        let conf = format!(
            "user root;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\nevents {{ worker_connections 256; }}\n\
http {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
  upstream doeners {{\n{servers}    keepalive 8;\n  }}\n\
  server {{\n    listen 127.0.0.1:{port};\n    client_max_body_size 9m;\n    location / {{\n      proxy_pass http://doeners;\n      proxy_http_version 1.1;\n      proxy_set_header Connection \"\";\n      proxy_set_header Host $http_host;\n      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n      proxy_set_header X-Forwarded-Proto $scheme;\n      add_header X-Upstream $upstream_addr always;\n    }}\n  }}\n}}\n"
        );
        let file = dir.join("nginx.conf");
        std::fs::write(&file, conf).expect("nginx.conf");
        let child = Command::new(binary)
            .args([
                "-p",
                &d.to_string(),
                "-c",
                &file.display().to_string(),
                "-g",
                "daemon off;",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start nginx");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "nginx did not listen on {port}: {}",
                std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Self(child)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-QUIT", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

async fn total(client: &reqwest::Client, base: &str, word: &str) -> u64 {
    let body: Value = client
        .get(format!("{base}/api/v1/search?q={word}&province=limburg"))
        .send()
        .await
        .expect("search")
        .json()
        .await
        .expect("json");
    body["total"].as_u64().expect("total")
}

#[tokio::test(flavor = "multi_thread")]
async fn two_nodes_behind_nginx_share_sessions_and_find_a_write_within_a_second() {
    let Some(nginx) = nginx() else {
        assert!(
            std::env::var("DOENERS_REQUIRE_NGINX").is_err(),
            "DOENERS_REQUIRE_NGINX is set but nginx is not installed"
        );
        eprintln!("WARNING: nginx is not installed; the two-node test behind nginx is SKIPPED");
        return;
    };
    let Some((pg, env)) = postgres_platform("nodes").await else {
        return;
    };
    let dirs = [
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    ];
    let with_env = |cmd: &mut Command| {
        for (k, v) in &env {
            cmd.env(k, v);
        }
        cmd.env("DOENERS__SERVER__SEED_DEMO_WHEN_EMPTY", "false")
            .env("DOENERS__SERVER__TRUSTED_PROXIES", "127.0.0.1")
            .env("RUST_LOG", "warn,doeners=info");
    };
    for args in [
        vec!["migrate"],
        vec!["seed", "--demo"],
        vec![
            "admin",
            "create",
            "--province",
            "limburg",
            "--email",
            "beheer@limburg.example",
        ],
    ] {
        let mut cmd = command(dirs[0].path(), &repo_tenants());
        with_env(&mut cmd);
        let out = run(cmd.args(&args).env("DOENERS_ADMIN_PASSWORD", PASSWORD));
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let nodes: Vec<Server> = dirs[..2]
        .iter()
        .map(|d| {
            let mut cmd = command(d.path(), &repo_tenants());
            with_env(&mut cmd);
            Server::start(cmd)
        })
        .collect();
    let addresses: Vec<&str> = nodes
        .iter()
        .map(|n| n.base.trim_start_matches("http://"))
        .collect();
    let port = free_port();
    let proxy = Proxy::start(&nginx, dirs[2].path(), port, &addresses);
    let front = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");

    // Both nodes are ready, and nginx spreads requests over them.
    let mut answered_by = BTreeSet::new();
    for _ in 0..6 {
        let ready = client
            .get(format!("{front}/readyz"))
            .send()
            .await
            .expect("readyz");
        assert_eq!(ready.status().as_u16(), 200);
        answered_by.insert(
            ready.headers()["x-upstream"]
                .to_str()
                .expect("text")
                .to_string(),
        );
        assert!(
            ready
                .text()
                .await
                .expect("body")
                .contains("\"status\":\"ok\"")
        );
    }
    assert_eq!(answered_by.len(), 2, "{answered_by:?}");

    // A session made through the proxy works on either node.
    let login = client
        .post(format!("{front}/limburg/aanmelden"))
        .form(&[("email", "beheer@limburg.example"), ("password", PASSWORD)])
        .send()
        .await
        .expect("login");
    assert_eq!(login.status().as_u16(), 303);
    let cookie = cookie_of(&login);
    for node in &nodes {
        let page = client
            .get(format!("{}/limburg/account", node.base))
            .header("cookie", &cookie)
            .send()
            .await
            .expect("account");
        assert_eq!(page.status().as_u16(), 200, "{}", node.base);
        let text = page.text().await.expect("body");
        assert!(text.contains("beheer@limburg.example"), "{text}");
    }
    let token = load::api_token(&front, "limburg", "beheer@limburg.example", PASSWORD).await;
    let organisations: Value = client
        .get(format!(
            "{front}/api/v1/tenants/limburg/organisations?per_page=1"
        ))
        .send()
        .await
        .expect("organisations")
        .json()
        .await
        .expect("json");
    let slug = organisations["items"][0]["slug"]
        .as_str()
        .expect("an organisation")
        .to_string();

    // A write through one node is found through both within a second; each node writes in turn.
    let mut slowest = Duration::ZERO;
    for round in 0..6 {
        let writer = &nodes[round % 2];
        let word = format!("zeefdrukproef{round}");
        let created = client
            .post(format!(
                "{}/api/v1/tenants/limburg/organisations/{slug}/offers",
                writer.base
            ))
            .bearer_auth(&token)
            .json(&json!({
                "title": format!("Zeefdruk op maat {round}"),
                "description": format!("Proefopdracht {word} in zeefdruk."),
                "category": "drukwerk",
                "execution_mode": "eigen-atelier",
                "service_area": "vlaanderen",
            }))
            .send()
            .await
            .expect("create");
        let written = Instant::now();
        let status = created.status().as_u16();
        let body: Value = created.json().await.expect("json");
        assert_eq!(status, 201, "{body}");
        if body["status"] != "published" {
            let id = body["id"].as_str().expect("id");
            let published = client
                .post(format!(
                    "{}/api/v1/tenants/limburg/organisations/{slug}/offers/{id}/publish",
                    writer.base
                ))
                .bearer_auth(&token)
                .send()
                .await
                .expect("publish");
            assert!(published.status().is_success());
        }
        for node in &nodes {
            while total(&client, &node.base, &word).await == 0 {
                assert!(
                    written.elapsed() < Duration::from_secs(5),
                    "{word} not found through {} within 5 s",
                    node.base
                );
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
        slowest = slowest.max(written.elapsed());
    }
    eprintln!(
        "two nodes behind nginx: a write through one node found through both within {} ms at most (6 writes)",
        slowest.as_millis()
    );
    assert!(slowest <= Duration::from_secs(1), "{slowest:?}");
    drop(proxy);
    for node in nodes {
        assert!(node.terminate().success());
    }
    drop_databases(&pg, &env).await;
}
