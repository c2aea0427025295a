//! The directory: initiatives filtered by text, category, tag, place, opening hours and origin,
//! as a list and on a map. Every filter combination has its own address.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use super::Ui;
use super::components::{count, filter_form, initiative_card, pagination};
use super::error::{WebError, problem_list, render};
use super::layout::{Head, page};
use super::query::{self, List};
use super::subscribe::subscribe_box;
use crate::app::AppState;
use crate::domain::{self, initiative, place};

const PER_PAGE: i64 = 20;

pub async fn show(State(state): State<AppState>, ui: Ui) -> Response {
    let outcome = directory(&state, &ui).await;
    render(&state, &ui, outcome)
}

async fn directory(state: &AppState, ui: &Ui) -> Result<Response, WebError> {
    let mut filters = query::read(state, ui, List::Initiatives, PER_PAGE).await;
    let mut found = None;
    if filters.problems.is_empty() {
        match initiative::search(&state.db, &filters.params, state.local_now()).await {
            Ok(result) => found = Some(result),
            Err(domain::Error::BadQuery(problems)) => filters.problems = problems,
            Err(e) => return Err(e.into()),
        }
    }
    let map_query = filters.feed_query();
    let center = filters.params.near.as_deref().and_then(place::coordinates);
    let status = match found {
        Some(_) => StatusCode::OK,
        None => StatusCode::BAD_REQUEST,
    };
    let main = html! {
        h1 { (ui.t("directory-title")) }
        (filter_form(ui, List::Initiatives, "/initiatives"))
        (subscribe_box(ui, &filters, "initiatives"))
        div #results.results data-geojson={ "/initiatives.geojson?" (map_query) } {
            @if !filters.problems.is_empty() {
                (problem_list(ui, &filters.problems))
            }
            @if let Some((items, total, page)) = &found {
                div.count role="status" { h2 { (count(ui, "directory-count", *total)) } }
                div.split {
                    div {
                        @if items.is_empty() {
                            p { (ui.t("directory-none")) }
                        } @else {
                            ul.cards {
                                @for i in items { (initiative_card(state, ui, i, center)) }
                            }
                        }
                        (pagination(ui, page.number, page.per_page, *total))
                    }
                    div.map-box {
                        div #map.map role="region" aria-label=(ui.t("map-label")) {}
                    }
                }
                p.downloads {
                    (ui.t("directory-download")) " "
                    a href={ "/initiatives.geojson?" (map_query) } { "GeoJSON" } " · "
                    a href="/initiatives.csv" { "CSV" }
                }
            }
        }
    };
    let title = match filters.params.q.as_deref() {
        Some(q) => ui.locale.tr("directory-search-title", &[("q", q.into())]),
        None => ui.t("directory-title").into_owned(),
    };
    let head = Head {
        description: ui.t("directory-description").into_owned(),
        title,
        map: true,
        oembed: true,
        ..Head::default()
    };
    Ok(ui.respond(status, page(state, ui, head, main)))
}
