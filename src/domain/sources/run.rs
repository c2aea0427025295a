//! One run of a source: its rows applied in one transaction, each by the source's own id
//! (or, without one, by its name and place or date): created, updated only when what the
//! source says of it changed (a digest of the row; no write otherwise), closed when it left
//! the source, and every change recorded for federation. What a source brings is initiatives
//! (`initiatives.rs`) or, from an iCalendar source, events (`events.rs`). A run that cannot be
//! trusted (no rows, every row refused) fails instead, keeping what the source had brought.

use std::collections::{HashMap, HashSet};
use std::fmt::Debug;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sha2::{Digest, Sha256};

use super::events::{Events, Zoned};
use super::log::Tally;
use super::{Source, get};
use crate::db::origin::Entries;
use crate::db::sources::entries::LinkRow;
use crate::db::{self, Db, Tx};
use crate::domain::Error;
use crate::domain::import::{EventImport, InitiativeImport, Row, RowError};

pub use super::log::{Outcome, Run, claim, due, fail, refusing, runs};

/// What a source brings, one kind of entry: how a row is keyed and checked, and how its
/// entry is created, updated and closed.
pub(super) trait Kind {
    const ENTRIES: Entries;
    /// A row as the source's reader gives it.
    type Row;
    /// A row checked: what is compared with what the source said last time.
    type Data: Debug;

    /// The source's own id for the row, or a key stable across runs; `None`: no name.
    fn key(row: &Self::Row) -> Option<String>;

    /// The row's fields checked; `None` (with a note in `tally`): refused.
    fn checked(line: usize, row: Self::Row, tally: &mut Tally) -> Option<Self::Data>;

    async fn create(
        tx: &mut Tx,
        source: &Source,
        key: &str,
        data: Self::Data,
        digest: &str,
    ) -> Result<(), Error>;

    /// Writes what changed (never a field edited here); answers whether anything did.
    async fn update(
        tx: &mut Tx,
        source: &Source,
        link: &LinkRow,
        data: Self::Data,
        digest: &str,
    ) -> Result<bool, Error>;

    /// The entry left the source; answers whether it was closed now.
    async fn close(tx: &mut Tx, link: &LinkRow, tally: &mut Tally) -> Result<bool, Error>;
}

/// Applies the initiatives read from source `id` (by `ops::sources`), logs the run and sets
/// when the next one is due. A run that cannot be trusted is logged as failed and changes
/// nothing.
pub async fn apply(
    db: &Db,
    id: i64,
    rows: Vec<Result<Row<InitiativeImport>, RowError>>,
    started_at: DateTime<Utc>,
) -> Result<Run, Error> {
    apply_kind::<super::initiatives::Initiatives>(db, id, rows, started_at).await
}

/// Like [`apply`], for the events of an iCalendar source; floating times are in `timezone`.
pub async fn apply_events(
    db: &Db,
    id: i64,
    rows: Vec<Result<Row<EventImport>, RowError>>,
    timezone: Tz,
    started_at: DateTime<Utc>,
) -> Result<Run, Error> {
    let zoned = |row: Row<EventImport>| Row {
        line: row.line,
        columns: row.columns,
        input: Zoned {
            row: row.input,
            timezone,
        },
    };
    let rows = rows.into_iter().map(|r| r.map(zoned)).collect();
    apply_kind::<Events>(db, id, rows, started_at).await
}

async fn apply_kind<K: Kind>(
    db: &Db,
    id: i64,
    rows: Vec<Result<Row<K::Row>, RowError>>,
    started_at: DateTime<Utc>,
) -> Result<Run, Error> {
    let source = get(db, id).await?;
    let mut tally = Tally::default();
    // Every row keyed, checked and digested before the transaction: on SQLite it holds the
    // write gate, which an unchanged run then holds for a few reads only.
    let ignored: HashSet<&str> = source.ignored.iter().map(String::as_str).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut unreadable = 0;
    let mut taken = Vec::new();
    for row in rows {
        tally.rows_read += 1;
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                unreadable += 1;
                tally.reject(e.to_string());
                continue;
            }
        };
        let line = row.line;
        let Some(key) = K::key(&row.input) else {
            tally.reject(format!("line {line}: no name"));
            continue;
        };
        if ignored.contains(key.as_str()) {
            tally.ignored += 1;
            seen.insert(key, line);
            continue;
        }
        if let Some(first) = seen.insert(key.clone(), line) {
            tally.reject(format!("line {line}: the same id ({key}) as line {first}"));
            continue;
        }
        let Some(data) = K::checked(line, row.input, &mut tally) else {
            continue;
        };
        let digest = digest(&data);
        taken.push((key, data, digest));
    }
    if taken.is_empty() {
        let why = match tally.notes.first() {
            None => "the source has no rows".to_owned(),
            Some(first) => format!("every row was refused ({first})"),
        };
        return fail(db, id, &why, started_at).await;
    }
    let mut tx = db.begin().await?;
    let links: HashMap<String, LinkRow> = db::sources::entries::of_source(&mut tx, K::ENTRIES, id)
        .await?
        .into_iter()
        .map(|l| (l.source_key.clone(), l))
        .collect();
    for (key, data, digest) in taken {
        match links.get(&key) {
            Some(link) if link.digest == digest && link.left_at.is_none() => tally.unchanged += 1,
            Some(link) => {
                let at = (source.id, link.source_key.as_str());
                db::sources::entries::set(&mut tx, K::ENTRIES, at, &digest, None).await?;
                if K::update(&mut tx, &source, link, data, &digest).await? {
                    tally.updated += 1;
                } else {
                    tally.unchanged += 1;
                }
            }
            None => {
                K::create(&mut tx, &source, &key, data, &digest).await?;
                tally.created += 1;
            }
        }
    }
    if unreadable == 0 {
        let now = crate::domain::now();
        for (key, link) in &links {
            if link.left_at.is_none() && !seen.contains_key(key) {
                let at = (source.id, key.as_str());
                db::sources::entries::set(&mut tx, K::ENTRIES, at, &link.digest, Some(now)).await?;
                if K::close(&mut tx, link, &mut tally).await? {
                    tally.closed += 1;
                }
            }
        }
    } else {
        tally.note(format!(
            "{unreadable} rows could not be read: no entry was closed by this run"
        ));
    }
    let run = tally.finish(&mut tx, &source, started_at).await?;
    tx.commit().await?;
    Ok(run)
}

/// What the source says of an entry, in a few bytes: equal digests, nothing to write.
fn digest(data: &impl Debug) -> String {
    let hash = Sha256::digest(format!("{data:?}").as_bytes());
    hash.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The fields edited here of the entry behind `link`.
pub(super) fn edited(link: &LinkRow) -> Vec<String> {
    serde_json::from_str(&link.edited).unwrap_or_default()
}
