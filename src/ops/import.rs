//! Reading import files: CSV (English or French headers, UTF-8 or Latin-1), JSON, GeoJSON, and
//! iCalendar for events, into domain rows with their line and column for every problem.

use std::collections::HashMap;

use serde_json::Value;

use crate::domain::category::CATEGORIES;
use crate::domain::event::EventInput;
use crate::domain::import::{EventImport, Row, RowError};
use crate::domain::initiative::InitiativeInput;
use crate::domain::location::LocationInput;
use crate::domain::text::fold;
use crate::domain::validate::Field;

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

/// The field a column name means, in English or French, whatever its case and accents.
fn field_for(column: &str) -> Option<&'static str> {
    let key: String = fold(column)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let key = key.trim_matches('_');
    let key = key
        .split('_')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    Some(match key.as_str() {
        "name" | "nom" | "title" | "titre" => "name",
        "slug" | "identifiant" => "slug",
        "summary" | "resume" | "short_description" | "accroche" | "description_courte" => "summary",
        "description" | "details" | "presentation" => "description",
        "categories" | "category" | "categorie" | "themes" | "theme" => "categories",
        "tags" | "mots_cles" | "mot_cle" | "keywords" | "hashtags" => "tags",
        "place" | "lieu" | "venue" | "nom_du_lieu" | "location_name" => "location.name",
        "street" | "address" | "adresse" | "rue" | "street_address" => "location.street",
        "postal_code" | "postcode" | "zip" | "zip_code" | "code_postal" | "cp" => {
            "location.postal_code"
        }
        "locality" | "city" | "town" | "ville" | "commune" => "location.locality",
        "region" | "state" | "departement" => "location.region",
        "country" | "pays" | "country_code" => "location.country",
        "latitude" | "lat" => "location.latitude",
        "longitude" | "lon" | "lng" | "long" => "location.longitude",
        "website" | "site" | "site_web" | "site_internet" | "url" | "web" => "website",
        "email" | "e_mail" | "courriel" | "mail" => "email",
        "phone" | "telephone" | "tel" => "phone",
        "opening_hours" | "horaires" | "heures_d_ouverture" | "hours" => "opening_hours",
        "languages" | "langues" | "language" | "langue" => "languages",
        "image" | "image_url" | "photo" | "logo" => "image_url",
        "status" | "statut" | "etat" => "status",
        _ => return None,
    })
}

