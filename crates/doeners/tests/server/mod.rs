//! The real `doeners` executable as the tests start it: on a free port, with its own data directory, spoken to
//! over HTTP and stopped with SIGTERM.

// Helpers of a test file may fail loudly: a failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::panic, dead_code)]

pub mod load;
pub mod postgres;

use std::{
    io::{BufRead, BufReader},
    path::{Path, PathBuf},
    process::{Child, Command, Output, Stdio},
    sync::{Arc, Mutex},
    time::Duration,
};

pub const BIN: &str = env!("CARGO_BIN_EXE_doeners");

pub fn repo_tenants() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tenants")
}

pub fn command(data: &Path, tenants: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env("DOENERS__DATA_DIR", data)
        .env("DOENERS__TENANTS_DIR", tenants)
        .env("DOENERS__SERVER__ADDR", "127.0.0.1:0")
        .env("DOENERS__LOG__FORMAT", "pretty")
        .env("NO_COLOR", "1")
        .env("RUST_LOG", "info");
    cmd
}

/// A running server and the address it said it listens on.
pub struct Server {
    pub child: Child,
    pub base: String,
    /// Every line the server logged on standard output so far.
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn start(mut cmd: Command) -> Self {
        let mut child = cmd
            .arg("serve")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start doeners");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        let log = Arc::new(Mutex::new(Vec::new()));
        let lines = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(mut lines) = lines.lock() {
                    lines.push(line.clone());
                }
                if let Some(at) = line.find("listening on http://") {
                    // A word of its own in a readable line, a string's end in a JSON one.
                    let addr = line[at + "listening on ".len()..]
                        .split(|c: char| c.is_whitespace() || c == '"')
                        .next()
                        .unwrap_or_default()
                        .to_string();
                    let _ = tx.send(addr);
                }
            }
        });
        let base = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the server logs where it listens");
        Self { child, base, log }
    }

    /// Whether a line logged so far contains `text`.
    pub fn logged(&self, text: &str) -> bool {
        self.log_line(text).is_some()
    }

    /// The first line logged so far that contains `text`.
    pub fn log_line(&self, text: &str) -> Option<String> {
        self.log
            .lock()
            .expect("log")
            .iter()
            .find(|line| line.contains(text))
            .cloned()
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = reqwest::get(format!("{}{path}", self.base))
            .await
            .expect("HTTP");
        (
            response.status().as_u16(),
            response.text().await.expect("body"),
        )
    }

    pub fn terminate(mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for _ in 0..100 {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        panic!("doeners did not stop within 10 s of SIGTERM");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("run doeners")
}

/// `name=value` of the cookie a response sets.
pub fn cookie_of(response: &reqwest::Response) -> String {
    response.headers()["set-cookie"]
        .to_str()
        .expect("text")
        .split(';')
        .next()
        .expect("cookie")
        .to_string()
}
