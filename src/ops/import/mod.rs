//! Reading import files: CSV (English or French headers, UTF-8 or Latin-1), JSON, GeoJSON, and
//! iCalendar for events, into domain rows with their line and column for every problem.

mod columns;
mod ics;

use serde_json::Value;

pub use ics::ics;

use crate::domain::import::{InitiativeImport, Row, RowError};
use columns::initiative_from;
pub(crate) use columns::{field_for, initiative_of};

/// The formats `partage import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
    GeoJson,
    Ics,
}

impl Format {
    /// From a file name's extension.
    pub fn of(path: &str) -> Option<Format> {
        let lower = path.to_ascii_lowercase();
        let ext = lower.rsplit('.').next()?;
        Some(match ext {
            "csv" | "tsv" | "txt" => Format::Csv,
            "json" => Format::Json,
            "geojson" => Format::GeoJson,
            "ics" | "ical" | "ifb" => Format::Ics,
            _ => return None,
        })
    }
}

/// Text from bytes: UTF-8 (a byte-order mark is dropped), else Windows-1252 / Latin-1, the
/// usual encoding of spreadsheets saved on Windows.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// CSV (comma, semicolon or tab separated), one initiative per line after the header.
pub fn csv(
    text: &str,
) -> Result<impl Iterator<Item = Result<Row<InitiativeImport>, RowError>> + '_, String> {
    let (headers, records) = csv_cells(text)?;
    if !headers.iter().any(|h| field_for(h) == Some("name")) {
        return Err(format!(
            "no name column among {headers:?} (name, nom, title or titre)"
        ));
    }
    Ok(records.map(|r| r.map(|(line, cells)| initiative_from(line, cells))))
}

/// A CSV's header and its lines as (line, [(column, value)]), the delimiter guessed from the
/// header (the most frequent of `;`, tab and `,`).
#[allow(clippy::type_complexity)]
pub(crate) fn csv_cells(
    text: &str,
) -> Result<
    (
        Vec<String>,
        impl Iterator<Item = Result<(usize, Vec<(String, String)>), RowError>> + '_,
    ),
    String,
> {
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| first_line.matches(*d as char).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("cannot read the header line: {e}"))?
        .iter()
        .map(str::to_owned)
        .collect();
    let names = headers.clone();
    let records = reader.into_records().map(move |record| {
        let record = record.map_err(|e| RowError {
            line: e.position().map_or(0, |p| p.line() as usize),
            column: None,
            message: format!("unreadable line: {e}"),
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let cells = names
            .iter()
            .cloned()
            .zip(record.iter().map(str::to_owned))
            .collect();
        Ok((line, cells))
    });
    Ok((headers, records))
}

/// A JSON array of initiatives, with the API's field names (or the CSV column names).
pub fn json(text: &str) -> Result<Vec<Result<Row<InitiativeImport>, RowError>>, String> {
    Ok(json_items(text)?
        .into_iter()
        .enumerate()
        .map(|(i, item)| object_row(i + 1, &item))
        .collect())
}

/// The objects of a JSON array (or of `{"initiatives": [...]}`).
pub(crate) fn json_items(text: &str) -> Result<Vec<Value>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    match value {
        Value::Array(items) => Ok(items),
        Value::Object(mut o) => match o.remove("initiatives") {
            Some(Value::Array(items)) => Ok(items),
            _ => Err("expected an array of initiatives (or {\"initiatives\": [...]})".into()),
        },
        _ => Err("expected an array of initiatives".into()),
    }
}

fn object_row(index: usize, item: &Value) -> Result<Row<InitiativeImport>, RowError> {
    let Value::Object(map) = item else {
        return Err(RowError {
            line: index,
            column: None,
            message: "not an object".into(),
        });
    };
    let mut cells = Vec::new();
    for (key, value) in map {
        if key == "location" {
            if let Value::Object(place) = value {
                for (k, v) in place {
                    let column = if k == "name" {
                        "place".to_owned()
                    } else {
                        k.clone()
                    };
                    cells.push((column, cell(v)));
                }
            }
            continue;
        }
        cells.push((key.clone(), cell(value)));
    }
    Ok(initiative_from(index, cells))
}

