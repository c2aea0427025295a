//! Our static files (stylesheet, scripts, Leaflet), compiled into the binary: no CDN.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

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

const ICON: &[u8] = include_bytes!("../../../assets/icon.png");

pub async fn serve(Path(path): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == path) {
        Some((_, kind, body)) => file(kind, body),
        None => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}

pub async fn icon() -> Response {
    file("image/png", ICON)
}

fn file(kind: &'static str, body: &'static [u8]) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
            // Addresses carry the version (`?v=`), so a day of caching is safe.
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        body,
    )
        .into_response()
}
