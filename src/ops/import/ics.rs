//! Events from an iCalendar file: one row per VEVENT, keyed by its UID.

use std::collections::HashMap;

use super::columns::categories;
use crate::domain::event::EventInput;
use crate::domain::import::{EventImport, Row, RowError};
use crate::domain::location::LocationInput;
use crate::domain::validate::Field;

/// Events from an iCalendar file: one per VEVENT, keyed by UID.
pub fn ics(text: &str) -> Result<Vec<Result<Row<EventImport>, RowError>>, String> {
    use icalendar::{Calendar, CalendarComponent, Component, EventLike};
    let calendar: Calendar = text.parse().map_err(|e: String| unreadable(&e))?;
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

/// Why a text is not iCalendar, in one line: the parser's report names the line it stopped at.
fn unreadable(report: &str) -> String {
    let line = report
        .split("at line ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .filter(|n| !n.is_empty());
    match line {
        Some(n) => format!("not an iCalendar file: cannot read line {n}"),
        None => "not an iCalendar file".to_owned(),
    }
}
