//! The server itself: health, the vocabulary, the OpenAPI document, restarts.

use serde_json::{Value, json};

use crate::on_both_engines;
use crate::support::{Engine, TestApp};

async fn health_follows_the_database(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let (status, body) = app.get_json("/healthz").await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));

    app.db.close().await;
    let (status, body) = app.get_json("/healthz").await;
    assert_eq!((status, body["error"].as_str()), (503, Some("unavailable")));
}

async fn categories_have_english_and_french_labels(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let (status, categories) = app.get_json("/api/v1/categories").await;
    assert_eq!(status, 200);
    let ids: Vec<&str> = categories
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    for id in [
        "mobility", "food", "housing", "spaces", "goods", "repair", "skills", "finance", "energy",
        "culture", "digital", "care",
    ] {
        assert!(ids.contains(&id), "{id}");
    }
    let food = categories
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "food")
        .unwrap();
    assert_eq!(food["labels"], json!({"en": "Food", "fr": "Alimentation"}));
    assert_eq!(food["event_category"], "FOOD_DRINK");
}

async fn openapi_describes_every_endpoint(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let (status, doc) = app.get_json("/api/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = &doc["paths"];
    for (path, methods) in [
        ("/api/v1/initiatives", &["get", "post"][..]),
        (
            "/api/v1/initiatives/{slug}",
            &["get", "patch", "delete"][..],
        ),
        ("/api/v1/events", &["get", "post"][..]),
        ("/api/v1/events/{slug}", &["get", "patch", "delete"][..]),
        ("/api/v1/categories", &["get"][..]),
    ] {
        for method in methods {
            assert!(paths[path][method].is_object(), "{method} {path}");
        }
    }
    assert!(doc["components"]["schemas"]["InitiativeInput"].is_object());
    assert!(doc["components"]["securitySchemes"]["token"].is_object());
}

async fn data_survives_a_restart(engine: Engine) {
    let mut app = TestApp::spawn(engine).await;
    app.create_initiative(
        json!({"name": "Grainothèque", "categories": ["food"], "tags": ["seeds"]}),
    )
    .await;
    app.create_event(json!({"name": "Seed swap", "starts_at": "2099-03-01T14:00", "online_url": "https://s.example"})).await;
    let before = app.snapshot().await;

    app.restart().await;

    assert_eq!(app.snapshot().await, before);
    let (_, list) = app.get_json("/api/v1/initiatives?tag=seeds").await;
    assert_eq!(list["items"][0]["slug"], "grainotheque");
    let (status, event): (u16, Value) = app.get_json("/api/v1/events/seed-swap").await;
    assert_eq!(
        (status, event["starts_at"].as_str()),
        (200, Some("2099-03-01T14:00:00+01:00"))
    );
    assert_eq!(
        app.post_json("/api/v1/initiatives", &json!({"name": "After"}))
            .await
            .status(),
        201
    );
}

async fn unknown_routes_are_json_404(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let (status, body) = app.get_json("/api/v2/nothing").await;
    assert_eq!((status, body["error"].as_str()), (404, Some("not_found")));
}

on_both_engines!(
    health_follows_the_database,
    categories_have_english_and_french_labels,
    openapi_describes_every_endpoint,
    data_survives_a_restart,
    unknown_routes_are_json_404,
);
