//! An iCalendar source: its events read as `partage import` reads a .ics (one row per VEVENT,
//! keyed by its UID), and shown in a preview as the fields they give.

use super::{Fetcher, Mapped};
use crate::domain::import::{EventImport, Row, RowError};
use crate::domain::sources::Format;
use crate::domain::validate::Field;

/// Every event of the feed at `url`, or why the feed cannot be read.
pub async fn events(
    fetcher: &Fetcher,
    url: &str,
) -> Result<Vec<Result<Row<EventImport>, RowError>>, String> {
    let text = fetcher.text(url, Format::Ics).await?;
    crate::ops::import::ics(&text)
}

/// An event as a preview shows it: our field, the iCalendar property, the value.
pub fn shown(row: Row<EventImport>) -> Mapped {
    let input = &row.input.input;
    let text = |f: &Field<String>| match f {
        Field::Value(v) => Some(v.clone()),
        _ => None,
    };
    let place = match &input.location {
        Field::Value(l) => text(&l.name),
        _ => None,
    };
    let categories = match &input.categories {
        Field::Value(c) => Some(c.join(", ")),
        _ => None,
    };
    let description = text(&input.description).map(|d| d.chars().take(120).collect());
    let values = [
        ("name", text(&input.name)),
        ("starts_at", text(&input.starts_at)),
        ("ends_at", text(&input.ends_at)),
        ("timezone", text(&input.timezone)),
        ("location", place),
        ("online_url", text(&input.online_url)),
        ("categories", categories),
        ("description", description),
    ];
    let mut cells: Vec<(&'static str, String, String)> = values
        .into_iter()
        .filter_map(|(field, value)| {
            let property = row.columns.get(field).cloned().unwrap_or_default();
            value.map(|v| (field, property, v))
        })
        .collect();
    if let Some(uid) = row.input.uid {
        cells.insert(0, ("key", "UID".to_owned(), uid));
    }
    Mapped {
        line: row.line,
        cells,
        unmapped_categories: Vec::new(),
    }
}
