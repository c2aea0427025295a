//! Uploads: a multipart body read within the upload limit, and a picture kept from it (checked,
//! processed, stored, recorded), for the API, the web admin and the suggestion form alike.

use axum::extract::Multipart;
use axum::extract::multipart::MultipartError;
use axum::http::StatusCode;
use bytes::Bytes;

use super::error::ApiError;
use crate::app::AppState;
use crate::domain::Problems;
use crate::domain::pictures::{self, Picture};
use crate::media::{MediaError, Refused};

/// The routes that take uploads, with a body limit of their own: a picture and its fields.
pub fn routes(max_upload_bytes: u64) -> axum::Router<AppState> {
    let limit = usize::try_from(max_upload_bytes).unwrap_or(usize::MAX) + 64 * 1024;
    axum::Router::new()
        .merge(super::api::upload_routes())
        .merge(super::web::upload_routes())
        .layer(axum::extract::DefaultBodyLimit::max(limit))
}

/// Text fields longer than this are refused (a description is at most 1,500 characters).
const MAX_TEXT: usize = 16 * 1024;

/// A multipart body: its files and its text fields, by name, in order.
#[derive(Debug, Default)]
pub struct Parts {
    pub files: Vec<(String, Bytes)>,
    pub texts: Vec<(String, String)>,
}

impl Parts {
    pub fn text(&self, name: &str) -> Option<&str> {
        self.texts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn file(&self, name: &str) -> Option<&Bytes> {
        self.files.iter().find(|(n, _)| n == name).map(|(_, f)| f)
    }
}

/// Reads every part; a file is a part with a file name (which is never used).
pub async fn read(mut multipart: Multipart, max_bytes: u64) -> Result<Parts, ApiError> {
    let mut parts = Parts::default();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| refusal(e, max_bytes))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        let is_file = field.file_name().is_some();
        let bytes = field.bytes().await.map_err(|e| refusal(e, max_bytes))?;
        if is_file {
            if !bytes.is_empty() {
                parts.files.push((name, bytes));
            }
        } else if bytes.len() > MAX_TEXT {
            let mut problems = Problems::default();
            problems.add(name, format!("is longer than {MAX_TEXT} bytes"));
            return Err(ApiError::Invalid(problems));
        } else {
            let text = String::from_utf8(bytes.to_vec())
                .map_err(|_| ApiError::BadRequest(format!("the field {name} is not UTF-8")))?;
            parts.texts.push((name, text));
        }
    }
    Ok(parts)
}

fn refusal(e: MultipartError, max_bytes: u64) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge(max_bytes as usize)
    } else {
        ApiError::BadRequest(format!("could not read the upload: {}", e.body_text()))
    }
}

/// Checks a description and an optional focal point, naming the fields at fault.
pub fn described(
    description: Option<&str>,
    focus: Option<&str>,
    problems: &mut Problems,
) -> Option<(String, Option<(f64, f64)>)> {
    let description = match pictures::description(description.unwrap_or_default()) {
        Ok(d) => Some(d),
        Err(why) => {
            problems.add("description", why);
            None
        }
    };
    let focus = match focus.map(str::trim).filter(|f| !f.is_empty()) {
        None => Some(None),
        Some(text) => match pictures::focus(text) {
            Ok(f) => Some(Some(f)),
            Err(why) => {
                problems.add("focus", why);
                None
            }
        },
    };
    Some((description?, focus?))
}

/// Keeps a picture: processed (off the runtime, in turn), its files stored, its row written.
/// A picture that fails leaves nothing behind.
pub async fn keep(
    state: &AppState,
    bytes: Bytes,
    description: String,
    focus: Option<(f64, f64)>,
) -> Result<Picture, ApiError> {
    let processed = state.media.process(bytes).await.map_err(media_error)?;
    let key = pictures::new_key();
    state
        .media
        .save(&key, &processed)
        .await
        .map_err(media_error)?;
    let files = pictures::files_of(&processed);
    match pictures::record_upload(&state.db, &key, files, description, focus).await {
        Ok(picture) => Ok(picture),
        Err(e) => {
            let _ = state.media.remove(&key, processed.media_type).await;
            Err(e.into())
        }
    }
}

/// How a picture's refusal is answered.
pub fn media_error(e: MediaError) -> ApiError {
    match e {
        MediaError::Refused(Refused::Unsupported(why)) => ApiError::UnsupportedMediaType(why),
        MediaError::Refused(Refused::TooLarge(why)) => ApiError::TooLargePicture(why),
        MediaError::Refused(Refused::Broken(why)) => {
            let mut problems = Problems::default();
            problems.add("file", why);
            ApiError::Invalid(problems)
        }
        MediaError::TooSlow => ApiError::Unavailable(
            "the picture took too long to process: try again, or send a smaller one".into(),
        ),
        MediaError::Store(e) => ApiError::Internal(e.into()),
    }
}
