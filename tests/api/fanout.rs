//! Measurements of the network's costs, ignored by default; each prints Markdown rows for
//! docs/BENCHMARKS.md: `cargo test --release --test api fanout -- --ignored --nocapture
//! --test-threads 1`. Fan-out: one event to followers spread over many servers, next to the
//! floor (one signature per server). Backfill: one chapter importing another's directory.

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
    fanout(100, 10).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement, not a test: run it with --ignored --nocapture"]
async fn fanout_to_10000_followers_on_1000_hosts() {
    fanout(1000, 10).await;
}

async fn fanout(hosts: usize, per_host: usize) {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let posts = Arc::new(AtomicUsize::new(0));

    // The servers, each with its followers sharing one inbox.
    for host in 0..hosts {
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
        for user in 0..per_host {
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

    // The floor: one signature per server, at the signing cost measured here.
    let key = partage::federation::signature::SigningKey::from_pem(
        &crate::support::keypair("floor").private_key,
    )
    .unwrap();
    let inbox = url::Url::parse("http://host.localhost:1/inbox").unwrap();
    let body = vec![b'x'; 2_000];
    let timer = Instant::now();
    for _ in 0..100 {
        partage::federation::signature::sign_post(&inbox, &body, "http://a/#k", &key);
    }
    let signing = timer.elapsed() / 100;
    let floor = signing * hosts as u32;

    let started = Instant::now();
    let cpu = cpu_time();
    app.create_event(json!({"name": "Fan-out", "starts_at": "2099-01-01T10:00", "online_url": "https://m.example/f"})).await;
    while posts.load(Ordering::SeqCst) < hosts {
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "only {} POSTs",
            posts.load(Ordering::SeqCst)
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let elapsed = started.elapsed();
    let cpu = cpu_time() - cpu;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let sent = posts.load(Ordering::SeqCst);
    let followers = hosts * per_host;
    println!(
        "| fan-out: one event to {followers} followers on {hosts} servers | **{elapsed:.2?}** until every server had it; {sent} POSTs; {cpu:.2?} CPU (whole process, stub inboxes included) | {floor:.2?} ({hosts} signatures × {signing:.2?}) | {:.1}× the floor (target ≤ 1.5×) |",
        elapsed.as_secs_f64() / floor.as_secs_f64()
    );
    assert_eq!(sent, hosts, "one POST per shared inbox");
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

/// Backfill: one chapter importing 1,000 initiatives and 1,000 events from another.
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

/// Backfill: one chapter importing 10,000 initiatives from another (issue #7's figure).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement, not a test: run it with --ignored --nocapture"]
async fn backfill_10000_initiatives() {
    use partage::domain::import::{self, Row};
    use partage::domain::initiative::InitiativeInput;
    use partage::domain::location::LocationInput;
    use partage::domain::validate::Field;

    let berlin = TestApp::spawn_with(
        Engine::Sqlite,
        "berlin.localhost",
        &[("instance.slug", "berlin")],
    )
    .await;
    let paris = TestApp::spawn_as(Engine::Sqlite, "paris.localhost").await;
    let rows = (0..10_000).map(|i| {
        let location = LocationInput {
            locality: Field::Value("Berlin".into()),
            latitude: Field::Value(52.5 + (i % 100) as f64 * 0.001),
            longitude: Field::Value(13.4 + (i / 100) as f64 * 0.001),
            ..Default::default()
        };
        Ok::<_, import::RowError>(Row {
            line: i,
            input: InitiativeInput {
                name: Field::Value(format!("Tauschring {i}")),
                summary: Field::Value("Tauschen statt kaufen: Werkzeug, Bücher, Kleidung.".into()),
                categories: Field::Value(vec!["goods".into()]),
                location: Field::Value(location),
                ..Default::default()
            },
            columns: Default::default(),
        })
    });
    let report = import::initiatives(&berlin.db, rows, false, |_| {})
        .await
        .unwrap();
    assert!(report.errors.is_empty());
    berlin.state().publish_changes().await;

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
        // The last page: counting goes that far.
        let (_, initiatives) = paris
            .get_json("/api/v1/initiatives?origin=network&per_page=1&page=10000")
            .await;
        if initiatives["total"] == 10_000 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(900),
            "{}",
            initiatives["total"]
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let elapsed = started.elapsed();
    println!(
        "| backfill: one chapter importing 10,000 initiatives from another | **{elapsed:.1?}** ({:.0} entries/s) | |",
        10_000.0 / elapsed.as_secs_f64()
    );
}
