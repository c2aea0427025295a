//! Counting attempts in memory, per key, over a sliding window: sign-in failures and public
//! suggestions; and bounding the map layers built at once. Counted per process, on purpose (no
//! round trip to the database per sign-in): with N web processes behind a load balancer that
//! spreads requests, a client gets up to N times each limit (docs/DEPLOY.md, "Running a hub");
//! a restart forgets.

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

    /// Counts a hit for the key, unless it used up its hits: then `Err(wait)`, and nothing is
    /// counted.
    pub fn take(&self, key: &str) -> Result<(), Duration> {
        self.check(key)?;
        self.hit(key);
        Ok(())
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

/// The throttles of one server. Sign-in attempts count before the password is checked, so
/// that parallel guesses count too; a success clears the account's count from that address.
pub struct Throttles {
    /// Sign-in attempts per account and address: 5 in 15 minutes, then locked out there.
    pub signin: Throttle,
    /// Sign-in attempts per account from anywhere: 50 in 15 minutes (a distributed guess).
    pub signin_account: Throttle,
    /// Sign-in attempts per client address: 20 in 15 minutes.
    pub signin_ip: Throttle,
    /// Public suggestions per client address: 5 an hour.
    pub suggest: Throttle,
    /// Subscriptions asked per client address: 10 an hour (each address also gets at most one
    /// confirmation a day, whoever asks).
    pub subscribe: Throttle,
    /// Reports of a problem ("Report a problem", `POST /api/v1/reports`) per client address:
    /// 10 an hour.
    pub report: Throttle,
    /// Map layers (`/initiatives.geojson`, `/events.geojson`) being built or sent at once:
    /// [`MAP_LAYERS`]. Each holds its ids (up to 10,000), one chunk of entries and its first
    /// 4 MB of features (whole, for an `ETag`, if it ends there) until it is sent; eight
    /// clients reading a country at once would also share the CPU eight ways, so the others
    /// wait their turn.
    pub map_layers: std::sync::Arc<tokio::sync::Semaphore>,
}

/// Map layers a process builds at once: the CPU is the limit anyway (2 cores measured), and
/// memory stays bounded whatever clients ask (docs/BENCHMARKS.md, "Map layers read in chunks").
pub const MAP_LAYERS: usize = 2;

impl Default for Throttles {
    fn default() -> Self {
        let quarter = Duration::from_secs(15 * 60);
        Throttles {
            signin: Throttle::new(5, quarter),
            signin_account: Throttle::new(50, quarter),
            signin_ip: Throttle::new(20, quarter),
            suggest: Throttle::new(5, Duration::from_secs(3600)),
            subscribe: Throttle::new(10, Duration::from_secs(3600)),
            report: Throttle::new(10, Duration::from_secs(3600)),
            map_layers: std::sync::Arc::new(tokio::sync::Semaphore::new(MAP_LAYERS)),
        }
    }
}

impl Throttles {
    /// Counts a sign-in attempt for `username` from `client` (see [`client_key`]); `Err(wait)`
    /// when one of the limits is reached, and then nothing is counted.
    pub fn signin_attempt(&self, username: &str, client: &str) -> Result<(), Duration> {
        let pair = format!("{username}|{client}");
        self.signin
            .check(&pair)
            .and(self.signin_account.check(username))
            .and(self.signin_ip.check(client))?;
        self.signin.hit(&pair);
        self.signin_account.hit(username);
        self.signin_ip.hit(client);
        Ok(())
    }

    /// A success: the account's attempts from that client are forgotten.
    pub fn signin_succeeded(&self, username: &str, client: &str) {
        self.signin.clear(&format!("{username}|{client}"));
    }
}

/// The key a client address counts under: the address itself, or its /64 for IPv6 (one
/// household or server gets a whole /64).
pub fn client_key(ip: std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
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
    fn ipv6_counts_by_its_64() {
        let a: std::net::IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: std::net::IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_eq!(client_key("192.0.2.1".parse().unwrap()), "192.0.2.1");
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
