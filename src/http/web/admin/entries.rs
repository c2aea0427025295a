//! What the initiative and event pages share: the place with its map picker, the Markdown and
//! image previews, the lists' search and paging, the actions above a form, and the steps after
//! a change or a refusal.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use super::super::Ui;
use super::form::{Input, Kind};
use super::session::{FormData, Signed, csrf_field};
use super::{done, log, pictures, problem};
use crate::app::AppState;
use crate::domain::location::Location;
use crate::domain::pictures::Pictured;
use crate::domain::{self, Problems};

/// The place's fields, in form order.
pub const LOCATION: &[(&str, Kind)] = &[
    ("location.name", Kind::Text),
    ("location.street", Kind::Text),
    ("location.postal_code", Kind::Text),
    ("location.locality", Kind::Text),
    ("location.region", Kind::Text),
    ("location.country", Kind::Text),
    ("location.latitude", Kind::Number),
    ("location.longitude", Kind::Number),
];

/// Admin lists show this many entries a page.
pub const PER_PAGE: i64 = 50;

/// A place as form values.
pub fn location_values(location: Option<&Location>, values: &mut Vec<(String, String)>) {
    let l = location.cloned().unwrap_or_default();
    let number = |n: Option<f64>| n.map(|v| format!("{v:.6}")).unwrap_or_default();
    for (name, value) in [
        ("location.name", l.name.unwrap_or_default()),
        ("location.street", l.street.unwrap_or_default()),
        ("location.postal_code", l.postal_code.unwrap_or_default()),
        ("location.locality", l.locality.unwrap_or_default()),
        ("location.region", l.region.unwrap_or_default()),
        ("location.country", l.country.unwrap_or_default()),
        ("location.latitude", number(l.latitude)),
        ("location.longitude", number(l.longitude)),
    ] {
        values.push((name.to_owned(), value));
    }
}

/// A place's name and address: all the suggestion form asks, the first part of the admin's.
pub fn address_fields(ui: &Ui, v: &FormData, problems: &Problems) -> Markup {
    let field = |name: &'static str, key: &str| Input::new(name, ui.t(key), v.get(name));
    html! {
        (field("location.name", "form-place-name").render(problems))
        (field("location.street", "form-street").render(problems))
        div.row {
            (field("location.postal_code", "form-postal-code").render(problems))
            (field("location.locality", "form-locality").render(problems))
        }
    }
}

/// The place: its address, and a map where a click (or dragging the pin) sets the point.
/// `known`: a choice of places already used, put first (the event form's).
pub fn location_fields(ui: &Ui, v: &FormData, problems: &Problems, known: Markup) -> Markup {
    let field = |name: &'static str, key: &str| Input::new(name, ui.t(key), v.get(name));
    html! {
        fieldset {
            legend { (ui.t("form-place")) }
            (known)
            (address_fields(ui, v, problems))
            div.row {
                (field("location.region", "form-region").render(problems))
                (field("location.country", "form-country").hint(ui.t("form-country-hint")).render(problems))
            }
            div.map-picker data-lat="location.latitude" data-lon="location.longitude"
                role="application" aria-label=(ui.t("form-map-picker")) {}
            p.hint { (ui.t("form-map-hint")) }
            div.row {
                (field("location.latitude", "form-latitude").kind("number").render(problems))
                (field("location.longitude", "form-longitude").kind("number").render(problems))
            }
        }
    }
}

