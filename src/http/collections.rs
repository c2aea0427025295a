//! Our actors' collections: the outboxes (the chapter's activities; the application actor's
//! agenda), followers, following, upcoming events (FEP-8a8e) and pinned events (`featured`).

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;
use serde_json::Value;
use url::Url;

use super::activitypub::{activity_response, authorize, check_slug, tombstone_response};
use super::error::ApiError;
use crate::app::AppState;
use crate::db;
use crate::domain::origin::Review;
use crate::domain::{event, now};
use crate::federation::protocol::collections::{OrderedCollection, OrderedCollectionPage};
use crate::federation::protocol::context;
use crate::federation::{LocalActor, ObjectKind, objects, outbox, pins};

/// Items per page of our collections.
const PAGE_SIZE: i64 = 20;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actor/outbox", get(application_outbox))
        .route("/actor/followers", get(application_followers))
        .route("/actor/featured", get(application_featured))
        .route("/actors/{slug}/outbox", get(chapter_outbox))
        .route("/actors/{slug}/followers", get(followers))
        .route("/actors/{slug}/following", get(following))
        .route("/actors/{slug}/events", get(upcoming_events))
        .route("/actors/{slug}/featured", get(featured))
        .route("/ap/events/{id}/create", get(event_create))
}

#[derive(Debug, Deserialize)]
struct PageQuery {
    page: Option<i64>,
}

async fn chapter_outbox(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<PageQuery>,
) -> Result<Response, ApiError> {
    check_slug(&state, &slug)?;
    authorize(&state, &method, &uri, &headers).await?;
    let urls = &state.federation.context().urls;
    let total = db::activities::outbox_count(&state.db, LocalActor::Chapter.as_str()).await?;
    paged(
        &state,
        &headers,
        urls.outbox(LocalActor::Chapter),
        total,
        q.page,
        async |offset| {
            let rows = db::activities::outbox_page(
                &state.db,
                LocalActor::Chapter.as_str(),
                PAGE_SIZE,
                offset,
            )
            .await?;
            Ok(rows
                .iter()
                .filter_map(|r| serde_json::from_str::<Value>(&r.payload).ok())
                .map(|mut v| {
                    if let Some(o) = v.as_object_mut() {
                        o.remove("@context");
                    }
                    v
                })
                .collect())
        },
    )
    .await
}

/// The application actor's outbox: the chapter's agenda, as a `Create` of each event not
/// finished yet, the most recently added first. Gancio reads it (its first page only) when it
/// follows the chapter by its address, and imports those events.
async fn application_outbox(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Query(q): Query<PageQuery>,
) -> Result<Response, ApiError> {
    authorize(&state, &method, &uri, &headers).await?;
    let ctx = state.federation.context();
    let started = now();
    let (_, total) = event::agenda(&state.db, started, 0, 0).await?;
    paged(
        &state,
        &headers,
        ctx.urls.outbox(LocalActor::Application),
        total,
        q.page,
        async |offset| {
            let (events, _) = event::agenda(&state.db, started, PAGE_SIZE, offset).await?;
            Ok(events
                .iter()
                .map(|e| serde_json::to_value(outbox::agenda_create(ctx, e)).expect("serialises"))
                .collect())
        },
    )
    .await
}

/// An `OrderedCollection` by pages: without `page`, the collection with `first` and `last`.
async fn paged(
    state: &AppState,
    headers: &HeaderMap,
    id: Url,
    total: i64,
    page: Option<i64>,
    items: impl AsyncFnOnce(i64) -> Result<Vec<Value>, ApiError>,
) -> Result<Response, ApiError> {
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let page_url = |n: i64| {
        let mut url = id.clone();
        url.set_query(Some(&format!("page={n}")));
        url
    };
    let Some(page) = page else {
        let collection = OrderedCollection {
            context: context(),
            id: id.clone(),
            kind: "OrderedCollection",
            total_items: total,
            first: Some(page_url(1)),
            last: Some(page_url(pages)),
            ordered_items: None,
        };
        return Ok(activity_response(
            state,
            headers,
            StatusCode::OK,
            &collection,
        ));
    };
    if !(1..=pages).contains(&page) {
        return Err(ApiError::NotFound(format!(
            "the outbox has pages 1 to {pages}"
        )));
    }
    let body = OrderedCollectionPage {
        context: context(),
        id: page_url(page),
        kind: "OrderedCollectionPage",
        part_of: id.clone(),
        total_items: total,
        next: (page < pages).then(|| page_url(page + 1)),
        prev: (page > 1).then(|| page_url(page - 1)),
        ordered_items: items((page - 1) * PAGE_SIZE).await?,
    };
    Ok(activity_response(state, headers, StatusCode::OK, &body))
}

