//! Deliveries shared by processes: each activity reaches each server once in total, whichever
//! worker sends it; a worker killed mid fan-out leaves its deliveries to another once their
//! lease runs out.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use serde_json::json;

use super::{Hub, Log, Process, by_server};

/// Publishes `n` events through `process`; answers the ids of the activities that will go out.
async fn publish(hub: &Hub, process: &Process, token: &str, n: usize) -> HashSet<String> {
    let client = reqwest::Client::new();
    for i in 0..n {
        let response = client
            .post(process.url("/api/v1/events"))
            .bearer_auth(token)
            .json(&json!({"name": format!("Fête {i}"), "starts_at": format!("2099-05-0{}T10:00", i + 1),
                          "location": {"locality": "Paris"}}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
    }
    sent(hub).await
}

/// The ids of every activity the chapter sent (the events', and any Update of its pins).
async fn sent(hub: &Hub) -> HashSet<String> {
    let ids: Vec<String> = match &hub.db {
        partage::db::Db::Postgres(pool) => {
            sqlx::query_scalar("SELECT ap_id FROM activities WHERE local_actor = 'chapter'")
                .fetch_all(pool)
                .await
                .unwrap()
        }
        partage::db::Db::Sqlite(..) => unreachable!(),
    };
    ids.into_iter().collect()
}

/// Waits (at most `within`) until every one of `servers` got every activity of `expected`.
async fn wait_complete(log: &Log, servers: usize, expected: &HashSet<String>, within: Duration) {
    let deadline = Instant::now() + within;
    loop {
        let received = by_server(log);
        let missing = (0..servers)
            .flat_map(|s| expected.iter().map(move |id| (s, id.clone())))
            .filter(|key| !received.contains_key(key))
            .count();
        if missing == 0 {
            return;
        }
        assert!(Instant::now() < deadline, "{missing} deliveries missing");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_web_process_publishes_and_two_workers_deliver_each_activity_once() {
    // Arrange: a web process and two workers; 40 servers following.
    let Some(hub) = Hub::new(true).await else {
        return;
    };
    let log = hub.followers(40, Duration::from_millis(20)).await;
    let token = hub.token().await;
    let (web, w1, w2) = tokio::join!(
        hub.start("web", &[]),
        hub.start("worker", &[]),
        hub.start("worker", &[])
    );

    // Act: three events through the web process, which sends nothing itself.
    let started = Instant::now();
    let expected = publish(&hub, &web, &token, 3).await;
    assert!(expected.len() >= 3);
    wait_complete(&log, 40, &expected, Duration::from_secs(20)).await;
    println!(
        "{} deliveries by the workers in {:?}",
        40 * expected.len(),
        started.elapsed()
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let expected = sent(&hub).await;
    wait_complete(&log, 40, &expected, Duration::from_secs(20)).await;

    // Assert: each server got each activity once, and the queue holds nothing else.
    let received = by_server(&log);
    let twice: Vec<_> = received.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "sent more than once: {twice:?}");
    assert_eq!(received.len(), 40 * expected.len());
    assert_eq!(undelivered(&hub).await, 0);
    drop((web, w1, w2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_killed_mid_fan_out_is_finished_by_the_other() {
    // Arrange: two processes; leases of 3 s; 40 servers answering in 150 ms each.
    let Some(hub) = Hub::new(true).await else {
        return;
    };
    let log = hub.followers(40, Duration::from_millis(150)).await;
    let token = hub.token().await;
    let lease = [("PARTAGE_FEDERATION__DELIVERY_LEASE_SECONDS", "3")];
    let (mut a, b) = tokio::join!(hub.start("all", &lease), hub.start("all", &lease));

    // Act: three events through the first, killed (SIGKILL) once a third has arrived.
    let expected = publish(&hub, &a, &token, 3).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while log.lock().unwrap().len() < 40 {
        assert!(Instant::now() < deadline, "the fan-out did not start");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    a.kill();
    let killed_at = Instant::now();
    let before_kill = log.lock().unwrap().len();
    assert!(
        before_kill < 40 * expected.len(),
        "the fan-out ended before the kill"
    );

    // Assert: the other process finishes it; only what was in flight or unrecorded at the kill
    // may arrive twice, and only once more.
    wait_complete(&log, 40, &expected, Duration::from_secs(30)).await;
    let expected = sent(&hub).await;
    wait_complete(&log, 40, &expected, Duration::from_secs(30)).await;
    println!(
        "{before_kill} POSTs before the kill; finished {:?} after it",
        killed_at.elapsed()
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let log = log.lock().unwrap().clone();
    let mut first: std::collections::HashMap<(usize, String), Vec<Instant>> = Default::default();
    for (server, id, at) in log {
        first.entry((server, id)).or_default().push(at);
    }
    let twice: Vec<_> = first.iter().filter(|(_, at)| at.len() > 1).collect();
    for ((server, id), at) in &twice {
        assert_eq!(at.len(), 2, "server {server} got {id} {} times", at.len());
        assert!(
            at[0] <= killed_at,
            "server {server} got {id} twice after the kill"
        );
    }
    assert!(twice.len() <= 32 + 64, "{} repeated", twice.len());
    assert_eq!(undelivered(&hub).await, 0, "{}", b.logged());
}

/// Deliveries not recorded as delivered.
async fn undelivered(hub: &Hub) -> i64 {
    hub.scalar("SELECT COUNT(*) FROM deliveries WHERE state <> 'delivered'")
        .await
}
