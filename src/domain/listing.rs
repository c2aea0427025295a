//! List queries: the query-string parameters of directory lists, checked into database filters.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::validate::Problems;
use super::{category, event, text};
use crate::db::filters::Near;
use crate::db::origin::OriginFilter;
use crate::db::{events, initiatives};

/// The most entries one page may hold.
pub const MAX_PER_PAGE: i64 = 100;
pub const DEFAULT_PER_PAGE: i64 = 20;
const MAX_PAGE: i64 = 100_000;

/// Parameters of `GET /api/v1/initiatives` and `GET /api/v1/events`, as text.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Words that must all appear (name, summary, description, tags, place); case and accents
    /// do not matter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Category ids, comma-separated: entries in any of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Tags, comma-separated: entries with any of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// `latitude,longitude`: only entries within `radius_km`, nearest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub near: Option<String>,
    /// Radius around `near`, in kilometres (default 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub radius_km: Option<String>,
    /// Events only: those not finished by then (RFC 3339 or a date; default now).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Events only: those starting by then (RFC 3339 or a date, inclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Events only: those of this initiative (slug).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initiative: Option<String>,
    /// Initiatives only: active, paused or closed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Initiatives only: `true` keeps those open at this moment, by their opening hours read in
    /// the chapter's time zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open_now: Option<String>,
    /// Initiatives only: `true` leaves out those whose contact did not confirm them for long.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hide_unconfirmed: Option<String>,
    /// Initiatives only: `true` leaves out closed ones (the website's directory does, unless
    /// asked for `status=closed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hide_closed: Option<String>,
    /// `local` (ours), `network` (mirrored from chapters we follow) or a host name (mirrored
    /// from there); everything by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Page number, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// Entries per page, 1 to 100 (default 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<String>,
}

/// Which page of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub number: i64,
    pub per_page: i64,
}

impl Page {
    pub fn offset(&self) -> i64 {
        (self.number - 1) * self.per_page
    }
}

/// The filters common to both lists.
struct Common {
    origin: OriginFilter,
    terms: Vec<String>,
    categories: Vec<String>,
    tags: Vec<String>,
    near: Option<Near>,
    page: Page,
}

/// The words a text search looks for: folded (case and accents), at most ten.
pub fn search_terms(q: &str) -> Vec<String> {
    text::fold(q)
        .split_whitespace()
        .take(10)
        .map(str::to_owned)
        .collect()
}

impl ListParams {
    fn common(&self, problems: &mut Problems) -> Common {
        let terms = match &self.q {
            Some(q) if q.chars().count() > 200 => {
                problems.add("q", "must be at most 200 characters long");
                Vec::new()
            }
            Some(q) => search_terms(q),
            None => Vec::new(),
        };
        let categories = problems
            .check(
                "category",
                self.category.as_deref().map(split),
                category::parse_list,
            )
            .unwrap_or_default();
        let tags = split(self.tag.as_deref().unwrap_or(""))
            .iter()
            .map(|t| text::fold(t.trim_start_matches('#')))
            .collect();
        let near = self.near(problems);
        let number = int(problems, "page", self.page.as_deref(), 1, 1, MAX_PAGE);
        let per_page = int(
            problems,
            "per_page",
            self.per_page.as_deref(),
            DEFAULT_PER_PAGE,
            1,
            MAX_PER_PAGE,
        );
        let origin = match self.origin.as_deref().map(str::trim) {
            None | Some("") | Some("all") => OriginFilter::All,
            Some("local") => OriginFilter::Local,
            Some("network") => OriginFilter::Network,
            Some(domain) if is_host(domain) => OriginFilter::Domain(domain.to_lowercase()),
            Some(other) => {
                problems.add(
                    "origin",
                    format!("{other:?} is not local, network or a host name"),
                );
                OriginFilter::All
            }
        };
        Common {
            origin,
            terms,
            categories,
            tags,
            near,
            page: Page { number, per_page },
        }
    }

    fn near(&self, problems: &mut Problems) -> Option<Near> {
        let radius = self
            .radius_km
            .as_deref()
            .map(|r| match r.trim().parse::<f64>() {
                Ok(r) if r > 0.0 && r <= 20_000.0 => Ok(r),
                _ => Err(()),
            });
        if let Some(Err(())) = radius {
            problems.add(
                "radius_km",
                "must be a number of kilometres above 0 and at most 20000",
            );
        }
        let Some(near) = &self.near else {
            if radius.is_some() {
                problems.add("near", "is required with radius_km");
            }
            return None;
        };
        let point = super::location::parse_point(near);
        match (point, radius) {
            (None, _) => {
                problems.add(
                    "near",
                    "must be \"latitude,longitude\" in degrees, like 48.85,2.35",
                );
                None
            }
            (Some(_), Some(Err(()))) => None,
            (Some((latitude, longitude)), radius) => Some(Near {
                latitude,
                longitude,
                radius_km: radius.and_then(Result::ok).unwrap_or(10.0),
            }),
        }
    }

