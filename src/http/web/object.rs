//! An object address whose object is gone: 410 with a Tombstone for ActivityPub clients and a
//! page for people, or 404 if it never was ours.

use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

use super::Ui;
use super::error::{WebError, render};
use crate::app::AppState;
use crate::db;
use crate::federation::ObjectKind;
use crate::http::activitypub::{tombstone_response, wants_activity_json};
use crate::http::error::ApiError;

pub async fn deleted(
    state: &AppState,
    ui: &Ui,
    headers: &HeaderMap,
    kind: ObjectKind,
    slug: &str,
) -> Response {
    let tombstone = match db::tombstones::by_slug(&state.db, kind.as_str(), slug).await {
        Ok(t) => t,
        Err(e) => return render(state, ui, Err(e.into())),
    };
    match (tombstone, wants_activity_json(headers)) {
        (Some(t), true) => tombstone_response(state, headers, kind, t.object_id)
            .await
            .unwrap_or_else(IntoResponse::into_response),
        (None, true) => {
            ApiError::NotFound(format!("there is no {} {slug:?}", kind.as_str())).into_response()
        }
        (Some(_), false) => render(state, ui, Err(WebError::Gone)),
        (None, false) => render(state, ui, Err(WebError::NotFound)),
    }
}
