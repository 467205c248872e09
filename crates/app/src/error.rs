//! What a use case can fail with beyond the answers it returns: the database, or the password hasher.

use doeners_persistence::PersistenceError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Persistence(#[from] PersistenceError),
    /// Not the caller's to do: the web layer answers as `access::decide` said.
    #[error("niet toegestaan")]
    Refused(doeners_domain::access::Decision),
    #[error("wachtwoord kan niet verwerkt worden: {0}")]
    Hash(String),
}