    /// Checks the parameters of an initiatives list.
    pub fn initiatives(&self) -> Result<(initiatives::Filter, Page), Problems> {
        let mut problems = Problems::default();
        self.only_for(
            "events",
            &[
                ("from", &self.from),
                ("to", &self.to),
                ("initiative", &self.initiative),
            ],
            &mut problems,
        );
        let c = self.common(&mut problems);
        let status = problems.check("status", self.status.clone(), |s| {
            super::initiative::Status::parse(&s).map(|s| s.as_str().to_owned())
        });
        let open_now = problems
            .check("open_now", self.open_now.clone(), boolean)
            .unwrap_or(false);
        let hide_unconfirmed = problems
            .check("hide_unconfirmed", self.hide_unconfirmed.clone(), boolean)
            .unwrap_or(false);
        let hide_closed = problems
            .check("hide_closed", self.hide_closed.clone(), boolean)
            .unwrap_or(false);
        let filter = initiatives::Filter {
            terms: c.terms,
            categories: c.categories,
            tags: c.tags,
            near: c.near,
            status,
            origin: c.origin,
            review: Some("published".into()),
            with_hours: open_now,
            hide_unconfirmed,
            hide_closed,
            ids: None,
            limit: c.page.per_page,
            offset: c.page.offset(),
        };
        problems.into_result((filter, c.page))
    }

    /// Checks the parameters of an events list; `initiative_id` resolves an initiative slug.
    pub fn events(&self, now: DateTime<Utc>) -> Result<(events::Filter, Page), Problems> {
        let mut problems = Problems::default();
        self.only_for(
            "initiatives",
            &[
                ("status", &self.status),
                ("open_now", &self.open_now),
                ("hide_unconfirmed", &self.hide_unconfirmed),
                ("hide_closed", &self.hide_closed),
            ],
            &mut problems,
        );
        let c = self.common(&mut problems);
        let from = problems.check("from", self.from.clone(), |v| time_or_date(&v, false));
        let to = problems.check("to", self.to.clone(), |v| time_or_date(&v, true));
        if let (Some(from), Some(to)) = (from, to)
            && to < from
        {
            problems.add("to", "must not be before from");
        }
        let filter = events::Filter {
            terms: c.terms,
            categories: c.categories,
            tags: c.tags,
            near: c.near,
            from: Some(from.unwrap_or(now)),
            to,
            initiative_id: None,
            origin: c.origin,
            review: Some("published".into()),
            limit: c.page.per_page,
            offset: c.page.offset(),
        };
        problems.into_result((filter, c.page))
    }

    fn only_for(&self, list: &str, params: &[(&str, &Option<String>)], problems: &mut Problems) {
        for (name, value) in params {
            if value.is_some() {
                problems.add(*name, format!("applies to {list} only"));
            }
        }
    }
}

/// A host name with an optional port, as in `berlin.example` or `localhost:8080`.
fn is_host(text: &str) -> bool {
    text.len() <= 255
        && url::Url::parse(&format!("https://{text}/"))
            .is_ok_and(|u| u.host_str().is_some() && u.path() == "/" && !text.contains('/'))
}

fn split(list: &str) -> Vec<String> {
    list.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn int(
    problems: &mut Problems,
    name: &str,
    value: Option<&str>,
    default: i64,
    min: i64,
    max: i64,
) -> i64 {
    match value.map(|v| v.trim().parse::<i64>()) {
        None => default,
        Some(Ok(n)) if (min..=max).contains(&n) => n,
        _ => {
            problems.add(name, format!("must be a whole number from {min} to {max}"));
            default
        }
    }
}

/// An RFC 3339 instant, or a date: its start (or, with `end_of_day`, its end) in UTC.
fn time_or_date(value: &str, end_of_day: bool) -> Result<DateTime<Utc>, String> {
    if let Ok(date) = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
        let time = if end_of_day {
            date.and_hms_opt(23, 59, 59)
        } else {
            date.and_hms_opt(0, 0, 0)
        };
        return Ok(time.expect("valid time").and_utc());
    }
    event::parse_time(value, Tz::UTC)
}

/// A yes-or-no parameter.
fn boolean(value: String) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "on" | "yes" => Ok(true),
        "false" | "0" | "off" | "no" | "" => Ok(false),
        _ => Err("must be true or false".to_owned()),
    }
}
