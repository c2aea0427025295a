//! `/api/v1/media`: pictures uploaded for initiatives and events (then named in their
//! `images`), described and focused, and their view in every entry.

use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::domain::pictures::{self, Picture};
use crate::domain::{Field, Problems};
use crate::http::error::{ApiError, ErrorBody};
use crate::http::extract::{Admin, JsonBody};
use crate::http::upload;
use crate::media::{Media, file_names};

/// A focal point: where the picture's subject is, from -1 (left, bottom) to 1 (right, top).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Focus {
    pub x: f64,
    pub y: f64,
}

/// A picture as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MediaView {
    /// Its id, for an entry's `images`.
    pub id: String,
    /// The full size (at most 2,048 pixels on a side); `null` while a remote picture is fetched.
    pub url: Option<String>,
    /// The preview (at most 640 pixels on a side).
    pub preview_url: Option<String>,
    pub width: Option<i32>,
    pub height: Option<i32>,
    /// A compact placeholder of its colours (<https://blurha.sh>).
    pub blurhash: Option<String>,
    /// What it shows, for those who cannot see it.
    pub description: String,
    pub focus: Option<Focus>,
    /// `image/jpeg` or `image/webp`.
    pub media_type: Option<String>,
}

impl MediaView {
    pub fn new(media: &Media, p: &Picture) -> Self {
        let files = p.files.as_ref();
        let names = files.map(|f| file_names(&p.key, &f.media_type));
        MediaView {
            id: p.key.clone(),
            url: names.as_ref().map(|(full, _)| media.url(full).to_string()),
            preview_url: names
                .as_ref()
                .map(|(_, preview)| media.url(preview).to_string()),
            width: files.map(|f| f.width),
            height: files.map(|f| f.height),
            blurhash: files.map(|f| f.blurhash.clone()),
            description: p.description.clone(),
            focus: p.focus.map(|(x, y)| Focus { x, y }),
            media_type: files.map(|f| f.media_type.clone()),
        }
    }

    pub fn all(media: &Media, pictures: &[Picture]) -> Vec<MediaView> {
        pictures.iter().map(|p| MediaView::new(media, p)).collect()
    }
}

/// The multipart body of an upload, as documented.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct Upload {
    /// The picture: JPEG, PNG, WebP or GIF (its first frame).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// What it shows (required, at most 1,500 characters).
    description: String,
    /// `x,y`, each from -1 to 1.
    focus: Option<String>,
}

/// Uploads a picture. It is checked from its bytes, turned upright, shrunk to 2,048 pixels
/// (and a 640-pixel preview) and encoded anew, without any metadata (no GPS position).
#[utoipa::path(post, path = "/api/v1/media", tag = "media", security(("token" = [])),
    request_body(content = Upload, content_type = "multipart/form-data"),
    responses((status = 201, body = MediaView), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    admin: Admin,
    multipart: Multipart,
) -> Result<Response, ApiError> {
    let parts = upload::read(multipart, state.settings.media.max_upload_bytes).await?;
    let mut problems = Problems::default();
    let described = upload::described(
        parts.text("description"),
        parts.text("focus"),
        &mut problems,
    );
    let file = parts.file("file").cloned();
    if file.is_none() {
        problems.add(
            "file",
            "is required: the picture, as a file part named `file`",
        );
    }
    let (Some((description, focus)), Some(file)) = (described, file) else {
        return Err(ApiError::Invalid(problems));
    };
    let picture = upload::keep(&state, file, description, focus).await?;
    admin.log(&state, "media.create", &picture.key).await;
    let location = format!("/api/v1/media/{}", picture.key);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(MediaView::new(&state.media, &picture)),
    )
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/media/{id}", tag = "media", security(("token" = [])),
    responses((status = 200, body = MediaView), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    _admin: Admin,
    Path(id): Path<String>,
) -> Result<Json<MediaView>, ApiError> {
    let picture = pictures::get(&state.db, &id).await?;
    Ok(Json(MediaView::new(&state.media, &picture)))
}

/// What a picture's edit may change.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MediaInput {
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub description: Field<String>,
    /// `x,y`, each from -1 to 1; `null` removes it.
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub focus: Field<String>,
}

/// Changes a picture's description or focal point; an entry showing it is announced again.
#[utoipa::path(patch, path = "/api/v1/media/{id}", tag = "media", security(("token" = [])),
    request_body = MediaInput,
    responses((status = 200, body = MediaView), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<MediaInput>,
) -> Result<Json<MediaView>, ApiError> {
    let current = pictures::get(&state.db, &id).await?;
    let mut problems = Problems::default();
    let description = match input.description {
        Field::Absent => Some(current.description.clone()),
        Field::Value(text) => Some(text),
        Field::Null => None,
        Field::Invalid(why) => {
            problems.add("description", why);
            None
        }
    };
    let focus = match &input.focus {
        Field::Absent => current.focus.map(|(x, y)| format!("{x},{y}")),
        Field::Null => None,
        Field::Value(text) => Some(text.clone()),
        Field::Invalid(why) => {
            problems.add("focus", why.clone());
            None
        }
    };
    let checked = upload::described(description.as_deref(), focus.as_deref(), &mut problems);
    let Some((description, focus)) = checked.filter(|_| problems.is_empty()) else {
        return Err(ApiError::Invalid(problems));
    };
    let picture = pictures::describe(&state.db, &id, &description, focus).await?;
    if let Some((entries, entry)) = pictures::owner(&state.db, &id).await? {
        pictures::announce(&state.db, entries, entry).await?;
        state.publish_changes().await;
    }
    admin.log(&state, "media.update", &id).await;
    Ok(Json(MediaView::new(&state.media, &picture)))
}

/// Deletes an upload no entry shows (409 otherwise), and its files.
#[utoipa::path(delete, path = "/api/v1/media/{id}", tag = "media", security(("token" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let removed = pictures::remove(&state.db, &id).await?;
    if let Some(media_type) = &removed.media_type
        && let Err(e) = state.media.remove(&removed.key, media_type).await
    {
        tracing::warn!(error = %e, key = removed.key, "A deleted picture's files stay; the sweep retries");
    }
    admin.log(&state, "media.delete", &id).await;
    Ok(StatusCode::NO_CONTENT)
}
