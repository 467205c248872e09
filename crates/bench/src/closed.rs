//! Closed-loop load: a fixed number of clients, each sending its next request as soon as the previous one is
//! answered, so the figure is the throughput the server sustains and the latency at that throughput. The
//! server is driven by `wrk` (Debian's package), PostgreSQL by `pgbench` on the same queries.

use std::{path::Path, process::Command};

use anyhow::{Context, Result, bail};

/// What one closed-loop run gave.
#[derive(Debug, Clone, Copy)]
pub struct Closed {
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// Rotates `wrk` through `paths` (one per line in a file), so that every request is another query.
const ROTATE: &str = r#"
local paths = {}
for line in io.lines(os.getenv("DOENERS_WRK_PATHS")) do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
"#;

/// `wrk` with `connections` connections for `seconds` against `base`, the paths rotating.
pub fn wrk(
    base: &str,
    paths: &[String],
    connections: u32,
    seconds: u32,
    dir: &Path,
) -> Result<Closed> {
    let command = wrk_command(base, paths, connections, seconds, dir)?;
    let text = printed(command, "wrk", "apt-get install wrk")?;
    if text.contains("Non-2xx") || text.contains("Socket errors") {
        bail!("wrk saw failed requests:\n{text}");
    }
    let field = |prefix: &str| -> Option<&str> {
        text.lines()
            .map(str::trim)
            .find(|l| l.starts_with(prefix))
            .and_then(|l| l.split_whitespace().nth(1))
    };
    Ok(Closed {
        per_second: field("Requests/sec:")
            .and_then(|v| v.parse().ok())
            .context("wrk printed no Requests/sec")?,
        p50_ms: field("50%")
            .and_then(millis)
            .context("wrk printed no p50")?,
        p99_ms: field("99%")
            .and_then(millis)
            .context("wrk printed no p99")?,
    })
}

/// `command` as a shell line, to run by hand (e.g. beside a profiler).
pub fn shown(command: &Command) -> String {
    let mut line: Vec<String> = command
        .get_envs()
        .map(|(k, v)| {
            format!(
                "{}={}",
                k.to_string_lossy(),
                v.map(|v| v.to_string_lossy()).unwrap_or_default()
            )
        })
        .collect();
    line.push(command.get_program().to_string_lossy().into_owned());
    line.extend(command.get_args().map(|a| a.to_string_lossy().into_owned()));
    line.join(" ")
}

/// The `wrk` command of [`wrk`], its paths and script written into `dir`.
pub fn wrk_command(
    base: &str,
    paths: &[String],
    connections: u32,
    seconds: u32,
    dir: &Path,
) -> Result<Command> {
    let list = dir.join("wrk-paths.txt");
    std::fs::write(&list, paths.join("\n"))?;
    let script = dir.join("rotate.lua");
    std::fs::write(&script, ROTATE)?;
    let mut command = Command::new("wrk");
    command
        .env("DOENERS_WRK_PATHS", &list)
        .args([
            "-t",
            &connections.min(2).to_string(),
            "-c",
            &connections.to_string(),
            "-d",
            &format!("{seconds}s"),
            "--latency",
            "-s",
        ])
        .arg(&script)
        .arg(base);
    Ok(command)
}

/// What `command` printed on standard output, or why it could not run or failed.
fn printed(mut command: Command, name: &str, install: &str) -> Result<String> {
    let output = command
        .output()
        .with_context(|| format!("{name} is not installed: {install}"))?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        bail!(
            "{name} failed: {text}{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(text)
}

/// `wrk` prints a latency with its unit: `812.00us`, `2.31ms`, `1.02s`.
fn millis(value: &str) -> Option<f64> {
    let (number, factor) = if let Some(n) = value.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = value.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = value.strip_suffix('s') {
        (n, 1000.0)
    } else {
        return None;
    };
    number.parse::<f64>().ok().map(|n| n * factor)
}

/// `pgbench` with `clients` clients for `seconds` on `script` against `url`; latencies from its per-transaction log.
pub fn pgbench(url: &str, script: &str, clients: u32, seconds: u32, dir: &Path) -> Result<Closed> {
    let file = dir.join("search.sql");
    std::fs::write(&file, script)?;
    let prefix = dir.join("pgbench");
    let mut command = Command::new("pgbench");
    command
        .args([
            "-n",
            "-c",
            &clients.to_string(),
            "-j",
            &clients.min(2).to_string(),
            "-T",
            &seconds.to_string(),
            "-l",
        ])
        .arg(format!("--log-prefix={}", prefix.display()))
        .arg("-f")
        .arg(&file)
        .arg(url)
        .current_dir(dir);
    let text = printed(command, "pgbench", "apt-get install postgresql-client")?;
    let per_second = text
        .lines()
        .find(|l| l.starts_with("tps = "))
        .and_then(|l| l.split_whitespace().nth(2))
        .and_then(|v| v.parse().ok())
        .context("pgbench printed no tps")?;
    // Each log line: client, transaction, latency in µs, script, epoch seconds, µs.
    let mut latencies: Vec<f64> = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("pgbench."))
        {
            for line in std::fs::read_to_string(&path)?.lines() {
                if let Some(us) = line
                    .split_whitespace()
                    .nth(2)
                    .and_then(|v| v.parse::<f64>().ok())
                {
                    latencies.push(us / 1000.0);
                }
            }
        }
    }
    latencies.sort_by(f64::total_cmp);
    let at = |p: f64| {
        latencies
            .get(((latencies.len().max(1) - 1) as f64 * p).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    Ok(Closed {
        per_second,
        p50_ms: at(0.5),
        p99_ms: at(0.99),
    })
}

#[cfg(test)]
mod tests {
    use super::millis;

    #[test]
    fn wrk_units_read_as_milliseconds() {
        assert_eq!(millis("812.00us"), Some(0.812));
        assert_eq!(millis("2.31ms"), Some(2.31));
        assert_eq!(millis("1.50s"), Some(1500.0));
        assert_eq!(millis("fast"), None);
    }
}
