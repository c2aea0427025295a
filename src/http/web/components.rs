//! Pieces several pages share: the filter form, an initiative card, an event line, tags,
//! the origin of a network entry, pagination.

use chrono::Utc;
use fluent_bundle::FluentValue;
use maud::{Markup, html};

use super::Ui;
use super::format;
use super::pictures;
use super::query::List;
use crate::app::AppState;
use crate::db::filters::Total;
use crate::domain::category::CATEGORIES;
use crate::domain::duplicates::Listed;
use crate::domain::event::{Event, EventStatus};
use crate::domain::initiative::Initiative;
use crate::domain::location::Location;
use crate::domain::origin::Origin;
use crate::media::Media;

/// A category's name in the reader's language.
pub fn category_name(ui: &Ui, id: &str) -> String {
    ui.t(&format!("category-{id}")).into_owned()
}

/// Links to the list filtered by each category.
pub fn categories(ui: &Ui, list: &str, ids: &[String]) -> Markup {
    html! {
        @for id in ids {
            a.category href={ "/" (list) "?category=" (id) } { (category_name(ui, id)) } " "
        }
    }
}

/// Hashtags, each a link to the list filtered by it.
pub fn tags(list: &str, tags: &[String]) -> Markup {
    html! {
        @if !tags.is_empty() {
            ul.tags {
                @for tag in tags {
                    li { a href={ "/" (list) "?tag=" (urlencode(tag)) } rel="tag" { "#" (tag) } }
                }
            }
        }
    }
}

pub fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Where a network entry comes from, linked to its page there.
pub fn origin(ui: &Ui, origin: &Option<Origin>) -> Markup {
    html! {
        @if let Some(o) = origin {
            p.origin {
                (ui.t("origin-from")) " "
                a href=(o.url.clone().unwrap_or_else(|| o.ap_id.clone())) rel="nofollow noopener" {
                    (o.name.clone().unwrap_or_else(|| o.domain()))
                }
                " (" (o.domain()) ")"
                @if let Some(username) = &o.username {
                    " · " (ui.t("origin-follow")) " " code { "@" (username) "@" (o.domain()) }
                }
            }
        }
    }
}

/// "From: Près de chez nous (ODbL)", linking to the source an entry came from, and since when
/// it is no longer there (then the entry is closed).
pub fn source_attribution(ui: &Ui, brought: Option<&crate::domain::sources::Brought>) -> Markup {
    html! {
        @if let Some(b) = brought {
            p.origin.source {
                (ui.t("source-from")) " "
                @match &b.attribution.link {
                    Some(link) => a href=(link) rel="nofollow noopener" { (b.attribution.name) },
                    None => (b.attribution.name),
                }
                @if let Some(licence) = &b.attribution.licence { " (" (licence) ")" }
                @if let Some(left) = b.left_at {
                    " · " (ui.locale.tr("source-left", &[("date", left.format("%Y-%m-%d").to_string().into())]))
                }
            }
        }
    }
}

/// "Also listed by Lyon": the entries an admin linked to this one as the same, each linked
/// to its page here, with where it comes from.
pub fn also_listed(ui: &Ui, same_as: &[Listed]) -> Markup {
    html! {
        @if !same_as.is_empty() {
            p.origin.also {
                (ui.t("duplicates-also")) " "
                @for (n, e) in same_as.iter().enumerate() {
                    @if n > 0 { ", " }
                    a href={ "/initiatives/" (e.slug) } {
                        @match &e.origin {
                            Some(o) => (o.name.clone().unwrap_or_else(|| o.domain())),
                            None => (ui.t("duplicates-ours")),
                        }
                    }
                }
            }
        }
    }
}

