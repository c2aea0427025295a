//! The once-only record of received activities, written in batches: each inbox POST waits for
//! the next batch, and a batch is one write transaction whatever its size (group commit).

use tokio::sync::{mpsc, oneshot};

use crate::db::{self, Db, received::Receipt};
use crate::domain::now;

/// The most receipts written in one transaction.
const MAX_BATCH: usize = 256;

type Waiting = (Receipt, oneshot::Sender<Result<bool, String>>);

/// The handle of the batch writer; the writer stops when the last handle is dropped.
#[derive(Clone)]
pub struct Receipts {
    queue: mpsc::Sender<Waiting>,
}

impl Receipts {
    /// Starts the batch writer (on the current Tokio runtime).
    pub fn start(db: Db) -> Receipts {
        let (queue, waiting) = mpsc::channel(MAX_BATCH * 4);
        tokio::spawn(write_batches(db, waiting));
        Receipts { queue }
    }

    /// Records an activity, and its sender's host as available; `false` when it was recorded
    /// already (a redelivery). `Err` says why it could not be recorded.
    pub async fn record(&self, receipt: Receipt) -> Result<bool, String> {
        let (reply, answer) = oneshot::channel();
        const STOPPED: &str = "the server is stopping";
        self.queue
            .send((receipt, reply))
            .await
            .map_err(|_| STOPPED.to_owned())?;
        answer.await.map_err(|_| STOPPED.to_owned())?
    }
}

async fn write_batches(db: Db, mut waiting: mpsc::Receiver<Waiting>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while waiting.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let receipts: Vec<&Receipt> = batch.iter().map(|(r, _)| r).collect();
        let mut written = write(&db, &receipts).await.map_err(|e| e.to_string());
        for (receipt, reply) in batch.drain(..) {
            // An id sent twice in one batch is fresh for the first only.
            let answer = match &mut written {
                Ok(fresh) => Ok(fresh.remove(&receipt.ap_id)),
                Err(e) => Err(e.clone()),
            };
            reply.send(answer).ok();
        }
    }
}

async fn write(
    db: &Db,
    receipts: &[&Receipt],
) -> Result<std::collections::HashSet<String>, db::DbError> {
    let (mut tx, now) = (db.begin().await?, now());
    let fresh = db::received::record(&mut tx, receipts, now).await?;
    let hosts: Vec<&str> = receipts
        .iter()
        .filter(|r| fresh.contains(&r.ap_id))
        .map(|r| r.host.as_str())
        .collect();
    db::deliveries::hosts_succeeded_in(&mut tx, &hosts, now).await?;
    tx.commit().await?;
    Ok(fresh)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt(id: &str) -> Receipt {
        Receipt {
            ap_id: format!("https://peer.example/activities/{id}"),
            actor: "https://peer.example/users/ana".into(),
            kind: "Create".into(),
            style: "cavage".into(),
            host: "peer.example".into(),
        }
    }

    /// On a single-threaded runtime, everything sent before the writer runs is one batch.
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
            .map(Result::unwrap)
            .collect();
        assert_eq!(fresh, [true, true, false, false]);

        // A redelivery in a later batch.
        assert_eq!(receipts.record(receipt("b")).await, Ok(false));
    }
}
