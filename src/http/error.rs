//! API errors: one JSON shape, `{"error": code, "message": words, "fields": [...]}`, per status.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::domain::{self, Problems};

/// Why a request failed, as the client is told.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("invalid query parameters")]
    BadQuery(Problems),
    #[error("a valid admin token is required: send `Authorization: Bearer <token>`")]
    Unauthorized,
    #[error("{0}")]
    BadSignature(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Gone(String),
    #[error("{0}")]
    Conflict(String),
    #[error("the request body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 413 for a picture of too many pixels (or frames), with what the limit is.
    #[error("{0}")]
    TooLargePicture(String),
    #[error("the request body has invalid fields")]
    Invalid(Problems),
    #[error("the service is unavailable: {0}")]
    Unavailable(String),
    /// 429, with the seconds after which to try again.
    #[error("{0}")]
    TooMany(String, u64),
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

/// The body of every error response.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// A stable code: `bad_request`, `invalid`, `unauthorized`, `not_found`, `conflict`…
    pub error: &'static str,
    /// What went wrong, for a person.
    pub message: String,
    /// For `invalid` and `bad_query`: every field at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Problems>,
}

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            ApiError::BadQuery(_) => (StatusCode::BAD_REQUEST, "bad_query"),
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ApiError::BadSignature(_) => (StatusCode::UNAUTHORIZED, "invalid_signature"),
            ApiError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::Gone(_) => (StatusCode::GONE, "gone"),
            ApiError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            ApiError::PayloadTooLarge(_) | ApiError::TooLargePicture(_) => {
                (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
            }
            ApiError::UnsupportedMediaType(_) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            ApiError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            ApiError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            ApiError::TooMany(..) => (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"),
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, error) = self.status_and_code();
        let wants_bearer = matches!(self, ApiError::Unauthorized);
        let retry_after = match &self {
            ApiError::TooMany(_, seconds) => Some(*seconds),
            _ => None,
        };
        if let ApiError::Internal(cause) = &self {
            tracing::error!(error = ?cause, "Request failed");
        }
        let message = match &self {
            ApiError::Invalid(p) | ApiError::BadQuery(p) => format!("{self}: {p}"),
            _ => self.to_string(),
        };
        let fields = match self {
            ApiError::Invalid(p) | ApiError::BadQuery(p) => Some(p),
            _ => None,
        };
        let mut response = (
            status,
            Json(ErrorBody {
                error,
                message,
                fields,
            }),
        )
            .into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if wants_bearer {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"partage\""),
            );
        }
        response
    }
}

impl From<domain::Error> for ApiError {
    fn from(error: domain::Error) -> Self {
        match error {
            domain::Error::Invalid(p) => ApiError::Invalid(p),
            domain::Error::BadQuery(p) => ApiError::BadQuery(p),
            domain::Error::NotFound("picture") => {
                ApiError::NotFound("there is no picture with that id".into())
            }
            domain::Error::NotFound(what) => {
                ApiError::NotFound(format!("no {what} with that slug"))
            }
            domain::Error::Conflict(why) => ApiError::Conflict(why),
            domain::Error::Db(e) => ApiError::Internal(e.into()),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        ApiError::Internal(error.into())
    }
}
