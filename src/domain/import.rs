//! Importing a directory in one transaction: every row checked with the API's rules, upserted
//! by slug (initiatives) or iCalendar UID (events), each change recorded for federation.

use std::collections::HashMap;

use chrono_tz::Tz;

use super::event::{EventData, EventInput};
use super::fields::parse_slug;
use super::initiative::{Initiative, InitiativeData, InitiativeInput};
use super::validate::{Field, Problems};
use super::{Error, Outgoing, entry, text};
use crate::db::{self, Db, Tx};

/// One row of an import file: where it is, what it says, and which column each field came from.
pub struct Row<I> {
    pub line: usize,
    pub input: I,
    /// Field name (`location.latitude`) → the file's column name, for messages.
    pub columns: HashMap<String, String>,
}

/// Why one row cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub column: Option<String>,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(column) => write!(f, "line {}, column {column:?}: {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// What an import did (or, in a dry run or on errors, would have done).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub errors: Vec<RowError>,
    /// Whether the changes were committed.
    pub written: bool,
}

impl Report {
    fn fail<I>(&mut self, row: &Row<I>, problems: Problems) {
        for p in problems.iter() {
            let root = p.field.as_str();
            let column = row
                .columns
                .get(root)
                .or_else(|| row.columns.get(root.split('.').next().unwrap_or(root)))
                .cloned();
            self.errors.push(RowError {
                line: row.line,
                column,
                message: p.message.clone(),
            });
        }
    }
}

/// Imports initiatives. Rows whose slug (given, or made from the name) exists update that
/// initiative; others create one. Any error, or `dry_run`, writes nothing.
pub async fn initiatives(
    db: &Db,
    rows: impl IntoIterator<Item = Result<Row<InitiativeInput>, RowError>>,
    dry_run: bool,
    mut progress: impl FnMut(usize),
) -> Result<Report, Error> {
    let mut report = Report::default();
    let mut tx = db.begin().await?;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (n, row) in rows.into_iter().enumerate() {
        progress(n + 1);
        let mut row = match row {
            Ok(row) => row,
            Err(e) => {
                report.errors.push(e);
                continue;
            }
        };
        let mut problems = Problems::default();
        let explicit = problems.optional("slug", std::mem::take(&mut row.input.slug));
        let explicit = problems.check("slug", explicit, parse_slug);
        let name = match &row.input.name {
            Field::Value(name) => Some(name.clone()),
            _ => None,
        };
        let slug = explicit.or_else(|| name.as_deref().map(text::slugify));
        let Some(slug) = slug else {
            problems.add("name", "is required");
            report.fail(&row, problems);
            continue;
        };
        if let Some(first) = seen.insert(slug.clone(), row.line) {
            report.errors.push(RowError {
                line: row.line,
                column: None,
                message: format!("the same initiative ({slug}) as line {first}"),
            });
            continue;
        }
        let existing = db::initiatives::by_slug_in(&mut tx, &slug)
            .await?
            .map(Initiative::from_row);
        if existing.as_ref().is_some_and(|e| e.origin.is_some()) {
            report.errors.push(RowError {
                line: row.line,
                column: None,
                message: format!("{slug} is an entry mirrored from the network"),
            });
            continue;
        }
        let base = existing
            .as_ref()
            .map(|e| e.data.clone())
            .unwrap_or_default();
        let data = base.apply(row.input.clone(), &mut problems);
        if data.name.is_empty() && problems.is_empty() {
            problems.add("name", "is required");
        }
        if !problems.is_empty() {
            report.fail(&row, problems);
            continue;
        }
        write_initiative(&mut tx, existing, &slug, data, &mut report).await?;
    }
    finish(db, tx, &mut report, dry_run).await?;
    Ok(report)
}

