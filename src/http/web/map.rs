//! The map: initiatives and upcoming events, clustered, with a category filter.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use super::Ui;
use super::components::category_name;
use super::error::{WebError, render};
use super::layout::{Head, page};
use super::query::Filters;
use super::subscribe::subscribe_box;
use crate::app::AppState;
use crate::domain::category::{self, CATEGORIES};
use crate::domain::listing::ListParams;
use crate::domain::validate::Problems;

pub async fn show(State(state): State<AppState>, ui: Ui) -> Response {
    let outcome = map(&state, &ui);
    render(&state, &ui, outcome)
}

fn map(state: &AppState, ui: &Ui) -> Result<Response, WebError> {
    let chosen = ui.param("category");
    if let Some(id) = chosen
        && category::find(id).is_none()
    {
        let mut problems = Problems::default();
        problems.add("category", format!("{id:?} is not a category"));
        return Err(WebError::BadQuery(problems));
    }
    let query = chosen.map(|c| format!("?category={c}")).unwrap_or_default();
    let filters = Filters {
        params: ListParams {
            category: chosen.map(str::to_owned),
            ..ListParams::default()
        },
        problems: Problems::default(),
    };
    let main = html! {
        h1 { (ui.t("map-title")) }
        form.filters.inline method="get" action="/map" {
            div.field {
                label for="category" { (ui.t("filter-category")) }
                select #category name="category" data-autosubmit {
                    option value="" { (ui.t("filter-any")) }
                    @for c in CATEGORIES {
                        option value=(c.id) selected[chosen == Some(c.id)] { (category_name(ui, c.id)) }
                    }
                }
            }
            div.field.actions { button type="submit" { (ui.t("filter-submit")) } }
        }
        div #map.map.large role="region" aria-label=(ui.t("map-label"))
            data-geojson={ "/initiatives.geojson" (query) }
            data-events={ "/events.geojson" (query) } {}
        p.legend {
            span.dot.initiative {} " " (ui.t("map-legend-initiatives")) " "
            span.dot.event {} " " (ui.t("map-legend-events"))
        }
        noscript { p { (ui.t("map-noscript")) " " a href="/initiatives" { (ui.t("nav-directory")) } } }
        (subscribe_box(ui, &filters, "all"))
    };
    let head = Head {
        title: ui.t("map-title").into_owned(),
        description: ui.t("directory-description").into_owned(),
        map: true,
        oembed: true,
        ..Head::default()
    };
    Ok(ui.respond(StatusCode::OK, page(state, ui, head, main)))
}