/// An initiative in a list.
pub fn initiative_card(
    state: &AppState,
    ui: &Ui,
    i: &Initiative,
    distance_from: Option<(f64, f64)>,
) -> Markup {
    let d = &i.data;
    let place = d
        .location
        .as_ref()
        .map(Location::one_line)
        .filter(|p| !p.is_empty());
    let hours = d
        .opening_hours
        .as_deref()
        .and_then(|h| format::Hours::read(h, Utc::now(), state.timezone))
        .and_then(|h| h.state(ui.locale));
    let distance = distance_from.zip(d.location.as_ref().and_then(Location::point));
    let lang = ui.text_lang(d.languages.first().map(String::as_str));
    html! {
        li.card {
            @if let Some(picture) = pictures::main(&i.pictures) { (pictures::thumbnail(&state.media, picture)) }
            h3 lang=[lang] { a href={ "/initiatives/" (i.slug) } { (d.name) } }
            @if i.confirmation.is_unconfirmed() { p.badge.warning { (ui.t("unconfirmed")) } }
            @if !d.summary.is_empty() { p lang=[lang] { (d.summary) } }
            p.meta {
                (categories(ui, "initiatives", &d.categories))
                @if let Some(place) = place { span.place { (place) } }
                @if let Some((from, to)) = distance {
                    " · " span.distance { (format::distance(ui.locale, crate::db::filters::distance_km(from, to))) }
                }
                @if let Some((open, text)) = hours {
                    " · " span class=(if open { "open" } else { "closed" }) { (text) }
                }
            }
            (origin(ui, &i.origin))
            (also_listed(ui, &i.same_as))
        }
    }
}

/// An event in a list: its time, name, place, and its flyer's thumbnail.
pub fn event_line(ui: &Ui, media: &Media, e: &Event) -> Markup {
    let d = &e.data;
    let start = d.starts_at.with_timezone(&d.timezone);
    let place = d
        .location
        .as_ref()
        .map(Location::one_line)
        .filter(|p| !p.is_empty())
        .or_else(|| {
            d.online_url
                .as_ref()
                .map(|_| ui.t("event-online").into_owned())
        });
    html! {
        li.event {
            time datetime=(d.starts_at.to_rfc3339()) { (format::time(ui.locale, &start)) }
            div {
                @if let Some(picture) = pictures::main(&e.pictures) { (pictures::thumbnail(media, picture)) }
                a href={ "/events/" (e.slug) } lang=[ui.text_lang(d.language.as_deref())] { (d.name) }
                @if d.status == EventStatus::Cancelled { " " span.badge.cancelled { (ui.t("event-cancelled")) } }
                @if let Some(place) = place { br; span.place { (place) } }
                (origin(ui, &e.origin))
            }
        }
    }
}

