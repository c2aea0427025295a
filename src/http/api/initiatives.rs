//! `/api/v1/initiatives`: list, read, create, edit and delete the chapter's initiatives.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::OriginView;
use super::duplicates::DuplicateView;
use super::pagination::Paginated;
use crate::app::AppState;
use crate::db::filters::distance_km;
use crate::db::origin::Entries;
use crate::domain::duplicates::Possible;
use crate::domain::initiative::{self, Initiative, InitiativeInput, Status};
use crate::domain::location::Location;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::extract::{Admin, JsonBody, ListQuery};

/// An initiative as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct InitiativeView {
    pub slug: String,
    pub name: String,
    pub summary: String,
    /// Markdown, as written.
    pub description: String,
    /// The description rendered to sanitised HTML.
    pub description_html: String,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub location: Option<Location>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub opening_hours: Option<String>,
    pub languages: Vec<String>,
    pub image_url: Option<String>,
    pub status: Status,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When its contact last said it is still true (answering a reminder, or editing it).
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Its contact answered none of two reminders: it may be out of date.
    pub unconfirmed: bool,
    /// Its public page.
    pub url: String,
    /// For entries mirrored from the network: where from.
    pub origin: Option<OriginView>,
    /// What the fediverse did with it (its own view only; lists leave it out).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub conversation: Option<super::comments::Counts>,
    /// Its pictures, the main one first.
    pub images: Vec<super::media::MediaView>,
    /// Distance from `near`, in kilometres, in lists filtered by distance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// The entries an admin linked to it as the same, listed elsewhere.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub same_as: Vec<super::duplicates::DuplicateView>,
    /// Other initiatives likely the same: answered by writes and the review queue, when there
    /// are some (so that an entry reads the same as it was written when there are none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub possible_duplicates: Option<Vec<super::duplicates::DuplicateView>>,
}

impl InitiativeView {
    pub fn new(state: &AppState, i: Initiative, near: Option<(f64, f64)>) -> Self {
        let distance = near.zip(i.data.location.as_ref().and_then(Location::point));
        let same_as = i.same_as.into_iter().map(Possible::listed);
        InitiativeView {
            same_as: same_as.map(|p| DuplicateView::new(state, p)).collect(),
            possible_duplicates: None,
            url: state.url(&format!("/initiatives/{}", i.slug)),
            distance_km: distance.map(|(a, b)| (distance_km(a, b) * 100.0).round() / 100.0),
            slug: i.slug,
            name: i.data.name,
            summary: i.data.summary,
            description: i.data.description,
            description_html: i.description_html,
            categories: i.data.categories,
            tags: i.data.tags,
            location: i.data.location,
            website: i.data.website,
            email: i.data.email,
            phone: i.data.phone,
            opening_hours: i.data.opening_hours,
            languages: i.data.languages,
            image_url: i.data.image_url,
            status: i.data.status,
            images: super::media::MediaView::all(&state.media, &i.pictures),
            origin: i.origin.map(OriginView::from),
            conversation: None,
            created_at: i.created_at,
            updated_at: i.updated_at,
            confirmed_at: i.confirmation.confirmed_at,
            unconfirmed: i.confirmation.is_unconfirmed(),
        }
    }
}

/// Lists initiatives, by name or, with `near`, by distance.
#[utoipa::path(get, path = "/api/v1/initiatives", tag = "initiatives",
    params(crate::domain::listing::ListParams),
    responses((status = 200, body = Paginated<InitiativeView>), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    uri: Uri,
    ListQuery(params): ListQuery,
) -> Result<Response, ApiError> {
    let (items, total, page) = initiative::search(&state.db, &params, state.local_now()).await?;
    let near = params.near.as_deref().and_then(parse_point);
    let items = items
        .into_iter()
        .map(|i| InitiativeView::new(&state, i, near))
        .collect();
    Ok(page.of(items, total).respond(&state.base_url, &uri))
}

fn parse_point(text: &str) -> Option<(f64, f64)> {
    let (lat, lon) = text.split_once(',')?;
    Some((lat.trim().parse().ok()?, lon.trim().parse().ok()?))
}

#[utoipa::path(get, path = "/api/v1/initiatives/{slug}", tag = "initiatives",
    responses((status = 200, body = InitiativeView), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<InitiativeView>, ApiError> {
    let found = initiative::get_published(&state.db, &slug).await?;
    Ok(Json(own_view(&state, found).await?))
}

/// Creates an initiative; answers 201 with it and its `Location`.
#[utoipa::path(post, path = "/api/v1/initiatives", tag = "initiatives",
    request_body = InitiativeInput, security(("token" = [])),
    responses((status = 201, body = InitiativeView), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    admin: Admin,
    JsonBody(input): JsonBody<InitiativeInput>,
) -> Result<Response, ApiError> {
    let created = initiative::create(&state.db, input, &state.rules).await?;
    state.publish_changes().await;
    admin.log(&state, "initiative.create", &created.slug).await;
    let location = format!("/api/v1/initiatives/{}", created.slug);
    let id = created.id;
    let mut view = own_view(&state, created).await?;
    view.possible_duplicates = DuplicateView::some_of(&state, id).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(view),
    )
        .into_response())
}

/// Changes the fields given; `null` clears an optional field; `slug` renames.
#[utoipa::path(patch, path = "/api/v1/initiatives/{slug}", tag = "initiatives",
    request_body = InitiativeInput, security(("token" = [])),
    responses((status = 200, body = InitiativeView), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    admin: Admin,
    Path(slug): Path<String>,
    JsonBody(input): JsonBody<InitiativeInput>,
) -> Result<Json<InitiativeView>, ApiError> {
    let updated = initiative::update(&state.db, &slug, input, &state.rules).await?;
    state.publish_changes().await;
    admin.log(&state, "initiative.update", &updated.slug).await;
    let id = updated.id;
    let mut view = own_view(&state, updated).await?;
    view.possible_duplicates = DuplicateView::some_of(&state, id).await?;
    Ok(Json(view))
}

#[utoipa::path(delete, path = "/api/v1/initiatives/{slug}", tag = "initiatives",
    security(("token" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    admin: Admin,
    Path(slug): Path<String>,
) -> Result<StatusCode, ApiError> {
    initiative::delete(&state.db, &slug).await?;
    state.publish_changes().await;
    admin.log(&state, "initiative.delete", &slug).await;
    Ok(StatusCode::NO_CONTENT)
}

/// An initiative's own view (read, created, changed): with what the fediverse did with it, which
/// lists leave out.
async fn own_view(state: &AppState, e: Initiative) -> Result<InitiativeView, ApiError> {
    let counts = super::comments::Counts::of(state, Entries::Initiatives, e.id, e.origin.is_some());
    let conversation = counts.await?;
    let mut view = InitiativeView::new(state, e, None);
    view.conversation = conversation;
    Ok(view)
}
