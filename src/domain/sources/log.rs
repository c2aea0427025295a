//! A run's log: what it read and did (or why it failed), kept in `source_runs`; when the
//! source is next due (its period after a success; sooner, growing, after a failure); and
//! which process runs a source (one at a time).

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use super::{Source, get};
use crate::db::sources::runs::RunRow;
use crate::db::{self, Db, Tx};
use crate::domain::Error;

/// The reasons a run keeps (the first ones, by line).
pub const MAX_NOTES: usize = 20;

/// A run taken by a process that died is taken over after this long.
const STALE: TimeDelta = TimeDelta::hours(1);

/// The first retry after a failure; each next one waits twice as long, up to the period.
const FIRST_RETRY: Duration = Duration::from_secs(5 * 60);

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// The source could not be read or trusted: nothing changed.
    Failed(String),
}

/// One run of a source, as logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub id: i64,
    pub source_id: i64,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub outcome: Outcome,
    pub rows_read: i64,
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    /// Entries whose rows left the source, closed.
    pub closed: i64,
    /// Rows left out by the ignore list.
    pub ignored: i64,
    /// Rows refused (no name, an id twice, unreadable).
    pub rejected: i64,
    /// The first reasons: rows refused, fields left out, entries closed.
    pub notes: Vec<String>,
}

impl Run {
    fn from_row(row: RunRow) -> Run {
        Run {
            id: row.id,
            source_id: row.source_id,
            started_at: row.started_at,
            finished_at: row.finished_at,
            outcome: row.error.map_or(Outcome::Done, Outcome::Failed),
            rows_read: row.rows_read,
            created: row.created,
            updated: row.updated,
            unchanged: row.unchanged,
            closed: row.closed,
            ignored: row.ignored,
            rejected: row.rejected,
            notes: serde_json::from_str(&row.notes).unwrap_or_default(),
        }
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Outcome::Failed(why) = &self.outcome {
            return write!(f, "failed: {why}");
        }
        write!(
            f,
            "{} rows read: {} created, {} updated, {} unchanged, {} closed, {} ignored, {} rejected",
            self.rows_read,
            self.created,
            self.updated,
            self.unchanged,
            self.closed,
            self.ignored,
            self.rejected
        )
    }
}

/// The counts of a run under way.
#[derive(Debug, Default)]
pub(super) struct Tally {
    pub rows_read: i64,
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub closed: i64,
    pub ignored: i64,
    pub rejected: i64,
    pub notes: Vec<String>,
}

impl Tally {
    pub fn reject(&mut self, why: String) {
        self.rejected += 1;
        self.note(why);
    }

    pub fn note(&mut self, what: String) {
        if self.notes.len() < MAX_NOTES {
            self.notes.push(what);
        }
    }

    /// Logs the run in `tx` and makes the source well again, next due after its period.
    pub async fn finish(
        self,
        tx: &mut Tx,
        source: &Source,
        started_at: DateTime<Utc>,
    ) -> Result<Run, Error> {
        let now = crate::domain::now();
        let mut row = RunRow {
            id: 0,
            source_id: source.id,
            started_at,
            finished_at: now,
            error: None,
            rows_read: self.rows_read,
            created: self.created,
            updated: self.updated,
            unchanged: self.unchanged,
            closed: self.closed,
            ignored: self.ignored,
            rejected: self.rejected,
            notes: serde_json::to_string(&self.notes).expect("strings serialise"),
        };
        row.id = db::sources::runs::insert(tx, &row).await?;
        let next = now + delta(source.every);
        db::sources::succeeded(tx, source.id, now, next).await?;
        Ok(Run::from_row(row))
    }
}

fn delta(d: Duration) -> TimeDelta {
    TimeDelta::from_std(d).unwrap_or(TimeDelta::days(1))
}

/// Logs a failed run of source `id`: it keeps what it had brought, is marked failing with
/// `error`, and is tried again after 5 minutes, then 10, 20… up to its period.
pub async fn fail(db: &Db, id: i64, error: &str, started_at: DateTime<Utc>) -> Result<Run, Error> {
    let source = get(db, id).await?;
    let now = crate::domain::now();
    let doubling = 2u32.saturating_pow(source.failures.clamp(0, 16) as u32);
    let wait = (FIRST_RETRY * doubling).min(source.every);
    let mut row = RunRow {
        source_id: id,
        started_at,
        finished_at: now,
        error: Some(error.to_owned()),
        notes: "[]".into(),
        ..RunRow::default()
    };
    let mut tx = db.begin().await?;
    row.id = db::sources::runs::insert(&mut tx, &row).await?;
    db::sources::failed(&mut tx, id, error, now + delta(wait)).await?;
    tx.commit().await?;
    tracing::warn!(source = id, error, "Source {} failed: {error}", source.url);
    Ok(Run::from_row(row))
}

/// A source's last runs, the newest first.
pub async fn runs(db: &Db, id: i64, limit: i64) -> Result<Vec<Run>, Error> {
    let rows = db::sources::runs::of_source(db, id, limit).await?;
    Ok(rows.into_iter().map(Run::from_row).collect())
}

/// The sources due now, the most overdue first.
pub async fn due(db: &Db) -> Result<Vec<i64>, Error> {
    Ok(db::sources::due(db, crate::domain::now()).await?)
}

/// Takes the run of source `id` for this process: when it is due, or at once when `forced`
/// ("run now"), and only if no other run of it is under way. `false`: not now.
pub async fn claim(db: &Db, id: i64, forced: bool) -> Result<bool, Error> {
    let now = crate::domain::now();
    Ok(db::sources::claim(db, id, now, now - STALE, forced).await?)
}

/// The sources well enough to run whose last run refused rows (a row without a name, say),
/// with that run: the dashboard names them beside the failing ones, so that an admin sees at
/// once what a source left out.
pub async fn refusing(db: &Db) -> Result<Vec<(Source, Run)>, Error> {
    let mut found = Vec::new();
    for source in super::list(db).await? {
        if source.is_failing() {
            continue;
        }
        if let Some(run) = runs(db, source.id, 1).await?.into_iter().next()
            && run.rejected > 0
        {
            found.push((source, run));
        }
    }
    Ok(found)
}
