//! Freshness: how long after an offer is committed to its province's database a search finds it. The offer is
//! written the way an import writes it (same parse, same upsert, same transaction with its outbox event);
//! the search asks the running server over HTTP every 2 ms.

use std::{
    path::Path,
    time::{Duration, Instant},
};

use anyhow::{Result, anyhow, bail};
use doeners_domain::TenantSlug;
use doeners_persistence::{
    DatabaseLocation, PoolSettings, TenantDatabase,
    import::{self, ImportFile},
};

const TENANT: &str = "limburg";

/// Writes `samples` new offers one after another and returns, for each, the time from commit to visible.
pub async fn measure(
    client: &reqwest::Client,
    base: &str,
    data_dir: &Path,
    samples: usize,
) -> Result<Vec<Duration>> {
    let slug = TenantSlug::parse(TENANT).map_err(|e| anyhow!("{e}"))?;
    let location =
        DatabaseLocation::parse("sqlite://limburg.db", data_dir).map_err(|e| anyhow!(e))?;
    let db = TenantDatabase::open(slug, location, &PoolSettings::default()).await?;
    let mut lags = Vec::with_capacity(samples);
    for i in 0..samples {
        // A word no other offer has, so that the search finds this offer and nothing else.
        let word = format!("versheidsproef{i}q");
        let title = format!("Proefopdracht {word}");
        let organisations = format!(
            "ref,name,kind,enterprise_number,street,postal_code,municipality,website,email,phone,employees,description\nvers-{i},Versheid {i},maatwerkbedrijf,,,3500,,,,,,\n"
        );
        let offers = format!(
            "organisation_ref,title,category,execution_mode,service_area,description\nvers-{i},{title},verpakken,eigen-atelier,flanders,\n"
        );
        let batch = import::parse(
            ImportFile {
                name: "organisations.csv",
                bytes: organisations.as_bytes(),
            },
            Some(ImportFile {
                name: "offers.csv",
                bytes: offers.as_bytes(),
            }),
        )
        .map_err(|errors| anyhow!("{errors:?}"))?;
        db.upsert(&batch).await?;
        let committed = Instant::now();
        let url = reqwest::Url::parse_with_params(
            &format!("{base}/api/v1/search"),
            [("q", word.as_str())],
        )?;
        loop {
            let body = client.get(url.clone()).send().await?.text().await?;
            if body.contains(&title) {
                lags.push(committed.elapsed());
                break;
            }
            if committed.elapsed() > Duration::from_secs(10) {
                bail!("offer {i} was not searchable within 10 s");
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        // Out of step with the projector's polling, so that the samples spread over its interval.
        tokio::time::sleep(Duration::from_millis(61 + (i as u64 * 37) % 150)).await;
    }
    lags.sort();
    Ok(lags)
}
