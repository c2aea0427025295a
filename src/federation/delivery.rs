//! The delivery worker: drains the `deliveries` table, signs each POST, retries with backoff,
//! and skips hosts that keep failing. A restart resumes where the last run stopped.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use reqwest::StatusCode;
use tokio::sync::watch;
use tokio::task::JoinSet;
use url::Url;

use super::signature::sign_post;
use super::{Context, Error, LocalActor};
use crate::db::{self, deliveries::DueDelivery};
use crate::domain::now;

/// Deliveries sent at once.
const CONCURRENCY: usize = 32;
/// Successful deliveries are recorded this many at a time.
const RECORD_BATCH: usize = 64;
/// A delivery still failing this long after it was queued is given up.
const GIVE_UP_AFTER: TimeDelta = TimeDelta::hours(48);
/// The longest wait between two attempts.
const MAX_BACKOFF: TimeDelta = TimeDelta::hours(6);
/// A host is unavailable after this many failures in a row, the first this long ago.
const UNAVAILABLE_AFTER_FAILURES: i64 = 8;
const UNAVAILABLE_AFTER: TimeDelta = TimeDelta::hours(1);
/// Deliveries to an unavailable host wait this long between probes.
const UNAVAILABLE_PROBE: TimeDelta = TimeDelta::hours(1);
/// Why a delivery waits without an attempt.
const WAITING: &str = "waiting: the host is unavailable";
/// A leased delivery is due again after this long (its worker died).
const LEASE: TimeDelta = TimeDelta::minutes(2);

/// What one attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Try again, not before this.
    Retry {
        after: Option<Duration>,
        status: Option<u16>,
        error: String,
    },
    /// Refused for good (a 4xx other than 408 and 429).
    Refused {
        status: u16,
    },
}

/// Runs until `shutdown` changes: sends what is due, sleeps until woken or 5 s pass.
pub async fn run(ctx: Context, mut shutdown: watch::Receiver<bool>) {
    match db::deliveries::release_leases(&ctx.db).await {
        Ok(n) if n > 0 => tracing::info!(
            deliveries = n,
            "Resuming {n} deliveries interrupted by the last stop"
        ),
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "Cannot release delivery leases"),
    }
    loop {
        if *shutdown.borrow() {
            return;
        }
        match send_due(&ctx).await {
            Ok(0) => {}
            Ok(_) => continue,
            Err(e) => tracing::error!(error = %e, "Delivery round failed"),
        }
        tokio::select! {
            _ = shutdown.changed() => return,
            () = ctx.deliveries_queued.notified() => {}
            () = tokio::time::sleep(Duration::from_secs(5)) => {}
        }
    }
}

/// Sends one batch of due deliveries; returns how many were tried. Each is a task of its own,
/// so that signing uses every core; successes are recorded together, a batch at a time.
pub async fn send_due(ctx: &Context) -> Result<usize, Error> {
    let now = now();
    let due = db::deliveries::lease_due(&ctx.db, now, now + LEASE, 256).await?;
    let count = due.len();
    let mut due = due.into_iter();
    let mut running = JoinSet::new();
    let mut delivered = Delivered::default();
    loop {
        while running.len() < CONCURRENCY {
            let Some(delivery) = due.next() else { break };
            let ctx = ctx.clone();
            running.spawn(async move { deliver(&ctx, delivery).await });
        }
        let Some(finished) = running.join_next().await else {
            break;
        };
        match finished {
            Ok(Ok(Some(success))) => delivered.push(success),
            Ok(Ok(None)) => {}
            Ok(Err(e)) => tracing::error!(error = %e, "Could not record a delivery"),
            Err(e) => tracing::error!(error = %e, "A delivery task failed"),
        }
        if delivered.ids.len() >= RECORD_BATCH {
            delivered.record(ctx).await;
        }
    }
    delivered.record(ctx).await;
    Ok(count)
}

/// Successful deliveries not yet recorded.
#[derive(Default)]
struct Delivered {
    ids: Vec<i64>,
    hosts: Vec<String>,
}

impl Delivered {
    fn push(&mut self, (id, host): (i64, String)) {
        self.ids.push(id);
        self.hosts.push(host);
    }

    /// Records them in one transaction. Should that fail, their leases run out and they are
    /// sent again: receivers drop a repeated activity id.
    async fn record(&mut self, ctx: &Context) {
        if self.ids.is_empty() {
            return;
        }
        let (ids, hosts) = (
            std::mem::take(&mut self.ids),
            std::mem::take(&mut self.hosts),
        );
        let recorded = async {
            let mut tx = ctx.db.begin().await?;
            let hosts: Vec<&str> = hosts.iter().map(String::as_str).collect();
            db::deliveries::record_delivered(&mut tx, &ids, &hosts, now()).await?;
            tx.commit().await
        };
        if let Err(e) = recorded.await {
            tracing::error!(error = %e, "Could not record {} deliveries", ids.len());
        }
    }
}

