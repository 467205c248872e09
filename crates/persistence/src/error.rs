//! Persistence errors, sorted by what the caller should tell the user: the database is away (503), or
//! something is wrong that a user cannot fix (500).

use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum PersistenceError {
    #[error("de databank van {tenant} is niet bereikbaar: {source}")]
    Unavailable { tenant: String, source: DbErr },
    #[error("databankfout: {0}")]
    Database(DbErr),
    #[error("ongeldige gegevens in de databank: {0}")]
    Corrupt(String),
    #[error("ongeldige databank-URL voor {tenant}: {reason}")]
    BadUrl { tenant: String, reason: String },
}

impl PersistenceError {
    pub fn from_db(tenant: &str, err: DbErr) -> Self {
        match err {
            DbErr::Conn(_) | DbErr::ConnectionAcquire(_) => Self::Unavailable {
                tenant: tenant.to_string(),
                source: err,
            },
            other => Self::Database(other),
        }
    }
}

pub type Result<T, E = PersistenceError> = std::result::Result<T, E>;
