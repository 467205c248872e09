//! Rate limits for what an attacker repeats: logins (per address and per account), registrations and, later,
//! password resets and contact forms. A token bucket per key: `burst` attempts at once, then one more every
//! `every`. Kept in this process's memory, which is enough to slow a brute force; several processes each keep
//! their own.

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

#[derive(Debug)]
pub struct RateLimiter {
    burst: f64,
    every: Duration,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

/// Buckets kept before full ones are forgotten.
const KEEP: usize = 50_000;

impl RateLimiter {
    pub fn new(burst: u32, every: Duration) -> Self {
        Self {
            burst: f64::from(burst),
            every,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one attempt for `key`, or says how long to wait for the next.
    pub fn attempt(&self, key: &str) -> Result<(), Duration> {
        let now = Instant::now();
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        if buckets.len() > KEEP {
            let (burst, every) = (self.burst, self.every);
            buckets.retain(|_, (tokens, at)| refilled(*tokens, *at, now, burst, every) < burst);
        }
        let (tokens, at) = buckets.get(key).copied().unwrap_or((self.burst, now));
        let tokens = refilled(tokens, at, now, self.burst, self.every);
        if tokens >= 1.0 {
            buckets.insert(key.to_string(), (tokens - 1.0, now));
            Ok(())
        } else {
            buckets.insert(key.to_string(), (tokens, now));
            Err(self.every.mul_f64(1.0 - tokens))
        }
    }
}

fn refilled(tokens: f64, at: Instant, now: Instant, burst: f64, every: Duration) -> f64 {
    let gained = now.duration_since(at).as_secs_f64() / every.as_secs_f64();
    (tokens + gained).min(burst)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_one_per_interval() {
        let limiter = RateLimiter::new(3, Duration::from_secs(60));
        for _ in 0..3 {
            assert_eq!(limiter.attempt("1.2.3.4"), Ok(()));
        }
        let wait = limiter.attempt("1.2.3.4").expect_err("limited");
        assert!(
            wait > Duration::from_secs(59) && wait <= Duration::from_secs(60),
            "{wait:?}"
        );
        assert_eq!(
            limiter.attempt("5.6.7.8"),
            Ok(()),
            "another key has its own bucket"
        );
    }
}