/// Followers: the count is public, the list is not.
async fn followers(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    check_slug(&state, &slug)?;
    count_followers(&state, LocalActor::Chapter, &method, &uri, &headers).await
}

async fn application_followers(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    count_followers(&state, LocalActor::Application, &method, &uri, &headers).await
}

async fn count_followers(
    state: &AppState,
    actor: LocalActor,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
) -> Result<Response, ApiError> {
    authorize(state, method, uri, headers).await?;
    let total = db::followers::count(&state.db, actor.as_str()).await?;
    let id = state.federation.context().urls.followers_of(actor);
    let body = OrderedCollection::new(id, total, None);
    Ok(activity_response(state, headers, StatusCode::OK, &body))
}

async fn following(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    check_slug(&state, &slug)?;
    authorize(&state, &method, &uri, &headers).await?;
    // The chapters and groups the chapter follows, as the network page shows them.
    let following: Vec<Value> = db::follows::list(&state.db)
        .await?
        .into_iter()
        .filter(|f| f.state == "accepted")
        .map(|f| Value::String(f.actor_ap_id))
        .collect();
    let total = following.len() as i64;
    let body = OrderedCollection::new(
        state.federation.context().urls.following(),
        total,
        Some(following),
    );
    Ok(activity_response(&state, &headers, StatusCode::OK, &body))
}

/// FEP-8a8e: the chapter's events not finished yet, soonest first.
async fn upcoming_events(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    check_slug(&state, &slug)?;
    authorize(&state, &method, &uri, &headers).await?;
    let (events, total) = event::upcoming(&state.db, now(), 100).await?;
    let ctx = state.federation.context();
    let items = events
        .iter()
        .map(|e| serde_json::to_value(objects::event_object(ctx, e, false)).expect("serialises"))
        .collect();
    let body = OrderedCollection::new(ctx.urls.upcoming_events(), total, Some(items));
    Ok(activity_response(&state, &headers, StatusCode::OK, &body))
}

/// The pinned posts of the chapter's profile: its next three events, by their ids (Mastodon
/// pins a `Page` or an `Event` given by id only, not embedded; GoToSocial fetches each).
async fn featured(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    check_slug(&state, &slug)?;
    authorize(&state, &method, &uri, &headers).await?;
    let (events, _) = event::upcoming(&state.db, now(), pins::PINNED).await?;
    let urls = &state.federation.context().urls;
    let items: Vec<Value> = events
        .iter()
        .map(|e| Value::String(urls.event(e.id).to_string()))
        .collect();
    let body = OrderedCollection::new(urls.featured(), items.len() as i64, Some(items));
    Ok(activity_response(&state, &headers, StatusCode::OK, &body))
}

/// The application actor pins nothing: an empty collection, for the servers that read it.
async fn application_featured(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&state, &method, &uri, &headers).await?;
    let urls = &state.federation.context().urls;
    let body = OrderedCollection::new(urls.application_featured(), 0, Some(Vec::new()));
    Ok(activity_response(&state, &headers, StatusCode::OK, &body))
}

/// The application actor's `Create` of one of our events, as its outbox lists it.
async fn event_create(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&state, &method, &uri, &headers).await?;
    let ctx = state.federation.context();
    match event::get_by_id(&state.db, id)
        .await?
        .filter(|e| e.origin.is_none() && e.review == Review::Published)
    {
        Some(e) => {
            let mut create = outbox::agenda_create(ctx, &e);
            create.context = Some(context());
            Ok(activity_response(&state, &headers, StatusCode::OK, &create))
        }
        None => tombstone_response(&state, &headers, ObjectKind::Event, id).await,
    }
}
