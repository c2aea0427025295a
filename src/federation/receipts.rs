//! The once-only record of received activities, written for the activities that arrive at the
//! same time together (see [`super::writer`]). The same statements mark the senders' hosts
//! available and their follows heard from, and read those follows for the requests, which then
//! need no query of their own.

use std::collections::{HashMap, HashSet};

use crate::db::follows::FollowRow;
use crate::db::{self, Db, DbError, Tx, received::Receipt};
use crate::domain::now;

/// How precisely a follow's last activity is kept.
const HEARD_EVERY: chrono::Duration = chrono::Duration::minutes(1);

/// What recording an activity found.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// `false` when it was recorded already (a redelivery).
    pub fresh: bool,
    /// The chapter's follow of its actor, if any.
    pub follow: Option<FollowRow>,
}

/// Records activities in a transaction of their own: one answer per receipt, or why none could
/// be recorded.
pub async fn record_all(db: &Db, receipts: &[Receipt]) -> Vec<Result<Recorded, String>> {
    if receipts.is_empty() {
        return Vec::new();
    }
    let recorded = async {
        let mut tx = db.begin().await?;
        let recorded = record(&mut tx, receipts).await?;
        tx.commit().await?;
        Ok::<_, DbError>(recorded)
    };
    match recorded.await {
        Ok(recorded) => recorded.into_iter().map(Ok).collect(),
        Err(e) => receipts.iter().map(|_| Err(e.to_string())).collect(),
    }
}

/// Records activities in `tx`, and their senders' hosts as available, one answer per receipt:
/// an id sent twice among them is fresh for the first only.
pub async fn record(tx: &mut Tx, receipts: &[Receipt]) -> Result<Vec<Recorded>, DbError> {
    if receipts.is_empty() {
        return Ok(Vec::new());
    }
    let now = now();
    // In the order of their ids, as in every batch: two batches written at once (or by two
    // processes) that share ids then wait for each other in the same order, never in a cycle.
    let mut batch: Vec<&Receipt> = receipts.iter().collect();
    batch.sort_unstable_by(|a, b| a.ap_id.cmp(&b.ap_id));
    let mut fresh = db::received::record(tx, &batch, now).await?;
    let follows = heard_from(tx, receipts, now).await?;
    Ok(receipts
        .iter()
        .map(|r| Recorded {
            fresh: fresh.remove(&r.ap_id),
            follow: follows.get(&r.actor_id).cloned(),
        })
        .collect())
}

/// The follows of the receipts' senders, by actor, marked heard from to the minute: most
/// batches have nothing to write.
async fn heard_from(
    tx: &mut Tx,
    receipts: &[Receipt],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<HashMap<i64, FollowRow>, DbError> {
    let actors: HashSet<i64> = receipts.iter().map(|r| r.actor_id).collect();
    let mut actors: Vec<i64> = actors.into_iter().collect();
    actors.sort_unstable();
    let mut follows = db::follows::of_actors(tx, &actors).await?;
    let stale: Vec<&mut FollowRow> = follows
        .iter_mut()
        .filter(|f| f.last_activity_at.is_none_or(|at| now - at >= HEARD_EVERY))
        .collect();
    if !stale.is_empty() {
        let ids: Vec<i64> = stale.iter().map(|f| f.id).collect();
        db::follows::heard_from(tx, &ids, now).await?;
        for follow in stale {
            follow.last_activity_at = Some(now);
        }
    }
    Ok(follows.into_iter().map(|f| (f.actor_id, f)).collect())
}
