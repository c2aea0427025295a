//! The mail worker: plans what is owed (admins' notices every pass, readers' digests every few
//! minutes, once across the cluster) and sends what is due, until the server stops.

use std::time::Duration;

use tokio::sync::watch;

use super::Mailer;
use crate::cluster::{Cluster, Lock, schedule};
use crate::domain::{digest, freshness, mail, notice};

/// A pass runs at least this often, and whenever something is queued.
const PASS: Duration = Duration::from_secs(10);
/// Digests are planned this often.
const DIGESTS_EVERY: Duration = Duration::from_secs(300);

/// What one planning pass queued.
#[derive(Debug, Default, Clone, Copy)]
pub struct Planned {
    pub notices: usize,
    pub digests: usize,
    pub reminders: usize,
}

/// Plans everything owed now: admins' notices, readers' digests, contacts' reminders.
pub async fn plan(mailer: &Mailer) -> anyhow::Result<Planned> {
    let now = crate::domain::now();
    let db = mailer.db();
    Ok(Planned {
        notices: notice::plan(db, now).await?,
        digests: digest::plan_digests(db, now).await?,
        reminders: reminders(mailer, now).await?,
    })
}

async fn reminders(
    mailer: &Mailer,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, crate::db::DbError> {
    let inner = &mailer.inner;
    freshness::plan(mailer.db(), now, inner.remind_after_days, inner.locale).await
}

/// Runs until `stopped` turns true. On each pass, the admins' notices are planned and the due
/// messages sent by one process at a time ([`Lock::Mail`]: the hourly cap then counts every
/// message the cluster sends); digests and reminders are planned once per 5 minutes across the
/// cluster (the `digests` job). On SQLite, leases a crash left are freed first.
pub fn spawn(
    mailer: Mailer,
    cluster: Cluster,
    mut stopped: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let db = mailer.db().clone();
        // On PostgreSQL another process may hold leases; a dead one's run out in 5 minutes.
        if !cluster.shared()
            && let Err(e) = crate::db::mails::release_leases(&db).await
        {
            tracing::error!(error = %e, "Cannot free the mail queue's leases");
        }
        loop {
            match cluster.locks.try_lock(Lock::Mail).await {
                Ok(Some(_turn)) => {
                    if let Err(e) = notice::plan(&db, crate::domain::now()).await {
                        tracing::error!(error = %e, "Cannot plan the admins' notices");
                    }
                    if let Err(e) = super::send_due(&mailer).await {
                        tracing::error!(error = %e, "Cannot send the mail queue");
                    }
                }
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "Cannot take the mail lock"),
            }
            schedule::once(&cluster, "digests", DIGESTS_EVERY, digests(&mailer)).await;
            tokio::select! {
                () = tokio::time::sleep(PASS) => {}
                () = mailer.inner.wake.notified() => {}
                _ = stopped.changed() => {}
            }
            if *stopped.borrow() {
                return;
            }
        }
    })
}

/// Readers' digests, contacts' reminders, and expired links forgotten.
async fn digests(mailer: &Mailer) {
    let (db, now) = (mailer.db(), crate::domain::now());
    match digest::plan_digests(db, now).await {
        Ok(n) if n > 0 => tracing::info!(digests = n, "Queued readers' digests"),
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "Cannot plan the readers' digests"),
    }
    match reminders(mailer, now).await {
        Ok(n) if n > 0 => tracing::info!(reminders = n, "Queued reminders to contacts"),
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "Cannot plan the reminders"),
    }
    if let Err(e) = mail::sweep_links(db, now).await {
        tracing::error!(error = %e, "Cannot forget expired links");
    }
}
