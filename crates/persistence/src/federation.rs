//! The federation database beside the tenants: the Flanders administrators' accounts, their sessions and
//! audit log, and the log of Flanders-wide searches (which belong to no province). SQLite by default,
//! PostgreSQL by configuration, like a tenant.
//!
//! It is made of the tenant schema's account, session, audit and search-log tables, so the same code reads
//! and writes them; it has no organisations, offers or outbox.

use std::ops::Deref;

use doeners_domain::TenantSlug;
use doeners_migrations::{FederationMigrator, MigratorTrait};

use crate::{DatabaseLocation, PoolSettings, TenantDatabase, error::Result};

/// What the federation database calls itself in errors and logs.
pub const FEDERATION: &str = "vlaanderen";

#[derive(Debug, Clone)]
pub struct FederationDatabase(TenantDatabase);

impl FederationDatabase {
    pub async fn open(location: DatabaseLocation, pool: &PoolSettings) -> Result<Self> {
        let slug = TenantSlug::parse(FEDERATION)
            .map_err(|e| crate::PersistenceError::Corrupt(e.to_string()))?;
        TenantDatabase::open(slug, location, pool).await.map(Self)
    }

    pub async fn migrate(&self) -> Result<()> {
        self.0.prepare().await?;
        FederationMigrator::up(self.0.pool()?, None)
            .await
            .map_err(|e| self.0.err(e))
    }
}

impl Deref for FederationDatabase {
    type Target = TenantDatabase;

    fn deref(&self) -> &TenantDatabase {
        &self.0
    }
}
