//! Readers' digests: for each subscription whose period has passed, the published entries of
//! its area new or changed since its last digest, matched in memory against the few entries
//! that changed (never one search per subscription).

use chrono::{DateTime, Utc};

use super::mail::{self, Mail};
use crate::db::subscriptions::{Change, SubscriptionRow};
use crate::db::{self, Db, DbError, filters::distance_km, labels::category_bits};

/// Entries a digest lists at most, per kind (the rest is counted).
const LISTED: usize = 20;
/// Subscriptions planned per transaction.
const PAGE: i64 = 500;

/// Queues the digests that are due: for each active subscription whose period has passed, the
/// published entries of its area new or changed since its last digest (and the events not yet
/// finished). An empty digest is not sent. Returns how many were queued.
pub async fn plan_digests(db: &Db, now: DateTime<Utc>) -> Result<usize, DbError> {
    let mut queued = 0;
    let mut after = 0;
    loop {
        let due = db::subscriptions::due(db, now, after, PAGE).await?;
        let Some(last) = due.last() else { break };
        after = last.id;
        let since = due.iter().filter_map(|s| s.digest_at).min().unwrap_or(now);
        let initiatives = db::subscriptions::changed_initiatives(db, since, 20_000).await?;
        let events = db::subscriptions::changed_events(db, since, now, 20_000).await?;
        let mut tx = db.begin().await?;
        for sub in &due {
            let at = sub.digest_at.unwrap_or(now);
            let area = Area::of(sub);
            let ours = |wanted: &str, changes: &[Change]| -> (Vec<i64>, usize) {
                if sub.kinds != "all" && sub.kinds != wanted {
                    return (Vec::new(), 0);
                }
                let found: Vec<i64> = changes
                    .iter()
                    .filter(|c| c.updated_at > at && area.holds(c))
                    .map(|c| c.id)
                    .collect();
                let more = found.len().saturating_sub(LISTED);
                (found.into_iter().take(LISTED).collect(), more)
            };
            let (initiative_ids, more_initiatives) = ours("initiatives", &initiatives);
            let (event_ids, more_events) = ours("events", &events);
            if !initiative_ids.is_empty() || !event_ids.is_empty() {
                let digest = Mail {
                    cause: format!("digest:{}:{}", sub.id, at.timestamp()).into(),
                    kind: "digest",
                    recipient: &sub.email,
                    locale: &sub.locale,
                    params: serde_json::json!({
                        "subscription": sub.id, "since": at,
                        "initiatives": initiative_ids, "events": event_ids,
                        "more_initiatives": more_initiatives, "more_events": more_events,
                    }),
                };
                queued += usize::from(mail::queue(&mut tx, &digest).await?);
            }
            db::subscriptions::digested(&mut tx, sub.id, now).await?;
        }
        tx.commit().await?;
    }
    Ok(queued)
}

/// What a subscription covers, ready to test entries against.
struct Area {
    point: Option<((f64, f64), f64)>,
    categories: i64,
    local_only: bool,
}

impl Area {
    fn of(sub: &SubscriptionRow) -> Area {
        let categories: Vec<String> = sub
            .categories
            .split(',')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        Area {
            point: sub
                .latitude
                .zip(sub.longitude)
                .map(|p| (p, sub.radius_km.unwrap_or(10.0))),
            categories: category_bits(&categories),
            local_only: sub.origin == "local",
        }
    }

    fn holds(&self, change: &Change) -> bool {
        if self.local_only && change.mirrored {
            return false;
        }
        if self.categories != 0 && change.category_bits & self.categories == 0 {
            return false;
        }
        match (self.point, change.latitude.zip(change.longitude)) {
            (None, _) => true,
            (Some((centre, radius)), Some(at)) => distance_km(centre, at) <= radius,
            (Some(_), None) => false,
        }
    }
}
