//! `doeners backup` and `doeners restore`: one file per database in a directory of the operator's choosing,
//! `<slug>.db` for a SQLite database (an online copy: the server may keep serving) and `<slug>.dump` for a
//! PostgreSQL one (`pg_dump`'s custom format, without owners or privileges, so it restores under any role).
//! The federation database is `federation.db` or `federation.dump`. The runbook is `deploy/backup/README.md`.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{Context, Result, bail};
use doeners_persistence::{Database, DatabaseLocation, TenantDatabase};

use crate::settings::Settings;

/// One database a command names: its name in the backup, the database, and the province's own handle.
struct Target {
    name: String,
    db: Database,
    province: Option<TenantDatabase>,
}

/// The databases a command names: the given provinces, or every province and the federation.
async fn chosen(settings: &Settings, only: &[String]) -> Result<Vec<Target>> {
    let tenants = crate::tenants::open(settings).await?;
    let province = |tenant: &doeners_http::Tenant| Target {
        name: tenant.profile.slug.to_string(),
        db: (**tenant.database()).clone(),
        province: Some(tenant.database().clone()),
    };
    let mut chosen = Vec::new();
    for slug in only {
        chosen.push(province(crate::tenants::find(&tenants, slug)?));
    }
    if only.is_empty() {
        chosen.extend(tenants.iter().map(province));
        let federation = crate::tenants::open_federation(settings).await?;
        chosen.push(Target {
            name: "federation".to_string(),
            db: (*federation).clone(),
            province: None,
        });
    }
    Ok(chosen)
}

fn file_of(dir: &Path, name: &str, location: &DatabaseLocation) -> PathBuf {
    match location {
        DatabaseLocation::Sqlite(_) => dir.join(format!("{name}.db")),
        DatabaseLocation::Postgres { .. } => dir.join(format!("{name}.dump")),
    }
}

pub async fn backup(settings: &Settings, only: &[String], to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)
        .with_context(|| format!("map {} kan niet gemaakt worden", to.display()))?;
    for Target { name, db, .. } in chosen(settings, only).await? {
        let file = file_of(to, &name, db.location());
        // Written beside its final name and renamed when complete, so a file by that name is always whole.
        let partial = file.with_extension("partial");
        let _ = std::fs::remove_file(&partial);
        match db.location() {
            DatabaseLocation::Sqlite(_) => db
                .copy_sqlite_into(&partial)
                .await
                .with_context(|| format!("{name}: kopie mislukt"))?,
            DatabaseLocation::Postgres { url, schema } => {
                let mut dump = postgres_tool("pg_dump", url);
                dump.args(["--format=custom", "--no-owner", "--no-acl", "--file"])
                    .arg(&partial);
                if let Some(schema) = schema {
                    dump.arg(format!("--schema={schema}"));
                }
                run(&mut dump, &name)?;
            }
        }
        std::fs::rename(&partial, &file)
            .with_context(|| format!("{} kan niet geschreven worden", file.display()))?;
        let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        println!("{name}: {} ({size} bytes)", file.display());
    }
    Ok(())
}

pub async fn restore(settings: &Settings, only: &[String], from: &Path) -> Result<()> {
    let chosen = chosen(settings, only).await?;
    // Every file is checked before anything is replaced, so a missing one leaves all databases as they were.
    for target in &chosen {
        let file = file_of(from, &target.name, target.db.location());
        if !file.is_file() {
            bail!(
                "{}: {} ontbreekt in de back-up",
                target.name,
                file.display()
            );
        }
    }
    for Target { name, db, province } in chosen {
        let file = file_of(from, &name, db.location());
        match db.location() {
            DatabaseLocation::Sqlite(path) => replace_sqlite(&file, path)
                .with_context(|| format!("{name}: terugzetten mislukt"))?,
            DatabaseLocation::Postgres { url, schema } => {
                // Created when missing; emptied and filled in one transaction below.
                if schema.is_none() {
                    db.create_if_missing()
                        .await
                        .with_context(|| format!("{name}: databank kan niet gemaakt worden"))?;
                }
                let (url, schema, file, name) =
                    (url.clone(), schema.clone(), file.clone(), name.clone());
                tokio::task::spawn_blocking(move || {
                    load_dump(&url, schema.as_deref(), &file, &name)
                })
                .await??;
            }
        }
        if let Some(province) = province {
            province.mark_restored().await.with_context(|| {
                format!("{name}: de zoekindex kan niet op de hoogte gebracht worden")
            })?;
        }
        println!("{name}: teruggezet uit {}", file.display());
    }
    println!(
        "Start de servers opnieuw: elke server bouwt het deel van zijn zoekindex voor een teruggezette provincie opnieuw op."
    );
    Ok(())
}

