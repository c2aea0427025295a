//! Many writers at once: API writes while the inbox receives and the outbox publishes. On
//! SQLite every write waits its turn at the write gate; none may fail on SQLite's lock.

use futures::future::join_all;
use serde_json::json;

use crate::on_both_engines;
use crate::peer::Peer;
use crate::support::{Engine, TestApp, eventually};

on_both_engines!(
    two_hundred_writes_at_once_all_succeed,
    a_stray_write_outside_the_gate_fails
);

async fn two_hundred_writes_at_once_all_succeed(engine: Engine) {
    // Arrange: followers on a peer, so that every new entry is published to them.
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("crowd.localhost").await;
    let chapter = format!("{}/actors/paris", app.base);
    let inbox = format!("{}/inbox", app.address);
    for n in 0..5 {
        let follow = peer.follow(&format!("f{n}"), &chapter, &format!("warm-{n}"));
        assert_eq!(peer.send(&format!("f{n}"), &inbox, &follow).await.0, 202);
    }

    // Act: 200 clients each writing three entries in a row (the load lasts longer than
    // SQLite's 10 s busy timeout in a debug build), with follows reaching the inbox meanwhile.
    let clients = (0..200).map(|client| {
        let app = &app;
        async move {
            let mut answers = Vec::new();
            for round in 0..3 {
                answers.push(write(app, client * 3 + round).await);
            }
            answers
        }
    });
    let follows = (0..40).map(|n| {
        let peer = &peer;
        let chapter = &chapter;
        let inbox = &inbox;
        async move {
            let name = format!("f{}", n % 5);
            let follow = peer.follow(&name, chapter, &format!("again-{n}"));
            peer.send(&name, inbox, &follow).await.0
        }
    });
    let (written, received) = tokio::join!(join_all(clients), join_all(follows));
    let written: Vec<_> = written.into_iter().flatten().collect();

    // Assert: every write answered 201 and is stored; every activity was taken.
    for (n, status, body) in &written {
        assert_eq!(*status, 201, "write {n}: {body}");
    }
    assert!(received.iter().all(|s| *s == 202), "{received:?}");
    assert_eq!(app.count("events").await, 300);
    assert_eq!(app.count("initiatives").await, 300);
    for (n, _, body) in written.iter().step_by(17) {
        let kind = if n.is_multiple_of(2) {
            "events"
        } else {
            "initiatives"
        };
        let slug = body["slug"].as_str().expect("a slug");
        let (status, _) = app.get_json(&format!("/api/v1/{kind}/{slug}")).await;
        assert_eq!(status, 200, "{kind}/{slug}");
    }
    // And each was published: one Create per entry, to the one shared inbox.
    eventually("600 Creates delivered", async || {
        peer.received()
            .iter()
            .filter(|r| r.body["type"] == "Create")
            .count()
            >= 600
    })
    .await;
}

/// Creates event or initiative `n`: its number, status and body.
async fn write(app: &TestApp, n: usize) -> (usize, u16, serde_json::Value) {
    let response = if n.is_multiple_of(2) {
        app.post_json(
            "/api/v1/events",
            &json!({"name": format!("Atelier {n}"), "starts_at": "2099-03-01T10:00",
                    "online_url": "https://visio.example/a"}),
        )
        .await
    } else {
        app.post_json(
            "/api/v1/initiatives",
            &json!({"name": format!("Grainothèque {n}"), "categories": ["food"],
                    "location": {"locality": "Paris", "latitude": 48.85, "longitude": 2.35}}),
        )
        .await
    };
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or_default();
    (n, status, body)
}

/// The pool's connections read only: a write that does not go through the gate fails at once
/// in the tests, instead of waiting for SQLite's lock in production.
async fn a_stray_write_outside_the_gate_fails(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let stray = match &app.db {
        partage::db::Db::Sqlite(pool, _) => sqlx::query("DELETE FROM admin_tokens")
            .execute(pool)
            .await
            .map(drop),
        partage::db::Db::Postgres(_) => return,
    };
    let error = stray.expect_err("the pool reads only");
    assert!(error.to_string().contains("readonly"), "{error}");
    assert_eq!(app.db.execute("DELETE FROM sessions").await.unwrap(), 0);
}
