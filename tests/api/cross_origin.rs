//! Other websites read the public API and the feeds: CORS for any origin (no credentials), an
//! `ETag` answered by `304`, a minute of caching; pages and the admin stay ours alone.

use serde_json::json;

use crate::on_both_engines;
use crate::support::{Engine, TestApp};

async fn other_origins_read_the_api_and_feeds(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.create_initiative(json!({"name": "Repair Café Belleville"}))
        .await;
    let from_elsewhere = |path: &str| {
        app.get(path)
            .header("origin", "https://paris.ouishare.example")
    };

    // The API's read: any origin, a tag, a minute.
    let response = from_elsewhere("/api/v1/initiatives").send().await.unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert!(!headers.contains_key("access-control-allow-credentials"));
    assert_eq!(headers["cache-control"], "public, max-age=60");
    let etag = headers["etag"].to_str().unwrap().to_owned();

    // The same version again: 304, nothing sent; a change makes a new version.
    let again = from_elsewhere("/api/v1/initiatives")
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["access-control-allow-origin"], "*");
    assert!(again.bytes().await.unwrap().is_empty());
    app.create_initiative(json!({"name": "Outilthèque"})).await;
    let changed = from_elsewhere("/api/v1/initiatives")
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), etag);

    // Feeds too; a preflight allows reads only.
    for feed in [
        "/events.ics",
        "/feed.atom",
        "/initiatives.geojson",
        "/initiatives.csv",
    ] {
        let response = from_elsewhere(feed).send().await.unwrap();
        assert_eq!(response.status(), 200, "{feed}");
        assert_eq!(
            response.headers()["access-control-allow-origin"],
            "*",
            "{feed}"
        );
        assert!(response.headers().contains_key("etag"), "{feed}");
    }
    let preflight = app
        .client
        .request(reqwest::Method::OPTIONS, app.url("/api/v1/events"))
        .header("origin", "https://paris.ouishare.example")
        .header("access-control-request-method", "GET")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 204);
    assert_eq!(
        preflight.headers()["access-control-allow-methods"],
        "GET, HEAD"
    );

    // The widgets' script, at its stable address.
    let script = from_elsewhere("/embed.js").send().await.unwrap();
    assert_eq!(script.status(), 200);
    assert_eq!(script.headers()["access-control-allow-origin"], "*");
    assert_eq!(script.headers()["cache-control"], "public, max-age=300");
    assert!(
        script
            .text()
            .await
            .unwrap()
            .contains("customElements.define(\"partage-agenda\"")
    );

    // With a token: no shared caching. Pages and the admin: no CORS.
    let private = app
        .admin(reqwest::Method::GET, "/api/v1/follows")
        .send()
        .await
        .unwrap();
    assert_eq!(private.status(), 200);
    assert!(!private.headers().contains_key("etag"));
    assert_ne!(
        private
            .headers()
            .get("cache-control")
            .map(|v| v.to_str().unwrap()),
        Some("public, max-age=60")
    );
    for page in ["/initiatives", "/admin/signin"] {
        let response = from_elsewhere(page).send().await.unwrap();
        assert!(
            !response
                .headers()
                .contains_key("access-control-allow-origin"),
            "{page}"
        );
    }
}

on_both_engines!(other_origins_read_the_api_and_feeds);