/// Attempts one delivery and records a failure; a success is returned, to be recorded with
/// others.
async fn deliver(ctx: &Context, d: DueDelivery) -> Result<Option<(i64, String)>, Error> {
    let now = now();
    if d.host_unavailable && d.last_error.as_deref() != Some(WAITING) {
        // An unavailable host is not tried at once: its delivery waits an hour, then goes out
        // as a probe (a success makes the host available again).
        db::deliveries::defer(&ctx.db, d.id, now + UNAVAILABLE_PROBE, WAITING).await?;
        return Ok(None);
    }
    let outcome = post(ctx, &d).await;
    let now = crate::domain::now();
    match &outcome {
        Outcome::Delivered => return Ok(Some((d.id, d.host))),
        Outcome::Refused { status } => {
            tracing::warn!(inbox = d.inbox, status, "Delivery refused for good");
            let error = format!("refused with HTTP {status}");
            db::deliveries::record_attempt(
                &ctx.db,
                d.id,
                "failed",
                now,
                Some(i64::from(*status)),
                Some(&error),
                now,
            )
            .await?;
            db::deliveries::host_succeeded(&ctx.db, &d.host, now).await?;
        }
        Outcome::Retry {
            after,
            status,
            error,
        } => {
            let next = now + backoff(d.attempts + 1, *after);
            let (state, next) = if next - d.created_at > GIVE_UP_AFTER {
                ("failed", now)
            } else {
                ("pending", next)
            };
            tracing::info!(
                inbox = d.inbox,
                error,
                state,
                "Delivery failed; next attempt at {next}"
            );
            db::deliveries::record_attempt(
                &ctx.db,
                d.id,
                state,
                next,
                status.map(i64::from),
                Some(error),
                now,
            )
            .await?;
            db::deliveries::host_failed(
                &ctx.db,
                &d.host,
                now,
                UNAVAILABLE_AFTER_FAILURES,
                now - UNAVAILABLE_AFTER,
            )
            .await?;
        }
    }
    Ok(None)
}

/// Signs and sends one delivery.
pub async fn post(ctx: &Context, d: &DueDelivery) -> Outcome {
    let retry = |error: String, status: Option<u16>| Outcome::Retry {
        after: None,
        status,
        error,
    };
    let Ok(url) = Url::parse(&d.inbox) else {
        return Outcome::Refused { status: 400 };
    };
    let from = LocalActor::parse(&d.local_actor).unwrap_or(LocalActor::Chapter);
    let key = ctx.keys.get(from);
    let mut request = ctx.client.post(url.clone()).body(d.payload.clone());
    for (name, value) in sign_post(
        &url,
        d.payload.as_bytes(),
        &ctx.urls.key_id(from),
        &key.signing,
    ) {
        request = request.header(name, value);
    }
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) if e.is_timeout() => return retry("timed out".into(), None),
        Err(e) => return retry(format!("cannot reach the inbox: {e}"), None),
    };
    let status = response.status();
    if status.is_success() {
        Outcome::Delivered
    } else if status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
        || status.is_server_error()
        || status.is_redirection()
    {
        let after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(retry_after);
        Outcome::Retry {
            after,
            status: Some(status.as_u16()),
            error: format!("HTTP {status}"),
        }
    } else {
        Outcome::Refused {
            status: status.as_u16(),
        }
    }
}

/// 30 s, 1 min, 2 min… doubling up to 6 h, or what `Retry-After` asked (at most 6 h).
pub fn backoff(attempt: i64, retry_after: Option<Duration>) -> TimeDelta {
    if let Some(after) = retry_after {
        return TimeDelta::from_std(after)
            .unwrap_or(MAX_BACKOFF)
            .clamp(TimeDelta::seconds(1), MAX_BACKOFF);
    }
    let exponent = u32::try_from(attempt.clamp(1, 20) - 1).unwrap_or(0);
    (TimeDelta::seconds(30) * 2_i32.pow(exponent.min(16))).min(MAX_BACKOFF)
}

/// Reads `Retry-After`: seconds, or an HTTP date.
pub fn retry_after(value: &str) -> Option<Duration> {
    if let Ok(seconds) = value.trim().parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when: DateTime<Utc> = httpdate::parse_http_date(value.trim()).ok()?.into();
    (when - Utc::now()).to_std().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1, None), TimeDelta::seconds(30));
        assert_eq!(backoff(3, None), TimeDelta::minutes(2));
        assert_eq!(backoff(15, None), MAX_BACKOFF);
        assert_eq!(
            backoff(2, Some(Duration::from_secs(120))),
            TimeDelta::minutes(2)
        );
        assert_eq!(backoff(2, Some(Duration::from_secs(999_999))), MAX_BACKOFF);
        assert_eq!(retry_after("42"), Some(Duration::from_secs(42)));
    }
}
