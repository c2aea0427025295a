//! Dates, times, distances and opening hours in words, in the reader's language. The patterns
//! come from the translation files (`format-*` keys), the names of days and months from chrono.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use opening_hours::{OpeningHours, RuleKind};

use super::i18n::Locale;

/// A date in full, as in `Saturday 5 December 2026`.
pub fn date(locale: &Locale, day: NaiveDate) -> String {
    day.format_localized(&locale.t("format-date"), locale.chrono)
        .to_string()
}

/// A month, as in `December 2026`.
pub fn month(locale: &Locale, day: NaiveDate) -> String {
    capitalize(
        &day.format_localized(&locale.t("format-month"), locale.chrono)
            .to_string(),
    )
}

/// A time of day, as in `14:00` or `2:00 PM`.
pub fn time<T: TimeZone>(locale: &Locale, at: &DateTime<T>) -> String
where
    T::Offset: std::fmt::Display,
{
    at.format_localized(&locale.t("format-time"), locale.chrono)
        .to_string()
}

/// When an event happens, in its own zone: `Saturday 5 December 2026, 14:00–17:00`, or across
/// days `Saturday 5 December 2026, 14:00 – Sunday 6 December 2026, 12:00`.
pub fn event_span(
    locale: &Locale,
    starts: DateTime<Utc>,
    ends: Option<DateTime<Utc>>,
    tz: Tz,
) -> String {
    let start = starts.with_timezone(&tz);
    let first = format!(
        "{}, {}",
        date(locale, start.date_naive()),
        time(locale, &start)
    );
    match ends.map(|e| e.with_timezone(&tz)) {
        Some(end) if end.date_naive() == start.date_naive() => {
            format!("{first}–{}", time(locale, &end))
        }
        Some(end) => format!(
            "{first} – {}, {}",
            date(locale, end.date_naive()),
            time(locale, &end)
        ),
        None => first,
    }
}

/// A distance, as in `850 m` or `3.2 km` (`3,2 km` in French).
pub fn distance(locale: &Locale, km: f64) -> String {
    if km < 1.0 {
        format!("{} m", (km * 1000.0 / 10.0).round() * 10.0)
    } else {
        let text = format!("{km:.1} km");
        text.replace('.', &locale.t("format-decimal-separator"))
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Opening hours read against the clock.
pub struct Hours {
    parsed: OpeningHours,
    now: NaiveDateTime,
}

impl Hours {
    /// Reads OpenStreetMap `opening_hours` at the chapter's local time; `None` if unreadable.
    pub fn read(raw: &str, now: DateTime<Utc>, tz: Tz) -> Option<Hours> {
        let parsed: OpeningHours = raw.parse().ok()?;
        Some(Hours {
            parsed,
            now: now.with_timezone(&tz).naive_local(),
        })
    }

    /// `Open now · closes at 18:00`, `Closed · opens Monday at 09:00`, or nothing when unknown.
    pub fn state(&self, locale: &Locale) -> Option<(bool, String)> {
        let open = match self.parsed.state(self.now).0 {
            RuleKind::Open => true,
            RuleKind::Closed => false,
            RuleKind::Unknown => return None,
        };
        let change = self
            .parsed
            .next_change(self.now)
            .filter(|at| *at - self.now < chrono::Duration::days(8));
        let text = match (open, change) {
            (true, Some(at)) => locale.tr("hours-open-until", &[("time", hm(at).into())]),
            (true, None) => locale.t("hours-open").into_owned(),
            (false, Some(at)) if at.date() == self.now.date() => {
                locale.tr("hours-opens-today", &[("time", hm(at).into())])
            }
            (false, Some(at)) => locale.tr(
                "hours-opens-on",
                &[
                    ("day", weekday(locale, at.date()).into()),
                    ("time", hm(at).into()),
                ],
            ),
            (false, None) => locale.t("hours-closed").into_owned(),
        };
        Some((open, text))
    }

    /// The next seven days from today: each day's name and its open periods (`09:00–12:00`).
    pub fn week(&self, locale: &Locale) -> Vec<(String, Vec<String>)> {
        let today = self.now.date();
        (0..7)
            .map(|n| {
                let day = today + chrono::Duration::days(n);
                let periods = self
                    .parsed
                    .schedule_at(day)
                    .into_iter()
                    .filter(|range| range.kind == RuleKind::Open)
                    .map(|range| format!("{}–{}", range.range.start, range.range.end))
                    .collect();
                (capitalize(&weekday(locale, day)), periods)
            })
            .collect()
    }
}

fn weekday(locale: &Locale, day: NaiveDate) -> String {
    day.format_localized("%A", locale.chrono).to_string()
}

fn hm(at: NaiveDateTime) -> String {
    at.format("%H:%M").to_string()
}

/// The days of a month view: whole weeks from the Monday on or before the 1st.
pub fn month_grid(first: NaiveDate) -> Vec<NaiveDate> {
    let start = first - chrono::Duration::days(first.weekday().num_days_from_monday().into());
    let next_month = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    let mut days: Vec<NaiveDate> = start.iter_days().take_while(|d| *d < next_month).collect();
    while !days.len().is_multiple_of(7) {
        let last = *days.last().expect("not empty");
        days.push(last + chrono::Duration::days(1));
    }
    days
}

/// Short weekday names from Monday, as in `Mon`… or `lun.`…
pub fn weekday_names(locale: &Locale) -> Vec<String> {
    let monday = NaiveDate::from_isoywd_opt(2026, 1, chrono::Weekday::Mon).expect("valid");
    monday
        .iter_days()
        .take(7)
        .map(|d| d.format_localized("%a", locale.chrono).to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_hours_in_words() {
        let en = Locale::find("en").unwrap();
        let fr = Locale::find("fr").unwrap();
        // Thursday 26 November 2026, 10:00 in Paris.
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
        let tz = chrono_tz::Europe::Paris;
        let hours = Hours::read("Mo-Fr 09:00-18:00; Sa 10:00-12:00", now, tz).unwrap();
        assert_eq!(
            hours.state(en).unwrap(),
            (true, "Open now · closes at 18:00".into())
        );
        let evening = Utc.with_ymd_and_hms(2026, 11, 27, 20, 0, 0).unwrap();
        let hours = Hours::read("Mo-Fr 09:00-18:00; Sa 10:00-12:00", evening, tz).unwrap();
        assert_eq!(
            hours.state(fr).unwrap(),
            (false, "Fermé · ouvre samedi à 10:00".into())
        );
        let week = hours.week(en);
        assert_eq!(week[0], ("Friday".into(), vec!["09:00–18:00".into()]));
        assert_eq!(week[2], ("Sunday".into(), vec![]));
        assert!(Hours::read("not hours", now, tz).is_none());
    }

    #[test]
    fn month_grids_are_whole_weeks() {
        let grid = month_grid(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        assert_eq!(grid.len(), 35);
        assert_eq!(grid[0], NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert_eq!(grid[34], NaiveDate::from_ymd_opt(2027, 1, 3).unwrap());
    }
}
