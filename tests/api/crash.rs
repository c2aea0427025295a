//! A real crash: the chapter's own binary, fanning activities out to 100 servers, killed with
//! SIGKILL halfway, then started again. Every server gets every activity; only deliveries in
//! flight at the kill (sent, their success not yet recorded) may arrive twice.

use std::collections::{HashMap, HashSet};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use partage::db::Db;
use serde_json::json;

use crate::stubs::{self, Log};
use crate::support::free_port;

/// Servers following the chapter, one follower each.
const SERVERS: usize = 100;
/// How long each server takes to answer a delivery.
const ANSWER_AFTER: Duration = Duration::from_millis(250);
/// Deliveries in flight at once (`federation::delivery`), and successes recorded together.
const IN_FLIGHT: usize = 32;
const RECORDED_TOGETHER: usize = 64;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kill_mid_fan_out_loses_nothing() {
    // Arrange: a chapter's database with 100 followers on stub servers, and a token.
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("partage.sqlite").display());
    let db = Db::connect(&url, 2).await.unwrap();
    db.migrate().await.unwrap();
    let log = stubs::followers(&db, SERVERS, ANSWER_AFTER).await;
    let token = partage::domain::token::create(&db, "crash")
        .await
        .unwrap()
        .secret;
    db.close().await;
    let port = free_port();
    let mut chapter = start(&url, port).await;

    // Act: three events, then SIGKILL once a third of the deliveries arrived.
    let client = reqwest::Client::new();
    for n in 0..3 {
        let response = client
            .post(format!("http://127.0.0.1:{port}/api/v1/events"))
            .bearer_auth(&token)
            .json(&json!({"name": format!("Fête {n}"), "starts_at": format!("2099-05-0{}T10:00", n + 1),
                          "location": {"locality": "Paris"}}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while log.lock().unwrap().len() < SERVERS * 2 {
        assert!(Instant::now() < deadline, "the fan-out did not start");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    chapter.kill().unwrap();
    chapter.wait().unwrap();
    let killed_at = Instant::now();
    let before_kill = log.lock().unwrap().len();

    // The chapter starts again and finishes the fan-out.
    let mut chapter = start(&url, port).await;
    let db = Db::connect(&url, 2).await.unwrap();
    let sent: Vec<String> = match &db {
        Db::Sqlite(pool, _) => {
            sqlx::query_scalar("SELECT ap_id FROM activities WHERE local_actor = 'chapter'")
                .fetch_all(pool)
                .await
                .unwrap()
        }
        Db::Postgres(_) => unreachable!(),
    };
    let expected: HashSet<String> = sent.into_iter().collect();
    assert!(expected.len() >= 3, "{expected:?}");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let received = by_server(&log);
        let complete = (0..SERVERS).all(|s| {
            received
                .get(&s)
                .is_some_and(|got| expected.iter().all(|id| got.contains_key(id)))
        });
        if complete {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "not every server got every activity"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    chapter.kill().unwrap();
    chapter.wait().unwrap();
    db.close().await;

    // Assert: a server got an activity twice only if the first copy arrived before the kill,
    // and no more of them than could be in flight or unrecorded at that moment.
    let log = log.lock().unwrap().clone();
    let mut seen: HashMap<(usize, String), Vec<Instant>> = HashMap::new();
    for (server, id, at) in log {
        seen.entry((server, id)).or_default().push(at);
    }
    let twice: Vec<_> = seen.iter().filter(|(_, times)| times.len() > 1).collect();
    for ((server, id), times) in &twice {
        assert_eq!(
            times.len(),
            2,
            "server {server} got {id} {} times",
            times.len()
        );
        assert!(
            times[0] <= killed_at,
            "server {server} got {id} twice after the restart"
        );
    }
    assert!(
        twice.len() <= IN_FLIGHT + RECORDED_TOGETHER,
        "{} repeated deliveries ({before_kill} POSTs before the kill)",
        twice.len()
    );
    println!(
        "{before_kill} POSTs before the kill, {} repeated after it",
        twice.len()
    );
}

/// The ids each server received, by server.
fn by_server(log: &Log) -> HashMap<usize, HashMap<String, usize>> {
    let mut received: HashMap<usize, HashMap<String, usize>> = HashMap::new();
    for (server, id, _) in log.lock().unwrap().iter() {
        *received
            .entry(*server)
            .or_default()
            .entry(id.clone())
            .or_default() += 1;
    }
    received
}

/// The chapter's binary, serving `url` on `port`, once it answers.
async fn start(url: &str, port: u16) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_partage"))
        .env("PARTAGE_DATABASE__URL", url)
        .env("PARTAGE_HTTP__LISTEN", format!("127.0.0.1:{port}"))
        .env("PARTAGE_INSTANCE__DOMAIN", format!("localhost:{port}"))
        .env("PARTAGE_FEDERATION__DEBUG", "true")
        .env("PARTAGE_WEBSITE__GEOCODER", "")
        .env_remove("PARTAGE_CONFIG")
        .env_remove("RUST_LOG")
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let health = format!("http://127.0.0.1:{port}/healthz");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !reqwest::get(&health)
        .await
        .is_ok_and(|r| r.status().is_success())
    {
        assert!(Instant::now() < deadline, "the chapter did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child
}
