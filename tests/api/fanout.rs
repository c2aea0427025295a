//! Fan-out: one event to 1,000 followers on 100 servers. Ignored by default; it prints the
//! figures: `cargo test --release --test api fanout -- --ignored --nocapture`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::post;
use serde_json::json;

use crate::support::{Engine, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement, not a test: run it with --ignored --nocapture"]
async fn fanout_to_1000_followers_on_100_hosts() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let posts = Arc::new(AtomicUsize::new(0));

    // 100 servers, each with 10 followers sharing one inbox.
    for host in 0..100 {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let counter = posts.clone();
        let inbox = Router::new().route(
            "/inbox",
            post(move || {
                counter.fetch_add(1, Ordering::SeqCst);
                async { StatusCode::ACCEPTED }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, inbox).await.unwrap() });
        for user in 0..10 {
            let base = format!("http://host{host}.localhost:{port}");
            let actor = partage::db::remote_actors::RemoteActorRow {
                id: 0,
                ap_id: format!("{base}/users/u{user}"),
                kind: "Person".into(),
                username: Some(format!("u{user}")),
                name: None,
                inbox: format!("{base}/users/u{user}/inbox"),
                shared_inbox: Some(format!("{base}/inbox")),
                outbox: None,
                public_key_id: format!("{base}/users/u{user}#main-key"),
                public_key_pem: String::new(),
                fetched_at: chrono::Utc::now(),
            };
            let row = partage::db::remote_actors::upsert(&app.db, &actor)
                .await
                .unwrap();
            partage::db::followers::add(
                &app.db,
                "chapter",
                row.id,
                &format!("{base}/f/{user}"),
                chrono::Utc::now(),
            )
            .await
            .unwrap();
        }
    }

    let started = Instant::now();
    let cpu = cpu_time();
    app.create_event(json!({"name": "Fan-out", "starts_at": "2099-01-01T10:00", "online_url": "https://m.example/f"})).await;
    while posts.load(Ordering::SeqCst) < 100 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "only {} POSTs",
            posts.load(Ordering::SeqCst)
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let elapsed = started.elapsed();
    let cpu = cpu_time() - cpu;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let sent = posts.load(Ordering::SeqCst);
    println!(
        "fan-out: 1000 followers on 100 hosts: {sent} POSTs, {elapsed:?} until every host had it, {cpu:?} CPU (whole process)"
    );
    assert_eq!(sent, 100, "one POST per shared inbox");
}

/// User + system CPU time of this process, from /proc.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks: u64 = fields.get(11).and_then(|u| u.parse().ok()).unwrap_or(0)
        + fields.get(12).and_then(|s| s.parse().ok()).unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// Backfill: one chapter importing 1,000 initiatives and 1,000 events from another. Ignored by
/// default; it prints the figure.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement, not a test: run it with --ignored --nocapture"]
async fn backfill_1000_initiatives_and_1000_events() {
    let berlin = TestApp::spawn_with(
        Engine::Sqlite,
        "berlin.localhost",
        &[("instance.slug", "berlin")],
    )
    .await;
    let paris = TestApp::spawn_as(Engine::Sqlite, "paris.localhost").await;
    let seeded = Instant::now();
    for i in 0..1000 {
        let initiative = json!({"name": format!("Initiative {i}"), "summary": "Tauschen statt kaufen",
            "categories": ["goods"], "location": {"locality": "Berlin", "latitude": 52.5, "longitude": 13.4}});
        berlin.post_json("/api/v1/initiatives", &initiative).await;
        let event = json!({"name": format!("Event {i}"), "starts_at": "2099-05-01T10:00", "online_url": "https://m.example/e"});
        berlin.post_json("/api/v1/events", &event).await;
    }
    println!("seeded 2,000 entries in {:?}", seeded.elapsed());

    let started = Instant::now();
    let domain = berlin.base.trim_start_matches("http://");
    let response = paris
        .post_json(
            "/api/v1/follows",
            &json!({"target": format!("@berlin@{domain}")}),
        )
        .await;
    assert_eq!(response.status(), 202);
    loop {
        let (_, list) = paris
            .get_json("/api/v1/events?origin=network&per_page=1")
            .await;
        let (_, initiatives) = paris
            .get_json("/api/v1/initiatives?origin=network&per_page=1")
            .await;
        if list["total"] == 1000 && initiatives["total"] == 1000 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "{} events, {} initiatives",
            list["total"],
            initiatives["total"]
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!(
        "backfill: 1,000 initiatives and 1,000 events in {:?}",
        started.elapsed()
    );
}
