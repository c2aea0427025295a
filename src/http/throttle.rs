//! Counting attempts in memory, per key, over a sliding window: sign-in failures and public
//! suggestions. One process serves a chapter, so memory is the right place; a restart forgets.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// At most `limit` hits per key within `window`.
pub struct Throttle {
    limit: usize,
    window: Duration,
    hits: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// Keys kept before old ones are swept, so that a flood of keys cannot grow memory unbounded.
const SWEEP_AT: usize = 10_000;

impl Throttle {
    pub fn new(limit: usize, window: Duration) -> Throttle {
        Throttle {
            limit,
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(wait)` when the key used up its hits: how long until the oldest one expires.
    pub fn check(&self, key: &str) -> Result<(), Duration> {
        let now = Instant::now();
        let mut hits = self.hits.lock().expect("throttle lock");
        let Some(times) = hits.get_mut(key) else {
            return Ok(());
        };
        while times.front().is_some_and(|t| now - *t >= self.window) {
            times.pop_front();
        }
        match times.front() {
            Some(oldest) if times.len() >= self.limit => Err(self.window - (now - *oldest)),
            _ => Ok(()),
        }
    }

    /// Counts one hit for the key.
    pub fn hit(&self, key: &str) {
        let now = Instant::now();
        let mut hits = self.hits.lock().expect("throttle lock");
        if hits.len() >= SWEEP_AT {
            let window = self.window;
            hits.retain(|_, times| times.back().is_some_and(|t| now - *t < window));
        }
        let times = hits.entry(key.to_owned()).or_default();
        times.push_back(now);
        while times.len() > self.limit {
            times.pop_front();
        }
    }

    /// Forgets a key (a successful sign-in clears its failures).
    pub fn clear(&self, key: &str) {
        self.hits.lock().expect("throttle lock").remove(key);
    }
}

/// The throttles of one server.
pub struct Throttles {
    /// Failed sign-ins per account name: 5 in 15 minutes, then the account is locked out.
    pub signin_user: Throttle,
    /// Failed sign-ins per client address: 20 in 15 minutes.
    pub signin_ip: Throttle,
    /// Public suggestions per client address: 5 an hour.
    pub suggest: Throttle,
}

impl Default for Throttles {
    fn default() -> Self {
        let quarter = Duration::from_secs(15 * 60);
        Throttles {
            signin_user: Throttle::new(5, quarter),
            signin_ip: Throttle::new(20, quarter),
            suggest: Throttle::new(5, Duration::from_secs(3600)),
        }
    }
}

/// Minutes, rounded up, for messages.
pub fn minutes(wait: Duration) -> u64 {
    wait.as_secs().div_ceil(60).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_limit_and_clears() {
        let t = Throttle::new(2, Duration::from_secs(60));
        assert!(t.check("a").is_ok());
        t.hit("a");
        t.hit("a");
        let wait = t.check("a").unwrap_err();
        assert!(wait <= Duration::from_secs(60) && wait > Duration::from_secs(58));
        assert!(t.check("b").is_ok());
        t.clear("a");
        assert!(t.check("a").is_ok());
    }

    #[test]
    fn hits_expire_with_the_window() {
        let t = Throttle::new(1, Duration::from_millis(20));
        t.hit("a");
        assert!(t.check("a").is_err());
        std::thread::sleep(Duration::from_millis(30));
        assert!(t.check("a").is_ok());
    }
}
