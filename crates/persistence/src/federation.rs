//! The federation database beside the tenants: the Flanders administrators' accounts, their sessions and
//! audit log, and the log of Flanders-wide searches (which belong to no province). SQLite by default,
//! PostgreSQL by configuration, like a tenant.
//!
//! It is made of the tenant schema's account, session, audit, search-log and mail tables, so the same code (on
//! `Database`) reads and writes them; it has no organisations, offers or outbox, and its type offers none.

use std::ops::Deref;

use doeners_domain::TenantSlug;
use doeners_migrations::FederationMigrator;

use crate::{Database, DatabaseLocation, PoolSettings, error::Result};

/// What the federation database calls itself in errors and logs.
pub const FEDERATION: &str = "vlaanderen";

#[derive(Debug, Clone)]
pub struct FederationDatabase(Database);

impl FederationDatabase {
    pub async fn open(location: DatabaseLocation, pool: &PoolSettings) -> Result<Self> {
        let slug = TenantSlug::parse(FEDERATION)
            .map_err(|e| crate::PersistenceError::Corrupt(e.to_string()))?;
        Database::open(slug, location, pool).await.map(Self)
    }

    pub async fn migrate(&self) -> Result<()> {
        self.0.prepare().await?;
        self.0.run_migrations::<FederationMigrator>().await?;
        self.0.mark_built_when_raw_is_empty().await
    }
}

impl Deref for FederationDatabase {
    type Target = Database;

    fn deref(&self) -> &Database {
        &self.0
    }
}
