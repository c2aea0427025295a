//! An entry's `replies` (FEP-7458): the collection, counted, and its page of the ids of its
//! approved public comments, oldest first, so that the servers showing our post can fetch and
//! show the conversation under it.

use axum::Router;
use axum::extract::{Path, Query, State};
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
use crate::federation::protocol::collections::{OrderedCollection, OrderedCollectionPage};
use crate::federation::protocol::objects::Replies;

/// The most comment ids the page lists.
const MOST: i64 = 500;

#[derive(serde::Deserialize)]
struct PageQuery {
    page: Option<u32>,
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ap/initiatives/{id}/replies", get(of_initiative))
        .route("/ap/events/{id}/replies", get(of_event))
}

async fn of_initiative(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&state, &method, &uri, &headers).await?;
    replies(&state, &headers, ObjectKind::Initiative, id, q.page).await
}

async fn of_event(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&state, &method, &uri, &headers).await?;
    replies(&state, &headers, ObjectKind::Event, id, q.page).await
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
    page: Option<u32>,
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
    // The addresses every object names in its embedded `replies` (one place makes them).
    let Replies {
        id: collection,
        first,
        ..
    } = Replies::of(&object);
    if page.is_none() {
        let mut body = OrderedCollection::new(collection, counts.replies, None);
        body.first = Some(first.next);
        return Ok(activity_response(state, headers, StatusCode::OK, &body));
    }
    let items: Vec<Value> = crate::db::comments::shown(&state.db, entries, id, MOST, 0)
        .await?
        .into_iter()
        .map(|c| Value::String(c.ap_id))
        .collect();
    let body = OrderedCollectionPage {
        context: crate::federation::protocol::context(),
        id: first.next,
        kind: "OrderedCollectionPage",
        part_of: collection,
        total_items: counts.replies,
        next: None,
        prev: None,
        ordered_items: items,
    };
    Ok(activity_response(state, headers, StatusCode::OK, &body))
}
