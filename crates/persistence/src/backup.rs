//! What a backup and a restore need from a database itself: SQLite's online copy, and an empty place for
//! PostgreSQL's restore to fill. Dumping and restoring a PostgreSQL database is PostgreSQL's own tools' work
//! (`pg_dump`, `pg_restore`); the binary runs them.

use std::path::Path;

use sea_orm::ConnectionTrait;

use crate::{Database, DatabaseLocation, PersistenceError, Result};

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

    /// PostgreSQL: the database (created when missing) or the schema left empty, so that a restore makes it
    /// exactly the dump, with no row or table of what was there before.
    pub async fn empty_for_restore(&self) -> Result<()> {
        let DatabaseLocation::Postgres { url, schema } = self.location() else {
            return Ok(());
        };
        let statement = match schema {
            Some(schema) => format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"),
            None => {
                crate::postgres_admin::create_database_if_missing(url, self.slug().as_str())
                    .await?;
                "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public".to_string()
            }
        };
        self.pool()?
            .execute_unprepared(&statement)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}
