//! Events from an iCalendar file, matched by their UID: a known UID updates its event.

use std::collections::HashMap;

use chrono_tz::Tz;

use super::{Report, Row, RowError, finish};
use crate::db::{self, Db};
use crate::domain::event::{Event, EventData, EventInput};
use crate::domain::validate::{Field, Problems};
use crate::domain::{Error, Outgoing, entry};

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
                .map(Event::from_row),
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
        let now = crate::domain::now();
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
                report.updated(row.line, &current.slug, Vec::new());
            }
            None => {
                let slug =
                    entry::choose_slug(&mut tx, db::slugs::Table::Events, None, &data.name).await?;
                let id = db::events::insert(&mut tx, &data.record(&slug, None, None), now).await?;
                if let Some(uid) = &row.input.uid {
                    db::events::set_source_uid(&mut tx, id, uid).await?;
                }
                Outgoing::EventPublished { id }.record(&mut tx).await?;
                report.created(row.line, &slug);
            }
        }
    }
    finish(db, tx, &mut report, dry_run).await?;
    Ok(report)
}
