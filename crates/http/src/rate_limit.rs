//! Rate limits for what an attacker repeats: logins (per address and per account), registrations, password
//! resets and the messages forms send. A token bucket per key: `burst` attempts at once, then one more every
//! `every`. Kept in this process's memory, which is enough to slow a brute force; several processes each keep
//! their own.
//!
//! Anyone can choose the keys (a typed address, a client address), so the memory they take is bounded twice: a
//! key is kept as its 32-byte digest whatever its length, and a limiter holds at most `capacity` buckets. When it
//! is full, buckets that have refilled are forgotten first (they limit nothing), then the longest idle.

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

use sha2::{Digest, Sha256};

type Key = [u8; 32];

#[derive(Debug)]
pub struct RateLimiter {
    burst: f64,
    every: Duration,
    capacity: usize,
    buckets: Mutex<HashMap<Key, (f64, Instant)>>,
}

/// Buckets one limiter keeps at most: about 3 MB.
const CAPACITY: usize = 50_000;

impl RateLimiter {
    pub fn new(burst: u32, every: Duration) -> Self {
        Self::with_capacity(burst, every, CAPACITY)
    }

    pub fn with_capacity(burst: u32, every: Duration, capacity: usize) -> Self {
        Self {
            burst: f64::from(burst),
            every,
            capacity: capacity.max(1),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one attempt for `key`, or says how long to wait for the next.
    pub fn attempt(&self, key: &str) -> Result<(), Duration> {
        let key: Key = Sha256::digest(key.as_bytes()).into();
        let now = Instant::now();
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        if buckets.len() >= self.capacity && !buckets.contains_key(&key) {
            self.make_room(&mut buckets, now);
        }
        let (tokens, at) = buckets.get(&key).copied().unwrap_or((self.burst, now));
        let tokens = refilled(tokens, at, now, self.burst, self.every);
        if tokens >= 1.0 {
            buckets.insert(key, (tokens - 1.0, now));
            Ok(())
        } else {
            buckets.insert(key, (tokens, now));
            Err(self.every.mul_f64(1.0 - tokens))
        }
    }

    /// How many buckets are kept now.
    pub fn len(&self) -> usize {
        self.buckets.lock().map_or(0, |b| b.len())
    }

    /// Forgets the full buckets; when that is not enough, the idlest quarter.
    fn make_room(&self, buckets: &mut HashMap<Key, (f64, Instant)>, now: Instant) {
        let (burst, every) = (self.burst, self.every);
        buckets.retain(|_, (tokens, at)| refilled(*tokens, *at, now, burst, every) < burst);
        if buckets.len() < self.capacity {
            return;
        }
        let mut ages: Vec<Instant> = buckets.values().map(|(_, at)| *at).collect();
        let cut = ages.len() / 4;
        let (_, &mut oldest_kept, _) = ages.select_nth_unstable(cut);
        buckets.retain(|_, (_, at)| *at > oldest_kept);
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

    #[test]
    fn memory_stays_bounded_whatever_the_keys() {
        let limiter = RateLimiter::with_capacity(5, Duration::from_secs(60), 1_000);
        let long = "a".repeat(100_000);
        for i in 0..10_000 {
            let _ = limiter.attempt(&format!("{long}{i}"));
            assert!(limiter.len() <= 1_000, "{} buckets", limiter.len());
        }
    }

    #[test]
    fn a_full_limiter_still_limits_the_key_being_hammered() {
        let limiter = RateLimiter::with_capacity(2, Duration::from_secs(60), 100);
        for _ in 0..2 {
            assert_eq!(limiter.attempt("doelwit"), Ok(()));
        }
        // Other keys fill the limiter; the newest bucket (the hammered one) is among those kept.
        for i in 0..99 {
            let _ = limiter.attempt(&format!("ander-{i}"));
        }
        let _ = limiter.attempt("doelwit");
        for i in 99..150 {
            let _ = limiter.attempt(&format!("ander-{i}"));
            assert!(limiter.attempt("doelwit").is_err(), "after {i} others");
        }
    }
}