fn cell(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join(", "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A GeoJSON FeatureCollection of Points; properties as in CSV or JSON. A feature's own `id`
/// is its key when its properties have none.
pub fn geojson(text: &str) -> Result<Vec<Result<Row<InitiativeImport>, RowError>>, String> {
    Ok(geojson_items(text)?
        .iter()
        .enumerate()
        .map(|(i, properties)| object_row(i + 1, properties))
        .collect())
}

/// Each feature's properties, with its point's `latitude` and `longitude` and, when they have
/// no key, its own `id`.
pub(crate) fn geojson_items(text: &str) -> Result<Vec<Value>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    if value.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        return Err("expected a GeoJSON FeatureCollection".into());
    }
    let features = value
        .get("features")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    Ok(features
        .iter()
        .map(|feature| {
            let mut properties = feature
                .get("properties")
                .cloned()
                .unwrap_or(Value::Object(Default::default()));
            if let Some([lon, lat]) = feature
                .pointer("/geometry/coordinates")
                .and_then(Value::as_array)
                .map(|c| [c.first().cloned(), c.get(1).cloned()])
                && let (Some(lon), Some(lat), Some(map)) = (lon, lat, properties.as_object_mut())
            {
                map.insert("longitude".into(), lon);
                map.insert("latitude".into(), lat);
            }
            if let (Some(id), Some(map)) = (feature.get("id"), properties.as_object_mut())
                && !map.keys().any(|k| field_for(k) == Some("key"))
            {
                map.insert("id".into(), id.clone());
            }
            properties
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validate::Field;

    #[test]
    fn byte_order_marks_and_missing_columns() {
        let text = decode(b"\xEF\xBB\xBFname,city\nRepair,Paris\n");
        assert!(text.starts_with("name,"), "the BOM is dropped");
        assert_eq!(csv(&text).unwrap().count(), 1);
        let error = csv("ville,latitude\nParis,48.8\n")
            .err()
            .expect("no name column");
        assert!(error.contains("no name column"), "{error}");
        assert!(json("{\"nope\": 1}").is_err());
        assert!(geojson("{\"type\": \"Feature\"}").is_err());
    }

    #[test]
    fn french_headers_and_latin1() {
        let bytes = encoding_rs::WINDOWS_1252
            .encode(
                "Nom;Ville;Latitude;Longitude;Catégories\nCafé vélo;Paris;48,85;2,35;Réparation\n",
            )
            .0
            .into_owned();
        let text = decode(&bytes);
        let rows: Vec<_> = csv(&text).unwrap().collect();
        let row = rows[0].as_ref().unwrap();
        assert!(matches!(&row.input.input.name, Field::Value(n) if n == "Café vélo"));
        assert!(
            matches!(&row.input.input.categories, Field::Value(c) if c == &["repair".to_owned()])
        );
        assert_eq!(row.line, 2);
        assert_eq!(row.columns["location.latitude"], "Latitude");
    }

    #[test]
    fn keys_and_tags_as_people_write_them() {
        let rows: Vec<_> = csv("Ref,Nom,Mots-clés
A-7,Troc,#repair #zéro-déchet
,Sel,a; b
")
        .unwrap()
        .map(Result::unwrap)
        .collect();
        assert_eq!(rows[0].input.key.as_deref(), Some("A-7"));
        assert_eq!(rows[0].columns["key"], "Ref");
        assert!(
            matches!(&rows[0].input.input.tags, Field::Value(t) if t == &["repair", "zéro-déchet"])
        );
        assert_eq!(rows[1].input.key, None, "an empty cell is no key");
        let features = geojson(
            r#"{"type": "FeatureCollection", "features": [
                {"type": "Feature", "id": "node/42", "properties": {"name": "Troc"}},
                {"type": "Feature", "id": 1, "properties": {"name": "Sel", "ref": "S1"}}]}"#,
        )
        .unwrap();
        let keys: Vec<_> = features
            .iter()
            .map(|r| r.as_ref().unwrap().input.key.clone())
            .collect();
        assert_eq!(keys, [Some("node/42".to_owned()), Some("S1".to_owned())]);
    }
}
