//! An entry's `replies` (FEP-7458): the ids of its approved public comments, oldest first, so
//! that the servers showing our post can fetch and show the conversation under it.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::get;
use serde_json::Value;

use super::activitypub::{activity_response, authorize, tombstone_response};
use super::error::ApiError;
use crate::app::AppState;
use crate::db::origin::Entries;
use crate::domain::comment;
use crate::domain::origin::Review;
use crate::domain::{event, initiative};
use crate::federation::ObjectKind;
use crate::federation::protocol::collections::OrderedCollection;

/// The most comment ids one collection lists.
const MOST: i64 = 500;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ap/initiatives/{id}/replies", get(of_initiative))
        .route("/ap/events/{id}/replies", get(of_event))
}

async fn of_initiative(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&state, &method, &uri, &headers).await?;
    replies(&state, &headers, ObjectKind::Initiative, id).await
}

async fn of_event(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&state, &method, &uri, &headers).await?;
    replies(&state, &headers, ObjectKind::Event, id).await
}

/// Whether the entry is one of our own, published.
async fn ours(state: &AppState, kind: ObjectKind, id: i64) -> Result<bool, ApiError> {
    let ours = |origin: bool, review: Review| !origin && review == Review::Published;
    Ok(match kind {
        ObjectKind::Initiative => initiative::get_by_id(&state.db, id)
            .await?
            .is_some_and(|i| ours(i.origin.is_some(), i.review)),
        ObjectKind::Event => event::get_by_id(&state.db, id)
            .await?
            .is_some_and(|e| ours(e.origin.is_some(), e.review)),
    })
}

async fn replies(
    state: &AppState,
    headers: &HeaderMap,
    kind: ObjectKind,
    id: i64,
) -> Result<Response, ApiError> {
    if !ours(state, kind, id).await? {
        return tombstone_response(state, headers, kind, id).await;
    }
    let (entries, object) = match kind {
        ObjectKind::Initiative => (
            Entries::Initiatives,
            state.federation.context().urls.initiative(id),
        ),
        ObjectKind::Event => (Entries::Events, state.federation.context().urls.event(id)),
    };
    let counts = comment::counts(&state.db, entries, id).await?;
    let items: Vec<Value> = crate::db::comments::shown(&state.db, entries, id, MOST, 0)
        .await?
        .into_iter()
        .map(|c| Value::String(c.ap_id))
        .collect();
    let collection_id = url::Url::parse(&format!("{object}/replies")).expect("a path");
    let body = OrderedCollection::new(collection_id, counts.replies, Some(items));
    Ok(activity_response(state, headers, StatusCode::OK, &body))
}
