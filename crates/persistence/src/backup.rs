//! What a backup and a restore need from a database itself: SQLite's online copy, a PostgreSQL database to
//! restore into, and the mark in the change feed that tells the search index a province was restored. Dumping and restoring a PostgreSQL database is PostgreSQL's own tools' work
//! (`pg_dump`, `pg_restore`); the binary runs them.

use std::path::Path;

use sea_orm::ConnectionTrait;

use crate::{Database, DatabaseLocation, PersistenceError, Result, TenantDatabase};

/// The kind of the outbox row a restore appends (see `TenantDatabase::mark_restored`).
pub const RESTORED: &str = "feed.restored";

impl Database {
    /// SQLite: a consistent copy of the database as it is now, written to `file` while others read and write
    /// (`VACUUM INTO`: one read transaction, so the copy is one moment of the database, its log included).
    pub async fn copy_sqlite_into(&self, file: &Path) -> Result<()> {
        if !matches!(self.location(), DatabaseLocation::Sqlite(_)) {
            return Err(PersistenceError::Corrupt(format!(
                "{}: alleen een SQLite-databank wordt zo gekopieerd",
                self.slug()
            )));
        }
        let target = file.to_str().ok_or_else(|| {
            PersistenceError::Corrupt(format!("{}: ongeldige bestandsnaam", file.display()))
        })?;
        self.pool()?
            .execute_unprepared(&format!("VACUUM INTO '{}'", target.replace('\'', "''")))
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// PostgreSQL: creates the database when it does not exist (a restore into a machine that lost it).
    pub async fn create_if_missing(&self) -> Result<()> {
        if let DatabaseLocation::Postgres { url, schema: None } = self.location() {
            crate::postgres_admin::create_database_if_missing(
                url,
                self.slug().as_str(),
                self.connect_timeout(),
            )
            .await?;
        }
        Ok(())
    }
}

impl TenantDatabase {
    /// Appends to the change feed that the database was just restored. Its followers cannot tell otherwise on
    /// PostgreSQL: the restored rows keep the transaction ids they had, all behind what a follower has read, so
    /// a search index would keep offers the restore took away and miss those it brought back. On reading this
    /// row, a follower rebuilds the province from the database instead.
    pub async fn mark_restored(&self) -> Result<()> {
        use sea_orm::{ActiveValue::Set, EntityTrait};
        let row = crate::entities::outbox::ActiveModel {
            event_id: Set(uuid::Uuid::now_v7()),
            kind: Set(RESTORED.to_string()),
            aggregate_id: Set(uuid::Uuid::nil()),
            payload: Set(serde_json::json!({})),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        };
        crate::entities::outbox::Entity::insert(row)
            .exec_without_returning(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}
