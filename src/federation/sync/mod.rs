//! Backfill and re-sync: reading a followed actor's outbox, newest first, into the directory.
//! Bounded (pages, items, a visited set), resumable after a restart, and repeated
//! periodically so that anything a delivery missed is repaired.

use std::collections::HashSet;

use activitypub_federation::config::Data;
use chrono::{DateTime, TimeDelta, Utc};
use futures::StreamExt;
use serde_json::Value;
use url::Url;

use pages::{admit, fetch_page, page_items, pick};

use super::mirror;
use super::remote::RemoteActor;
use super::{Context, Error, Federation};
use crate::cluster::Lock;
use crate::db::{self, follows::FollowRow};
use crate::domain::now;

mod pages;

/// The most pages one backfill reads, and the most activities it applies.
pub const MAX_PAGES: i64 = 1_000;
pub const MAX_ITEMS: usize = 25_000;
/// A re-sync reads back this far before the last one, for clock skew and late arrivals.
const RESYNC_OVERLAP: TimeDelta = TimeDelta::hours(1);

/// The items of a page applied at once (each may fetch its object from the followed server).
const ITEMS_AT_ONCE: usize = 16;

/// What one pass over an outbox did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub pages: i64,
    pub applied: usize,
}

/// Starts (or resumes) the backfill of a follow from its actor's outbox.
pub async fn backfill(fed: &Federation, follow_id: i64) -> Result<Report, Error> {
    let ctx = fed.context();
    let Some(follow) = db::follows::by_id(&ctx.db, follow_id).await? else {
        return Ok(Report::default());
    };
    if follow.state != "accepted" {
        return Ok(Report::default());
    }
    let start = match (&follow.backfill_next, &follow.actor_outbox) {
        (Some(next), _) => next.clone(),
        (None, Some(outbox)) if follow.synced_at.is_none() => outbox.clone(),
        _ => return Ok(Report::default()),
    };
    walk(fed, &follow, &start, None, true).await
}

/// Reads what a followed actor published since the last sync (with an hour of overlap).
pub async fn resync(fed: &Federation, follow: &FollowRow) -> Result<Report, Error> {
    let Some(outbox) = &follow.actor_outbox else {
        return Ok(Report::default());
    };
    let since = follow.synced_at.map(|t| t - RESYNC_OVERLAP);
    walk(fed, follow, outbox, since, false).await
}

/// Resumes unfinished backfills, and re-syncs the accepted follows last synced before
/// `synced_before`: a restart does not read again every outbox read a moment ago. Reads
/// `federation.syncs_at_once` follows at once: a hub's backfills of hundreds of chapters each
/// wait on their pages and on the writer, and one after another left the writer idle.
pub async fn resync_all(fed: &Federation, synced_before: DateTime<Utc>) -> Result<(), Error> {
    let ctx = fed.context();
    let due = db::follows::list(&ctx.db)
        .await?
        .into_iter()
        .filter(|follow| follow.state == "accepted")
        .filter(|follow| match (&follow.backfill_next, follow.synced_at) {
            (Some(_), _) | (None, None) => true,
            (None, Some(synced)) => synced < synced_before,
        });
    let syncs: Vec<_> = due.map(|follow| sync_one(fed, follow)).collect();
    let at_once = ctx.settings.federation.syncs_at_once.max(1) as usize;
    futures::stream::iter(syncs)
        .buffer_unordered(at_once)
        .collect::<()>()
        .await;
    Ok(())
}

/// Backfills or re-syncs one follow; a failure is tried again by the next pass.
async fn sync_one(fed: &Federation, follow: FollowRow) {
    let result = match (&follow.backfill_next, follow.synced_at) {
        (None, Some(_)) => resync(fed, &follow).await,
        _ => backfill(fed, follow.id).await,
    };
    if let Err(e) = result {
        tracing::warn!(actor = follow.actor_ap_id, error = %e, "Sync failed; it will be tried again");
    }
}

