//! The inbox's writer: the receipts and the mirrored entries of the activities that arrive at
//! the same time, written by one thread in one transaction per batch (group commit).
//!
//! Receipts and entries used to have a writer each, and the two took turns at SQLite's single
//! write transaction: one turn per batch each, two begins, two commits, and the turn handed
//! between two threads. One writer halves those.

use super::batches::{Batches, Stopped};
use super::mirror::admit;
use super::receipts::{self, Recorded};
use crate::db::{Db, Engine, received::Receipt};
use crate::domain::mirror::{self, MirroredEntry};
use crate::domain::{Error, origin::Stored};

/// The most writes in one transaction.
const MAX_BATCH: usize = 256;
/// Batches written at once on PostgreSQL: while one waits for its commit to reach the disk
/// (3 ms and more here), the next runs its statements. SQLite writes one at a time.
const POSTGRES_LANES: usize = 2;
/// The writer's own connections on PostgreSQL: two a lane, so that a lane need not wait for
/// the one it just used, which sqlx pings when it is given back.
const CONNECTIONS_PER_LANE: u32 = 2;

/// What an inbox request asks to have written (boxed: an entry is large, and waits in the
/// queue's slots).
enum Write {
    /// An activity, with the entry its object makes if it brings one.
    Receipt(Receipt, Option<Box<MirroredEntry>>),
    Entry(Box<MirroredEntry>),
}

/// What the writer answers, in the kind of its request.
enum Written {
    Receipt(Box<Result<Mirroring, String>>),
    Entry(Result<Stored, Error>),
}

/// What recording an activity, and storing the entry it brings, did.
#[derive(Debug)]
pub struct Mirroring {
    pub recorded: Recorded,
    /// `None` when nothing was to be stored: the activity brought no entry, was a redelivery,
    /// or its actor's follow did not let the entry in.
    pub stored: Option<Result<Stored, Error>>,
}

/// The handle of the writer; the writer stops when the last handle is dropped.
#[derive(Clone)]
pub struct InboxWriter {
    batches: Batches<Write, Written>,
}

impl InboxWriter {
    /// Starts the writer (on the current Tokio runtime).
    pub fn start(db: Db) -> InboxWriter {
        let lanes = match db.engine() {
            Engine::Sqlite => 1,
            Engine::Postgres => POSTGRES_LANES,
        };
        let db = db.for_writer(lanes as u32 * CONNECTIONS_PER_LANE);
        let batches = Batches::start("inbox-writer", MAX_BATCH, lanes, move |writes| {
            let db = db.clone();
            async move { write(&db, writes).await }
        });
        InboxWriter { batches }
    }

