//! Recording searches without holding up their answers, and without losing them: a search is handed to a
//! bounded queue, and one worker writes what has gathered, a batch per database, every few milliseconds. On
//! shutdown the queue is closed and drained before the worker ends. A search that finds the queue full or
//! closed, or whose batch the database refused three times, is counted on `/metrics`
//! (`doeners_search_log_dropped_total`) and logged: never lost silently.

use std::{collections::HashMap, time::Duration};

use doeners_persistence::{Database, SearchLogEntry};
use tokio::sync::mpsc;

/// Searches waiting to be written, at most.
const CAPACITY: usize = 20_000;
/// Written together, at most.
const BATCH: usize = 1_000;
/// How long a search waits for others to join its batch.
const GATHER: Duration = Duration::from_millis(20);

type Item = (Database, SearchLogEntry);

/// Where searches are handed in; cheap to clone.
#[derive(Debug, Clone)]
pub struct SearchRecorder {
    queue: mpsc::Sender<Item>,
}

/// The worker that writes them.
#[derive(Debug)]
pub struct SearchLogWriter {
    queue: mpsc::Receiver<Item>,
}

pub fn search_log() -> (SearchRecorder, SearchLogWriter) {
    let (tx, rx) = mpsc::channel(CAPACITY);
    (SearchRecorder { queue: tx }, SearchLogWriter { queue: rx })
}

fn dropped(n: usize, why: &str) {
    metrics::counter!("doeners_search_log_dropped_total").increment(n as u64);
    tracing::error!(searches = n, why, "searches not recorded");
}

impl SearchRecorder {
    /// A search asked on `tenant`'s own portal: counted as that province's.
    pub fn portal(&self, tenant: &crate::Tenant, entry: SearchLogEntry) {
        self.record(&tenant.db, entry);
    }

    /// A search of no province (the Flanders-wide page, the API): kept in the federation database `federation`.
    pub fn beyond_provinces(&self, federation: &crate::Federation, entry: SearchLogEntry) {
        self.record(federation.db(), entry);
    }

    /// Records `entry` in `db`, later; never waits.
    fn record(&self, db: &Database, entry: SearchLogEntry) {
        if let Err(e) = self.queue.try_send((db.clone(), entry)) {
            let why = match e {
                mpsc::error::TrySendError::Full(_) => "the search log queue is full",
                mpsc::error::TrySendError::Closed(_) => "the search log is closed",
            };
            dropped(1, why);
        }
    }
}

impl SearchLogWriter {
    /// Writes searches until `shutdown` resolves, then closes the queue, writes what is left in it, and returns.
    pub async fn run(mut self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        loop {
            let first = tokio::select! {
                item = self.queue.recv() => item,
                () = &mut shutdown => break,
            };
            let Some(first) = first else { return };
            let mut batch = vec![first];
            let deadline = tokio::time::Instant::now() + GATHER;
            while batch.len() < BATCH {
                match tokio::time::timeout_at(deadline, self.queue.recv()).await {
                    Ok(Some(item)) => batch.push(item),
                    Ok(None) | Err(_) => break,
                }
            }
            write(batch).await;
        }
        self.queue.close();
        let mut rest = Vec::new();
        while let Some(item) = self.queue.recv().await {
            rest.push(item);
            if rest.len() == BATCH {
                write(std::mem::take(&mut rest)).await;
            }
        }
        write(rest).await;
    }

    /// Writes everything queued so far (for tests that count right after searching).
    pub async fn flush(&mut self) {
        let mut batch = Vec::new();
        while let Ok(item) = self.queue.try_recv() {
            batch.push(item);
        }
        write(batch).await;
    }
}

async fn write(batch: Vec<Item>) {
    let mut by_database: HashMap<String, (Database, Vec<SearchLogEntry>)> = HashMap::new();
    for (db, entry) in batch {
        by_database
            .entry(db.slug().to_string())
            .or_insert_with(|| (db, Vec::new()))
            .1
            .push(entry);
    }
    for (db, entries) in by_database.into_values() {
        let n = entries.len();
        let mut last_error = None;
        for wait in [0, 200, 1_000] {
            tokio::time::sleep(Duration::from_millis(wait)).await;
            match db.record_searches(&entries).await {
                Ok(()) => {
                    last_error = None;
                    break;
                }
                Err(e) => last_error = Some(e),
            }
        }
        if let Some(e) = last_error {
            tracing::error!(database = %db.slug(), error = %e, "search log batch refused");
            dropped(n, "the database refused them");
        }
    }
}
