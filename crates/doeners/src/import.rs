//! `doeners import`: a province's organisation and offer lists from CSV, all or nothing.

use std::path::Path;

use anyhow::{Context, Result, bail};
use doeners_persistence::import::{self, ImportFile};

use crate::{settings::Settings, tenants};

pub async fn run(
    settings: &Settings,
    tenant: &str,
    organisations: &Path,
    offers: Option<&Path>,
) -> Result<()> {
    let all = tenants::open(settings).await?;
    let tenant = tenants::find(&all, tenant)?;
    let read = |path: &Path| {
        std::fs::read(path).with_context(|| format!("{} kan niet gelezen worden", path.display()))
    };
    let organisations_bytes = read(organisations)?;
    let offers_bytes = offers.map(read).transpose()?;
    let name = |path: &Path| {
        path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    let organisations_name = name(organisations);
    let offers_name = offers.map(name).unwrap_or_default();
    let batch = import::parse(
        ImportFile {
            name: &organisations_name,
            bytes: &organisations_bytes,
        },
        offers_bytes.as_deref().map(|bytes| ImportFile {
            name: &offers_name,
            bytes,
        }),
    );
    let batch = match batch {
        Ok(batch) => batch,
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            bail!("niets geïmporteerd: {} fout(en) gevonden", errors.len());
        }
    };
    tenant.database().migrate().await?;
    let s = tenant.database().upsert(&batch).await?;
    println!("{}: {s}", tenant.profile.slug);
    Ok(())
}
