//! The mail worker: takes the messages that are due from every province's database and the federation's,
//! sends each, and marks it sent or puts it back with a later attempt time. It wakes when a use case queued
//! something (the `Bell`) and otherwise looks once a second, so a message written by another server on the same
//! database is sent too.

use std::time::Duration;

use super::Mailer;
use crate::Bell;
use chrono::Utc;
use doeners_persistence::{Database, QueuedMail};

/// How long to wait before trying a refused message again: `first`, doubled per attempt, at most `max`.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub first: Duration,
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            first: Duration::from_secs(10),
            max: Duration::from_secs(60 * 60),
        }
    }
}

impl Backoff {
    /// The wait after the attempt numbered `attempts` (0 for the first) failed.
    pub fn after(&self, attempts: u32) -> Duration {
        self.first
            .saturating_mul(2u32.saturating_pow(attempts.min(20)))
            .min(self.max)
    }
}

/// How long a worker holds a message it is sending before another may take it.
const LEASE: Duration = Duration::from_secs(5 * 60);
const BATCH: u64 = 50;

#[derive(Debug, Clone)]
pub struct Postman {
    mailboxes: Vec<Database>,
    mailer: Mailer,
    backoff: Backoff,
    bell: Bell,
}

impl Postman {
    /// A worker for the messages queued in `mailboxes` (every province's database and the federation's).
    /// A worker for the messages queued in `mailboxes` (every province's database and the federation's),
    /// woken by `bell`.
    pub fn new(mailboxes: Vec<Database>, mailer: Mailer, backoff: Backoff, bell: Bell) -> Self {
        Self {
            mailboxes,
            mailer,
            backoff,
            bell,
        }
    }

    /// Sends every message that is due now; returns how many left. A database that does not answer is
    /// skipped until the next pass.
    pub async fn deliver_due(&self) -> usize {
        let mut sent = 0;
        for db in &self.mailboxes {
            let lease = chrono::Duration::from_std(LEASE).unwrap_or_default();
            let due = match db.claim_due_mail(Utc::now(), lease, BATCH).await {
                Ok(due) => due,
                Err(e) => {
                    tracing::warn!(database = %db.slug(), error = %e, "mail queue not read");
                    continue;
                }
            };
            for mail in due {
                sent += usize::from(self.deliver(db, mail).await);
            }
            if let Ok(waiting) = db.mail_waiting().await {
                metrics::gauge!("doeners_mail_waiting", "database" => db.slug().to_string())
                    .set(waiting as f64);
            }
        }
        sent
    }

    async fn deliver(&self, db: &Database, mail: QueuedMail) -> bool {
        let outcome = self
            .mailer
            .send(
                &mail.recipient,
                &mail.subject,
                mail.body.clone(),
                mail.unsubscribe_url.as_deref(),
            )
            .await;
        let recorded = match &outcome {
            Ok(()) => {
                metrics::counter!("doeners_mail_sent_total").increment(1);
                db.mail_sent(mail.id).await
            }
            Err(e) => {
                let wait = self.backoff.after(mail.attempts);
                tracing::warn!(database = %db.slug(), mail = %mail.id, attempt = mail.attempts + 1,
                    retry_in_s = wait.as_secs_f64(), error = %e, "mail not sent; tried again later");
                metrics::counter!("doeners_mail_failed_attempts_total").increment(1);
                let retry_at = Utc::now() + chrono::Duration::from_std(wait).unwrap_or_default();
                db.mail_failed(mail.id, e, retry_at).await
            }
        };
        if let Err(e) = recorded {
            // The claim runs out and the message is tried again: at worst sent twice, never lost.
            tracing::error!(database = %db.slug(), mail = %mail.id, error = %e, "mail state not saved");
        }
        outcome.is_ok()
    }

    /// Delivers until `shutdown` resolves, then returns (a message being sent is finished first).
    pub async fn run(self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            self.deliver_due().await;
            tokio::select! {
                () = &mut shutdown => return,
                () = self.bell.heard() => {}
                () = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_its_ceiling() {
        let b = Backoff {
            first: Duration::from_secs(10),
            max: Duration::from_secs(60),
        };
        assert_eq!(b.after(0), Duration::from_secs(10));
        assert_eq!(b.after(1), Duration::from_secs(20));
        assert_eq!(b.after(2), Duration::from_secs(40));
        assert_eq!(b.after(3), Duration::from_secs(60));
        assert_eq!(b.after(400), Duration::from_secs(60));
    }
}
