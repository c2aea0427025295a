//! Sources read from their URLs (`domain::sources` keeps them and applies their rows): the
//! text fetched within a size and a time (`fetch.rs`), read in its format (`read.rs`) and
//! mapped to our fields (`map.rs`), or read as events (`calendar.rs`, iCalendar); a run now, the runs due (the worker's schedule), and a
//! preview of the first rows before a source is saved.

mod calendar;
mod fetch;
mod map;
mod read;

pub use fetch::{Fetcher, Limits};
pub use map::Mapped;
pub use read::Record;

use crate::db::Db;
use crate::domain::Error;
use crate::domain::import::{InitiativeImport, Row, RowError};
use crate::domain::sources::{self, Format, Mapping, Run};

/// Every row of a source, read and mapped; `Err`: the source itself failed (unreachable, an
/// error status, too large, too slow, HTML, not its format).
pub async fn read(
    fetcher: &Fetcher,
    url: &str,
    format: Format,
    mapping: &Mapping,
) -> Result<Vec<Result<Mapped, RowError>>, String> {
    let text = fetcher.text(url, format).await?;
    let records = read::records(&text, format)?;
    Ok(records
        .into_iter()
        .map(|r| r.map(|record| map::map(record, format, mapping)))
        .collect())
}

/// Runs source `id` now if it is due (or at once when `forced`) and no other process runs
/// it: fetched, read, applied and logged; a failure is logged too, and the source retried
/// later. `None`: not due, or running elsewhere.
pub async fn run(db: &Db, fetcher: &Fetcher, id: i64, forced: bool) -> Result<Option<Run>, Error> {
    let source = sources::get(db, id).await?;
    if !sources::claim(db, id, forced).await? {
        return Ok(None);
    }
    let started_at = crate::domain::now();
    if source.format == Format::Ics {
        let applied = match calendar::events(fetcher, &source.url).await {
            Ok(rows) => sources::apply_events(db, id, rows, fetcher.timezone, started_at).await,
            Err(why) => return sources::fail(db, id, &why, started_at).await.map(Some),
        };
        return logged(db, id, applied, started_at).await;
    }
    let rows = match read(fetcher, &source.url, source.format, &source.mapping).await {
        Ok(rows) => rows,
        Err(why) => return sources::fail(db, id, &why, started_at).await.map(Some),
    };
    let rows: Vec<Result<Row<InitiativeImport>, RowError>> =
        rows.into_iter().map(|r| r.map(Mapped::into_row)).collect();
    let applied = sources::apply(db, id, rows, started_at).await;
    logged(db, id, applied, started_at).await
}

/// A run applied, or logged as failed when it could not be written.
async fn logged(
    db: &Db,
    id: i64,
    applied: Result<Run, Error>,
    started_at: chrono::DateTime<chrono::Utc>,
) -> Result<Option<Run>, Error> {
    match applied {
        Ok(run) => Ok(Some(run)),
        Err(e) => {
            let why = format!("the run could not be written: {e}");
            sources::fail(db, id, &why, started_at).await?;
            Err(e)
        }
    }
}

/// Runs every source due, one after the other (the worker's pass); the runs made.
pub async fn run_due(db: &Db, fetcher: &Fetcher) -> Result<Vec<Run>, Error> {
    let mut runs = Vec::new();
    for id in sources::due(db).await? {
        match run(db, fetcher, id, false).await {
            Ok(Some(run)) => {
                tracing::info!(source = id, "Source {id} ran: {run}");
                runs.push(run);
            }
            Ok(None) => {}
            Err(e) => tracing::error!(source = id, error = %e, "Source {id} could not run"),
        }
    }
    Ok(runs)
}

/// What a source would bring, before it is saved: its first `n` rows mapped (or why each
/// cannot be read), and how many rows it has.
#[derive(Debug, Clone)]
pub struct Preview {
    pub rows: Vec<Result<Mapped, RowError>>,
    pub total: usize,
}

pub async fn preview(
    fetcher: &Fetcher,
    url: &str,
    format: Format,
    mapping: &Mapping,
    n: usize,
) -> Result<Preview, String> {
    if format == Format::Ics {
        let mut rows = calendar::events(fetcher, url).await?;
        let total = rows.len();
        rows.truncate(n);
        let rows = rows.into_iter().map(|r| r.map(calendar::shown)).collect();
        return Ok(Preview { rows, total });
    }
    let mut rows = read(fetcher, url, format, mapping).await?;
    let total = rows.len();
    rows.truncate(n);
    Ok(Preview { rows, total })
}
