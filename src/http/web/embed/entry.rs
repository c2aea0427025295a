//! One entry as a card for other websites (`/embed/initiatives/{slug}`, `/embed/events/{slug}`):
//! what an oEmbed consumer (WordPress, Discourse) frames when a link to it is pasted.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use super::super::Ui;
use super::super::components::{agenda, initiative_card};
use super::frame::{Frame, answer, framed, look};
use crate::app::AppState;
use crate::domain::{self, Problems, event, initiative};

/// `GET /embed/initiatives/{slug}`.
pub async fn initiative_widget(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    ui: Ui,
) -> Response {
    let found = initiative::get_published(&state.db, &slug).await.map(|i| {
        let card = html! { ul.cards { (initiative_card(&state, &ui, &i, None)) } };
        (i.data.name, card)
    });
    card(&state, &ui, format!("/initiatives/{slug}"), found)
}

/// `GET /embed/events/{slug}`.
pub async fn event_widget(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    ui: Ui,
) -> Response {
    let found = event::get_published(&state.db, &slug).await.map(|e| {
        let card = agenda(&ui, &state.media, std::slice::from_ref(&e));
        (e.data.name, card)
    });
    card(&state, &ui, format!("/events/{slug}"), found)
}

/// The frame around one entry's card, or a box saying it is not here (404).
fn card(
    state: &AppState,
    ui: &Ui,
    page: String,
    found: Result<(String, Markup), domain::Error>,
) -> Response {
    let mut problems = Problems::default();
    let look = look(ui, &mut problems);
    let title = match &found {
        Ok((name, _)) => name.clone(),
        Err(_) => ui.t("embed-title").into_owned(),
    };
    let (status, body) = match found {
        _ if !problems.is_empty() => answer(ui, Err(domain::Error::BadQuery(problems))),
        Err(domain::Error::NotFound(_)) => (
            StatusCode::NOT_FOUND,
            html! { p.problems { (ui.t("embed-not-found")) } },
        ),
        found => answer(ui, found.map(|(_, card)| card)),
    };
    let frame = Frame {
        title: &title,
        more: &page,
        more_label: &ui.t("embed-open"),
        map: false,
    };
    framed(state, ui, &look, frame, status, body)
}
