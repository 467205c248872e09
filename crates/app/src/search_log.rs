//! Recording searches without holding up their answers, and without losing them: a search is handed to a
//! bounded queue, and one worker writes what has gathered, a batch per database, every few milliseconds. On
//! shutdown the queue is closed and drained before the worker ends. A search that finds the queue full or
//! closed, or whose batch the database refused three times, is counted on `/metrics`
//! (`doeners_search_log_dropped_total`) and logged: never lost silently.

use std::{collections::HashMap, time::Duration};

use doeners_persistence::{Database, PageView, SearchLogEntry};
use tokio::sync::mpsc;

/// Searches waiting to be written, at most.
const CAPACITY: usize = 20_000;
/// Written together, at most.
const BATCH: usize = 1_000;
/// How long a search waits for others to join its batch.
const GATHER: Duration = Duration::from_millis(20);

/// What is recorded: a search, or a page view.
#[derive(Debug)]
enum Record {
    Search(SearchLogEntry),
    View(PageView),
}

type Item = (Database, Record);

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
        self.record(&tenant.db, Record::Search(entry));
    }

    /// An organisation's profile (or one of its offers) opened on `tenant`'s portal.
    pub fn view(&self, tenant: &crate::Tenant, view: PageView) {
        self.record(&tenant.db, Record::View(view));
    }

    /// A search of no province (the Flanders-wide page, the API): kept in the federation database `federation`.
    pub fn beyond_provinces(&self, federation: &crate::Federation, entry: SearchLogEntry) {
        self.record(federation.db(), Record::Search(entry));
    }

    /// Records `entry` in `db`, later; never waits.
    fn record(&self, db: &Database, record: Record) {
        if let Err(e) = self.queue.try_send((db.clone(), record)) {
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
    type Entries = (Database, Vec<SearchLogEntry>, Vec<PageView>);
    let mut by_database: HashMap<String, Entries> = HashMap::new();
    for (db, record) in batch {
        let entry = by_database
            .entry(db.slug().to_string())
            .or_insert_with(|| (db, Vec::new(), Vec::new()));
        match record {
            Record::Search(s) => entry.1.push(s),
            Record::View(v) => entry.2.push(v),
        }
    }
    for (db, searches, views) in by_database.into_values() {
        let n = searches.len() + views.len();
        let mut last_error = None;
        for wait in [0, 200, 1_000] {
            tokio::time::sleep(Duration::from_millis(wait)).await;
            let written = async {
                if !searches.is_empty() {
                    db.record_searches(&searches).await?;
                }
                if !views.is_empty() {
                    db.record_views(&views).await?;
                }
                Ok::<_, doeners_persistence::PersistenceError>(())
            };
            match written.await {
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
