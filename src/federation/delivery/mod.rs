//! The delivery worker: drains the `deliveries` table, signs each POST, retries with backoff,
//! and skips hosts that keep failing. A restart resumes where the last run stopped; several
//! processes share the queue, each delivery leased by one of them.

mod post;

pub use post::{Outcome, backoff, post, retry_after};

use std::time::Duration;

use chrono::TimeDelta;
use tokio::sync::watch;
use tokio::task::JoinSet;

use super::{Context, Error};
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
/// How often a worker looks for the leases of processes that are gone.
const TAKE_OVER_EVERY: Duration = Duration::from_secs(30);
/// A delivery is begun only this long before its lease runs out, so that its attempt (within
/// the request timeout) and its record end before another worker may take it.
const FINISH_WITHIN: TimeDelta = TimeDelta::seconds(super::REQUEST_TIMEOUT.as_secs() as i64 + 5);

/// Runs until `shutdown` changes: sends what is due, sleeps until woken or 5 s pass. Leases
/// left by a previous run are freed first, and those of processes that died are taken over
/// every 30 s (without waiting for them to run out).
pub async fn run(ctx: Context, mut shutdown: watch::Receiver<bool>) {
    match db::deliveries::release_leases(&ctx.db).await {
        Ok(n) if n > 0 => tracing::info!(
            deliveries = n,
            "Resuming {n} deliveries interrupted by the last stop"
        ),
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "Cannot release delivery leases"),
    }
    let mut checked = tokio::time::Instant::now() - TAKE_OVER_EVERY;
    loop {
        if *shutdown.borrow() {
            return;
        }
        if checked.elapsed() >= TAKE_OVER_EVERY {
            checked = tokio::time::Instant::now();
            if let Err(e) = take_over(&ctx).await {
                tracing::error!(error = %e, "Cannot take over the deliveries of stopped processes");
            }
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

/// Frees the leases of processes that are gone (killed, their machine lost): their
/// deliveries are due again at once.
async fn take_over(ctx: &Context) -> Result<(), Error> {
    for owner in db::deliveries::lease_owners(&ctx.db, now()).await? {
        if !ctx.cluster.alive(&owner).await? {
            let n = db::deliveries::release_owner(&ctx.db, &owner).await?;
            tracing::info!(
                deliveries = n,
                process = owner,
                "Took over {n} deliveries of a stopped process"
            );
        }
    }
    Ok(())
}

/// Sends one batch of due deliveries; returns how many were tried. Each is a task of its own,
/// so that signing uses every core; successes are recorded together, a batch at a time. A
/// batch is leased for `federation.delivery_lease_seconds`: what could not begin early enough
/// to end within it is given back, so that no delivery is sent by two workers.
pub async fn send_due(ctx: &Context) -> Result<usize, Error> {
    let now = now();
    let lease = TimeDelta::seconds(i64::from(ctx.settings.federation.delivery_lease_seconds));
    let lease_until = now + lease;
    let begin_before = lease_until - FINISH_WITHIN.min(lease / 2);
    let owner = Some(&*ctx.cluster.runner);
    let due = db::deliveries::lease_due_by(&ctx.db, owner, now, lease_until, 256).await?;
    let mut due = due.into_iter();
    let mut running = JoinSet::new();
    let mut delivered = Delivered::default();
    let mut tried = 0;
    loop {
        while running.len() < CONCURRENCY && crate::domain::now() < begin_before {
            let Some(delivery) = due.next() else { break };
            let ctx = ctx.clone();
            tried += 1;
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
    let late: Vec<i64> = due.map(|d| d.id).collect();
    if !late.is_empty() {
        db::deliveries::unlease(&ctx.db, &late).await?;
    }
    Ok(tried)
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
