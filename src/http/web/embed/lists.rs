//! The list widgets for other websites' pages (`<iframe src="…/embed/agenda?…">`): the agenda,
//! the directory and the map, with the public pages' filters; a query that cannot be read is a
//! small box in the frame saying why (400), never a 500.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use super::super::Ui;
use super::super::components::{agenda, initiative_card};
use super::super::query::{self, Filters, List};
use super::frame::{Frame, MOST, answer, framed, look};
use crate::app::AppState;
use crate::domain::listing::ListParams;
use crate::domain::{Error, Problems, event, initiative, now, place};

/// `GET /embed/agenda`: the upcoming events matching the filters.
pub async fn agenda_widget(State(state): State<AppState>, ui: Ui) -> Response {
    widget(&state, &ui, List::Events).await
}

/// `GET /embed/directory`: the initiatives matching the filters.
pub async fn directory_widget(State(state): State<AppState>, ui: Ui) -> Response {
    widget(&state, &ui, List::Initiatives).await
}

async fn widget(state: &AppState, ui: &Ui, list: List) -> Response {
    let mut filters = query::read(state, ui, list, MOST).await;
    let look = look(ui, &mut filters.problems);
    filters.params.per_page = Some(look.limit.to_string());
    let listed = if filters.problems.is_empty() {
        listing(state, ui, list, &filters.params).await
    } else {
        Err(Error::BadQuery(filters.problems))
    };
    let (status, body) = answer(ui, listed);
    let (title, path) = match list {
        List::Events => (ui.t("events-title"), "/events"),
        List::Initiatives => (ui.t("directory-title"), "/initiatives"),
    };
    let params = ListParams {
        per_page: None,
        ..filters.params
    };
    let query = serde_urlencoded::to_string(&params).unwrap_or_default();
    let more = format!("{path}?{query}");
    let frame = Frame {
        title: &title,
        more: &more,
        more_label: &ui.t("embed-more"),
        map: false,
    };
    framed(state, ui, &look, frame, status, body)
}

/// `GET /embed/map`: initiatives and upcoming events matching the filters on a clustered map
/// (`show=initiatives` or `show=events` for one layer). The map needs JavaScript; without it
/// the frame links to the directory.
pub async fn map_widget(State(state): State<AppState>, ui: Ui) -> Response {
    // Read once (a typed place is looked up once): the events' filters, and for the
    // initiatives the same with their own two instead of the dates.
    let mut events = query::read(&state, &ui, List::Events, MOST).await;
    let flag = |name| ui.param(name).map(|_| "true".to_owned());
    let places = Filters {
        params: ListParams {
            from: None,
            to: None,
            initiative: None,
            open_now: flag("open_now"),
            hide_unconfirmed: flag("hide_unconfirmed"),
            ..events.params.clone()
        },
        problems: Problems::default(),
    };
    let look = look(&ui, &mut events.problems);
    let (initiatives, upcoming) = match ui.param("show").unwrap_or("all") {
        "all" => (true, true),
        "initiatives" => (true, false),
        "events" => (false, true),
        _ => {
            events
                .problems
                .add("show", "must be all, initiatives or events");
            (true, true)
        }
    };
    // The layers' own addresses check their filters again, but a map cannot show why one stays
    // empty: check here, each field told once (both layers check the shared ones).
    let checked = [
        events.params.events(now()).err(),
        places.params.initiatives().err(),
    ];
    for p in checked.iter().flatten().flat_map(Problems::iter) {
        if !events.problems.iter().any(|q| q.field == p.field) {
            events.problems.add(p.field.clone(), p.message.clone());
        }
    }
    let layers = |f: &Filters, path: &str| format!("{path}?{}", f.feed_query());
    let more = format!("/map?{}", places.feed_query());
    let (status, body) = if events.problems.is_empty() {
        (
            StatusCode::OK,
            html! {
                div #map.map role="region" aria-label=(ui.t("map-label"))
                    data-geojson=[initiatives.then(|| layers(&places, "/initiatives.geojson"))]
                    data-events=[upcoming.then(|| layers(&events, "/events.geojson"))] {}
                noscript { p { (ui.t("map-noscript")) " " a href={ "/initiatives?" (places.feed_query()) } { (ui.t("nav-directory")) } } }
            },
        )
    } else {
        answer(&ui, Err(Error::BadQuery(events.problems)))
    };
    let frame = Frame {
        title: &ui.t("map-title"),
        more: &more,
        more_label: &ui.t("embed-more"),
        map: status == StatusCode::OK,
    };
    framed(&state, &ui, &look, frame, status, body)
}

/// The widget's list: the agenda's days, or the directory's cards.
async fn listing(
    state: &AppState,
    ui: &Ui,
    list: List,
    params: &ListParams,
) -> Result<Markup, Error> {
    Ok(match list {
        List::Events => {
            let (events, _, _) = event::search(&state.db, params, now()).await?;
            html! {
                @if events.is_empty() { p.none { (ui.t("events-none")) } }
                @else { (agenda(ui, &state.media, &events)) }
            }
        }
        List::Initiatives => {
            let (items, _, _) = initiative::search(&state.db, params, state.local_now()).await?;
            let center = params.near.as_deref().and_then(place::coordinates);
            html! {
                @if items.is_empty() { p.none { (ui.t("directory-none")) } }
                @else { ul.cards { @for i in &items { (initiative_card(state, ui, i, center)) } } }
            }
        }
    })
}