/// The sync worker: every `federation.resync_minutes` (once across the cluster, claimed as
/// `resync`), and whenever a follow's backfill waits (woken by [`Context::sync_due`]), one pass
/// of [`resync_all`], one process at a time. A wake while another process runs a pass is kept
/// and tried every second until this process gets its turn.
pub async fn run(fed: Federation, mut stop: tokio::sync::watch::Receiver<bool>) {
    let ctx = fed.context().clone();
    let every = std::time::Duration::from_secs(
        60 * u64::from(ctx.settings.federation.resync_minutes.max(1)),
    );
    let pass = || async {
        let synced_before = now() - TimeDelta::from_std(every).unwrap_or(TimeDelta::hours(1));
        if let Err(e) = resync_all(&fed, synced_before).await {
            tracing::error!(error = %e, "Sync with followed actors failed");
        }
    };
    // Backfills interrupted by a stop resume 5 s after the start.
    let mut woken = true;
    let mut wait = std::time::Duration::from_secs(5);
    loop {
        tokio::select! {
            _ = stop.changed() => return,
            () = tokio::time::sleep(wait) => {}
            () = ctx.sync_due.notified() => woken = true,
        }
        if crate::cluster::schedule::once(&ctx.cluster, "resync", every, pass()).await {
            woken = false;
        } else if woken {
            match ctx.cluster.locks.try_lock(Lock::Job("resync")).await {
                Ok(Some(_turn)) => {
                    woken = false;
                    pass().await;
                }
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "Cannot take the sync's lock"),
            }
        }
        wait = if woken {
            std::time::Duration::from_secs(1)
        } else {
            crate::cluster::schedule::tick(every)
        };
    }
}

async fn walk(
    fed: &Federation,
    follow: &FollowRow,
    start: &str,
    since: Option<DateTime<Utc>>,
    record_progress: bool,
) -> Result<Report, Error> {
    let ctx = fed.context();
    // One sync of a follow at a time, across the cluster.
    let Some(_syncing) = ctx.cluster.locks.try_lock(Lock::Follow(follow.id)).await? else {
        return Ok(Report::default());
    };
    let actor_url = Url::parse(&follow.actor_ap_id).map_err(|e| Error::Invalid(e.to_string()))?;
    let data = fed.data();
    let actor = match RemoteActor::fetch(&actor_url, &data).await {
        Ok(actor) => actor,
        Err(Error::Federation(activitypub_federation::error::Error::ObjectDeleted(_))) => {
            // The origin is gone: so is what we mirrored from it.
            RemoteActor::forget(ctx, &follow.actor_ap_id).await?;
            tracing::info!(
                actor = follow.actor_ap_id,
                "A followed actor is gone; its entries too"
            );
            return Ok(Report::default());
        }
        Err(e) => return Err(e),
    };
    let mut report = Report {
        pages: if record_progress {
            follow.backfill_pages
        } else {
            0
        },
        applied: 0,
    };
    let mut visited: HashSet<String> = HashSet::new();
    let mut seen_objects: HashSet<String> = HashSet::new();
    let pages_left = |report: &Report| report.pages < MAX_PAGES;
    let mut fetched = match admit(start, &actor_url, &mut visited) {
        Some(url) if pages_left(&report) => Some(fetch_page(&data, url).await),
        _ => None,
    };
    while let Some(page) = fetched.take() {
        let page = page?;
        let (items, following) = page_items(&page);
        let (picked, reached_known) = pick(&items, follow, since, &mut seen_objects);
        let next = if reached_known { None } else { following };
        // The next page is read while this one is stored.
        let mut ahead = report;
        ahead.pages += 1;
        let prefetch = async {
            let url = next.as_deref().filter(|_| pages_left(&ahead))?;
            Some(fetch_page(&data, admit(url, &actor_url, &mut visited)?).await)
        };
        // Each page is its own request budget.
        let data: Data<Context> = data.reset_request_count();
        // A page's entries are applied together, a few at a time: they are distinct objects,
        // and the inbox's writer stores those that arrive together in one transaction.
        let mut applying = Vec::new();
        for (kind, object, id) in picked {
            applying.push(apply(ctx, &data, kind, object, &actor, follow, id));
        }
        let applying = futures::stream::iter(applying)
            .buffer_unordered(ITEMS_AT_ONCE)
            .collect::<Vec<bool>>();
        let (applied, prefetched) = tokio::join!(applying, prefetch);
        report.applied += applied.into_iter().filter(|&a| a).count();
        report.pages += 1;
        if record_progress {
            db::follows::set_backfill(&ctx.db, follow.id, next.as_deref(), report.pages, None)
                .await?;
        }
        if report.applied < MAX_ITEMS {
            fetched = prefetched;
        }
    }
    db::follows::set_backfill(&ctx.db, follow.id, None, report.pages, Some(now())).await?;
    tracing::info!(
        actor = follow.actor_ap_id,
        pages = report.pages,
        applied = report.applied,
        "Synced from a followed actor"
    );
    Ok(report)
}

/// Applies one outbox item; `true` when it changed the directory.
async fn apply(
    ctx: &Context,
    data: &Data<Context>,
    kind: &str,
    object: &Value,
    actor: &RemoteActor,
    follow: &FollowRow,
    object_id: Url,
) -> bool {
    match mirror::apply(ctx, data, kind, object, actor, follow).await {
        Ok(stored) => stored.is_some(),
        Err(e) => {
            tracing::debug!(object = %object_id, error = %e, "Skipped an outbox item");
            false
        }
    }
}
