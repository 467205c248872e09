//! The relay: delivers each province's messages for other provinces, stream by stream (sender -> receiver),
//! in the order they were written. A message is marked delivered only after the receiver committed it; if
//! the server dies in between, the next pass delivers it again and the receiver's inbox ignores it. A receiver
//! that does not answer stops its stream (so order holds) until a later pass; the others go on.

use std::time::Duration;

use doeners_persistence::TenantDatabase;

use super::receive::{Received, receive};
use crate::{Services, Tenant};

/// How many messages one stream delivers per pass before the next stream gets its turn.
const BATCH: u64 = 200;
/// How often the relay looks without being rung: for messages written by another server process, and to
/// retry a province that was down.
const LOOK_EVERY: Duration = Duration::from_millis(500);

#[derive(Debug, Clone)]
pub struct Relay {
    tenants: Vec<Tenant>,
    services: Services,
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RelayPass {
    pub delivered: usize,
    pub duplicates: usize,
    pub refused: usize,
    /// Streams that stopped because their receiver did not answer.
    pub waiting: usize,
}

impl Relay {
    pub fn new(tenants: Vec<Tenant>, services: Services) -> Self {
        Self { tenants, services }
    }

    /// Delivers whatever is waiting, once over every stream.
    pub async fn deliver_due(&self) -> RelayPass {
        let mut pass = RelayPass::default();
        for source in &self.tenants {
            let destinations = match source.db.destinations_waiting().await {
                Ok(d) => d,
                Err(e) => {
                    tracing::debug!(province = %source.slug(), error = %e, "outbox not read");
                    continue;
                }
            };
            let idle = destinations.is_empty();
            for destination in destinations {
                self.deliver_stream(source, &destination, &mut pass).await;
            }
            // Nothing was waiting: the gauges read zero without asking the database again.
            let backlog = if idle {
                Ok((0, 0))
            } else {
                source.db.relay_backlog().await
            };
            if let Ok((waiting, oldest)) = backlog {
                metrics::gauge!("doeners_relay_waiting", "province" => source.slug().to_string())
                    .set(waiting as f64);
                metrics::gauge!("doeners_relay_oldest_seconds", "province" => source.slug().to_string())
                    .set(oldest as f64);
            }
        }
        pass
    }

    async fn deliver_stream(&self, source: &Tenant, destination: &str, pass: &mut RelayPass) {
        if !source.db.is_postgres() {
            // SQLite: one process, one relay task; no transaction, so the source stays writable meanwhile.
            self.deliver_batch(source, &source.db, destination, pass)
                .await;
            return;
        }
        // PostgreSQL: the stream is held by an advisory lock for this transaction, so that of several server
        // processes one delivers it, in order; the marks commit with the lock's release.
        let tx = match source.db.begin().await {
            Ok(tx) => tx,
            Err(e) => {
                tracing::debug!(province = %source.slug(), error = %e, "relay transaction not opened");
                return;
            }
        };
        match tx.hold_stream(destination).await {
            Ok(true) => {}
            _ => return,
        }
        self.deliver_batch(source, &tx, destination, pass).await;
        if let Err(e) = tx.commit().await {
            // The marks are lost, not the messages: the next pass delivers them again and the inbox ignores them.
            tracing::warn!(province = %source.slug(), error = %e, "relay marks not saved");
        }
    }

    async fn deliver_batch(
        &self,
        source: &Tenant,
        db: &TenantDatabase,
        destination: &str,
        pass: &mut RelayPass,
    ) {
        let Some(receiver) = self.tenants.iter().find(|t| t.slug() == destination) else {
            tracing::error!(province = %source.slug(), destination, "messages for an unknown province wait");
            return;
        };
        let messages = match db.undelivered(destination, BATCH).await {
            Ok(m) => m,
            Err(e) => {
                tracing::warn!(province = %source.slug(), error = %e, "outbox not read");
                return;
            }
        };
        for outgoing in messages {
            let outcome = receive(receiver, &self.services, source.slug(), &outgoing.message).await;
            let marked = match &outcome {
                Ok(Received::Applied) => {
                    pass.delivered += 1;
                    metrics::counter!("doeners_relay_delivered_total").increment(1);
                    db.mark_delivered(outgoing.seq, None).await
                }
                Ok(Received::AlreadyHad) => {
                    pass.duplicates += 1;
                    metrics::counter!("doeners_relay_duplicates_total").increment(1);
                    db.mark_delivered(outgoing.seq, None).await
                }
                Ok(Received::Refused(why)) => {
                    pass.refused += 1;
                    metrics::counter!("doeners_relay_refused_total").increment(1);
                    tracing::warn!(from = %source.slug(), to = destination, message = %outgoing.message.id,
                        reason = %why, "message refused by its receiver");
                    db.mark_delivered(outgoing.seq, Some(why)).await
                }
                Err(e) => {
                    pass.waiting += 1;
                    metrics::counter!("doeners_relay_failed_attempts_total").increment(1);
                    if outgoing.last_error.is_none() {
                        tracing::warn!(from = %source.slug(), to = destination, error = %e,
                            "province not reached; its messages wait");
                    }
                    let _ = db.note_delivery_failure(outgoing.seq, &e.to_string()).await;
                    return;
                }
            };
            if let Err(e) = marked {
                tracing::warn!(province = %source.slug(), error = %e, "delivery not marked; sent again later");
                return;
            }
        }
    }

    /// Delivers until `shutdown` resolves: at once when rung, else every half second.
    pub async fn run(self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            self.deliver_due().await;
            tokio::select! {
                () = &mut shutdown => return,
                () = self.services.relay.heard() => {}
                () = tokio::time::sleep(LOOK_EVERY) => {}
            }
        }
    }
}
