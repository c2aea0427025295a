//! Importing a directory in one transaction: every row checked with the API's rules, each
//! change recorded for federation; any error writes nothing. Initiatives are matched by the
//! file's key, else by name and place (`initiatives.rs`), events by iCalendar UID (`events.rs`).

mod events;
mod initiatives;
mod known;
mod place;
mod prepare;
mod slug;
mod tags;

use std::collections::HashMap;

pub use events::{EventImport, events};
pub use initiatives::initiatives;
pub use tags::hashtag;
pub(crate) use tags::normalise as normalise_tags;

use super::Error;
use super::initiative::InitiativeInput;
use super::validate::Problems;
use crate::db::{Db, Tx};

/// One row of an import file: where it is, what it says, and which column each field came from.
pub struct Row<I> {
    pub line: usize,
    pub input: I,
    /// Field name (`location.latitude`, `key`) → the file's column name, for messages.
    pub columns: HashMap<String, String>,
}

/// An initiative row: the file's own key for it (an `id` or `ref` column), if any, and input.
pub struct InitiativeImport {
    pub key: Option<String>,
    pub input: InitiativeInput,
}

impl From<InitiativeInput> for InitiativeImport {
    fn from(input: InitiativeInput) -> Self {
        InitiativeImport { key: None, input }
    }
}

/// Something to say about one row, where it is in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowNote {
    pub line: usize,
    pub column: Option<String>,
    pub message: String,
}

/// Why one row cannot be imported.
pub type RowError = RowNote;

/// What was changed in a row on its way in (a tag made a hashtag); the import goes on.
pub type RowWarning = RowNote;

impl std::fmt::Display for RowNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(column) => write!(f, "line {}, column {column:?}: {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// What a row does to the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub line: usize,
    pub slug: String,
    pub kind: ChangeKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    Create,
    /// The fields that change, when they are told (`key`: the file's key is recorded).
    Update(Vec<&'static str>),
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            ChangeKind::Create => write!(f, "line {}: create {}", self.line, self.slug),
            ChangeKind::Update(fields) if fields.is_empty() => {
                write!(f, "line {}: update {}", self.line, self.slug)
            }
            ChangeKind::Update(fields) => write!(
                f,
                "line {}: update {} ({})",
                self.line,
                self.slug,
                fields.join(", ")
            ),
        }
    }
}

/// What an import did (or, in a dry run or on errors, would have done).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// In the file's order.
    pub errors: Vec<RowError>,
    pub warnings: Vec<RowWarning>,
    /// Every row that creates or changes an entry, in the file's order.
    pub changes: Vec<Change>,
    /// Whether the changes were committed.
    pub written: bool,
}

impl Report {
    fn fail<I>(&mut self, row: &Row<I>, problems: Problems) {
        self.fail_at(row.line, &row.columns, problems);
    }

    /// Each problem of the row at `line`, with the column of its field.
    fn fail_at(&mut self, line: usize, columns: &HashMap<String, String>, problems: Problems) {
        for p in problems.iter() {
            let root = p.field.as_str();
            let column = columns
                .get(root)
                .or_else(|| columns.get(root.split('.').next().unwrap_or(root)))
                .cloned();
            self.errors.push(RowError {
                line,
                column,
                message: p.message.clone(),
            });
        }
    }

    fn created(&mut self, line: usize, slug: &str) {
        self.created += 1;
        self.changes.push(Change {
            line,
            slug: slug.to_owned(),
            kind: ChangeKind::Create,
        });
    }

    fn updated(&mut self, line: usize, slug: &str, fields: Vec<&'static str>) {
        self.updated += 1;
        self.changes.push(Change {
            line,
            slug: slug.to_owned(),
            kind: ChangeKind::Update(fields),
        });
    }
}

/// Commits, unless it is a dry run or a row failed; errors are put in the file's order.
async fn finish(db: &Db, tx: Tx, report: &mut Report, dry_run: bool) -> Result<(), Error> {
    report.errors.sort_by_key(|e| e.line);
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
