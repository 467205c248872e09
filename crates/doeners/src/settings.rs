//! Configuration, in layers: built-in defaults, then the tenant files (`tenants/<slug>.toml`), then environment
//! variables `DOENERS__SECTION__KEY` (e.g. `DOENERS__SERVER__ADDR=127.0.0.1:0`,
//! `DOENERS__TENANTS__LIMBURG__DATABASE_URL=postgres://...`; a hyphen in a slug is written `_`).

use std::{collections::BTreeMap, path::PathBuf};

use anyhow::{Context, Result, bail};
use config::{Config, Environment, File, FileFormat, Value};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub data_dir: PathBuf,
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub log: LogSettings,
    pub search: SearchSettings,
    pub mail: MailSettings,
    pub accounts: AccountSettings,
    pub federation: FederationSettings,
    #[serde(default)]
    pub tenants: BTreeMap<String, TenantSettings>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServerSettings {
    pub addr: String,
    pub request_timeout_secs: u64,
    pub body_limit_bytes: usize,
    pub migrate_on_start: bool,
    /// Fill a tenant with demo data when its database is empty at start.
    pub seed_demo_when_empty: bool,
    /// `Strict-Transport-Security` max-age in seconds when served over HTTPS; 0 sends none.
    pub hsts_max_age_secs: u64,
    /// A second listening address that serves only `/metrics`, without a token (for a Prometheus on the same
    /// host or network); empty serves none.
    pub metrics_addr: String,
    /// The bearer token `/metrics` asks for on the main address; empty answers 404 there.
    pub metrics_token: String,
    /// How often the scheduler looks for due reminders, batches, outcome questions and digests.
    pub scheduler_interval_ms: u64,
    /// The reverse proxies whose `X-Forwarded-For` names the client (addresses or CIDR ranges, comma-separated,
    /// e.g. `127.0.0.1,10.0.0.0/8`); empty trusts no header and counts the connecting address.
    pub trusted_proxies: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MailSettings {
    /// The sender, e.g. `doeners <noreply@doeners.be>`.
    pub from: String,
    /// `smtps://user:password@host` or `smtp://host:25?tls=required`; empty writes messages as files.
    pub smtp_url: String,
    /// Where messages are written when there is no SMTP server; empty is `<data_dir>/mail`.
    pub dir: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AccountSettings {
    /// The address e-mailed links start with, e.g. `https://doeners.be`; empty uses the server's own listening
    /// address (development).
    pub public_url: String,
    /// Set when served over HTTPS: session cookies become `Secure` with the `__Host-` prefix.
    pub secure_cookies: bool,
    pub session_idle_minutes: u64,
    pub session_absolute_hours: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FederationSettings {
    /// The federation database (Flanders administrators, Flanders-wide search log): `sqlite://federation.db`
    /// under the data directory by default, or a `postgres://` URL like a tenant's.
    pub database_url: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    pub max_connections: u32,
    pub connect_timeout_secs: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SearchSettings {
    /// Where the search index lives; empty means `<data_dir>/search-index`.
    pub index_dir: String,
    /// How often the index takes up new changes, in milliseconds.
    pub refresh_ms: u64,
    /// Answers to requests kept while the index is unchanged (ranked offers and counts, one to three
    /// kilobytes each); 0 keeps none.
    pub remembered_answers: usize,
}

impl Settings {
    pub fn mail_dir(&self) -> PathBuf {
        if self.mail.dir.trim().is_empty() {
            self.data_dir.join("mail")
        } else {
            PathBuf::from(&self.mail.dir)
        }
    }

    pub fn index_dir(&self) -> PathBuf {
        if self.search.index_dir.trim().is_empty() {
            self.data_dir.join("search-index")
        } else {
            PathBuf::from(&self.search.index_dir)
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct LogSettings {
    /// `pretty` for people, `json` for log collectors.
    pub format: String,
    /// A tracing filter such as `info` or `doeners=debug,info`; `RUST_LOG` wins when set.
    pub filter: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TenantSettings {
    pub slug: String,
    pub display_name: String,
    pub nis_code: String,
    pub contact_email: String,
    pub database_url: String,
    pub branding: Branding,
    /// Host names serving this province's portal at `/`: a list in the tenant file, or comma-separated text
    /// from the environment (`DOENERS__TENANTS__LIMBURG__HOSTS=limburg.doeners.be,www.limburg.doeners.be`).
    #[serde(default, deserialize_with = "list_or_text")]
    pub hosts: Vec<String>,
    /// How contact requests and questions work in this province; every field has a default.
    #[serde(default)]
    pub collaboration: CollaborationSettings,
}

/// A tenant file's `[collaboration]` section.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CollaborationSettings {
    /// Administrators review each question before it goes out.
    pub review_questions: bool,
    pub batch_size: usize,
    pub batch_wait_hours: i64,
    pub enough_interested: usize,
    pub max_routed: usize,
    pub requests_per_day: u64,
    pub reminder_after_hours: i64,
    pub outcome_after_days: i64,
    pub digest_hour: u32,
}

impl Default for CollaborationSettings {
    fn default() -> Self {
        let rules = doeners_app::collaboration::Rules::default();
        Self {
            review_questions: rules.review_questions,
            batch_size: rules.batch_size,
            batch_wait_hours: rules.batch_wait.num_hours(),
            enough_interested: rules.enough_interested,
            max_routed: rules.max_routed,
            requests_per_day: rules.requests_per_day,
            reminder_after_hours: rules.reminder_after.num_hours(),
            outcome_after_days: rules.outcome_after.num_days(),
            digest_hour: rules.digest_hour,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Branding {
    pub colour: String,
    pub intro: String,
}

const DEFAULTS: &str = r#"
data_dir = "data"
tenants_dir = "tenants"

[server]
addr = "127.0.0.1:8080"
request_timeout_secs = 30
body_limit_bytes = 1048576
migrate_on_start = true
seed_demo_when_empty = true
hsts_max_age_secs = 0
metrics_addr = ""
metrics_token = ""
scheduler_interval_ms = 30000
trusted_proxies = ""

[mail]
from = "doeners <noreply@doeners.example>"
smtp_url = ""
dir = ""

[accounts]
public_url = ""
secure_cookies = false
session_idle_minutes = 120
session_absolute_hours = 12

[federation]
database_url = "sqlite://federation.db"

[database]
max_connections = 8
connect_timeout_secs = 3

[search]
index_dir = ""
refresh_ms = 200
remembered_answers = 10000

[log]
format = "pretty"
filter = "info,sqlx::postgres::notice=warn"
"#;

/// A list written as a TOML array or as comma-separated text (what an environment variable can hold).
fn list_or_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        List(Vec<String>),
        Text(String),
    }
    Ok(match Either::deserialize(d)? {
        Either::List(list) => list,
        Either::Text(text) => text
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    })
}

fn environment() -> Environment {
    Environment::with_prefix("DOENERS")
        .prefix_separator("__")
        .separator("__")
        .try_parsing(true)
}

impl Settings {
    pub fn load() -> Result<Self> {
        // First pass: where are the tenant files?
        let base = Config::builder()
            .add_source(File::from_str(DEFAULTS, FileFormat::Toml))
            .add_source(environment())
            .build()
            .context("configuratie kan niet gelezen worden")?;
        let tenants_dir: PathBuf = base.get("tenants_dir").context("tenants_dir ontbreekt")?;

        let mut builder = Config::builder().add_source(File::from_str(DEFAULTS, FileFormat::Toml));
        for (key, path) in tenant_files(&tenants_dir)? {
            let file = Config::builder()
                .add_source(File::from(path.as_path()).format(FileFormat::Toml))
                .build()
                .with_context(|| format!("{} kan niet gelezen worden", path.display()))?;
            let table: BTreeMap<String, Value> = file.try_deserialize().with_context(|| {
                format!("{} is geen geldige tenantconfiguratie", path.display())
            })?;
            for (field, value) in table {
                builder = builder.set_default(format!("tenants.{key}.{field}"), value)?;
            }
        }
        let settings: Settings = builder
            .add_source(environment())
            .build()
            .and_then(Config::try_deserialize)
            .context("configuratie is ongeldig")?;
        Ok(settings)
    }
}

/// `(config key, path)` for each `*.toml` in the directory, in name order. The key is the file stem with `-`
/// written as `_`, so that an environment variable can name it.
fn tenant_files(dir: &std::path::Path) -> Result<Vec<(String, PathBuf)>> {
    let entries = std::fs::read_dir(dir).with_context(|| {
        format!(
            "de map met tenantbestanden '{}' kan niet gelezen worden",
            dir.display()
        )
    })?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if !stem
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            bail!(
                "tenantbestand '{}': gebruik kleine letters, cijfers en koppeltekens in de naam",
                path.display()
            );
        }
        files.push((stem.replace('-', "_"), path));
    }
    files.sort();
    if files.is_empty() {
        bail!("geen tenantbestanden (*.toml) in '{}'", dir.display());
    }
    Ok(files)
}