fn list(value: &str) -> Vec<String> {
    value
        .split([',', ';', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Category ids, or their English or French labels.
fn categories(value: &str) -> Vec<String> {
    list(value)
        .into_iter()
        .map(|v| {
            let folded = fold(&v);
            CATEGORIES
                .iter()
                .find(|c| fold(c.label_en) == folded || fold(c.label_fr) == folded)
                .map_or(v, |c| c.id.to_owned())
        })
        .collect()
}

/// A number written with a decimal comma (`48,8566`) as well as a point.
fn number(value: &str) -> Field<f64> {
    let value = value.trim();
    let normalized = if value.contains('.') {
        value.to_owned()
    } else {
        value.replace(',', ".")
    };
    match normalized.parse::<f64>() {
        Ok(n) => Field::Value(n),
        Err(_) => Field::Invalid(format!("{value:?} is not a number")),
    }
}

/// An initiative from (column, value) pairs; empty cells are absent.
fn initiative_from(line: usize, cells: Vec<(String, String)>) -> Row<InitiativeInput> {
    let mut input = InitiativeInput::default();
    let mut location = LocationInput::default();
    let mut has_location = false;
    let mut columns = HashMap::new();
    for (column, value) in cells {
        let Some(field) = field_for(&column) else {
            continue;
        };
        let value = value.trim().to_owned();
        if value.is_empty() {
            continue;
        }
        columns.insert(field.to_owned(), column);
        let text = Field::Value(value.clone());
        match field {
            "name" => input.name = text,
            "slug" => input.slug = text,
            "summary" => input.summary = text,
            "description" => input.description = text,
            "categories" => input.categories = Field::Value(categories(&value)),
            "tags" => input.tags = Field::Value(list(&value)),
            "website" => input.website = text,
            "email" => input.email = text,
            "phone" => input.phone = text,
            "opening_hours" => input.opening_hours = text,
            "languages" => input.languages = Field::Value(list(&value)),
            "image_url" => input.image_url = text,
            "status" => input.status = text,
            location_field => {
                has_location = true;
                match location_field {
                    "location.name" => location.name = text,
                    "location.street" => location.street = text,
                    "location.postal_code" => location.postal_code = text,
                    "location.locality" => location.locality = text,
                    "location.region" => location.region = text,
                    "location.country" => location.country = text,
                    "location.latitude" => location.latitude = number(&value),
                    _ => location.longitude = number(&value),
                }
            }
        }
    }
    if has_location {
        input.location = Field::Value(location);
    }
    Row {
        line,
        input,
        columns,
    }
}

/// CSV (comma, semicolon or tab separated), one initiative per line after the header.
pub fn csv(
    text: &str,
) -> Result<impl Iterator<Item = Result<Row<InitiativeInput>, RowError>> + '_, String> {
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
    if !headers.iter().any(|h| field_for(h) == Some("name")) {
        return Err(format!(
            "no name column among {headers:?} (name, nom, title or titre)"
        ));
    }
    Ok(reader.into_records().map(move |record| {
        let record = record.map_err(|e| RowError {
            line: e.position().map_or(0, |p| p.line() as usize),
            column: None,
            message: format!("unreadable line: {e}"),
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let cells = headers
            .iter()
            .cloned()
            .zip(record.iter().map(str::to_owned))
            .collect();
        Ok(initiative_from(line, cells))
    }))
}

/// A JSON array of initiatives, with the API's field names (or the CSV column names).
pub fn json(text: &str) -> Result<Vec<Result<Row<InitiativeInput>, RowError>>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let items = match value {
        Value::Array(items) => items,
        Value::Object(mut o) => match o.remove("initiatives") {
            Some(Value::Array(items)) => items,
            _ => {
                return Err(
                    "expected an array of initiatives (or {\"initiatives\": [...]})".into(),
                );
            }
        },
        _ => return Err("expected an array of initiatives".into()),
    };
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(i, item)| object_row(i + 1, &item))
        .collect())
}

fn object_row(index: usize, item: &Value) -> Result<Row<InitiativeInput>, RowError> {
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

/// A GeoJSON FeatureCollection of Points; properties as in CSV or JSON.
pub fn geojson(text: &str) -> Result<Vec<Result<Row<InitiativeInput>, RowError>>, String> {
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
        .enumerate()
        .map(|(i, feature)| {
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
            object_row(i + 1, &properties)
        })
        .collect())
}

/// Events from an iCalendar file: one per VEVENT, keyed by UID.
pub fn ics(text: &str) -> Result<Vec<Result<Row<EventImport>, RowError>>, String> {
    use icalendar::{Calendar, CalendarComponent, Component, EventLike};
    let calendar: Calendar = text
        .parse()
        .map_err(|e| format!("not an iCalendar file: {e}"))?;
    let mut rows = Vec::new();
    for (i, component) in calendar.components.iter().enumerate() {
        let CalendarComponent::Event(event) = component else {
            continue;
        };
        let line = i + 1;
        let mut input = EventInput::default();
        let mut columns = HashMap::new();
        let mut set = |field: &str, property: &str| {
            columns.insert(field.to_owned(), property.to_owned());
        };
        if let Some(summary) = event.get_summary() {
            input.name = Field::Value(summary.to_owned());
            set("name", "SUMMARY");
        }
        if let Some(description) = event.get_description() {
            input.description = Field::Value(description.to_owned());
            set("description", "DESCRIPTION");
        }
        if let Some(start) = event.get_start() {
            let (starts_at, zone) = ics_time(&start);
            input.starts_at = Field::Value(starts_at);
            set("starts_at", "DTSTART");
            if let Some(zone) = zone {
                input.timezone = Field::Value(zone);
                set("timezone", "DTSTART;TZID");
            }
            if let Some(end) = event.get_end() {
                input.ends_at = Field::Value(ics_time(&end).0);
                set("ends_at", "DTEND");
            }
        }
        if let Some(place) = event.get_location() {
            input.location = Field::Value(LocationInput {
                name: Field::Value(place.chars().take(200).collect()),
                ..Default::default()
            });
            set("location", "LOCATION");
        }
        if let Some(url) = event.get_url() {
            input.online_url = Field::Value(url.to_owned());
            set("online_url", "URL");
        }
        if event
            .property_value("STATUS")
            .is_some_and(|s| s.eq_ignore_ascii_case("CANCELLED"))
        {
            input.status = Field::Value("cancelled".into());
        }
        if let Some(categories_value) = event.property_value("CATEGORIES") {
            input.categories = Field::Value(categories(categories_value));
            set("categories", "CATEGORIES");
        }
        let uid = event.get_uid().map(str::to_owned);
        rows.push(Ok(Row {
            line,
            input: EventImport { uid, input },
            columns,
        }));
    }
    Ok(rows)
}

/// An iCalendar time as RFC 3339 (or a local time), and its IANA zone when it names one.
fn ics_time(value: &icalendar::DatePerhapsTime) -> (String, Option<String>) {
    use icalendar::{CalendarDateTime, DatePerhapsTime};
    match value {
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(t)) => (t.to_rfc3339(), None),
        DatePerhapsTime::DateTime(CalendarDateTime::Floating(t)) => {
            (t.format("%Y-%m-%dT%H:%M:%S").to_string(), None)
        }
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid }) => (
            date_time.format("%Y-%m-%dT%H:%M:%S").to_string(),
            Some(tzid.clone()),
        ),
        DatePerhapsTime::Date(d) => (format!("{d}T00:00:00"), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(matches!(&row.input.name, Field::Value(n) if n == "Café vélo"));
        assert!(matches!(&row.input.categories, Field::Value(c) if c == &["repair".to_owned()]));
        assert_eq!(row.line, 2);
        assert_eq!(row.columns["location.latitude"], "Latitude");
    }
}
