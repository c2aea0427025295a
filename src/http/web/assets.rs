//! Our static files (stylesheet, scripts, Leaflet, the icon), compiled into the binary: no CDN.
//! Pages name them with a hash of their content (`/assets/site.css?v=1a2b3c4d5e6f`), which a
//! browser may then keep for a year: a new version of a file is a new address.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::extract::{Path, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sha2::{Digest, Sha256};

macro_rules! assets {
    ($($path:literal => $kind:literal),* $(,)?) => {
        &[$(($path, $kind, include_bytes!(concat!("../../../assets/", $path)).as_slice())),*]
    };
}

/// (path under `/assets/`, media type, content)
static ASSETS: &[(&str, &str, &[u8])] = assets![
    "site.css" => "text/css; charset=utf-8",
    "site.js" => "text/javascript; charset=utf-8",
    "map.js" => "text/javascript; charset=utf-8",
    "admin.js" => "text/javascript; charset=utf-8",
    "embed.css" => "text/css; charset=utf-8",
    "embed.js" => "text/javascript; charset=utf-8",
    "frame.js" => "text/javascript; charset=utf-8",
    "builder.js" => "text/javascript; charset=utf-8",
    "icon.png" => "image/png",
    "vendor/leaflet/leaflet.js" => "text/javascript; charset=utf-8",
    "vendor/leaflet/leaflet.css" => "text/css; charset=utf-8",
    "vendor/leaflet/images/layers.png" => "image/png",
    "vendor/leaflet/images/layers-2x.png" => "image/png",
    "vendor/leaflet/images/marker-icon.png" => "image/png",
    "vendor/leaflet/images/marker-icon-2x.png" => "image/png",
    "vendor/leaflet/images/marker-shadow.png" => "image/png",
    "vendor/markercluster/leaflet.markercluster.js" => "text/javascript; charset=utf-8",
    "vendor/markercluster/MarkerCluster.css" => "text/css; charset=utf-8",
    "vendor/markercluster/MarkerCluster.Default.css" => "text/css; charset=utf-8",
];

/// Each file's version: the first 12 hex digits of its SHA-256.
static VERSIONS: LazyLock<HashMap<&'static str, String>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|(path, _, body)| {
            let digest = Sha256::digest(body);
            let hex: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
            (*path, hex)
        })
        .collect()
});

/// A page's address for one of our files, with its version.
pub fn asset(path: &str) -> String {
    match VERSIONS.get(path) {
        Some(version) => format!("/assets/{path}?v={version}"),
        None => format!("/assets/{path}"),
    }
}

#[derive(Deserialize)]
pub struct Version {
    v: Option<String>,
}

/// `GET /assets/{path}`: a year of caching when asked by its current version; otherwise (an
/// address without it, or an older page's) five minutes, so that nothing old is kept long.
pub async fn serve(
    Path(path): Path<String>,
    Query(asked): Query<Version>,
    headers: HeaderMap,
) -> Response {
    let Some((name, kind, body)) = ASSETS.iter().find(|(name, _, _)| *name == path) else {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    };
    let version = &VERSIONS[name];
    let cache = if asked.v.as_ref() == Some(version) {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    };
    let etag = format!("\"{version}\"");
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        body.into_response()
    };
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::ETAG, HeaderValue::from_str(&etag).expect("hex"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// `GET /icon.png`: the chapter's icon at a stable address, for other servers and link
/// previews (our pages use its versioned address).
pub async fn icon() -> Response {
    stable("icon.png", "public, max-age=86400")
}

/// `GET /embed.js`: the script other websites include for the widgets, at a stable address
/// (kept five minutes, so that a new version reaches them soon).
pub async fn embed_script() -> Response {
    stable("embed.js", "public, max-age=300")
}

fn stable(name: &str, cache: &'static str) -> Response {
    let (_, kind, body) = ASSETS
        .iter()
        .find(|(path, _, _)| *path == name)
        .expect("built in");
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        *body,
    )
        .into_response()
}
