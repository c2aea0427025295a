//! Pictures' files, served from the media store: immutable (a file's name is never reused), so
//! with a year-long cache lifetime and an entity tag; never as anything but an image.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::error::ApiError;
use crate::app::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/media/{file}", get(file))
}

/// Whether a name is one of our files: 20 hexadecimal digits, maybe `-preview`, `.jpg` or `.webp`.
fn ours(name: &str) -> Option<&'static str> {
    let (stem, _) = name.rsplit_once('.')?;
    let key = stem.strip_suffix("-preview").unwrap_or(stem);
    let hex = key.len() == 20
        && key
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
    hex.then(|| crate::media::content_type(name)).flatten()
}

async fn file(
    State(state): State<AppState>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let missing = || ApiError::NotFound("there is no such picture".into());
    let content_type = ours(&name).ok_or_else(missing)?;
    if super::activitypub::wants_activity_json(&headers)
        && !headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("image/") || a.contains("*/*"))
    {
        return Ok((
            StatusCode::NOT_ACCEPTABLE,
            "a picture is not an ActivityPub document",
        )
            .into_response());
    }
    let file = state
        .media
        .store
        .get(&name)
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .ok_or_else(missing)?;
    let etag = format!("\"{}\"", file.etag.trim_matches('"'));
    let cached = [
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ),
        (
            header::ETAG,
            HeaderValue::from_str(&etag).map_err(|e| ApiError::Internal(e.into()))?,
        ),
    ];
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    if matches {
        return Ok((StatusCode::NOT_MODIFIED, cached).into_response());
    }
    Ok((
        cached,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; sandbox"),
            ),
        ],
        file.bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_our_file_names_are_served() {
        assert_eq!(super::ours("0123456789abcdef0123.jpg"), Some("image/jpeg"));
        assert_eq!(
            super::ours("0123456789abcdef0123-preview.webp"),
            Some("image/webp")
        );
        for bad in [
            "../partage.sqlite",
            "0123456789abcdef0123.svg",
            "x.jpg",
            "0123456789ABCDEF0123.jpg",
        ] {
            assert_eq!(super::ours(bad), None, "{bad}");
        }
    }
}
