//! Public reads from other websites (part of the embeds): the JSON API's reads and the feeds
//! answer any origin (CORS, no credentials), carry an `ETag` so that a busy page costs a `304`,
//! and may be kept a minute. The widgets (`/embed/*`) get the same tags and minute, not CORS.

use axum::body::{Body, HttpBody};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// Bodies up to this size get an `ETag` (the whole directory dump may be larger: it streams).
pub(super) const MOST_HASHED: u64 = 4 * 1024 * 1024;

/// Whether other origins may read `path`: the API's public reads, the feeds, the widgets' script, oEmbed.
fn readable(path: &str) -> bool {
    let feed = [".ics", ".atom", ".geojson", ".csv"]
        .iter()
        .any(|ext| path.ends_with(ext))
        || path == "/directory.json"
        || path == "/embed.js"
        || path == "/oembed";
    let api = path.starts_with("/api/v1/") || path == "/api/openapi.json";
    feed || api
}

pub async fn public_reads(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    // The widgets are framed, not read: a cache tag and a minute's cache, without CORS.
    let widget = path.starts_with("/embed/");
    if !readable(&path) && !widget {
        return next.run(request).await;
    }
    let method = request.method().clone();
    if method == Method::OPTIONS && !widget {
        return preflight();
    }
    let anonymous = !request.headers().contains_key(header::AUTHORIZATION);
    let asked = request.headers().get(header::IF_NONE_MATCH).cloned();
    let mut response = next.run(request).await;
    if !widget {
        let headers = response.headers_mut();
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("ETag, Link, Location"),
        );
    }
    let cacheable = anonymous
        && matches!(method, Method::GET | Method::HEAD)
        && response.status() == StatusCode::OK;
    if !cacheable {
        return response;
    }
    if !response.headers().contains_key(header::CACHE_CONTROL) {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=60"),
        );
    }
    match response.body().size_hint().exact() {
        Some(size) if size <= MOST_HASHED => with_etag(response, asked).await,
        _ => response,
    }
}

/// The answer to a preflight: reads only, by anyone, without credentials.
fn preflight() -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, HEAD"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("If-None-Match, Accept, Accept-Language"),
    );
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("86400"),
    );
    (StatusCode::NO_CONTENT, headers).into_response()
}

/// Tags the body with a hash of it; `304` when the client already holds that version.
async fn with_etag(response: Response, asked: Option<HeaderValue>) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MOST_HASHED as usize).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let digest = Sha256::digest(&bytes);
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    let etag = format!("\"{hex}\"");
    let fresh = asked
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == etag || t == "*")
        });
    parts
        .headers
        .insert(header::ETAG, HeaderValue::from_str(&etag).expect("hex"));
    if fresh {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        parts.headers.remove(header::CONTENT_TYPE);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}
