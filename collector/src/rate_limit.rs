//! Per-client rate limiting of submissions: a token bucket per IP address, in this process's
//! memory (each collector instance limits on its own; see docs/COLLECTOR.md).
//!
//! Owns: `RateLimiter` and its decision (go ahead, or wait this many seconds: the 429's
//! `Retry-After`). Must not: read the clock itself in decisions (callers pass `now`, so tests
//! need no sleeps), or grow without bound (idle buckets are dropped).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// Buckets kept before idle (full) ones are dropped.
const MAX_CLIENTS: usize = 10_000;

pub struct RateLimiter {
    burst: f64,
    per_second: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimiter {
    /// `burst` requests at once, refilled at `per_second`; `burst == 0` lets everything through.
    pub fn new(burst: u32, per_second: u32) -> RateLimiter {
        RateLimiter {
            burst: f64::from(burst),
            per_second: f64::from(per_second),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// `Ok(())` to go ahead, or `Err(seconds)` to wait before trying again (at least 1).
    pub fn check(&self, client: IpAddr, now: Instant) -> Result<(), u32> {
        if self.burst <= 0.0 {
            return Ok(());
        }
        // A poisoned lock only means another request panicked mid-update: the counts are
        // still numbers, so keep using them.
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= MAX_CLIENTS {
            let (burst, rate) = (self.burst, self.per_second);
            buckets.retain(|_, b| refilled(b, now, burst, rate) < burst);
        }
        let bucket = buckets.entry(client).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        bucket.tokens = refilled(bucket, now, self.burst, self.per_second);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Ok(());
        }
        if self.per_second <= 0.0 {
            return Err(3600);
        }
        let wait = ((1.0 - bucket.tokens) / self.per_second).ceil();
        Err((wait as u32).max(1))
    }
}

fn refilled(b: &Bucket, now: Instant, burst: f64, per_second: f64) -> f64 {
    let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
    (b.tokens + elapsed * per_second).min(burst)
}
