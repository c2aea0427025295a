//! Sources kept in sync: a URL read on a schedule (CSV, JSON, GeoJSON, GoGoCarto; iCalendar
//! for events), its rows mapped to our fields (`mapping.rs`) and applied as entries keyed by
//! the source's own id (`run.rs`, `initiatives.rs`, `events.rs`): created, updated, closed
//! when they leave it, never a field an admin edited here (`edits.rs`). Each run is logged; a failing one keeps what the source had brought and is
//! tried again later. Fetching and reading the formats is `ops::sources`.

mod edits;
mod events;
mod initiatives;
mod log;
mod mapping;
mod run;

use std::time::Duration;

use chrono::{DateTime, Utc};

pub use edits::{Brought, brought, note_edits};
pub use mapping::{Categories, CategoryRule, FIELDS, Mapping};
pub use run::{Outcome, Run, apply, apply_events, claim, due, fail, refusing, runs};

use super::Error;
use super::validate::{self, Field, Problems};
use crate::db::sources::{SourceRecord, SourceRow};
use crate::db::{self, Db};

/// What a source's URL answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
    GeoJson,
    /// GoGoCarto's `/api/elements.json` (`{"ontology": "gogofull", "data": [...]}`).
    GoGoCarto,
    /// An iCalendar feed: events, by their UID.
    Ics,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Csv,
        Format::Json,
        Format::GeoJson,
        Format::GoGoCarto,
        Format::Ics,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::GeoJson => "geojson",
            Format::GoGoCarto => "gogocarto",
            Format::Ics => "ics",
        }
    }

    pub fn parse(value: &str) -> Result<Format, String> {
        let value = value.trim().to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == value)
            .ok_or_else(|| format!("{value:?} is not one of csv, json, geojson, gogocarto, ics"))
    }
}

/// Who a source's entries come from, shown on each: "From: name (licence)", linking to `link`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attribution {
    pub name: String,
    pub licence: Option<String>,
    pub link: Option<String>,
}

/// A stored source, with its health.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: i64,
    pub url: String,
    pub format: Format,
    pub mapping: Mapping,
    pub attribution: Attribution,
    /// How often it is read.
    pub every: Duration,
    /// The source's ids whose rows are left out.
    pub ignored: Vec<String>,
    pub next_run_at: DateTime<Utc>,
    pub last_run_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    /// Failed runs in a row (0: well).
    pub failures: i64,
    /// The last failure's error, while failing.
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl Source {
    pub fn is_failing(&self) -> bool {
        self.failures > 0
    }

    fn from_row(row: SourceRow) -> Source {
        Source {
            id: row.id,
            format: Format::parse(&row.format).unwrap_or(Format::Csv),
            mapping: serde_json::from_str(&row.mapping).unwrap_or_default(),
            attribution: Attribution {
                name: row.name,
                licence: row.licence,
                link: row.link,
            },
            every: Duration::from_secs(row.every_seconds.max(60) as u64),
            ignored: serde_json::from_str(&row.ignored).unwrap_or_default(),
            url: row.url,
            next_run_at: row.next_run_at,
            last_run_at: row.last_run_at,
            last_success_at: row.last_success_at,
            failures: row.failures,
            error: row.error,
            created_at: row.created_at,
        }
    }
}

/// A source as an admin gives it (the CLI's options, the admin's form): every field checked by
/// [`add`] and [`update`], all problems at once.
#[derive(Debug, Clone, Default)]
pub struct SourceInput {
    pub url: String,
    /// `csv`, `json`, `geojson` or `gogocarto`.
    pub format: String,
    /// The attribution's name; the URL's host when empty.
    pub name: String,
    pub licence: String,
    pub link: String,
    /// `30m`, `6h`, `24h`, `7d` (default 24h).
    pub every: String,
    pub mapping: Mapping,
}

/// Checks an input into what is stored.
pub fn check(input: &SourceInput) -> Result<(Format, SourceRecord), Problems> {
    let mut problems = Problems::default();
    let url = problems.check("url", Some(input.url.clone()), validate::web_url);
    let format = problems.check("format", Some(input.format.clone()), |f| Format::parse(&f));
    let every = problems.check("every", Some(input.every.clone()), |e| parse_every(&e));
    let link = optional(&mut problems, "link", &input.link, |v| {
        validate::web_url(v).map(String::from)
    });
    let licence = optional(&mut problems, "licence", &input.licence, |v| {
        validate::line(v, 200)
    });
    let name = optional(&mut problems, "name", &input.name, |v| {
        validate::line(v, 200)
    });
    input.mapping.check(&mut problems);
    let (Some(url), Some(format), Some(every)) = (url, format, every) else {
        return Err(problems);
    };
    problems.into_result(())?;
    let name = name.unwrap_or_else(|| url.host_str().unwrap_or("source").to_owned());
    let record = SourceRecord {
        url: url.to_string(),
        format: format.as_str().to_owned(),
        mapping: serde_json::to_string(&input.mapping).expect("a mapping serialises"),
        name,
        licence,
        link,
        every_seconds: every.as_secs() as i64,
    };
    Ok((format, record))
}

