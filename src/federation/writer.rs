//! The inbox's writer: the receipts and the mirrored entries of the activities that arrive at
//! the same time, written by one thread in one transaction per batch (group commit).
//!
//! Receipts and entries used to have a writer each, and the two took turns at SQLite's single
//! write transaction: one turn per batch each, two begins, two commits, and the turn handed
//! between two threads. One writer halves those.

use super::batches::{Batches, Stopped};
use super::receipts::{self, Recorded};
use crate::db::{Db, received::Receipt};
use crate::domain::mirror::{self, MirroredEntry};
use crate::domain::{Error, origin::Stored};

/// The most writes in one transaction.
const MAX_BATCH: usize = 256;

/// What an inbox request asks to have written (boxed: an entry is large, and waits in the
/// queue's slots).
enum Write {
    Receipt(Receipt),
    Entry(Box<MirroredEntry>),
}

/// What the writer answers, in the kind of its request.
enum Written {
    Receipt(Box<Result<Recorded, String>>),
    Entry(Result<Stored, Error>),
}

/// The handle of the writer; the writer stops when the last handle is dropped.
#[derive(Clone)]
pub struct InboxWriter {
    batches: Batches<Write, Written>,
}

impl InboxWriter {
    /// Starts the writer (on the current Tokio runtime).
    pub fn start(db: Db) -> InboxWriter {
        let batches = Batches::start("inbox-writer", MAX_BATCH, move |writes| {
            let db = db.clone();
            async move { write(&db, writes).await }
        });
        InboxWriter { batches }
    }

    /// Records an activity, and its sender's host as available. `Err` says why it could not
    /// be recorded.
    pub async fn record(&self, receipt: Receipt) -> Result<Recorded, String> {
        match self.batches.submit(Write::Receipt(receipt)).await {
            Ok(Written::Receipt(recorded)) => *recorded,
            Ok(Written::Entry(_)) => unreachable!("a receipt is answered as a receipt"),
            Err(stopped) => Err(stopped.to_string()),
        }
    }

    /// Creates or updates a mirrored entry.
    pub async fn store(&self, entry: MirroredEntry) -> Result<Result<Stored, Error>, Stopped> {
        match self.batches.submit(Write::Entry(Box::new(entry))).await? {
            Written::Entry(stored) => Ok(stored),
            Written::Receipt(_) => unreachable!("an entry is answered as an entry"),
        }
    }
}

/// One answer per write, in their order. The receipts and the entries share a transaction; if
/// it fails, each kind is written in one of its own (and entries then one by one if need be).
async fn write(db: &Db, writes: Vec<Write>) -> Vec<Written> {
    let kinds: Vec<bool> = writes
        .iter()
        .map(|w| matches!(w, Write::Receipt(_)))
        .collect();
    let (mut receipts, mut entries) = (Vec::new(), Vec::new());
    for write in writes {
        match write {
            Write::Receipt(r) => receipts.push(r),
            Write::Entry(e) => entries.push(*e),
        }
    }
    let (recorded, stored) = match together(db, &receipts, &entries).await {
        Ok((recorded, stored)) => (recorded.into_iter().map(Ok).collect(), stored),
        Err(e) => {
            tracing::warn!(error = %e, "An inbox batch failed: writing its parts on their own");
            (
                receipts::record_all(db, &receipts).await,
                mirror::store_all(db, &entries).await,
            )
        }
    };
    let (mut recorded, mut stored) = (recorded.into_iter(), stored.into_iter());
    kinds
        .into_iter()
        .map(|is_receipt| match is_receipt {
            true => Written::Receipt(Box::new(recorded.next().expect("one answer per receipt"))),
            false => Written::Entry(stored.next().expect("one answer per entry")),
        })
        .collect()
}

/// Receipts, then entries, in one transaction.
async fn together(
    db: &Db,
    receipts: &[Receipt],
    entries: &[MirroredEntry],
) -> Result<(Vec<Recorded>, Vec<Result<Stored, Error>>), Error> {
    let mut tx = db.begin().await?;
    let recorded = receipts::record(&mut tx, receipts).await?;
    let stored = mirror::store_together(&mut tx, entries).await?;
    tx.commit().await?;
    Ok((recorded, stored))
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
        let writer = InboxWriter::start(db);

        let sends = ["a", "b", "a", "a"].map(|id| writer.record(receipt(id)));
        let fresh: Vec<bool> = futures::future::join_all(sends)
            .await
            .into_iter()
            .map(|r| r.unwrap().fresh)
            .collect();
        assert_eq!(fresh, [true, true, false, false]);

        // A redelivery in a later batch.
        assert!(!writer.record(receipt("b")).await.unwrap().fresh);
    }
}
