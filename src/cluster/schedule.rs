//! Periodic jobs run once per period across the cluster, whichever process gets there first.
//!
//! Every worker process wakes each job on its own clock; a run needs both the job's advisory
//! lock (no two runs at once, even one longer than its period) and its claim in
//! `scheduled_jobs` (the row moves to the next period only if it was due), so that N processes
//! make one run per period, not N.

use std::future::Future;
use std::time::Duration;

use tokio::sync::watch;

use super::{Cluster, Lock};
use crate::db;

/// Runs `job` if its period is due and no other process runs it now; answers whether it ran.
pub async fn once<F: Future<Output = ()>>(
    cluster: &Cluster,
    name: &'static str,
    period: Duration,
    job: F,
) -> bool {
    let held = match cluster.locks.try_lock(Lock::Job(name)).await {
        Ok(Some(held)) => held,
        Ok(None) => return false,
        Err(e) => {
            tracing::error!(error = %e, job = name, "Cannot take the job's lock");
            return false;
        }
    };
    let now = crate::domain::now();
    let next = now + chrono::TimeDelta::from_std(period).unwrap_or(chrono::TimeDelta::hours(1));
    match db::cluster::claim_run(&cluster.db, name, now, next, &cluster.runner).await {
        Ok(Some(run)) => {
            tracing::debug!(job = name, run, "Running {name}");
            job.await;
            drop(held);
            true
        }
        Ok(None) => false,
        Err(e) => {
            tracing::error!(error = %e, job = name, "Cannot claim the job's run");
            false
        }
    }
}

/// Spawns a loop that tries `job` every `tick` (or when `woken`), running it once per
/// `period` across the cluster, until `stop` turns true.
pub fn every<J, F>(
    cluster: Cluster,
    name: &'static str,
    period: Duration,
    tick: Duration,
    mut stop: watch::Receiver<bool>,
    job: J,
) -> tokio::task::JoinHandle<()>
where
    J: Fn() -> F + Send + 'static,
    F: Future<Output = ()> + Send,
{
    tokio::spawn(async move {
        loop {
            if *stop.borrow() {
                return;
            }
            once(&cluster, name, period, job()).await;
            tokio::select! {
                _ = stop.changed() => return,
                () = tokio::time::sleep(tick.min(period)) => {}
            }
        }
    })
}

/// How long to wait between tries of a job that runs every `period`: often enough that a run is
/// late by at most a tenth of its period (and 30 s), rarely enough to cost nothing.
pub fn tick(period: Duration) -> Duration {
    (period / 10).clamp(Duration::from_secs(1), Duration::from_secs(30))
}
