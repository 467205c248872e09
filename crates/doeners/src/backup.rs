//! `doeners backup` and `doeners restore`: one file per database in a directory of the operator's choosing,
//! `<slug>.db` for a SQLite database (an online copy: the server may keep serving) and `<slug>.dump` for a
//! PostgreSQL one (`pg_dump`'s custom format, without owners or privileges, so it restores under any role).
//! The federation database is `federation.db` or `federation.dump`. The runbook is `deploy/backup/README.md`.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{Context, Result, bail};
use doeners_persistence::{Database, DatabaseLocation};

use crate::settings::Settings;

/// The databases a command names: the given provinces, or every province and the federation.
async fn chosen(settings: &Settings, only: &[String]) -> Result<Vec<(String, Database)>> {
    let tenants = crate::tenants::open(settings).await?;
    let mut chosen = Vec::new();
    for slug in only {
        let tenant = crate::tenants::find(&tenants, slug)?;
        chosen.push((slug.clone(), (**tenant.database()).clone()));
    }
    if only.is_empty() {
        for tenant in &tenants {
            chosen.push((
                tenant.profile.slug.to_string(),
                (**tenant.database()).clone(),
            ));
        }
        let federation = crate::tenants::open_federation(settings).await?;
        chosen.push(("federation".to_string(), (*federation).clone()));
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
    for (name, db) in chosen(settings, only).await? {
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
                let mut dump = Command::new("pg_dump");
                dump.args(["--format=custom", "--no-owner", "--no-acl", "--file"])
                    .arg(&partial);
                if let Some(schema) = schema {
                    dump.arg(format!("--schema={schema}"));
                }
                run(dump.arg(url), &name)?;
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
    for (name, db) in &chosen {
        let file = file_of(from, name, db.location());
        if !file.is_file() {
            bail!("{name}: {} ontbreekt in de back-up", file.display());
        }
    }
    for (name, db) in chosen {
        let file = file_of(from, &name, db.location());
        match db.location() {
            DatabaseLocation::Sqlite(path) => replace_sqlite(&file, path)
                .with_context(|| format!("{name}: terugzetten mislukt"))?,
            DatabaseLocation::Postgres { url, .. } => {
                db.empty_for_restore()
                    .await
                    .with_context(|| format!("{name}: databank kan niet leeggemaakt worden"))?;
                let mut load = Command::new("pg_restore");
                load.args([
                    "--no-owner",
                    "--no-acl",
                    "--exit-on-error",
                    "--single-transaction",
                    "--dbname",
                ])
                .arg(url)
                .arg(&file);
                run(&mut load, &name)?;
            }
        }
        println!("{name}: teruggezet uit {}", file.display());
    }
    println!(
        "Start de servers opnieuw: elke server bouwt het deel van zijn zoekindex voor een teruggezette provincie opnieuw op."
    );
    Ok(())
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
