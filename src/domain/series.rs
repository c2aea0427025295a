//! Repeating events: the dates a weekly or monthly rule gives, in the event's local time (so
//! that a 19:00 meetup stays at 19:00 across clock changes).

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The most occurrences one series creates.
pub const MAX_COUNT: u32 = 52;

/// How an event repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Every `n` weeks, on the same weekday.
    Weekly(u32),
    /// Every month on the same day of the month; months without that day are skipped.
    MonthlyByDay,
    /// Every month on the same weekday of the same rank (the 2nd Saturday); a fifth
    /// weekday becomes the last one of each month.
    MonthlyByWeekday,
}

impl Rule {
    pub fn parse(value: &str) -> Result<Option<Rule>, String> {
        match value.trim() {
            "" | "none" => Ok(None),
            "weekly" => Ok(Some(Rule::Weekly(1))),
            "biweekly" => Ok(Some(Rule::Weekly(2))),
            "monthly-day" => Ok(Some(Rule::MonthlyByDay)),
            "monthly-weekday" => Ok(Some(Rule::MonthlyByWeekday)),
            other => Err(format!(
                "{other:?} is not one of none, weekly, biweekly, monthly-day, monthly-weekday"
            )),
        }
    }
}

/// The first `count` local start times of a series beginning at `first` (included).
pub fn occurrences(first: NaiveDateTime, rule: Rule, count: u32) -> Vec<NaiveDateTime> {
    let count = count.min(MAX_COUNT) as usize;
    let time = first.time();
    let day = first.date();
    let dates: Box<dyn Iterator<Item = NaiveDate>> = match rule {
        Rule::Weekly(n) => {
            let step = Duration::weeks(i64::from(n.max(1)));
            Box::new(std::iter::successors(Some(day), move |d| {
                d.checked_add_signed(step)
            }))
        }
        Rule::MonthlyByDay => Box::new(
            (0..MAX_COUNT * 2)
                .filter_map(move |k| month_start(day, k))
                .filter_map(move |m| m.with_day(day.day())),
        ),
        Rule::MonthlyByWeekday => {
            let rank = (day.day() - 1) / 7;
            Box::new(
                (0..MAX_COUNT * 2)
                    .filter_map(move |k| month_start(day, k))
                    .filter_map(move |m| nth_weekday(m, day.weekday(), rank)),
            )
        }
    };
    dates.take(count).map(|d| d.and_time(time)).collect()
}

/// The first day of the month `k` months after `day`'s.
fn month_start(day: NaiveDate, k: u32) -> Option<NaiveDate> {
    day.with_day(1)?.checked_add_months(Months::new(k))
}

/// The `rank`-th (from 0) `weekday` of the month starting at `first`; rank 4 is the last.
fn nth_weekday(first: NaiveDate, weekday: chrono::Weekday, rank: u32) -> Option<NaiveDate> {
    let offset = (7 + weekday.num_days_from_monday() - first.weekday().num_days_from_monday()) % 7;
    let mut date = first + Duration::days(i64::from(offset + 7 * rank.min(3)));
    if rank >= 4 {
        while let Some(next) = date.checked_add_signed(Duration::weeks(1)) {
            if next.month() != first.month() {
                break;
            }
            date = next;
        }
    }
    Some(date)
}

/// A local time as an instant; a time skipped by a clock change moves an hour later.
pub fn instant(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    tz.from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(local + Duration::hours(1)))
                .earliest()
        })
        .map_or_else(|| local.and_utc(), |t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn days(v: Vec<NaiveDateTime>) -> Vec<String> {
        v.iter().map(|d| d.format("%Y-%m-%d").to_string()).collect()
    }

    #[test]
    fn weekly_keeps_the_local_time_across_a_clock_change() {
        let starts = occurrences(at("2026-10-18 19:00"), Rule::Weekly(1), 3);
        assert_eq!(
            days(starts.clone()),
            ["2026-10-18", "2026-10-25", "2026-11-01"]
        );
        let paris = chrono_tz::Europe::Paris;
        let utc: Vec<_> = starts
            .iter()
            .map(|l| instant(paris, *l).format("%H:%M").to_string())
            .collect();
        assert_eq!(utc, ["17:00", "18:00", "18:00"]);
    }

    #[test]
    fn biweekly_skips_a_week() {
        let d = days(occurrences(at("2026-12-01 10:00"), Rule::Weekly(2), 3));
        assert_eq!(d, ["2026-12-01", "2026-12-15", "2026-12-29"]);
    }

    #[test]
    fn monthly_by_day_skips_months_without_that_day() {
        let d = days(occurrences(at("2027-01-31 10:00"), Rule::MonthlyByDay, 3));
        assert_eq!(d, ["2027-01-31", "2027-03-31", "2027-05-31"]);
    }

    #[test]
    fn monthly_by_weekday_keeps_the_rank() {
        // 2026-12-12 is the second Saturday of December.
        let d = days(occurrences(
            at("2026-12-12 14:00"),
            Rule::MonthlyByWeekday,
            3,
        ));
        assert_eq!(d, ["2026-12-12", "2027-01-09", "2027-02-13"]);
        // 2026-12-29 is the fifth Tuesday: then the last Tuesday of each month.
        let d = days(occurrences(
            at("2026-12-29 14:00"),
            Rule::MonthlyByWeekday,
            3,
        ));
        assert_eq!(d, ["2026-12-29", "2027-01-26", "2027-02-23"]);
    }

    #[test]
    fn never_more_than_the_maximum() {
        assert_eq!(
            occurrences(at("2026-12-01 10:00"), Rule::Weekly(1), 500).len(),
            52
        );
    }
}
