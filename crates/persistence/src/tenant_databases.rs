//! One database and one connection pool per tenant. Everything that reads or writes a province's data is a
//! method on its `TenantDatabase`: there is no other way to reach a tenant's rows.

use std::time::Duration;

use doeners_domain::TenantSlug;
use doeners_migrations::Migrator;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database as SeaDatabase, DatabaseConnection, DbBackend,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

use crate::{
    DatabaseLocation,
    error::{PersistenceError, Result},
    handle::Handle,
};

/// Where SQLite cuts its write-ahead log back to when it starts over, in bytes.
pub const WAL_SIZE_LIMIT: u64 = 4 * 1024 * 1024;

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

/// The advisory lock key that migrations of a PostgreSQL database hold ("doeners" in ASCII; advisory locks are per
/// database).
const MIGRATION_LOCK: i64 = 0x0064_6f65_6e65_7273;

/// One database and its pool (or one open transaction on it): what every database of the platform has — the
/// accounts, their sessions and e-mail links, the audit log, the search log and the mail queue. A province's
/// database (`TenantDatabase`) adds its organisations, offers and outbox; the federation's
/// (`FederationDatabase`) adds nothing.
#[derive(Debug, Clone)]
pub struct Database {
    slug: TenantSlug,
    location: DatabaseLocation,
    conn: Handle,
    connect_timeout: Duration,
}

/// A province's database: the accounts and logs every database has (`Database`, through `Deref`), and its
/// organisations, offers, outbox and import.
#[derive(Debug, Clone)]
pub struct TenantDatabase(Database);

impl std::ops::Deref for TenantDatabase {
    type Target = Database;

    fn deref(&self) -> &Database {
        &self.0
    }
}

impl TenantDatabase {
    /// Opens a pool lazily: a database that is down does not stop the others from starting.
    pub async fn open(
        slug: TenantSlug,
        location: DatabaseLocation,
        pool: &PoolSettings,
    ) -> Result<Self> {
        Database::open(slug, location, pool).await.map(Self)
    }

    /// Opens the transaction of one use case on this province (see `Database::begin`).
    pub async fn begin(&self) -> Result<TenantTx> {
        Ok(Transaction(Self(self.0.begin_handle().await?)))
    }

    /// Creates the database or schema when it does not exist yet, then applies every pending migration.
    pub async fn migrate(&self) -> Result<()> {
        self.0.prepare().await?;
        self.0.run_migrations::<Migrator>().await?;
        self.0.mark_built_when_raw_is_empty().await
    }
}

/// One transaction, opened by a use case and handed to every repository call it makes: the change, its outbox
/// rows, its audit entry and its outgoing mail commit together or not at all. Dropping it without `commit` rolls
/// everything back.
#[derive(Debug)]
pub struct Transaction<D>(D);

/// A transaction on a province's database.
pub type TenantTx = Transaction<TenantDatabase>;

impl<D> std::ops::Deref for Transaction<D> {
    type Target = D;

    fn deref(&self) -> &D {
        &self.0
    }
}

impl<D: AsRef<Database>> Transaction<D> {
    pub async fn commit(self) -> Result<()> {
        let db = self.0.as_ref();
        let Handle::Transaction(shared) = db.conn.clone() else {
            return Ok(());
        };
        let slug = db.slug.clone();
        drop(self);
        let txn = std::sync::Arc::try_unwrap(shared).map_err(|_| {
            PersistenceError::Corrupt(format!(
                "{slug}: de transactie wordt nog gebruikt en kan niet vastgelegd worden"
            ))
        })?;
        txn.commit()
            .await
            .map_err(|e| PersistenceError::from_db(slug.as_str(), e))
    }
}

impl AsRef<Database> for Database {
    fn as_ref(&self) -> &Database {
        self
    }
}

impl AsRef<Database> for TenantDatabase {
    fn as_ref(&self) -> &Database {
        &self.0
    }
}