/// `GET /admin/centre`: where the map picker opens when an entry has no point yet, the mean
/// point of the chapter's own initiatives (`null` while there is none).
pub async fn centre(State(state): State<AppState>, _: Signed) -> Response {
    match crate::db::initiatives::centre(&state.db).await {
        Ok(point) => Json(point.map(|(lat, lon)| [lat, lon])).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "Cannot read the chapter's centre");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// The Markdown description with its live preview.
pub fn description_field(ui: &Ui, v: &FormData, problems: &Problems) -> Markup {
    html! {
        (Input::new("description", ui.t("form-description"), v.get("description")).kind("textarea")
            .hint(ui.t("form-markdown-hint")).render(problems))
        div.preview data-preview="markdown" data-source="f-description" aria-live="polite" {}
    }
}

/// Reads an entry form's pictures: the form with `images` as chosen (main first, removed left
/// out), or the problems of their descriptions.
pub fn read_pictures(form: &FormData) -> Result<(FormData, pictures::Chosen), Problems> {
    let mut problems = Problems::default();
    let chosen = pictures::read(form, &mut problems);
    if problems.is_empty() {
        Ok((chosen.applied_to(form.clone()), chosen))
    } else {
        Err(problems)
    }
}

/// After an entry was saved: its pictures' descriptions and focal points saved, and the entry
/// announced again when only they changed (`announced` says whether saving it did already).
/// The entry is passed on, as is a failure to save it.
pub async fn save_pictures<T: Pictured>(
    state: &AppState,
    chosen: &pictures::Chosen,
    saved: Result<T, domain::Error>,
    announced: impl FnOnce(&T) -> bool,
) -> Result<T, domain::Error> {
    let saved = saved?;
    if chosen.save(state).await? && !announced(&saved) {
        crate::domain::pictures::announce(&state.db, T::ENTRIES, saved.id()).await?;
    }
    Ok(saved)
}

/// Adds an uploaded picture after an entry's others (the form without JavaScript).
pub async fn add_picture(
    state: &AppState,
    entries: crate::db::origin::Entries,
    slug: &str,
    key: &str,
) -> Result<(), domain::Error> {
    use crate::db::origin::Entries;
    use crate::domain::{Field, event, initiative};
    let current = match entries {
        Entries::Initiatives => initiative::get(&state.db, slug).await?.pictures,
        Entries::Events => event::get(&state.db, slug).await?.pictures,
    };
    let mut keys: Vec<String> = current.into_iter().map(|p| p.key).collect();
    keys.push(key.to_owned());
    match entries {
        Entries::Initiatives => {
            let input = initiative::InitiativeInput {
                images: Field::Value(keys),
                ..Default::default()
            };
            initiative::update(&state.db, slug, input, &state.rules).await?;
        }
        Entries::Events => {
            let input = event::EventInput {
                images: Field::Value(keys),
                ..Default::default()
            };
            event::update(&state.db, slug, input, &state.rules).await?;
        }
    }
    Ok(())
}

/// The search box and paging links of an admin list.
pub fn search_box(ui: &Ui, action: &str) -> Markup {
    html! {
        form.search method="get" action=(action) role="search" {
            label for="q" { (ui.t("admin-search")) }
            input #q type="search" name="q" value=(ui.param("q").unwrap_or(""));
            button type="submit" { (ui.t("admin-search-submit")) }
        }
    }
}

/// The page asked for, from 1.
pub fn page_number(ui: &Ui) -> i64 {
    ui.param("page")
        .and_then(|p| p.parse::<i64>().ok())
        .filter(|p| (1..=10_000).contains(p))
        .unwrap_or(1)
}

/// A form's fields without its CSRF token, for a page shown again.
pub fn without_token(form: FormData) -> FormData {
    FormData(form.0.into_iter().filter(|(k, _)| k != "_csrf").collect())
}

/// After a change: announce it to followers, log it, and go to `to` with a notice.
pub async fn changed(
    state: &AppState,
    signed: &Signed,
    (action, target): (&str, &str),
    to: &str,
    notice: &str,
) -> Response {
    state.publish_changes().await;
    log(state, signed, action, target).await;
    done(to, notice)
}

/// Why a form is shown again: 422 with its problems, or 409 when the slug is taken (shown on
/// the slug); any other error is not the form's.
pub fn refusal(error: domain::Error) -> Result<(StatusCode, Problems), domain::Error> {
    match error {
        domain::Error::Invalid(problems) => Ok((StatusCode::UNPROCESSABLE_ENTITY, problems)),
        domain::Error::Conflict(why) => Ok((StatusCode::CONFLICT, problem("slug", why))),
        other => Err(other),
    }
}

/// Only our own entries are edited here: a mirrored one changes at its origin (404 here).
pub fn own<T>(
    found: Result<T, domain::Error>,
    mirrored: impl Fn(&T) -> bool,
    what: &'static str,
) -> Result<T, domain::Error> {
    found.and_then(|entry| {
        if mirrored(&entry) {
            Err(domain::Error::NotFound(what))
        } else {
            Ok(entry)
        }
    })
}

/// The links and the delete button above an entry's form; `list` is `initiatives` or `events`.
pub fn actions(ui: &Ui, signed: &Signed, list: &str, slug: &str, public: bool) -> Markup {
    html! {
        div.actions {
            @if public {
                a href={ "/" (list) "/" (slug) } { (ui.t("admin-view")) } " · "
            }
            a href={ "/admin/" (list) "/new?from=" (slug) } { (ui.t("admin-duplicate")) } " · "
            form.inline method="post" action={ "/admin/" (list) "/" (slug) "/delete" } data-confirm=(ui.t("admin-confirm-delete")) {
                (csrf_field(signed))
                button.danger type="submit" { (ui.t("admin-delete")) }
            }
        }
    }
}
