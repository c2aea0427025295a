//! Our static files: named by a hash of their content, kept a year by browsers at that address,
//! revalidated by ETag; the icon fetched once per page; and what the main pages weigh.

use std::collections::BTreeSet;

use crate::support::{Engine, TestApp};
use crate::website::seed;

/// The addresses of our files a page names (`/assets/…`), once each.
fn assets_of(html: &str) -> BTreeSet<String> {
    html.split("\"/assets/")
        .skip(1)
        .filter_map(|rest| {
            rest.split_once('"')
                .map(|(path, _)| format!("/assets/{path}"))
        })
        .collect()
}

/// The size of `path` as sent with `accept-encoding`, and its body.
async fn weigh(app: &TestApp, path: &str, encoding: &str) -> (usize, String) {
    let response = app
        .get(path)
        .header("accept-encoding", encoding)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let bytes = response.bytes().await.unwrap();
    (bytes.len(), String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn files_are_named_by_their_content_and_kept_a_year() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let (_, home) = weigh(&app, "/", "identity").await;
    let assets = assets_of(&home);
    assert!(assets.len() >= 3, "{assets:?}");
    for address in &assets {
        let (path, version) = address.split_once("?v=").expect("a version");
        assert!(
            version.len() == 12 && version.chars().all(|c| c.is_ascii_hexdigit()),
            "{address}"
        );
        let response = app.get(address).send().await.unwrap();
        assert_eq!(response.status(), 200, "{address}");
        let headers = response.headers().clone();
        assert_eq!(
            headers["cache-control"], "public, max-age=31536000, immutable",
            "{address}"
        );
        let etag = headers["etag"].to_str().unwrap().to_owned();
        assert_eq!(etag, format!("\"{version}\""));
        let again = app
            .get(address)
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 304, "{address}");
        assert!(again.bytes().await.unwrap().is_empty());
        // Without its version, or with an old one: the same file, kept five minutes.
        for other in [path.to_owned(), format!("{path}?v=000000000000")] {
            let response = app.get(&other).send().await.unwrap();
            assert_eq!(response.status(), 200, "{other}");
            assert_eq!(response.headers()["cache-control"], "public, max-age=300");
        }
    }
    // The logo and the favicon are one address: one download.
    let icon = assets
        .iter()
        .find(|a| a.starts_with("/assets/icon.png?v="))
        .expect("the icon");
    assert!(home.contains(&format!("<link rel=\"icon\" href=\"{icon}\">")));
    assert!(home.contains(&format!("<img src=\"{icon}\"")));
    assert!(!home.contains("\"/icon.png\""), "no second address");
    let stable = app.get("/icon.png").send().await.unwrap();
    assert_eq!(
        stable.status(),
        200,
        "other servers keep the stable address"
    );
    assert_eq!(
        app.get("/assets/nothing.css")
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

/// What the main pages weigh with everything they load from us (their files, and the map's
/// GeoJSON), as browsers get them (brotli) and as they came before compression.
#[tokio::test]
async fn pages_stay_light() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    seed(&app).await;
    let pages = [
        ("home", "/"),
        ("directory", "/initiatives"),
        ("event", "/events/bike-repair-workshop"),
        ("sign-in", "/admin/signin"),
        ("agenda widget", "/embed/agenda"),
        ("map widget", "/embed/map"),
        ("embed builder", "/embed"),
    ];
    let mut weights = std::collections::HashMap::new();
    for (name, path) in pages {
        let (_, html) = weigh(&app, path, "identity").await;
        let mut loads = assets_of(&html);
        if let Some((_, rest)) = html.split_once("data-geojson=\"") {
            loads.insert(rest.split('"').next().unwrap().replace("&amp;", "&"));
        }
        loads.insert(path.to_owned());
        let mut total = [0, 0];
        for (i, encoding) in ["br", "identity"].into_iter().enumerate() {
            for address in &loads {
                total[i] += weigh(&app, address, encoding).await.0;
            }
        }
        println!(
            "{name:10} {path:32} {:>7} bytes with brotli, {:>7} without",
            total[0], total[1]
        );
        weights.insert(name, total[0]);
    }
    assert!(weights["sign-in"] < 30_000, "{weights:?}");
    assert!(weights["directory"] < 100_000, "{weights:?}");
    // Its frame.js counted too, though the agenda does without it.
    assert!(weights["agenda widget"] < 30_000, "{weights:?}");
}
