//! Responses are compressed for clients that ask (brotli, else gzip): pages, scripts, styles,
//! JSON, GeoJSON, calendars, feeds and CSV; pictures, already compressed, never again.

use std::io::Read;

use serde_json::json;

use crate::on_both_engines;
use crate::pictures::{png, upload};
use crate::support::{Engine, TestApp};

/// The body of `path` as sent with `accept-encoding`, and its `content-encoding`.
async fn fetch(
    app: &TestApp,
    path: &str,
    accept_encoding: Option<&str>,
) -> (Option<String>, Vec<u8>) {
    let mut request = app.get(path);
    if let Some(encodings) = accept_encoding {
        request = request.header("accept-encoding", encodings);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    if accept_encoding.is_some() {
        let vary = response.headers().get_all("vary").iter().any(|v| {
            v.to_str()
                .unwrap()
                .to_ascii_lowercase()
                .contains("accept-encoding")
        });
        let encoded = response.headers().contains_key("content-encoding");
        assert!(
            !encoded || vary,
            "{path}: a compressed answer varies on Accept-Encoding"
        );
    }
    let encoding = response
        .headers()
        .get("content-encoding")
        .map(|v| v.to_str().unwrap().to_owned());
    (encoding, response.bytes().await.unwrap().to_vec())
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli_decompressor::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

async fn text_is_compressed_and_pictures_are_not(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.create_initiative(
        json!({"name": "Repair Café Belleville", "summary": "We fix toasters.",
        "location": {"locality": "Paris", "latitude": 48.87, "longitude": 2.37}}),
    )
    .await;
    app.create_event(
        json!({"name": "Repair night", "starts_at": "2099-12-05T18:00",
        "location": {"locality": "Paris", "latitude": 48.87, "longitude": 2.37}}),
    )
    .await;
    let (_, picture) = upload(
        &app,
        png(1200, 800),
        "a.png",
        &[("description", "A drawing")],
    )
    .await;

    for path in [
        "/",
        "/initiatives",
        "/events/repair-night",
        "/assets/site.css",
        "/assets/vendor/leaflet/leaflet.js",
        "/api/v1/initiatives",
        "/initiatives.geojson",
        "/events.ics",
        "/feed.atom",
        "/initiatives.csv",
    ] {
        let (plain_encoding, plain) = fetch(&app, path, None).await;
        assert_eq!(plain_encoding, None, "{path}: nothing compressed unasked");
        let (encoding, gzipped) = fetch(&app, path, Some("gzip")).await;
        assert_eq!(encoding.as_deref(), Some("gzip"), "{path}");
        assert_eq!(gunzip(&gzipped), plain, "{path}: gzip gives the same body");
        let (encoding, brotli) = fetch(&app, path, Some("gzip, deflate, br, zstd")).await;
        assert_eq!(encoding.as_deref(), Some("br"), "{path}: brotli when asked");
        assert_eq!(
            unbrotli(&brotli),
            plain,
            "{path}: brotli gives the same body"
        );
        assert!(brotli.len() < plain.len(), "{path}: smaller");
    }

    // The map library, the largest file a page loads: 148 KB sent as about 42 KB.
    let (_, plain) = fetch(&app, "/assets/vendor/leaflet/leaflet.js", None).await;
    let (_, gzipped) = fetch(&app, "/assets/vendor/leaflet/leaflet.js", Some("gzip")).await;
    assert!(
        gzipped.len() * 3 < plain.len(),
        "{} → {}",
        plain.len(),
        gzipped.len()
    );

    // Pictures: already compressed, sent as they are.
    for url in [&picture["url"], &picture["preview_url"]] {
        let path = url.as_str().unwrap().replace(&app.base, "");
        let (encoding, bytes) = fetch(&app, &path, Some("gzip, br")).await;
        assert_eq!(encoding, None, "{path}");
        let (_, plain) = fetch(&app, &path, None).await;
        assert_eq!(bytes, plain);
    }
}

on_both_engines!(text_is_compressed_and_pictures_are_not);
