//! Outgoing mail. A use case queues its message as a row in its own transaction (`queue`); the `Postman`, a
//! worker in the server, sends what is due over SMTP (or writes `.eml` files in development) and retries with
//! backoff while SMTP refuses.

mod mailer;
mod postman;

pub use mailer::Mailer;
pub use postman::{Backoff, Postman};

use doeners_domain::Email;
use doeners_persistence::Database;

use crate::AppError;

/// A message to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub to: Email,
    pub subject: String,
    pub body: String,
}

/// Queues `letter` on `db`, which is the use case's transaction: it is sent only if that commits.
pub async fn queue(db: &Database, letter: &Letter) -> Result<(), AppError> {
    db.queue_mail(&letter.to, &letter.subject, &letter.body)
        .await?;
    Ok(())
}
