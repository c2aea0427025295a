//! Two Partage chapters in one process, over real HTTP on loopback: Berlin follows Paris.

use std::time::Duration;

use serde_json::{Value, json};

use crate::on_both_engines;
use crate::support::{Engine, TestApp, eventually};

async fn received_kinds(app: &TestApp) -> Vec<String> {
    let sql = "SELECT kind FROM received_activities ORDER BY received_at, kind";
    match &app.db {
        partage::db::Db::Sqlite(p, _) => sqlx::query_scalar(sql).fetch_all(p).await.unwrap(),
        partage::db::Db::Postgres(p) => sqlx::query_scalar(sql).fetch_all(p).await.unwrap(),
    }
}

async fn follows(app: &TestApp) -> Vec<Value> {
    app.admin_json("/api/v1/follows")
        .await
        .as_array()
        .unwrap()
        .clone()
}

async fn berlin_follows_paris(engine: Engine) {
    // Arrange: two chapters with distinct host names.
    let paris = TestApp::spawn_as(engine.clone(), "paris.localhost").await;
    let berlin =
        TestApp::spawn_with(engine, "berlin.localhost", &[("instance.slug", "berlin")]).await;
    let paris_domain = paris.base.trim_start_matches("http://").to_owned();

    // Act: Berlin follows @paris@paris.localhost:PORT (WebFinger, then Follow).
    let response = berlin
        .post_json(
            "/api/v1/follows",
            &json!({"target": format!("@paris@{paris_domain}")}),
        )
        .await;
    assert_eq!(response.status(), 202, "{}", response.text().await.unwrap());

    // Assert: accepted at once; Paris counts a follower.
    eventually("the Accept", async || {
        follows(&berlin).await[0]["state"] == "accepted"
    })
    .await;
    assert_eq!(
        follows(&berlin).await[0]["actor"],
        format!("{}/actors/paris", paris.base)
    );
    let (_, followers) = paris.get_json("/actors/paris/followers").await;
    assert_eq!(followers["totalItems"], 1);

    // Publishing, editing and deleting in Paris reaches Berlin.
    paris.create_event(json!({"name": "Vélorution", "starts_at": "2099-04-04T14:00", "location": {"locality": "Paris"}})).await;
    paris
        .patch_json("/api/v1/events/velorution", &json!({"status": "postponed"}))
        .await;
    paris.delete("/api/v1/events/velorution").await;
    // (With two Updates of the chapter itself: its pinned events changed, then were gone.)
    eventually("Create, Update and Delete", async || {
        received_kinds(&berlin).await.len() >= 6
    })
    .await;
    let mut kinds = received_kinds(&berlin).await;
    kinds.sort();
    assert_eq!(
        kinds,
        ["Accept", "Create", "Delete", "Update", "Update", "Update"]
    );
    assert!(follows(&berlin).await[0]["last_activity_at"].is_string());

    // A follow of an unknown handle, or of ourselves, is refused with a reason.
    for target in [
        "@nobody@paris.localhost:1",
        "not a handle",
        &format!("{}/actors/berlin", berlin.base),
    ] {
        let response = berlin
            .post_json("/api/v1/follows", &json!({"target": target}))
            .await;
        assert_eq!(response.status(), 422, "{target}");
    }

    // Unfollow: Paris counts no follower, and sends Berlin nothing more.
    let id = follows(&berlin).await[0]["id"].as_i64().unwrap();
    assert_eq!(
        berlin
            .delete(&format!("/api/v1/follows/{id}"))
            .await
            .status(),
        204
    );
    eventually("the Undo", async || {
        let (_, followers) = paris.get_json("/actors/paris/followers").await;
        followers["totalItems"] == 0
    })
    .await;
    assert!(follows(&berlin).await.is_empty());
    paris
        .create_initiative(json!({"name": "After the unfollow"}))
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(received_kinds(&berlin).await.len(), 6);
}

on_both_engines!(berlin_follows_paris);
