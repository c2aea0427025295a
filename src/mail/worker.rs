//! The mail worker: plans what is owed (admins' notices every pass, readers' digests every few
//! minutes) and sends what is due, until the server stops.

use std::time::Duration;

use tokio::sync::watch;

use super::Mailer;
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

/// Runs until `stopped` turns true. Leases a crash left are freed first.
pub fn spawn(mailer: Mailer, mut stopped: watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let db = mailer.db().clone();
        if let Err(e) = crate::db::mails::release_leases(&db).await {
            tracing::error!(error = %e, "Cannot free the mail queue's leases");
        }
        let mut last_digests = tokio::time::Instant::now() - DIGESTS_EVERY;
        loop {
            let now = crate::domain::now();
            if let Err(e) = notice::plan(&db, now).await {
                tracing::error!(error = %e, "Cannot plan the admins' notices");
            }
            if last_digests.elapsed() >= DIGESTS_EVERY {
                last_digests = tokio::time::Instant::now();
                match digest::plan_digests(&db, now).await {
                    Ok(n) if n > 0 => tracing::info!(digests = n, "Queued readers' digests"),
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "Cannot plan the readers' digests"),
                }
                match reminders(&mailer, now).await {
                    Ok(n) if n > 0 => tracing::info!(reminders = n, "Queued reminders to contacts"),
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "Cannot plan the reminders"),
                }
                if let Err(e) = mail::sweep_links(&db, now).await {
                    tracing::error!(error = %e, "Cannot forget expired links");
                }
            }
            if let Err(e) = super::send_due(&mailer).await {
                tracing::error!(error = %e, "Cannot send the mail queue");
            }
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
