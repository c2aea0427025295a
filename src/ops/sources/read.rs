//! A source's text as records of (column, value): CSV lines as `partage import` reads them,
//! JSON objects and GeoJSON features' properties flattened (`address.streetAddress`), and
//! GoGoCarto's `{"ontology": "gogofull", "data": [...]}`.

use serde_json::Value;

use crate::domain::import::RowError;
use crate::domain::sources::Format;
use crate::ops::import::{csv_cells, geojson_items, json_items};

/// One row of a source: where it is (a line, or an item's number) and its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub line: usize,
    pub cells: Vec<(String, String)>,
}

/// Every record of a source's text, or why the text is not of its format.
pub fn records(text: &str, format: Format) -> Result<Vec<Result<Record, RowError>>, String> {
    let items = match format {
        Format::Csv => {
            let (_, lines) = csv_cells(text)?;
            return Ok(lines
                .map(|r| r.map(|(line, cells)| Record { line, cells }))
                .collect());
        }
        Format::Json => json_items(text)?,
        Format::GeoJson => geojson_items(text)?,
        Format::GoGoCarto => gogocarto_items(text)?,
        Format::Ics => return Err("an iCalendar feed holds events, not rows".into()),
    };
    Ok(items
        .iter()
        .enumerate()
        .map(|(i, item)| match item {
            Value::Object(_) => {
                let mut cells = Vec::new();
                flatten("", item, &mut cells);
                Ok(Record { line: i + 1, cells })
            }
            _ => Err(RowError {
                line: i + 1,
                column: None,
                message: "not an object".into(),
            }),
        })
        .collect())
}

/// The elements of a GoGoCarto answer: its `data` (or `elements`), or a bare array.
fn gogocarto_items(text: &str) -> Result<Vec<Value>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    match value {
        Value::Array(items) => Ok(items),
        Value::Object(mut o) => match o.remove("data").or_else(|| o.remove("elements")) {
            Some(Value::Array(items)) => Ok(items),
            _ => Err("expected GoGoCarto's elements ({\"data\": [...]})".into()),
        },
        _ => Err("expected GoGoCarto's elements ({\"data\": [...]})".into()),
    }
}

/// An object's values by their dotted paths; a list of values as one cell, `a, b`; a list of
/// objects by their names (GoGoCarto's `categoriesFull`).
fn flatten(prefix: &str, value: &Value, cells: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&path, v, cells);
            }
        }
        Value::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .filter_map(|item| match item {
                    Value::Object(o) => o.get("name").and_then(scalar),
                    other => scalar(other),
                })
                .collect();
            if !parts.is_empty() {
                cells.push((prefix.to_owned(), parts.join(", ")));
            }
        }
        other => {
            if let Some(text) = scalar(other) {
                cells.push((prefix.to_owned(), text));
            }
        }
    }
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gogocarto_elements_are_flattened() {
        let text = r#"{"licence": "ODbL", "ontology": "gogofull", "data": [{"id": "AEW",
            "name": "DotSoley", "geo": {"latitude": 16.2, "longitude": -61.5},
            "address": {"streetAddress": "rue X", "addressLocality": "Baie-Mahault"},
            "categories": ["Alimentation et Agriculture", "AMAP / Paniers"],
            "categoriesFull": [{"id": 1, "name": "Alimentation et Agriculture"}]}]}"#;
        let records = records(text, Format::GoGoCarto).unwrap();
        let cells = &records[0].as_ref().unwrap().cells;
        let get = |k: &str| cells.iter().find(|(c, _)| c == k).map(|(_, v)| v.as_str());
        assert_eq!(get("geo.latitude"), Some("16.2"));
        assert_eq!(get("address.addressLocality"), Some("Baie-Mahault"));
        assert_eq!(
            get("categories"),
            Some("Alimentation et Agriculture, AMAP / Paniers")
        );
        assert_eq!(get("categoriesFull"), Some("Alimentation et Agriculture"));
        assert!(super::records("<html>", Format::GoGoCarto).is_err());
    }
}
