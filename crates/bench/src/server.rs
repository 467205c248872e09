//! The real `doeners` executable under load: its tenants filled through `doeners import`, started on a free
//! port, measured (RSS from /proc) and stopped with SIGTERM.

use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};
use doeners_search::OfferDocument;

use crate::data;

/// The `doeners` executable built beside this benchmark.
pub fn executable() -> Result<PathBuf> {
    let path = std::env::current_exe()?.with_file_name("doeners");
    if !path.exists() {
        bail!(
            "{} is missing: build it first with `cargo build --release -p doeners`",
            path.display()
        );
    }
    Ok(path)
}

fn command(data_dir: &Path) -> Result<Command> {
    let mut cmd = Command::new(executable()?);
    cmd.env("DOENERS__DATA_DIR", data_dir)
        .env(
            "DOENERS__TENANTS_DIR",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tenants"),
        )
        .env("DOENERS__SERVER__ADDR", "127.0.0.1:0")
        .env("DOENERS__SERVER__SEED_DEMO_WHEN_EMPTY", "false")
        .env("DOENERS__LOG__FORMAT", "pretty")
        .env("NO_COLOR", "1")
        .env("RUST_LOG", "warn,doeners=info");
    Ok(cmd)
}

/// Migrates the tenants' databases and imports each province's share of `docs`.
pub fn fill(data_dir: &Path, docs: &[OfferDocument]) -> Result<()> {
    let status = command(data_dir)?.arg("migrate").status()?;
    if !status.success() {
        bail!("doeners migrate failed");
    }
    for tenant in data::tenants() {
        let (organisations, offers) = data::import_files(docs, tenant);
        let organisations_csv = data_dir.join(format!("{tenant}-organisations.csv"));
        let offers_csv = data_dir.join(format!("{tenant}-offers.csv"));
        std::fs::write(&organisations_csv, organisations)?;
        std::fs::write(&offers_csv, offers)?;
        let output = command(data_dir)?
            .args(["import", "--tenant", tenant, "--organisations"])
            .arg(&organisations_csv)
            .arg("--offers")
            .arg(&offers_csv)
            .output()?;
        if !output.status.success() {
            bail!(
                "import into {tenant} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
    Ok(())
}

pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    /// Starts the server and waits until it says where it listens (after it has brought its index up to date).
    pub fn start(data_dir: &Path) -> Result<Self> {
        let mut child = command(data_dir)?
            .arg("serve")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .context("start doeners")?;
        let stdout = child.stdout.take().context("stdout")?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(at) = line.find("listening on http://") {
                    let addr = line[at + "listening on ".len()..]
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_string();
                    let _ = tx.send(addr);
                }
            }
        });
        let base = rx
            .recv_timeout(Duration::from_secs(300))
            .context("the server did not say where it listens")?;
        Ok(Self { child, base })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Resident and peak resident memory in MB, from /proc.
    pub fn rss_mb(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
                .map_or(0.0, |kb| kb / 1024.0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }

    /// SIGTERM, then waits for the process to end.
    pub fn stop(mut self) -> Result<()> {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()?;
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.child.try_wait()?.is_some() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        bail!("doeners did not stop within 30 s of SIGTERM")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
