//! Request extractors: JSON bodies with precise errors, admin tokens, list query strings.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{StatusCode, header, request::Parts};
use serde::de::DeserializeOwned;

use super::error::ApiError;
use crate::app::AppState;
use crate::domain::{Problems, audit, listing::ListParams, token};

/// The largest request body accepted.
pub const MAX_BODY: usize = 1024 * 1024;

/// A JSON body: 415 without a JSON content type, 413 when too large, 400 when it is not JSON,
/// 422 when it is JSON of the wrong shape.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let mime = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if mime != "application/json" && !mime.ends_with("+json") {
            return Err(ApiError::UnsupportedMediaType(
                "send the body as JSON with `Content-Type: application/json`".into(),
            ));
        }
        let LimitedBody(bytes) = LimitedBody::from_request(req, state).await?;
        let value: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|e| ApiError::BadRequest(format!("the body is not valid JSON: {e}")))?;
        if !value.is_object() {
            return Err(ApiError::BadRequest(
                "the body must be a JSON object".into(),
            ));
        }
        serde_json::from_value(value).map(JsonBody).map_err(|e| {
            let message = e.to_string();
            let field = message.split('`').nth(1).unwrap_or("").to_owned();
            let mut problems = Problems::default();
            problems.add(field, message);
            ApiError::Invalid(problems)
        })
    }
}

/// A raw body of at most [`MAX_BODY`] bytes: 413 past that, without reading it all.
pub struct LimitedBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for LimitedBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        Bytes::from_request(req, state)
            .await
            .map(LimitedBody)
            .map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::PayloadTooLarge(MAX_BODY)
                } else {
                    ApiError::BadRequest(format!("could not read the request body: {e}"))
                }
            })
    }
}

/// An admin, proven by `Authorization: Bearer <token>`: the token's id and name.
pub struct Admin {
    pub token: i64,
    pub name: String,
}

impl Admin {
    /// Logs what this token did; a failure to log is reported, not hidden.
    pub async fn log(&self, state: &AppState, action: &str, target: &str) {
        let actor = audit::Actor::Token(self.token, &self.name);
        if let Err(e) = audit::record(&state.db, actor, action, target).await {
            tracing::error!(error = %e, action, target, "Cannot write the audit log");
        }
    }
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let secret = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or(ApiError::Unauthorized)?;
        match token::verify(&state.db, secret).await? {
            Some((token, name)) => Ok(Admin { token, name }),
            None => Err(ApiError::Unauthorized),
        }
    }
}

/// The query string of a list, with unknown parameters refused.
pub struct ListQuery(pub ListParams);

impl<S: Send + Sync> FromRequestParts<S> for ListQuery {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or("");
        serde_urlencoded::from_str(query)
            .map(ListQuery)
            .map_err(|e| {
                let mut problems = Problems::default();
                let message = e.to_string();
                let field = message.split('`').nth(1).unwrap_or("").to_owned();
                problems.add(field, message);
                ApiError::BadQuery(problems)
            })
    }
}

/// The client's address: the connection's, or the last one a trusted proxy forwarded.
pub struct ClientIp(pub std::net::IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        use std::net::{IpAddr, Ipv4Addr, SocketAddr};
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        let trusted = &state.settings.http.trusted_proxies;
        if !trusted.contains(&peer) {
            return Ok(ClientIp(peer));
        }
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|ip| ip.trim().parse::<IpAddr>().ok())
            .collect::<Vec<_>>();
        let client = forwarded
            .into_iter()
            .rev()
            .find(|ip| !trusted.contains(ip))
            .unwrap_or(peer);
        Ok(ClientIp(client))
    }
}
