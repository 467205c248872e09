//! A PostgreSQL database of its own for each test, on whichever server this machine offers.

use std::{
    net::TcpStream,
    path::{Path, PathBuf},
    process::Command,
    sync::OnceLock,
    time::Duration,
};

use doeners_persistence::DatabaseLocation;
use sea_orm::{ConnectionTrait, Database};

/// A database created for one test and dropped when the value is dropped.
pub struct TestPostgres {
    server: String,
    name: String,
}

impl TestPostgres {
    /// Creates a fresh database, or returns `None` (after saying so loudly) when no PostgreSQL is available.
    pub async fn create() -> Option<Self> {
        let Some(server) = server_url() else {
            let message = "NO POSTGRESQL AVAILABLE: the PostgreSQL half of this test did not run. Set TEST_DATABASE_URL, \
                           start PostgreSQL on 127.0.0.1:5432, or install its server binaries.";
            if std::env::var("DOENERS_REQUIRE_POSTGRES").as_deref() == Ok("1") {
                panic!("{message} (DOENERS_REQUIRE_POSTGRES=1)");
            }
            eprintln!("\n*** {message} ***\n");
            return None;
        };
        let name = format!("doeners_test_{}", uuid::Uuid::now_v7().simple());
        let admin = Database::connect(format!("{server}/postgres"))
            .await
            .expect("connect to PostgreSQL");
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .expect("create test database");
        let _ = admin.close().await;
        Some(Self {
            server: server.clone(),
            name,
        })
    }

    /// A schema of its own for the tenant, on this test's database.
    pub fn tenant_location(&self, slug: &str) -> DatabaseLocation {
        DatabaseLocation::Postgres {
            url: self.url(),
            schema: Some(slug.replace('-', "_")),
        }
    }

    pub fn url(&self) -> String {
        format!("{}/{}", self.server, self.name)
    }

    pub fn server(&self) -> &str {
        &self.server
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        let admin_url = format!("{}/postgres", self.server);
        let statement = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name);
        // Drop runs inside the test's runtime, which cannot block on itself: use a runtime of our own.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let admin = Database::connect(admin_url).await.ok()?;
                let result = admin.execute_unprepared(&statement).await;
                let _ = admin.close().await;
                result.ok()
            })
        })
        .join();
    }
}

/// `postgres://user@host:port` of the server to use, found once per test process.
pub fn server_url() -> Option<String> {
    static SERVER: OnceLock<Option<String>> = OnceLock::new();
    SERVER.get_or_init(find_server).clone()
}

fn find_server() -> Option<String> {
    if let Ok(url) = std::env::var("TEST_DATABASE_URL") {
        let without_query = url.split('?').next().unwrap_or_default();
        let scheme_end = without_query.find("://").map_or(0, |i| i + 3);
        return Some(match without_query[scheme_end..].find('/') {
            Some(slash) => without_query[..scheme_end + slash].to_string(),
            None => without_query.to_string(),
        });
    }
    if TcpStream::connect_timeout(&"127.0.0.1:5432".parse().ok()?, Duration::from_millis(500))
        .is_ok()
    {
        return Some("postgres://postgres@127.0.0.1:5432".to_string());
    }
    throwaway_cluster()
}

/// Starts (or finds running) a cluster under `target/test-postgres` from the installed server binaries.
fn throwaway_cluster() -> Option<String> {
    let bin = installed_bin_dir()?;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/test-postgres");
    let data = dir.join("data");
    let port = 55432;
    let as_postgres = |args: &str| -> bool {
        let is_root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| o.stdout == b"0\n")
            .unwrap_or(false);
        // initdb refuses to run as root: run the cluster as the postgres user then.
        let status = if is_root {
            let _ = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&dir)
                .status();
            Command::new("su")
                .args(["postgres", "-s", "/bin/sh", "-c", args])
                .status()
        } else {
            Command::new("sh").args(["-c", args]).status()
        };
        status.map(|s| s.success()).unwrap_or(false)
    };
    std::fs::create_dir_all(&dir).ok()?;
    let pg = |tool: &str| bin.join(tool).display().to_string();
    if !data.join("PG_VERSION").exists() {
        let ok = as_postgres(&format!(
            "{} -D {} -U postgres --auth=trust -E UTF8 >/dev/null",
            pg("initdb"),
            data.display()
        ));
        if !ok {
            return None;
        }
    }
    let running = as_postgres(&format!(
        "{} -D {} status >/dev/null 2>&1",
        pg("pg_ctl"),
        data.display()
    ));
    if !running {
        let ok = as_postgres(&format!(
            "{} -D {} -l {}/log -w -o \"-p {port} -c listen_addresses=127.0.0.1 -k {} -c fsync=off -c full_page_writes=off\" start >/dev/null",
            pg("pg_ctl"),
            data.display(),
            dir.display(),
            dir.display()
        ));
        if !ok {
            return None;
        }
    }
    Some(format!("postgres://postgres@127.0.0.1:{port}"))
}

fn installed_bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir(Path::new("/usr/lib/postgresql"))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop()
}