impl Database {
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
        let conn = match &location {
            DatabaseLocation::Sqlite(_) => {
                sqlite_pool(&location, pool).map_err(|reason| PersistenceError::BadUrl {
                    tenant: slug.to_string(),
                    reason,
                })?
            }
            DatabaseLocation::Postgres { schema, .. } => {
                postgres_pool(&location, schema.as_deref(), pool)
                    .await
                    .map_err(|e| PersistenceError::from_db(slug.as_str(), e))?
            }
        };
        Ok(Self {
            slug,
            location,
            conn: Handle::Pool(conn, Default::default()),
            connect_timeout: pool.connect_timeout,
        })
    }

    /// Opens the transaction of one use case. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`):
    /// a use case reads before it writes, and a deferred transaction whose snapshot went stale in between could
    /// not write at all, where an immediate one waits its turn.
    pub async fn begin(&self) -> Result<Transaction<Database>> {
        Ok(Transaction(self.begin_handle().await?))
    }

    /// A transaction that will write: on SQLite it takes the write lock when it begins, so that a writer that
    /// read first waits for another writer (up to the busy timeout) instead of failing when it starts to write.
    pub(crate) fn writing(&self) -> TransactionOptions {
        TransactionOptions {
            sqlite_transaction_mode: (self.conn.get_database_backend() == DbBackend::Sqlite)
                .then_some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        }
    }

    /// This database with its handle replaced by a new transaction.
    async fn begin_handle(&self) -> Result<Self> {
        let txn = self
            .conn
            .begin_with_options(self.writing())
            .await
            .map_err(|e| self.err(e))?;
        Ok(Self {
            slug: self.slug.clone(),
            location: self.location.clone(),
            conn: Handle::Transaction(std::sync::Arc::new(txn)),
            connect_timeout: self.connect_timeout,
        })
    }

    pub fn slug(&self) -> &TenantSlug {
        &self.slug
    }

    /// The pool, or the transaction this handle belongs to: for the repositories of this crate.
    pub(crate) fn conn(&self) -> &Handle {
        &self.conn
    }

    /// The connection itself, for tests that build a case no repository writes (a concurrent transaction, a
    /// trigger, a raw count). Only with the `test-access` feature, which the test crate turns on.
    #[cfg(feature = "test-access")]
    pub fn connection_for_tests(&self) -> &Handle {
        &self.conn
    }

    pub fn location(&self) -> &DatabaseLocation {
        &self.location
    }

    /// Whether this handle is a use case's open transaction.
    pub fn in_transaction(&self) -> bool {
        matches!(self.conn, Handle::Transaction(_))
    }

    /// How long a connection may take before the database counts as unreachable.
    pub(crate) fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// The pool itself, for what cannot run inside a use case's transaction (migrations).
    pub(crate) fn pool(&self) -> Result<&DatabaseConnection> {
        match &self.conn {
            Handle::Pool(pool, _) => Ok(pool),
            Handle::Transaction(_) => Err(PersistenceError::Corrupt(format!(
                "{}: migraties lopen niet binnen een transactie",
                self.slug
            ))),
        }
    }

    pub(crate) fn err(&self, e: sea_orm::DbErr) -> PersistenceError {
        PersistenceError::from_db(self.slug.as_str(), e)
    }

    /// Creates the database or schema when it does not exist yet, and sets SQLite's journal mode.
    pub(crate) async fn prepare(&self) -> Result<()> {
        if let DatabaseLocation::Postgres { url, schema } = &self.location {
            match schema {
                Some(schema) => {
                    let stmt = format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\"");
                    match self.conn.execute_unprepared(&stmt).await {
                        Ok(_) => {}
                        // Another server created it at the same moment (IF NOT EXISTS does not cover a race).
                        Err(e) if e.to_string().contains("duplicate key") => {}
                        Err(e) => return Err(self.err(e)),
                    }
                }
                None => {
                    crate::postgres_admin::create_database_if_missing(
                        url,
                        self.slug.as_str(),
                        self.connect_timeout,
                    )
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

    /// Copies SQLite's write-ahead log back into the database without waiting for anyone (a passive checkpoint:
    /// it never holds up a writer); the next write then starts the log over, cut back to `WAL_SIZE_LIMIT`. Run
    /// regularly by the server. SQLite does this on its own every 1000 pages, but not from a connection that
    /// just ran an `INSERT ... RETURNING` (how sea-orm inserts), so without this the log of a province that is
    /// only ever inserted into grows without end. Returns the log's pages before, or `None` on PostgreSQL.
    pub async fn checkpoint(&self) -> Result<Option<i64>> {
        if !matches!(self.location, DatabaseLocation::Sqlite(_)) {
            return Ok(None);
        }
        let row = self
            .conn
            .query_one_raw(sea_orm::Statement::from_string(
                sea_orm::DatabaseBackend::Sqlite,
                "PRAGMA wal_checkpoint(PASSIVE)",
            ))
            .await
            .map_err(|e| self.err(e))?;
        Ok(row.and_then(|r| r.try_get_by_index::<i64>(1).ok()))
    }

    /// Applies `M`'s pending migrations. On PostgreSQL they run in one transaction that first takes an advisory
    /// lock, so that servers starting together on the same database migrate one after the other (the second
    /// finds nothing left to do) and a migration that fails leaves the schema as it was.
    pub(crate) async fn run_migrations<M: doeners_migrations::MigratorTrait>(&self) -> Result<()> {
        let pool = self.pool()?;
        if pool.get_database_backend() != DbBackend::Postgres {
            return M::up(pool, None).await.map_err(|e| self.err(e));
        }
        let txn = pool.begin().await.map_err(|e| self.err(e))?;
        txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
            .await
            .map_err(|e| self.err(e))?;
        M::up(&txn, None).await.map_err(|e| self.err(e))?;
        txn.commit().await.map_err(|e| self.err(e))
    }

    /// The pool's connections now: (open, of which idle, at most). `None` on a transaction's handle.
    pub fn pool_use(&self) -> Option<(u32, u32, u32)> {
        let Handle::Pool(conn, _) = &self.conn else {
            return None;
        };
        match conn.get_database_backend() {
            DbBackend::Postgres => {
                let pool = conn.get_postgres_connection_pool();
                Some((
                    pool.size(),
                    pool.num_idle() as u32,
                    pool.options().get_max_connections(),
                ))
            }
            _ => {
                let pool = conn.get_sqlite_connection_pool();
                Some((
                    pool.size(),
                    pool.num_idle() as u32,
                    pool.options().get_max_connections(),
                ))
            }
        }
    }

    /// Whether the database answers now.
    pub async fn ping(&self) -> Result<()> {
        match &self.conn {
            // Past the breaker, and teaching it: a ping says whether the database is back.
            Handle::Pool(pool, breaker) => {
                let result = pool.ping().await;
                breaker.learn(&result);
                result.map_err(|e| self.err(e))
            }
            Handle::Transaction(_) => Ok(()),
        }
    }
}

/// A SQLite pool that opens no file until a query needs one: a file that cannot be opened (a directory in its
/// place, no permission) makes that province's queries fail as unavailable, not the platform's start. Built on
/// sqlx directly because sea-orm's own connect reads the SQLite version at once, which opens the file.
fn sqlite_pool(
    location: &DatabaseLocation,
    pool: &PoolSettings,
) -> std::result::Result<DatabaseConnection, String> {
    use sea_orm::sqlx::{
        ConnectOptions as _,
        sqlite::{SqliteConnectOptions, SqlitePoolOptions},
    };
    let options = location
        .connect_url()
        .parse::<SqliteConnectOptions>()
        .map_err(|e| e.to_string())?
        // A deleted or overwritten row is zeroed in the file, not just unlinked: personal data that was
        // removed (an account, an old address) must not linger in free pages.
        .pragma("secure_delete", "ON")
        // The checkpoint policy (see `checkpoint`): copy the write-ahead log back every 1000 pages, and cut the
        // file back to 4 MiB whenever it starts over, so that a burst leaves no large file behind.
        .pragma("wal_autocheckpoint", "1000")
        .pragma("journal_size_limit", WAL_SIZE_LIMIT.to_string())
        .disable_statement_logging();
    let pool = SqlitePoolOptions::new()
        .max_connections(pool.max_connections)
        .min_connections(0)
        .acquire_timeout(pool.connect_timeout)
        .connect_lazy_with(options);
    Ok(sea_orm::SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
}

/// A PostgreSQL pool, connected lazily: a server that is down does not stop the others from starting.
async fn postgres_pool(
    location: &DatabaseLocation,
    schema: Option<&str>,
    pool: &PoolSettings,
) -> std::result::Result<DatabaseConnection, sea_orm::DbErr> {
    let mut options = ConnectOptions::new(location.connect_url());
    options
        .max_connections(pool.max_connections)
        .min_connections(0)
        .connect_timeout(pool.connect_timeout)
        .acquire_timeout(pool.connect_timeout)
        .connect_lazy(true)
        .sqlx_logging(false);
    if let Some(schema) = schema {
        options.set_schema_search_path(schema.to_string());
    }
    SeaDatabase::connect(options).await
}
