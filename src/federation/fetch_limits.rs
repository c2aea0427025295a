//! What remote requests may make us fetch: an actor is fetched once at a time, refetched at
//! most once per [`REFETCH_EVERY`] (a failed fetch counts), and each remote host may cause a
//! budget of fetches per minute. Without these, a sender could turn the inbox into a fetcher
//! aimed at a third server: 100 POSTs with a bad signature fetched the actor 100 times.
//!
//! The limits live in this process's memory: several processes each keep their own.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use activitypub_federation::config::Data;
use url::Url;

use super::remote::RemoteActor;
use super::{Context, Error};

/// An actor is fetched again at most this often, whatever arrives.
pub const REFETCH_EVERY: Duration = Duration::from_secs(5 * 60);
/// Actors remembered at most; past that, the ones not fetched lately are forgotten.
const REMEMBERED: usize = 10_000;

/// Why an actor could not be had.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// The fetch itself failed.
    #[error("{0}")]
    Fetch(Error),
    /// Its last fetch failed moments ago: not asked again before the window ends.
    #[error("it could not be fetched moments ago; not asking again yet")]
    FailedLately,
    /// Its host has caused its budget of fetches this minute: try again after these seconds.
    #[error("its host made this chapter fetch too much lately; try again in {0} s")]
    HostBusy(u64),
}

/// The fetches made lately, per actor and per host.
pub struct FetchLimits {
    per_host_per_minute: u32,
    actors: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Attempt>>>>,
    hosts: Mutex<HashMap<String, Bucket>>,
}

/// The last fetches of one actor; its lock makes concurrent fetches of it one.
#[derive(Debug, Default)]
struct Attempt {
    /// When it was last fetched, for whatever reason.
    fetched: Option<Instant>,
    /// Whether that fetch failed (or was abandoned at the inbox's deadline).
    failed: bool,
    /// When it was last refetched because a signature did not verify.
    refetched: Option<Instant>,
}

fn lately(at: Option<Instant>) -> bool {
    at.is_some_and(|at| at.elapsed() < REFETCH_EVERY)
}

/// A token bucket: `per_minute` fetches at once, then one every `60 / per_minute` seconds.
#[derive(Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl FetchLimits {
    pub fn new(per_host_per_minute: u32) -> Self {
        FetchLimits {
            per_host_per_minute: per_host_per_minute.max(1),
            actors: Mutex::default(),
            hosts: Mutex::default(),
        }
    }

    /// The actor at `url`: as known if fresh; else fetched, unless its fetch failed lately or
    /// its host is over budget (then as known, if known at all).
    pub async fn actor(&self, url: &Url, data: &Data<Context>) -> Result<RemoteActor, Refused> {
        let slot = self.slot(url);
        let mut attempt = slot.lock().await;
        let known = RemoteActor::known(url, data)
            .await
            .map_err(Refused::Fetch)?;
        match known {
            Some(actor) if !actor.is_stale() || lately(attempt.fetched) => Ok(actor),
            None if lately(attempt.fetched) && attempt.failed => Err(Refused::FailedLately),
            known => match self.fetch(url, data, &mut attempt).await {
                Ok(actor) => Ok(actor),
                // A stale actor serves while its origin does not answer; a deleted one does not.
                Err(Refused::Fetch(Error::Federation(
                    activitypub_federation::error::Error::ObjectDeleted(url),
                ))) => Err(Refused::Fetch(Error::Federation(
                    activitypub_federation::error::Error::ObjectDeleted(url),
                ))),
                Err(refused) => known.ok_or(refused),
            },
        }
    }

    /// The actor as it is now at its origin, for a signature that does not verify with the
    /// key we keep (keys rotate). Refetched at most once per [`REFETCH_EVERY`], however many
    /// signatures fail and whatever the refetch brings; within it, the actor as we keep it
    /// (refetched moments ago, maybe by a request that waited beside this one).
    pub async fn refetch(&self, url: &Url, data: &Data<Context>) -> Result<RemoteActor, Refused> {
        let slot = self.slot(url);
        let mut attempt = slot.lock().await;
        if lately(attempt.refetched) {
            return RemoteActor::known(url, data)
                .await
                .map_err(Refused::Fetch)?
                .ok_or(Refused::FailedLately);
        }
        attempt.refetched = Some(Instant::now());
        self.fetch(url, data, &mut attempt).await
    }

    async fn fetch(
        &self,
        url: &Url,
        data: &Data<Context>,
        attempt: &mut Attempt,
    ) -> Result<RemoteActor, Refused> {
        self.take(url)?;
        // Failed until it succeeds: a fetch abandoned at the inbox's deadline counts too.
        attempt.fetched = Some(Instant::now());
        attempt.failed = true;
        let fetched = RemoteActor::refetch(url, data).await;
        attempt.failed = fetched.is_err();
        fetched.map_err(Refused::Fetch)
    }

    /// Takes one fetch from the budget of `url`'s host.
    fn take(&self, url: &Url) -> Result<(), Refused> {
        let host = url.host_str().unwrap_or_default().to_owned();
        let rate = f64::from(self.per_host_per_minute) / 60.0;
        let capacity = f64::from(self.per_host_per_minute);
        let mut hosts = self.hosts.lock().expect("fetch limits lock");
        if hosts.len() >= REMEMBERED {
            hosts.retain(|_, b| b.at.elapsed() < Duration::from_secs(60));
        }
        let bucket = hosts.entry(host).or_insert(Bucket {
            tokens: capacity,
            at: Instant::now(),
        });
        bucket.tokens = (bucket.tokens + bucket.at.elapsed().as_secs_f64() * rate).min(capacity);
        bucket.at = Instant::now();
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Refused::HostBusy(
                ((1.0 - bucket.tokens) / rate).ceil() as u64
            ))
        }
    }

    /// The lock and last attempt of one actor.
    fn slot(&self, url: &Url) -> Arc<tokio::sync::Mutex<Attempt>> {
        let mut actors = self.actors.lock().expect("fetch limits lock");
        if actors.len() >= REMEMBERED {
            // Forget those nobody is fetching and not fetched lately.
            actors.retain(|_, slot| {
                slot.try_lock().map_or(true, |attempt| {
                    lately(attempt.fetched) || lately(attempt.refetched)
                })
            });
        }
        actors.entry(url.to_string()).or_default().clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_gets_its_budget_then_one_fetch_at_a_time() {
        let limits = FetchLimits::new(3);
        let url = Url::parse("https://busy.example/users/a").unwrap();
        let other = Url::parse("https://quiet.example/users/b").unwrap();
        for _ in 0..3 {
            assert!(limits.take(&url).is_ok());
        }
        match limits.take(&url) {
            Err(Refused::HostBusy(seconds)) => assert!((1..=20).contains(&seconds), "{seconds}"),
            other => panic!("{other:?}"),
        }
        assert!(
            limits.take(&other).is_ok(),
            "another host has its own budget"
        );
    }
}