/// Loads a custom-format dump into a PostgreSQL database as one transaction: the dump is first turned into SQL
/// in a file of its own (so a damaged dump is refused before anything changes), then psql empties the schema
/// and runs it, stopping at the first error, so a restore that fails leaves the database as it was.
fn load_dump(url: &str, schema: Option<&str>, dump: &Path, name: &str) -> Result<()> {
    let sql =
        std::env::temp_dir().join(format!("doeners-restore-{name}-{}.sql", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&sql)
            .with_context(|| format!("{} kan niet geschreven worden", sql.display()))?;
        let empty = match schema {
            Some(schema) => format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE;\n"),
            None => "DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n".to_string(),
        };
        std::io::Write::write_all(&mut file, empty.as_bytes())?;
        let mut to_sql = Command::new("pg_restore");
        to_sql
            .args(["--no-owner", "--no-acl", "--file=-"])
            .arg(dump)
            .stdout(file);
        run(&mut to_sql, name)?;
        let mut load = postgres_tool("psql", url);
        load.args([
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            "--file",
        ])
        .arg(&sql);
        run(&mut load, name)
    })();
    let _ = std::fs::remove_file(&sql);
    result
}

/// A PostgreSQL client program for the database at `url`, its password given in the environment rather than on
/// the command line, where every user of the machine could read it.
fn postgres_tool(program: &str, url: &str) -> Command {
    let mut command = Command::new(program);
    let (url, password) = without_password(url);
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    command.arg(format!("--dbname={url}"));
    command
}

/// `postgres://user:secret@host/db` as `postgres://user@host/db` and `secret` (percent-decoded).
fn without_password(url: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = url.split_once("://") else {
        return (url.to_string(), None);
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return (url.to_string(), None);
    };
    let Some((user, password)) = userinfo.split_once(':') else {
        return (url.to_string(), None);
    };
    (
        format!("{scheme}://{user}@{host}{tail}"),
        Some(percent_decoded(password)),
    )
}

fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Puts the copy in place of a SQLite database whose server is stopped: written beside it, then renamed over
/// it, and the old write-ahead log removed (it belongs to the replaced file).
fn replace_sqlite(copy: &Path, database: &Path) -> Result<()> {
    if let Some(dir) = database.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let incoming = database.with_extension("restoring");
    std::fs::copy(copy, &incoming)?;
    std::fs::File::open(&incoming)?.sync_all()?;
    for suffix in ["-wal", "-shm"] {
        let mut side = database.as_os_str().to_owned();
        side.push(suffix);
        match std::fs::remove_file(PathBuf::from(side)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    std::fs::rename(&incoming, database)?;
    Ok(())
}

fn run(command: &mut Command, name: &str) -> Result<()> {
    let program = command.get_program().to_string_lossy().to_string();
    let output = command.output().with_context(|| {
        format!(
            "{name}: {program} kan niet gestart worden (is de PostgreSQL-client geïnstalleerd?)"
        )
    })?;
    if !output.status.success() {
        bail!(
            "{name}: {program} mislukte: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::without_password;

    #[test]
    fn a_password_leaves_the_url_for_the_environment() {
        assert_eq!(
            without_password(
                "postgres://doeners:g%40heim%3A1@db.example:5432/doeners_limburg?sslmode=require"
            ),
            (
                "postgres://doeners@db.example:5432/doeners_limburg?sslmode=require".to_string(),
                Some("g@heim:1".to_string())
            )
        );
        assert_eq!(
            without_password("postgres://postgres@127.0.0.1:5432/x"),
            ("postgres://postgres@127.0.0.1:5432/x".to_string(), None)
        );
    }
}
