//! Exporting the chapter's own directory as JSON or CSV (re-importable); GeoJSON in `geojson`.

use serde_json::{Value, json};

use crate::db::{self, Db, origin::OriginFilter};
use crate::domain::event::Event;
use crate::domain::initiative::Initiative;
use crate::domain::origin::Review;

/// The formats `partage export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Csv,
    GeoJson,
}

/// Every published initiative of the chapter's own (not mirrored, not waiting for review), by
/// name.
pub async fn initiatives(db: &Db) -> Result<Vec<Initiative>, sqlx::Error> {
    let mut all = Vec::new();
    let mut offset = 0;
    loop {
        let filter = db::initiatives::Filter {
            origin: OriginFilter::Local,
            review: Some(Review::Published.as_str().to_owned()),
            limit: 1000,
            offset,
            ..Default::default()
        };
        let (rows, _) = db::initiatives::list(db, &filter).await?;
        let done = rows.len() < 1000;
        all.extend(rows.into_iter().map(Initiative::from_row));
        if done {
            return Ok(all);
        }
        offset += 1000;
    }
}

/// Every published event of the chapter's own, past and upcoming, by start.
pub async fn events(db: &Db) -> Result<Vec<Event>, sqlx::Error> {
    let mut all = Vec::new();
    let mut offset = 0;
    loop {
        let filter = db::events::Filter {
            origin: OriginFilter::Local,
            review: Some(Review::Published.as_str().to_owned()),
            limit: 1000,
            offset,
            ..Default::default()
        };
        let (rows, _) = db::events::list(db, &filter).await?;
        let done = rows.len() < 1000;
        all.extend(rows.into_iter().map(Event::from_row));
        if done {
            return Ok(all);
        }
        offset += 1000;
    }
}

pub fn initiative_json(i: &Initiative) -> Value {
    let d = &i.data;
    json!({
        "slug": i.slug, "name": d.name, "summary": d.summary, "description": d.description,
        "categories": d.categories, "tags": d.tags, "location": d.location, "website": d.website,
        "email": d.email, "phone": d.phone, "opening_hours": d.opening_hours,
        "languages": d.languages, "image_url": d.image_url, "status": d.status,
        "created_at": i.created_at, "updated_at": i.updated_at,
    })
}

pub fn event_json(e: &Event) -> Value {
    let d = &e.data;
    let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&d.timezone).to_rfc3339();
    json!({
        "slug": e.slug, "name": d.name, "description": d.description,
        "starts_at": local(d.starts_at), "ends_at": d.ends_at.map(local), "timezone": d.timezone.name(),
        "location": d.location, "online_url": d.online_url, "initiative": d.initiative,
        "categories": d.categories, "tags": d.tags, "capacity": d.capacity, "join_mode": d.join_mode,
        "registration_url": d.registration_url, "status": d.status, "language": d.language,
        "created_at": e.created_at, "updated_at": e.updated_at,
    })
}

/// The whole directory as one JSON document, under its licence.
pub fn json_document(initiatives: &[Initiative], events: &[Event], license: &str) -> Value {
    json!({
        "license": license,
        "generator": concat!("Partage ", env!("CARGO_PKG_VERSION")),
        "exported_at": chrono::Utc::now(),
        "initiatives": initiatives.iter().map(initiative_json).collect::<Vec<_>>(),
        "events": events.iter().map(event_json).collect::<Vec<_>>(),
    })
}

/// The CSV columns, named as `partage import` reads them.
pub const CSV_COLUMNS: [&str; 20] = [
    "slug",
    "name",
    "summary",
    "description",
    "categories",
    "tags",
    "place",
    "street",
    "postal_code",
    "locality",
    "region",
    "country",
    "latitude",
    "longitude",
    "website",
    "email",
    "phone",
    "opening_hours",
    "languages",
    "status",
];

/// Initiatives as CSV; importing the file again changes nothing.
pub fn initiatives_csv(initiatives: &[Initiative]) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_COLUMNS)?;
    for i in initiatives {
        let d = &i.data;
        let l = d.location.clone().unwrap_or_default();
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let num = |v: Option<f64>| v.map(|n| n.to_string()).unwrap_or_default();
        writer.write_record([
            i.slug.clone(),
            d.name.clone(),
            d.summary.clone(),
            d.description.clone(),
            d.categories.join(", "),
            d.tags.join(", "),
            opt(&l.name),
            opt(&l.street),
            opt(&l.postal_code),
            opt(&l.locality),
            opt(&l.region),
            opt(&l.country),
            num(l.latitude),
            num(l.longitude),
            opt(&d.website),
            opt(&d.email),
            opt(&d.phone),
            opt(&d.opening_hours),
            d.languages.join(", "),
            d.status.as_str().to_owned(),
        ])?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).expect("we wrote UTF-8"))
}

/// Events as CSV.
pub fn events_csv(events: &[Event]) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "slug",
        "name",
        "starts_at",
        "ends_at",
        "timezone",
        "place",
        "locality",
        "latitude",
        "longitude",
        "online_url",
        "categories",
        "tags",
        "status",
        "registration_url",
    ])?;
    for e in events {
        let d = &e.data;
        let l = d.location.clone().unwrap_or_default();
        let local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&d.timezone).to_rfc3339();
        let num = |v: Option<f64>| v.map(|n| n.to_string()).unwrap_or_default();
        writer.write_record([
            e.slug.clone(),
            d.name.clone(),
            local(d.starts_at),
            d.ends_at.map(local).unwrap_or_default(),
            d.timezone.name().to_owned(),
            l.name.unwrap_or_default(),
            l.locality.unwrap_or_default(),
            num(l.latitude),
            num(l.longitude),
            d.online_url.clone().unwrap_or_default(),
            d.categories.join(", "),
            d.tags.join(", "),
            d.status.as_str().to_owned(),
            d.registration_url.clone().unwrap_or_default(),
        ])?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8(bytes).expect("we wrote UTF-8"))
}
