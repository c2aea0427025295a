//! What the object pages (`/initiatives/{slug}`, `/events/{slug}`) share: the object itself for
//! ActivityPub clients, and for a gone object 410 with a Tombstone (or a page for people), or
//! 404 if it never was ours.

use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Serialize;

use super::Ui;
use super::error::{WebError, render};
use crate::app::AppState;
use crate::db;
use crate::domain::origin::Origin;
use crate::federation::ObjectKind;
use crate::http::activitypub::{
    activity_response, authorize, tombstone_response, wants_activity_json,
};
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
    // An entry merged into another: its address leads there for good.
    if let Some(into) = tombstone.as_ref().and_then(|t| t.merged_into) {
        match merged_into(state, kind, into).await {
            Ok(Some(to)) => return to,
            Ok(None) => {}
            Err(e) => return render(state, ui, Err(e)),
        }
    }
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

/// 301 to the page of the entry another was merged into, if it is still there.
async fn merged_into(
    state: &AppState,
    kind: ObjectKind,
    into: i64,
) -> Result<Option<Response>, WebError> {
    let slug = match kind {
        ObjectKind::Initiative => db::initiatives::slugs(&state.db, &[into])
            .await?
            .pop()
            .map(|(_, slug)| format!("/initiatives/{slug}")),
        ObjectKind::Event => None,
    };
    Ok(slug.map(|to| {
        (
            StatusCode::MOVED_PERMANENTLY,
            [(axum::http::header::LOCATION, to)],
        )
            .into_response()
    }))
}

/// The object as ActivityPub: a mirrored entry redirects to its origin's object; ours is
/// served after the authorized-fetch check.
pub async fn activity<T: Serialize>(
    state: &AppState,
    origin: Option<&Origin>,
    request: (&Method, &Uri, &HeaderMap),
    object: impl FnOnce() -> T,
) -> Response {
    let (method, uri, headers) = request;
    if let Some(origin) = origin {
        return Redirect::to(&origin.ap_id).into_response();
    }
    match authorize(state, method, uri, headers).await {
        Ok(()) => activity_response(state, headers, StatusCode::OK, &object()),
        Err(refused) => refused.into_response(),
    }
}
