//! From tenant settings to what the platform runs on: each tenant's validated profile and its database.

use anyhow::{Result, anyhow, bail};
use doeners_app::collaboration::Rules;
use doeners_domain::{Email, HostName, ProvinceRef, TenantProfile, TenantSlug};
use doeners_http::Tenant;
use doeners_persistence::{DatabaseLocation, FederationDatabase, PoolSettings, TenantDatabase};

use crate::settings::{Settings, TenantSettings};

/// Validates every tenant's settings; an error names the tenant file and the field.
pub fn profiles(settings: &Settings) -> Result<Vec<(TenantProfile, DatabaseLocation)>> {
    let profiles = settings
        .tenants
        .iter()
        .map(|(key, t)| profile(settings, key, t))
        .collect::<Result<Vec<_>>>()?;
    let public_host = settings
        .accounts
        .public_url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', ':']).next())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let mut seen = std::collections::BTreeMap::new();
    for (p, _) in &profiles {
        for host in &p.hosts {
            if host.as_str() == public_host {
                bail!(
                    "tenants/{}.toml, veld hosts: '{host}' is het gedeelde adres van het platform (accounts.public_url); kies een eigen hostnaam voor de provincie",
                    p.slug
                );
            }
            if let Some(other) = seen.insert(host.as_str(), p.slug.as_str()) {
                bail!(
                    "tenants/{}.toml, veld hosts: '{host}' staat ook in tenants/{other}.toml; een hostnaam hoort bij één provincie",
                    p.slug
                );
            }
        }
    }
    Ok(profiles)
}

/// A tenant file's `[collaboration]` section as rules, or an error that names the file and the field.
fn rules(key: &str, t: &TenantSettings) -> Result<Rules> {
    let file = format!("tenants/{}.toml", key.replace('_', "-"));
    let c = &t.collaboration;
    let bad = |field: &str, why: &str| anyhow!("{file}, veld collaboration.{field}: {why}");
    if c.batch_size == 0 {
        return Err(bad("batch_size", "moet minstens 1 zijn"));
    }
    if c.max_routed < c.batch_size {
        return Err(bad("max_routed", "moet minstens batch_size zijn"));
    }
    if c.digest_hour > 23 {
        return Err(bad("digest_hour", "moet tussen 0 en 23 liggen"));
    }
    for (field, value) in [
        ("batch_wait_hours", c.batch_wait_hours),
        ("reminder_after_hours", c.reminder_after_hours),
        ("outcome_after_days", c.outcome_after_days),
    ] {
        if value < 0 {
            return Err(bad(field, "mag niet negatief zijn"));
        }
    }
    Ok(Rules {
        review_questions: c.review_questions,
        batch_size: c.batch_size,
        batch_wait: chrono::Duration::hours(c.batch_wait_hours),
        enough_interested: c.enough_interested,
        max_routed: c.max_routed,
        requests_per_day: c.requests_per_day,
        reminder_after: chrono::Duration::hours(c.reminder_after_hours),
        outcome_after: chrono::Duration::days(c.outcome_after_days),
        digest_hour: c.digest_hour,
    })
}

fn profile(
    settings: &Settings,
    key: &str,
    t: &TenantSettings,
) -> Result<(TenantProfile, DatabaseLocation)> {
    let file = format!("tenants/{}.toml", key.replace('_', "-"));
    let bad = |field: &str, e: &dyn std::fmt::Display| anyhow!("{file}, veld {field}: {e}");
    let slug = TenantSlug::parse(&t.slug).map_err(|e| bad("slug", &e))?;
    if slug.as_str().replace('-', "_") != key {
        bail!(
            "{file}, veld slug: '{}' moet gelijk zijn aan de bestandsnaam",
            t.slug
        );
    }
    if ProvinceRef::by_nis(t.nis_code.trim()).is_none() {
        bail!(
            "{file}, veld nis_code: onbekende NIS-code '{}' (provincies: 10000, 20001, 30000, 40000, 70000, ...)",
            t.nis_code
        );
    }
    let contact = Email::parse(&t.contact_email).map_err(|e| bad("contact_email", &e))?;
    let colour =
        TenantProfile::parse_colour(&t.branding.colour).map_err(|e| bad("branding.colour", &e))?;
    if t.display_name.trim().is_empty() {
        bail!("{file}, veld display_name: is verplicht");
    }
    let location = DatabaseLocation::parse(&t.database_url, &settings.data_dir)
        .map_err(|e| bad("database_url", &e))?;
    let hosts = t
        .hosts
        .iter()
        .map(|h| HostName::parse(h).map_err(|e| bad("hosts", &e)))
        .collect::<Result<Vec<_>>>()?;
    let profile = TenantProfile {
        slug,
        display_name: t.display_name.trim().to_string(),
        nis_code: t.nis_code.trim().to_string(),
        colour,
        intro: t.branding.intro.trim().to_string(),
        contact_email: contact.to_string(),
        hosts,
    };
    Ok((profile, location))
}

fn pool(settings: &Settings) -> PoolSettings {
    PoolSettings {
        max_connections: settings.database.max_connections,
        connect_timeout: std::time::Duration::from_secs(settings.database.connect_timeout_secs),
    }
}

/// Opens the federation database (lazily, like a tenant's).
pub async fn open_federation(settings: &Settings) -> Result<FederationDatabase> {
    let location = DatabaseLocation::parse(&settings.federation.database_url, &settings.data_dir)
        .map_err(|e| anyhow!("federation.database_url: {e}"))?;
    Ok(FederationDatabase::open(location, &pool(settings)).await?)
}

/// Opens every tenant's pool (lazily: an unreachable database does not stop the others).
pub async fn open(settings: &Settings) -> Result<Vec<Tenant>> {
    let pool = pool(settings);
    let mut tenants = Vec::new();
    for ((key, t), (profile, location)) in settings.tenants.iter().zip(profiles(settings)?) {
        let db = TenantDatabase::open(profile.slug.clone(), location, &pool).await?;
        tenants.push(Tenant::new(profile, db).with_rules(rules(key, t)?));
    }
    Ok(tenants)
}

/// Picks one tenant by slug, or says which exist.
pub fn find<'a>(tenants: &'a [Tenant], slug: &str) -> Result<&'a Tenant> {
    tenants
        .iter()
        .find(|t| t.profile.slug.as_str() == slug)
        .ok_or_else(|| {
            let known: Vec<&str> = tenants.iter().map(|t| t.profile.slug.as_str()).collect();
            anyhow!("onbekende tenant '{slug}'; bekend: {}", known.join(", "))
        })
}
