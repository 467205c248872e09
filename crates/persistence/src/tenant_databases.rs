//! One database and one connection pool per tenant. Everything that reads or writes a province's data is a
//! method on its `TenantDatabase`: there is no other way to reach a tenant's rows.

use std::time::Duration;

use doeners_domain::TenantSlug;
use doeners_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};

use crate::{
    DatabaseLocation,
    error::{PersistenceError, Result},
};

#[derive(Debug, Clone)]
pub struct PoolSettings {
    pub max_connections: u32,
    pub connect_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        Self {
            max_connections: 8,
            connect_timeout: Duration::from_secs(3),
        }
    }
}

#[derive(Debug, Clone)]
pub struct TenantDatabase {
    slug: TenantSlug,
    location: DatabaseLocation,
    conn: DatabaseConnection,
}

impl TenantDatabase {
    /// Opens a pool lazily: a database that is down does not stop the others from starting.
    pub async fn open(
        slug: TenantSlug,
        location: DatabaseLocation,
        pool: &PoolSettings,
    ) -> Result<Self> {
        if let DatabaseLocation::Sqlite(path) = &location
            && let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| PersistenceError::BadUrl {
                tenant: slug.to_string(),
                reason: format!("map {} kan niet gemaakt worden: {e}", dir.display()),
            })?;
        }
        let mut options = ConnectOptions::new(location.connect_url());
        options
            .max_connections(pool.max_connections)
            .min_connections(0)
            .connect_timeout(pool.connect_timeout)
            .acquire_timeout(pool.connect_timeout)
            .connect_lazy(true)
            .sqlx_logging(false);
        if let DatabaseLocation::Postgres {
            schema: Some(schema),
            ..
        } = &location
        {
            options.set_schema_search_path(schema.clone());
        }
        // A deleted or overwritten row is zeroed in the file, not just unlinked: personal data that was
        // removed (an account, an old address) must not linger in free pages.
        options.map_sqlx_sqlite_opts(|o| o.pragma("secure_delete", "ON"));
        let conn = Database::connect(options)
            .await
            .map_err(|e| PersistenceError::from_db(slug.as_str(), e))?;
        Ok(Self {
            slug,
            location,
            conn,
        })
    }

    pub fn slug(&self) -> &TenantSlug {
        &self.slug
    }

    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    pub fn location(&self) -> &DatabaseLocation {
        &self.location
    }

    pub(crate) fn err(&self, e: sea_orm::DbErr) -> PersistenceError {
        PersistenceError::from_db(self.slug.as_str(), e)
    }

    /// Creates the database or schema when it does not exist yet, then applies every pending migration.
    pub async fn migrate(&self) -> Result<()> {
        self.prepare().await?;
        Migrator::up(&self.conn, None)
            .await
            .map_err(|e| self.err(e))
    }

    /// Creates the database or schema when it does not exist yet, and sets SQLite's journal mode.
    pub(crate) async fn prepare(&self) -> Result<()> {
        if let DatabaseLocation::Postgres { url, schema } = &self.location {
            match schema {
                Some(schema) => {
                    let stmt = format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\"");
                    self.conn
                        .execute_unprepared(&stmt)
                        .await
                        .map_err(|e| self.err(e))?;
                }
                None => {
                    crate::postgres_admin::create_database_if_missing(url, self.slug.as_str())
                        .await?
                }
            }
        }
        if let DatabaseLocation::Sqlite(_) = &self.location {
            // Write-ahead logging lets pages and searches read while the projector, an import or the search
            // log writes; the mode is kept in the file, so setting it once is enough.
            self.conn
                .execute_unprepared("PRAGMA journal_mode=WAL")
                .await
                .map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    /// Whether the database answers now.
    pub async fn ping(&self) -> Result<()> {
        self.conn.ping().await.map_err(|e| self.err(e))
    }
}