fn optional(
    problems: &mut Problems,
    name: &str,
    value: &str,
    check: impl FnOnce(String) -> Result<String, String>,
) -> Option<String> {
    let field = match value.trim() {
        "" => Field::Absent,
        v => Field::Value(v.to_owned()),
    };
    let value = problems.optional(name, field);
    problems.check(name, value, check)
}

/// `90s`, `30m`, `6h`, `24h`, `7d`; empty is a day. At least a minute.
pub fn parse_every(value: &str) -> Result<Duration, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(Duration::from_secs(86_400));
    }
    let (number, unit) = value.split_at(
        value
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(value.len()),
    );
    let n: u64 = number
        .parse()
        .map_err(|_| format!("{value:?} is not a period like 30m, 6h, 24h or 7d"))?;
    let seconds = match unit.trim() {
        "s" => n,
        "m" | "min" => n * 60,
        "h" | "" => n * 3600,
        "d" => n * 86_400,
        _ => return Err(format!("{value:?} is not a period like 30m, 6h, 24h or 7d")),
    };
    if seconds < 60 {
        return Err("is less than a minute".into());
    }
    Ok(Duration::from_secs(seconds))
}

/// A period as [`parse_every`] reads it: `24h`, `30m`, `7d`.
pub fn format_every(every: Duration) -> String {
    let s = every.as_secs();
    match s {
        s if s % 86_400 == 0 && s >= 86_400 * 2 => format!("{}d", s / 86_400),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

/// Adds a source, due at once (its first run reads it).
pub async fn add(db: &Db, input: &SourceInput) -> Result<Source, Error> {
    let (_, record) = check(input)?;
    let now = super::now();
    let id = db::sources::insert(db, &record, now, now).await?;
    get(db, id).await
}

/// Changes a source (its URL, format, mapping, attribution or period).
pub async fn update(db: &Db, id: i64, input: &SourceInput) -> Result<Source, Error> {
    let (_, record) = check(input)?;
    if !db::sources::update(db, id, &record).await? {
        return Err(Error::NotFound("source"));
    }
    get(db, id).await
}

pub async fn get(db: &Db, id: i64) -> Result<Source, Error> {
    db::sources::get(db, id)
        .await?
        .map(Source::from_row)
        .ok_or(Error::NotFound("source"))
}

/// Every source, failing ones first, then by name.
pub async fn list(db: &Db) -> Result<Vec<Source>, Error> {
    Ok(db::sources::list(db)
        .await?
        .into_iter()
        .map(Source::from_row)
        .collect())
}

/// The sources failing now (the dashboard shows them).
pub async fn failing(db: &Db) -> Result<Vec<Source>, Error> {
    let mut all = list(db).await?;
    all.retain(Source::is_failing);
    Ok(all)
}

/// How many entries each source brought, and how many of those left it: (source id, all, left).
pub async fn entry_counts(db: &Db) -> Result<Vec<(i64, i64, i64)>, Error> {
    Ok(db::sources::entries::counts(db).await?)
}

/// Removes a source and its log; the entries it brought stay, as ours, without attribution.
pub async fn remove(db: &Db, id: i64) -> Result<(), Error> {
    if db::sources::delete(db, id).await? {
        Ok(())
    } else {
        Err(Error::NotFound("source"))
    }
}

/// Leaves out the source's rows of id `key` from the next run on (an entry it already brought
/// stays, closed by that run as a row gone). `false`: it was already ignored.
pub async fn ignore(db: &Db, id: i64, key: &str) -> Result<bool, Error> {
    let mut source = get(db, id).await?;
    let key = key.trim();
    if key.is_empty() || source.ignored.iter().any(|k| k == key) {
        return Ok(false);
    }
    source.ignored.push(key.to_owned());
    let json = serde_json::to_string(&source.ignored).expect("strings serialise");
    db::sources::set_ignored(db, id, &json).await?;
    Ok(true)
}

/// Takes `key` off the ignore list. `false`: it was not on it.
pub async fn unignore(db: &Db, id: i64, key: &str) -> Result<bool, Error> {
    let mut source = get(db, id).await?;
    let before = source.ignored.len();
    source.ignored.retain(|k| k != key.trim());
    if source.ignored.len() == before {
        return Ok(false);
    }
    let json = serde_json::to_string(&source.ignored).expect("strings serialise");
    db::sources::set_ignored(db, id, &json).await?;
    Ok(true)
}
