//! iCalendar (RFC 5545) for events: times in their own zone with its VTIMEZONE, cancelled
//! events marked, text escaped and lines folded.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::{OffsetName, Tz};

use crate::domain::event::{Event, EventStatus};
use crate::domain::location::Location;

/// A calendar of events; `url` gives each event's page.
pub fn calendar(
    name: &str,
    events: &[Event],
    url: impl Fn(&Event) -> String,
    domain: &str,
) -> String {
    let mut out = Ical::default();
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line(&format!(
        "PRODID:-//Partage//{}//EN",
        env!("CARGO_PKG_VERSION")
    ));
    out.line("CALSCALE:GREGORIAN");
    out.line("METHOD:PUBLISH");
    out.property("X-WR-CALNAME", name);
    let zones: BTreeSet<&str> = events.iter().map(|e| e.data.timezone.name()).collect();
    for zone in zones {
        let tz: Tz = zone.parse().unwrap_or(Tz::UTC);
        let years = events
            .iter()
            .filter(|e| e.data.timezone == tz)
            .flat_map(|e| {
                [Some(e.data.starts_at), e.data.ends_at]
                    .into_iter()
                    .flatten()
            })
            .map(|t| t.year());
        let (first, last) = years.fold((i32::MAX, i32::MIN), |(a, b), y| (a.min(y), b.max(y)));
        timezone(&mut out, tz, first, last);
    }
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    for event in events {
        let d = &event.data;
        out.line("BEGIN:VEVENT");
        out.line(&format!("UID:event-{}@{domain}", event.id));
        out.line(&format!("DTSTAMP:{stamp}"));
        out.line(&format!(
            "DTSTART;TZID={}:{}",
            d.timezone.name(),
            local(d.starts_at, d.timezone)
        ));
        if let Some(end) = d.ends_at {
            out.line(&format!(
                "DTEND;TZID={}:{}",
                d.timezone.name(),
                local(end, d.timezone)
            ));
        }
        out.line(&format!(
            "CREATED:{}",
            event.created_at.format("%Y%m%dT%H%M%SZ")
        ));
        out.line(&format!(
            "LAST-MODIFIED:{}",
            event.updated_at.format("%Y%m%dT%H%M%SZ")
        ));
        out.property("SUMMARY", &d.name);
        if !d.description.is_empty() {
            out.property("DESCRIPTION", &d.description);
        }
        if let Some(place) = d
            .location
            .as_ref()
            .map(Location::one_line)
            .filter(|p| !p.is_empty())
        {
            out.property("LOCATION", &place);
        } else if let Some(online) = &d.online_url {
            out.property("LOCATION", online);
        }
        if let Some((lat, lon)) = d.location.as_ref().and_then(Location::point) {
            out.line(&format!("GEO:{lat};{lon}"));
        }
        out.property("URL", &url(event));
        if !d.categories.is_empty() {
            let escaped: Vec<String> = d.categories.iter().map(|c| escape(c)).collect();
            out.line(&format!("CATEGORIES:{}", escaped.join(",")));
        }
        out.line(match d.status {
            EventStatus::Cancelled => "STATUS:CANCELLED",
            EventStatus::Postponed => "STATUS:TENTATIVE",
            EventStatus::Scheduled => "STATUS:CONFIRMED",
        });
        out.line("END:VEVENT");
    }
    out.line("END:VCALENDAR");
    out.text
}

fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y%m%dT%H%M%S").to_string()
}

/// A VTIMEZONE with every offset change of the years the events need.
fn timezone(out: &mut Ical, tz: Tz, first: i32, last: i32) {
    out.line("BEGIN:VTIMEZONE");
    out.line(&format!("TZID:{}", tz.name()));
    let offset = |t: DateTime<Utc>| t.with_timezone(&tz).offset().fix().local_minus_utc();
    let abbreviation = |t: DateTime<Utc>| {
        tz.offset_from_utc_datetime(&t.naive_utc())
            .abbreviation()
            .unwrap_or("")
            .to_owned()
    };
    let start = Utc.from_utc_datetime(
        &NaiveDate::from_ymd_opt(first.max(1900), 1, 1)
            .expect("a date")
            .and_hms_opt(0, 0, 0)
            .expect("a time"),
    );
    let end = Utc.from_utc_datetime(
        &NaiveDate::from_ymd_opt(last.min(2200) + 1, 1, 1)
            .expect("a date")
            .and_hms_opt(0, 0, 0)
            .expect("a time"),
    );
    let mut transitions = Vec::new();
    let mut day = start;
    while day < end {
        let next = day + Duration::days(1);
        if offset(day) != offset(next) {
            // Narrow the change down to the minute.
            let (mut low, mut high) = (day, next);
            while high - low > Duration::minutes(1) {
                let mid = low + (high - low) / 2;
                if offset(mid) == offset(low) {
                    low = mid
                } else {
                    high = mid
                }
            }
            transitions.push((high, offset(low), offset(high)));
        }
        day = next;
    }
    let block = |out: &mut Ical, kind: &str, at: DateTime<Utc>, from: i32, to: i32| {
        out.line(&format!("BEGIN:{kind}"));
        let local_start = (at + Duration::seconds(i64::from(from))).format("%Y%m%dT%H%M%S");
        out.line(&format!("DTSTART:{local_start}"));
        out.line(&format!("TZOFFSETFROM:{}", hhmm(from)));
        out.line(&format!("TZOFFSETTO:{}", hhmm(to)));
        let name = abbreviation(at);
        if !name.is_empty() {
            out.property("TZNAME", &name);
        }
        out.line(&format!("END:{kind}"));
    };
    if transitions.is_empty() {
        let o = offset(start);
        block(
            out,
            "STANDARD",
            Utc.with_ymd_and_hms(1970, 1, 1, 0, 0, 0)
                .single()
                .expect("a time"),
            o,
            o,
        );
    }
    for (at, from, to) in transitions {
        block(
            out,
            if to > from { "DAYLIGHT" } else { "STANDARD" },
            at,
            from,
            to,
        );
    }
    out.line("END:VTIMEZONE");
}

fn hhmm(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

/// Escapes TEXT values (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
        .replace('\r', "")
}

#[derive(Default)]
struct Ical {
    text: String,
}

impl Ical {
    fn property(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{}", escape(value)));
    }

    /// Writes a content line, folded at 75 octets, ending in CRLF.
    fn line(&mut self, line: &str) {
        let mut width = 0;
        for c in line.chars() {
            let len = c.len_utf8();
            if width + len > 75 {
                self.text.push_str("\r\n ");
                width = 1;
            }
            self.text.push(c);
            width += len;
        }
        self.text.push_str("\r\n");
    }
}