    /// Records an activity, and its sender's host as available. With the entry that its object
    /// makes, it also stores the entry, in the same transaction, if the activity is fresh and
    /// the chapter's follow of its actor lets the entry in ([`admit`]): such an activity waits
    /// for one batch, not two. `Err` says why it could not be recorded.
    pub async fn record(
        &self,
        receipt: Receipt,
        entry: Option<MirroredEntry>,
    ) -> Result<Mirroring, String> {
        match self
            .batches
            .submit(Write::Receipt(receipt, entry.map(Box::new)))
            .await
        {
            Ok(Written::Receipt(mirroring)) => *mirroring,
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

/// The answers to the receipts, then to the entries written on their own.
type Answers = (Vec<Result<Mirroring, String>>, Vec<Result<Stored, Error>>);

/// One answer per write, in their order. The receipts and the entries share a transaction; if
/// it fails, each kind is written in one of its own (and entries then one by one if need be).
async fn write(db: &Db, writes: Vec<Write>) -> Vec<Written> {
    let kinds: Vec<bool> = writes
        .iter()
        .map(|w| matches!(w, Write::Receipt(..)))
        .collect();
    let (mut receipts, mut attached, mut entries) = (Vec::new(), Vec::new(), Vec::new());
    for write in writes {
        match write {
            Write::Receipt(r, entry) => {
                receipts.push(r);
                attached.push(entry.map(|e| *e));
            }
            Write::Entry(e) => entries.push(*e),
        }
    }
    let (mirrorings, stored) = match together(db, &receipts, &mut attached, &entries).await {
        Ok(answers) => answers,
        Err(e) => {
            tracing::warn!(error = %e, "An inbox batch failed: writing its parts on their own");
            apart(db, &receipts, &mut attached, &entries).await
        }
    };
    let (mut mirrorings, mut stored) = (mirrorings.into_iter(), stored.into_iter());
    kinds
        .into_iter()
        .map(|is_receipt| match is_receipt {
            true => Written::Receipt(Box::new(mirrorings.next().expect("one answer per receipt"))),
            false => Written::Entry(stored.next().expect("one answer per entry")),
        })
        .collect()
}

/// Receipts, then entries, in one transaction.
async fn together(
    db: &Db,
    receipts: &[Receipt],
    attached: &mut [Option<MirroredEntry>],
    entries: &[MirroredEntry],
) -> Result<Answers, Error> {
    let mut tx = db.begin_planned().await?;
    let recorded = receipts::record(&mut tx, receipts).await?;
    let admitted = admit_all(recorded.iter().map(Some), attached);
    let stored = mirror::store_together(&mut tx, &storing(entries, attached, &admitted)).await?;
    tx.commit().await?;
    Ok(answers(
        recorded.into_iter().map(Ok),
        &admitted,
        stored,
        entries.len(),
    ))
}

/// Receipts, then entries, each in a transaction of their own.
async fn apart(
    db: &Db,
    receipts: &[Receipt],
    attached: &mut [Option<MirroredEntry>],
    entries: &[MirroredEntry],
) -> Answers {
    let recorded = receipts::record_all(db, receipts).await;
    let admitted = admit_all(recorded.iter().map(|r| r.as_ref().ok()), attached);
    let stored = mirror::store_all(db, &storing(entries, attached, &admitted)).await;
    answers(recorded, &admitted, stored, entries.len())
}

/// Which of the attached entries to store: those of fresh activities that the chapter's follow
/// of their actor lets in.
fn admit_all<'a>(
    recorded: impl Iterator<Item = Option<&'a Recorded>>,
    attached: &mut [Option<MirroredEntry>],
) -> Vec<bool> {
    recorded
        .zip(attached)
        .map(|(recorded, entry)| match (recorded, entry) {
            (
                Some(Recorded {
                    fresh: true,
                    follow: Some(follow),
                }),
                Some(entry),
            ) => admit(follow, entry),
            _ => false,
        })
        .collect()
}

/// The entries written on their own, then the admitted attached ones.
fn storing<'a>(
    entries: &'a [MirroredEntry],
    attached: &'a [Option<MirroredEntry>],
    admitted: &[bool],
) -> Vec<&'a MirroredEntry> {
    let admitted = attached
        .iter()
        .zip(admitted)
        .filter_map(|(entry, &admitted)| entry.as_ref().filter(|_| admitted));
    entries.iter().chain(admitted).collect()
}

/// The answers, from what was recorded and what was stored (in the order of [`storing`]).
fn answers(
    recorded: impl IntoIterator<Item = Result<Recorded, String>>,
    admitted: &[bool],
    stored: Vec<Result<Stored, Error>>,
    entries: usize,
) -> Answers {
    let mut stored = stored.into_iter();
    let alone = stored.by_ref().take(entries).collect();
    let mirrorings = recorded
        .into_iter()
        .zip(admitted)
        .map(|(recorded, &admitted)| {
            recorded.map(|recorded| Mirroring {
                recorded,
                stored: admitted.then(|| stored.next().expect("one answer per admitted entry")),
            })
        })
        .collect();
    (mirrorings, alone)
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

    fn recorded(fresh: bool) -> Recorded {
        Recorded {
            fresh,
            follow: None,
        }
    }

    /// Entries written on their own are answered first, then each admitted entry goes back to
    /// its activity; an activity whose entry was not admitted, or not recorded, gets none.
    #[test]
    fn stored_entries_go_back_to_their_writes() {
        let recorded = vec![
            Ok(recorded(true)),
            Ok(recorded(false)),
            Ok(recorded(true)),
            Err("locked".to_owned()),
        ];
        let stored = vec![Ok(Stored::Created), Ok(Stored::Updated), Ok(Stored::Stale)];
        let (mirrorings, alone) = answers(recorded, &[true, false, true, false], stored, 1);

        assert!(matches!(alone[..], [Ok(Stored::Created)]));
        let stored: Vec<Option<Stored>> = mirrorings
            .iter()
            .map(|m| {
                m.as_ref()
                    .ok()
                    .and_then(|m| m.stored.as_ref()?.as_ref().ok().copied())
            })
            .collect();
        assert_eq!(
            stored,
            [Some(Stored::Updated), None, Some(Stored::Stale), None]
        );
        assert!(mirrorings[1].as_ref().is_ok_and(|m| !m.recorded.fresh));
        assert_eq!(mirrorings[3].as_ref().unwrap_err(), "locked");
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

        let sends = ["a", "b", "a", "a"].map(|id| writer.record(receipt(id), None));
        let fresh: Vec<bool> = futures::future::join_all(sends)
            .await
            .into_iter()
            .map(|r| r.unwrap().recorded.fresh)
            .collect();
        assert_eq!(fresh, [true, true, false, false]);

        // A redelivery in a later batch.
        let again = writer.record(receipt("b"), None).await.unwrap();
        assert!(!again.recorded.fresh);
    }
}
