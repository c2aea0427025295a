//! The once-only record of received activities, written in batches: each inbox POST waits for
//! the next batch, and a batch is one write transaction whatever its size (group commit). The
//! same transaction marks the senders' hosts available and their follows heard from, and reads
//! those follows for the requests, which then need no query of their own.

use std::collections::{HashMap, HashSet};

use super::batches::Batches;
use crate::db::follows::FollowRow;
use crate::db::{self, Db, received::Receipt};
use crate::domain::now;

/// The most receipts written in one transaction.
const MAX_BATCH: usize = 256;

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

/// The handle of the batch writer; the writer stops when the last handle is dropped.
#[derive(Clone)]
pub struct Receipts {
    batches: Batches<Receipt, Result<Recorded, String>>,
}

impl Receipts {
    /// Starts the batch writer (on the current Tokio runtime).
    pub fn start(db: Db) -> Receipts {
        let batches = Batches::start("receipts", MAX_BATCH, move |receipts| {
            let db = db.clone();
            async move { answers(&db, receipts).await }
        });
        Receipts { batches }
    }

    /// Records an activity, and its sender's host as available. `Err` says why it could not
    /// be recorded.
    pub async fn record(&self, receipt: Receipt) -> Result<Recorded, String> {
        self.batches
            .submit(receipt)
            .await
            .map_err(|stopped| stopped.to_string())?
    }
}

/// One answer per receipt: an id sent twice in one batch is fresh for the first only.
async fn answers(db: &Db, receipts: Vec<Receipt>) -> Vec<Result<Recorded, String>> {
    let batch: Vec<&Receipt> = receipts.iter().collect();
    match write(db, &batch).await {
        Ok((mut fresh, follows)) => receipts
            .iter()
            .map(|r| {
                Ok(Recorded {
                    fresh: fresh.remove(&r.ap_id),
                    follow: follows.get(&r.actor_id).cloned(),
                })
            })
            .collect(),
        Err(e) => receipts.iter().map(|_| Err(e.to_string())).collect(),
    }
}

/// The fresh ids, and the follows of the senders by actor.
type Written = (HashSet<String>, HashMap<i64, FollowRow>);

async fn write(db: &Db, receipts: &[&Receipt]) -> Result<Written, db::DbError> {
    let (mut tx, now) = (db.begin().await?, now());
    let fresh = db::received::record(&mut tx, receipts, now).await?;
    let hosts: Vec<&str> = receipts
        .iter()
        .filter(|r| fresh.contains(&r.ap_id))
        .map(|r| r.host.as_str())
        .collect();
    db::deliveries::hosts_succeeded_in(&mut tx, &hosts, now).await?;
    let mut actors: Vec<i64> = receipts.iter().map(|r| r.actor_id).collect();
    actors.sort_unstable();
    actors.dedup();
    let mut follows = db::follows::of_actors(&mut tx, &actors).await?;
    // Heard from, to the minute: most batches have nothing to write.
    let stale: Vec<&mut FollowRow> = follows
        .iter_mut()
        .filter(|f| f.last_activity_at.is_none_or(|at| now - at >= HEARD_EVERY))
        .collect();
    if !stale.is_empty() {
        let ids: Vec<i64> = stale.iter().map(|f| f.id).collect();
        db::follows::heard_from(&mut tx, &ids, now).await?;
        for follow in stale {
            follow.last_activity_at = Some(now);
        }
    }
    tx.commit().await?;
    let follows = follows.into_iter().map(|f| (f.actor_id, f)).collect();
    Ok((fresh, follows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt(id: &str) -> Receipt {
        Receipt {
            ap_id: format!("https://peer.example/activities/{id}"),
            actor: "https://peer.example/users/ana".into(),
            actor_id: 1,
            kind: "Create".into(),
            style: "cavage".into(),
            host: "peer.example".into(),
        }
    }

    /// An id sent several times at once is fresh once, whether its copies share a batch or not.
    #[tokio::test]
    async fn an_id_twice_in_a_batch_is_fresh_once() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::connect(&format!("sqlite://{}/r.sqlite", dir.path().display()), 2)
            .await
            .unwrap();
        db.migrate().await.unwrap();
        let receipts = Receipts::start(db);

        let sends = ["a", "b", "a", "a"].map(|id| receipts.record(receipt(id)));
        let fresh: Vec<bool> = futures::future::join_all(sends)
            .await
            .into_iter()
            .map(|r| r.unwrap().fresh)
            .collect();
        assert_eq!(fresh, [true, true, false, false]);

        // A redelivery in a later batch.
        assert!(!receipts.record(receipt("b")).await.unwrap().fresh);
    }
}
