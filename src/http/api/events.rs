//! `/api/v1/events`: list, read, create, edit and delete the chapter's events.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, FixedOffset, Utc};
use serde::Serialize;

use super::OriginView;
use super::pagination::Paginated;
use crate::app::AppState;
use crate::db::origin::Entries;
use crate::domain::event::{self, Event, EventInput, EventStatus, JoinMode};
use crate::domain::location::Location;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::extract::{Admin, JsonBody, ListQuery};

/// An event as the API shows it; times are given in the event's time zone.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct EventView {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub description_html: String,
    #[schema(value_type = String, example = "2026-12-05T14:00:00+01:00")]
    pub starts_at: DateTime<FixedOffset>,
    #[schema(value_type = Option<String>)]
    pub ends_at: Option<DateTime<FixedOffset>>,
    /// IANA time zone.
    pub timezone: String,
    pub location: Option<Location>,
    pub online_url: Option<String>,
    /// Slug of the initiative that runs it.
    pub initiative: Option<String>,
    pub initiative_url: Option<String>,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub capacity: Option<i64>,
    pub join_mode: JoinMode,
    pub registration_url: Option<String>,
    pub status: EventStatus,
    pub language: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub url: String,
    /// For entries mirrored from the network: where from.
    pub origin: Option<OriginView>,
    /// What the fediverse did with it (its own view only; lists leave it out).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub conversation: Option<super::comments::Counts>,
    /// Its pictures, the main one first.
    pub images: Vec<super::media::MediaView>,
}

impl EventView {
    pub fn new(state: &AppState, e: Event) -> Self {
        let tz = e.data.timezone;
        let local = |t: DateTime<Utc>| t.with_timezone(&tz).fixed_offset();
        EventView {
            url: state.url(&format!("/events/{}", e.slug)),
            initiative_url: e
                .data
                .initiative
                .as_ref()
                .map(|s| state.url(&format!("/initiatives/{s}"))),
            slug: e.slug,
            name: e.data.name,
            description: e.data.description,
            description_html: e.description_html,
            starts_at: local(e.data.starts_at),
            ends_at: e.data.ends_at.map(local),
            timezone: tz.name().to_owned(),
            location: e.data.location,
            online_url: e.data.online_url,
            initiative: e.data.initiative,
            categories: e.data.categories,
            tags: e.data.tags,
            capacity: e.data.capacity,
            join_mode: e.data.join_mode,
            registration_url: e.data.registration_url,
            status: e.data.status,
            language: e.data.language,
            images: super::media::MediaView::all(&state.media, &e.pictures),
            origin: e.origin.map(OriginView::from),
            conversation: None,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// Lists events by start time; by default those not finished yet.
#[utoipa::path(get, path = "/api/v1/events", tag = "events",
    params(crate::domain::listing::ListParams),
    responses((status = 200, body = Paginated<EventView>), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    uri: Uri,
    ListQuery(params): ListQuery,
) -> Result<Response, ApiError> {
    let (items, total, page) = event::search(&state.db, &params, crate::domain::now()).await?;
    let items = items
        .into_iter()
        .map(|e| EventView::new(&state, e))
        .collect();
    Ok(page.of(items, total).respond(&state.base_url, &uri))
}

#[utoipa::path(get, path = "/api/v1/events/{slug}", tag = "events",
    responses((status = 200, body = EventView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<EventView>, ApiError> {
    let found = event::get_published(&state.db, &slug).await?;
    Ok(Json(own_view(&state, found).await?))
}

/// Creates an event; answers 201 with it and its `Location`.
#[utoipa::path(post, path = "/api/v1/events", tag = "events",
    request_body = EventInput, security(("token" = [])),
    responses((status = 201, body = EventView), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    admin: Admin,
    JsonBody(input): JsonBody<EventInput>,
) -> Result<Response, ApiError> {
    let created = event::create(&state.db, input, &state.rules).await?;
    state.publish_changes().await;
    admin.log(&state, "event.create", &created.slug).await;
    let location = format!("/api/v1/events/{}", created.slug);
    let view = own_view(&state, created).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(view),
    )
        .into_response())
}

/// Changes the fields given; `null` clears an optional field; `slug` renames.
#[utoipa::path(patch, path = "/api/v1/events/{slug}", tag = "events",
    request_body = EventInput, security(("token" = [])),
    responses((status = 200, body = EventView), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    admin: Admin,
    Path(slug): Path<String>,
    JsonBody(input): JsonBody<EventInput>,
) -> Result<Json<EventView>, ApiError> {
    let updated = event::update(&state.db, &slug, input, &state.rules).await?;
    state.publish_changes().await;
    admin.log(&state, "event.update", &updated.slug).await;
    Ok(Json(own_view(&state, updated).await?))
}

#[utoipa::path(delete, path = "/api/v1/events/{slug}", tag = "events",
    security(("token" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    admin: Admin,
    Path(slug): Path<String>,
) -> Result<StatusCode, ApiError> {
    event::delete(&state.db, &slug).await?;
    state.publish_changes().await;
    admin.log(&state, "event.delete", &slug).await;
    Ok(StatusCode::NO_CONTENT)
}

/// An event's own view (read, created, changed): with what the fediverse did with it, which
/// lists leave out.
async fn own_view(state: &AppState, e: Event) -> Result<EventView, ApiError> {
    let counts = super::comments::Counts::of(state, Entries::Events, e.id, e.origin.is_some());
    let conversation = counts.await?;
    let mut view = EventView::new(state, e);
    view.conversation = conversation;
    Ok(view)
}