/// The filter form of the directory or the agenda; every field keeps the reader's value.
pub fn filter_form(ui: &Ui, list: List, action: &str) -> Markup {
    let value = |name: &str| ui.typed(name);
    let chosen: Vec<&str> = ui
        .query
        .iter()
        .filter(|(k, _)| k == "category")
        .map(|(_, v)| v.as_str())
        .collect();
    let radius = value("radius_km");
    let origin = value("origin");
    html! {
        form.filters method="get" action=(action) role="search" data-live="results" {
            div.field.grow {
                label for="q" { (ui.t("filter-text")) }
                input #q type="search" name="q" value=(value("q")) autocomplete="off"
                    placeholder=(ui.t("filter-text-placeholder")) maxlength="200";
            }
            div.field {
                label for="category" { (ui.t("filter-category")) }
                select #category name="category" {
                    option value="" { (ui.t("filter-any")) }
                    @for c in CATEGORIES {
                        option value=(c.id) selected[chosen.contains(&c.id)] { (category_name(ui, c.id)) }
                    }
                }
            }
            div.field {
                label for="tag" { (ui.t("filter-tag")) }
                input #tag type="text" name="tag" value=(value("tag")) placeholder="#vélo" maxlength="100";
            }
            div.field.grow {
                label for="near" { (ui.t("filter-near")) }
                div.inline {
                    input #near type="text" name="near" value=(value("near")) placeholder=(ui.t("filter-near-placeholder")) maxlength="200"
                        aria-describedby="near-hint";
                    button.secondary type="button" data-near-me="near" hidden { (ui.t("filter-near-me")) }
                }
                span.hint #near-hint { (ui.t("filter-near-hint")) }
            }
            div.field {
                label for="radius_km" { (ui.t("filter-radius")) }
                select #radius_km name="radius_km" {
                    @for r in ["1", "2", "5", "10", "25", "50", "100"] {
                        option value=(r) selected[radius == r || (radius.is_empty() && r == "10")] { (r) " km" }
                    }
                }
            }
            @if list == List::Events {
                div.field {
                    label for="from" { (ui.t("filter-from")) }
                    input #from type="date" name="from" value=(value("from"));
                }
                div.field {
                    label for="to" { (ui.t("filter-to")) }
                    input #to type="date" name="to" value=(value("to"));
                }
            }
            div.field {
                label for="origin" { (ui.t("filter-origin")) }
                select #origin name="origin" {
                    option value="" { (ui.t("filter-origin-all")) }
                    option value="local" selected[origin == "local"] { (ui.t("filter-origin-local")) }
                    option value="network" selected[origin == "network"] { (ui.t("filter-origin-network")) }
                }
            }
            @if list == List::Initiatives {
                div.field.check {
                    input #open_now type="checkbox" name="open_now" value="1" checked[ui.param("open_now").is_some()];
                    label for="open_now" { (ui.t("filter-open-now")) }
                }
                div.field.check {
                    input #hide_unconfirmed type="checkbox" name="hide_unconfirmed" value="1" checked[ui.param("hide_unconfirmed").is_some()];
                    label for="hide_unconfirmed" { (ui.t("filter-hide-unconfirmed")) }
                }
            }
            div.field.actions {
                button type="submit" { (ui.t("filter-submit")) }
                a href=(action) { (ui.t("filter-reset")) }
            }
        }
    }
}

/// "12 initiatives", or "more than 1000 initiatives" when counting stopped.
pub fn count(ui: &Ui, key: &str, total: Total) -> String {
    let key = if total.exact {
        key.to_owned()
    } else {
        format!("{key}-more")
    };
    ui.locale
        .tr(&key, &[("count", FluentValue::from(total.count))])
}

/// Links to the previous and next pages, and where we are.
pub fn pagination(ui: &Ui, page: i64, per_page: i64, total: Total) -> Markup {
    let pages = ((total.count + per_page - 1) / per_page).max(1);
    let more = page < pages || !total.exact;
    let previous = (page > 1).then(|| ui.link(&[("page", Some(&(page - 1).to_string()))]));
    let next = more.then(|| ui.link(&[("page", Some(&(page + 1).to_string()))]));
    let position = if total.exact {
        ui.locale.tr(
            "pagination-page",
            &[
                ("page", FluentValue::from(page)),
                ("pages", FluentValue::from(pages)),
            ],
        )
    } else {
        ui.locale.tr(
            "pagination-page-of-many",
            &[("page", FluentValue::from(page))],
        )
    };
    html! {
        @if pages > 1 || more {
            nav.pagination aria-label=(ui.t("pagination")) {
                @if let Some(href) = previous { a href=(href) rel="prev" { "← " (ui.t("pagination-previous")) } }
                span { (position) }
                @if let Some(href) = next { a href=(href) rel="next" { (ui.t("pagination-next")) " →" } }
            }
        }
    }
}

/// Events grouped by day (in each event's zone), each day under its date.
pub fn agenda(ui: &Ui, media: &Media, events: &[Event]) -> Markup {
    let mut days: Vec<(chrono::NaiveDate, Vec<&Event>)> = Vec::new();
    for e in events {
        let day = e
            .data
            .starts_at
            .with_timezone(&e.data.timezone)
            .date_naive();
        match days.last_mut() {
            Some((last, list)) if *last == day => list.push(e),
            _ => days.push((day, vec![e])),
        }
    }
    html! {
        div.agenda {
            @for (day, list) in &days {
                section.day {
                    h3 { time datetime=(day.to_string()) { (format::date(ui.locale, *day)) } }
                    ul { @for e in list { (event_line(ui, media, e)) } }
                }
            }
        }
    }
}