async fn write_initiative(
    tx: &mut Tx,
    existing: Option<Initiative>,
    slug: &str,
    data: InitiativeData,
    report: &mut Report,
) -> Result<(), Error> {
    let now = super::now();
    match existing {
        Some(current) if current.data == data => report.unchanged += 1,
        Some(current) => {
            db::initiatives::update(tx, current.id, &data.record(slug, None), now).await?;
            Outgoing::InitiativeUpdated { id: current.id }
                .record(tx)
                .await?;
            report.updated += 1;
        }
        None => {
            let id = db::initiatives::insert(tx, &data.record(slug, None), now).await?;
            Outgoing::InitiativePublished { id }.record(tx).await?;
            report.created += 1;
        }
    }
    Ok(())
}

/// An event row: its iCalendar UID (or none) and input.
pub struct EventImport {
    pub uid: Option<String>,
    pub input: EventInput,
}

/// Imports events; a row with a known UID updates that event.
pub async fn events(
    db: &Db,
    rows: impl IntoIterator<Item = Result<Row<EventImport>, RowError>>,
    timezone: Tz,
    dry_run: bool,
    mut progress: impl FnMut(usize),
) -> Result<Report, Error> {
    let mut report = Report::default();
    let mut tx = db.begin().await?;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (n, row) in rows.into_iter().enumerate() {
        progress(n + 1);
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                report.errors.push(e);
                continue;
            }
        };
        if let Some(uid) = &row.input.uid
            && let Some(first) = seen.insert(uid.clone(), row.line)
        {
            report.errors.push(RowError {
                line: row.line,
                column: None,
                message: format!("the same event (UID {uid}) as line {first}"),
            });
            continue;
        }
        let existing = match &row.input.uid {
            Some(uid) => db::events::by_source_uid(&mut tx, uid)
                .await?
                .map(super::event::Event::from_row),
            None => None,
        };
        let mut problems = Problems::default();
        let mut input = row.input.input.clone();
        input.slug = Field::Absent;
        let base = existing
            .as_ref()
            .map(|e| e.data.clone())
            .unwrap_or_else(|| EventData::empty(timezone));
        if existing.is_none() {
            for (name, absent) in [
                ("name", matches!(input.name, Field::Absent)),
                ("starts_at", matches!(input.starts_at, Field::Absent)),
            ] {
                if absent {
                    problems.add(name, "is required");
                }
            }
        }
        let data = base.apply(input, &mut problems);
        if problems.is_empty() {
            data.check_rules(&mut problems);
        }
        if !problems.is_empty() {
            report.fail(&row, problems);
            continue;
        }
        let now = super::now();
        match existing {
            Some(current) if current.data == data => report.unchanged += 1,
            Some(current) => {
                db::events::update(
                    &mut tx,
                    current.id,
                    &data.record(&current.slug, None, None),
                    now,
                )
                .await?;
                Outgoing::EventUpdated { id: current.id }
                    .record(&mut tx)
                    .await?;
                report.updated += 1;
            }
            None => {
                let slug =
                    entry::choose_slug(&mut tx, db::slugs::Table::Events, None, &data.name).await?;
                let id = db::events::insert(&mut tx, &data.record(&slug, None, None), now).await?;
                if let Some(uid) = &row.input.uid {
                    db::events::set_source_uid(&mut tx, id, uid).await?;
                }
                Outgoing::EventPublished { id }.record(&mut tx).await?;
                report.created += 1;
            }
        }
    }
    finish(db, tx, &mut report, dry_run).await?;
    Ok(report)
}

async fn finish(db: &Db, tx: Tx, report: &mut Report, dry_run: bool) -> Result<(), Error> {
    if dry_run || !report.errors.is_empty() {
        tx.rollback().await?;
        report.written = false;
    } else {
        tx.commit().await?;
        report.written = true;
        // Many rows at once: PostgreSQL learns of them now, not when autovacuum comes by. The
        // rows are written whatever becomes of that.
        if let Err(e) = db.settle().await {
            tracing::warn!(error = %e, "Cannot vacuum after the import; autovacuum will");
        }
    }
    Ok(())
}
