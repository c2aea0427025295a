//! The events: an agenda grouped by day, or a month (`?month=2026-12`), with the directory's
//! filters.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use maud::{Markup, html};

use super::components::{agenda, count, filter_form, pagination};
use super::error::{WebError, problem_list, render};
use super::layout::{Head, page};
use super::query::{self, List};
use super::subscribe::subscribe_box;
use super::{Ui, format};
use crate::app::AppState;
use crate::domain;
use crate::domain::event::{self, Event};

const PER_PAGE: i64 = 50;
/// The most events one month view shows.
const MONTH_LIMIT: i64 = 1000;

pub async fn show(State(state): State<AppState>, ui: Ui) -> Response {
    let outcome = events(&state, &ui).await;
    render(&state, &ui, outcome)
}

async fn events(state: &AppState, ui: &Ui) -> Result<Response, WebError> {
    let mut filters = query::read(state, ui, List::Events, PER_PAGE).await;
    let month = match ui.param("month") {
        None => None,
        Some(text) => match NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d") {
            Ok(first) if (1900..=9999).contains(&first.year()) => Some(first),
            _ => {
                filters
                    .problems
                    .add("month", "must be a month, as in 2026-12");
                None
            }
        },
    };
    let now = domain::now();
    let mut view = None;
    if filters.problems.is_empty() {
        let outcome = match month {
            Some(first) => {
                let grid = format::month_grid(first);
                let mut params = filters.params.clone();
                params.from = Some(grid[0].to_string());
                params.to = Some(grid[grid.len() - 1].to_string());
                event::search_limited(&state.db, &params, now, MONTH_LIMIT)
                    .await
                    .map(|(items, _, _)| month_view(ui, first, &grid, &items))
            }
            None => event::search(&state.db, &filters.params, now)
                .await
                .map(|(items, total, page)| {
                    html! {
                        div.count role="status" { h2 { (count(ui, "events-count", total)) } }
                        @if items.is_empty() { p { (ui.t("events-none")) } } @else { (agenda(ui, &state.media, &items)) }
                        (pagination(ui, page.number, page.per_page, total))
                    }
                }),
        };
        match outcome {
            Ok(markup) => view = Some(markup),
            Err(domain::Error::BadQuery(problems)) => filters.problems = problems,
            Err(e) => return Err(e.into()),
        }
    }
    let ics = filters.feed_query();
    let this_month = now
        .with_timezone(&state.timezone)
        .date_naive()
        .format("%Y-%m")
        .to_string();
    let main = html! {
        h1 { (ui.t("events-title")) }
        nav.views aria-label=(ui.t("events-views")) {
            a href=(ui.link(&[("month", None), ("page", None)])) aria-current=[month.is_none().then_some("page")] { (ui.t("events-agenda")) }
            a href=(ui.link(&[("month", Some(month.map(|m| m.format("%Y-%m").to_string()).as_deref().unwrap_or(&this_month))), ("page", None)]))
                aria-current=[month.is_some().then_some("page")] { (ui.t("events-month")) }
        }
        (filter_form(ui, List::Events, "/events"))
        (subscribe_box(ui, &filters, "events"))
        div #results.results {
            @if !filters.problems.is_empty() { (problem_list(ui, &filters.problems)) }
            @if let Some(view) = view { (view) }
            p.downloads { a href={ "/events.ics?" (ics) } { (ui.t("events-subscribe")) } }
        }
    };
    let head = Head {
        title: ui.t("events-title").into_owned(),
        description: ui.t("events-description").into_owned(),
        feeds: vec![(
            "text/calendar",
            format!("/events.ics?{ics}"),
            ui.t("events-subscribe").into_owned(),
        )],
        oembed: true,
        ..Head::default()
    };
    let status = if filters.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    Ok(ui.respond(status, page(state, ui, head, main)))
}

/// A month as a grid of weeks, each day listing its events.
fn month_view(ui: &Ui, first: NaiveDate, grid: &[NaiveDate], events: &[Event]) -> Markup {
    let on = |day: &NaiveDate| -> Vec<&Event> {
        events
            .iter()
            .filter(|e| {
                e.data
                    .starts_at
                    .with_timezone(&e.data.timezone)
                    .date_naive()
                    == *day
            })
            .collect()
    };
    let month_link =
        |date: NaiveDate| ui.link(&[("month", Some(&date.format("%Y-%m").to_string()))]);
    let previous = first - chrono::Months::new(1);
    let next = first + chrono::Months::new(1);
    html! {
        div.month-nav {
            a href=(month_link(previous)) rel="prev" { "← " (format::month(ui.locale, previous)) }
            h2 { (format::month(ui.locale, first)) }
            a href=(month_link(next)) rel="next" { (format::month(ui.locale, next)) " →" }
        }
        table.month {
            thead { tr { @for name in format::weekday_names(ui.locale) { th scope="col" { (name) } } } }
            tbody {
                @for week in grid.chunks(7) {
                    tr {
                        @for day in week {
                            td class=(if day.month() == first.month() { "in" } else { "out" }) {
                                span.number { (day.day()) }
                                ul {
                                    @for e in on(day) {
                                        li { a href={ "/events/" (e.slug) } { (e.data.name) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
