//! An open-loop load generator: requests leave on a fixed schedule whether or not earlier ones have been
//! answered, so a slow server meets more concurrent requests instead of a politely waiting client.

use std::time::{Duration, Instant};

use doeners_search::SearchRequest;

/// The query string `GET /api/v1/search` takes for this request.
pub fn query_string(r: &SearchRequest) -> Vec<(&'static str, String)> {
    let mut params = vec![("q", r.q.clone()), ("per_page", r.limit.to_string())];
    for c in &r.categories {
        params.push(("category", c.slug().to_string()));
    }
    for p in &r.provinces {
        params.push(("province", p.slug.to_string()));
    }
    if let Some(place) = &r.near
        && let Some(code) = &place.postal_code
    {
        params.push(("near", code.to_string()));
    }
    params
}

/// What one fixed rate gave.
#[derive(Debug, Clone)]
pub struct RateResult {
    /// Answers per second actually received, over the measured window.
    pub achieved: f64,
    pub latencies: Vec<Duration>,
    pub failures: usize,
}

impl RateResult {
    pub fn percentile_ms(&self, p: f64) -> f64 {
        crate::percentile(&self.latencies, p)
    }
}

/// Sends `urls` round-robin at `rate` requests per second for `warm_up` (not measured) and then `measure`.
/// Each latency runs from the moment its request was sent to the moment its whole body was read.
pub async fn run_at(
    client: &reqwest::Client,
    urls: &[reqwest::Url],
    rate: u32,
    warm_up: Duration,
    measure: Duration,
) -> RateResult {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(bool, Option<Duration>)>();
    let started = Instant::now();
    let measured_from = started + warm_up;
    let end = measured_from + measure;
    let interval = Duration::from_secs_f64(1.0 / f64::from(rate));
    let mut sent: u64 = 0;
    loop {
        let now = Instant::now();
        if now >= end {
            break;
        }
        // Every request whose time has come leaves now; the timer wakes about once a millisecond.
        let due = (now - started).as_secs_f64() / interval.as_secs_f64();
        while (sent as f64) < due {
            let url = urls[(sent as usize) % urls.len()].clone();
            let client = client.clone();
            let tx = tx.clone();
            let measured = Instant::now() >= measured_from;
            tokio::spawn(async move {
                let t = Instant::now();
                let ok = match client.get(url).send().await {
                    Ok(response) => {
                        let status = response.status();
                        response.bytes().await.is_ok() && status.is_success()
                    }
                    Err(_) => false,
                };
                let _ = tx.send((measured, ok.then(|| t.elapsed())));
            });
            sent += 1;
        }
        tokio::time::sleep(Duration::from_micros(500)).await;
    }
    drop(tx);
    let mut latencies = Vec::new();
    let mut failures = 0;
    while let Some((measured, latency)) = rx.recv().await {
        if !measured {
            continue;
        }
        match latency {
            Some(l) => latencies.push(l),
            None => failures += 1,
        }
    }
    latencies.sort();
    RateResult {
        achieved: latencies.len() as f64 / measure.as_secs_f64(),
        latencies,
        failures,
    }
}
