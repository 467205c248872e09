//! The search index of a running platform: opened from disk, brought up to date, then followed.

use std::sync::Arc;

use anyhow::{Context, Result};
use doeners_http::Tenant;
use doeners_projector::{Feed, Projector};
use doeners_search::SearchIndex;

use crate::settings::Settings;

/// Opens the index and its projector; an index already in use names the likely cause.
pub fn open(settings: &Settings, tenants: &[Tenant]) -> Result<Projector> {
    let dir = settings.index_dir();
    let index = SearchIndex::open(&dir)
        .with_context(|| {
            format!("zoekindex in {} kan niet geopend worden (draait er al een doeners-server op deze map?)", dir.display())
        })?
        .remembering_answers(settings.search.remembered_answers);
    let feeds = tenants
        .iter()
        .map(|t| Feed {
            tenant: t.profile.slug.to_string(),
            db: t.database().clone(),
        })
        .collect();
    Ok(Projector::resume(Arc::new(index), feeds)?)
}

/// `doeners reindex`: the whole index again, from the databases alone.
pub async fn reindex(settings: &Settings) -> Result<()> {
    let tenants = crate::tenants::open(settings).await?;
    let mut projector = open(settings, &tenants)?;
    let documents = projector.rebuild_all().await?;
    println!("zoekindex opnieuw opgebouwd: {documents} aanbiedingen");
    Ok(())
}
