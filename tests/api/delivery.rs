//! The persistent delivery queue: retries, final refusals, restarts, admins' view; and
//! authorized fetch.

use serde_json::{Value, json};

use crate::on_both_engines;
use crate::peer::Peer;
use crate::support::{Engine, TestApp, eventually};

/// A chapter with one follower on `peer`, and the Accept already delivered.
async fn followed(app: &TestApp, peer: &Peer) {
    let chapter = format!("{}/actors/paris", app.base);
    let (status, _) = peer
        .send(
            "alice",
            &app.url("/inbox"),
            &peer.follow("alice", &chapter, "f"),
        )
        .await;
    assert_eq!(status, 202);
    peer.wait_for(1).await;
    recorded(app, 0, ("delivered", 1, Some(200))).await;
}

/// Waits until the `index`-th delivery has been recorded as `(state, attempts, last_status)`.
async fn recorded(
    app: &TestApp,
    index: usize,
    (state, attempts, status): (&str, i64, Option<i64>),
) {
    eventually(&format!("delivery {index} to be {state}"), async || {
        app.deliveries().await.get(index) == Some(&(state.to_owned(), attempts, status))
    })
    .await;
}

async fn retries_server_errors_and_gives_up_on_refusals(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("flaky.localhost").await;
    followed(&app, &peer).await;

    // A 500: kept, to retry later.
    peer.answer_with(500);
    app.create_initiative(json!({"name": "Tool library"})).await;
    peer.wait_for(2).await;
    recorded(&app, 1, ("pending", 1, Some(500))).await;

    // Admins see it.
    let response = app
        .admin(reqwest::Method::GET, "/api/v1/deliveries")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let view: Value = response.json().await.unwrap();
    assert_eq!(view["problems"][0]["state"], "pending");
    assert_eq!(view["problems"][0]["last_status"], 500);
    assert_eq!(
        app.get("/api/v1/deliveries").send().await.unwrap().status(),
        401
    );

    // The retry succeeds: delivered, once.
    peer.answer_with(202);
    app.make_deliveries_due().await;
    assert_eq!(app.deliver_now().await, 1);
    assert_eq!(
        app.deliveries().await[1],
        ("delivered".to_owned(), 2, Some(200))
    );
    assert_eq!(app.deliver_now().await, 0, "nothing is sent twice");

    // A 4xx other than 408 and 429 is final.
    peer.answer_with(403);
    app.create_initiative(json!({"name": "Seed library"})).await;
    peer.wait_for(4).await;
    recorded(&app, 2, ("failed", 1, Some(403))).await;
    app.make_deliveries_due().await;
    assert_eq!(app.deliver_now().await, 0);

    // A 429 is retried.
    peer.answer_with(429);
    app.create_initiative(json!({"name": "Book swap"})).await;
    peer.wait_for(5).await;
    recorded(&app, 3, ("pending", 1, Some(429))).await;
}

/// Deliveries to an inbox keep their order per object: one failing holds back the later ones
/// about the same object only.
async fn a_failing_delivery_holds_back_only_its_object(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("picky.localhost").await;
    followed(&app, &peer).await;
    let about = |name: &str| {
        let name = name.to_owned();
        let peer = &peer;
        move || {
            peer.received()
                .iter()
                .filter(|r| r.body["object"]["nameMap"]["en"] == name.as_str())
                .map(|r| r.body["type"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };

    // "Stuck" is refused; "Free", queued after it, goes out all the same.
    peer.refuse_bodies_with(Some("Stuck"));
    app.create_initiative(json!({"name": "Stuck"})).await;
    app.create_initiative(json!({"name": "Free"})).await;
    let free = about("Free");
    eventually("the later, unrelated Create", async || free() == ["Create"]).await;

    // An edit of "Stuck" waits for its Create.
    app.patch_json(
        "/api/v1/initiatives/stuck",
        &json!({"summary": "Still here"}),
    )
    .await;
    app.make_deliveries_due().await;
    app.deliver_now().await;
    let stuck = about("Stuck");
    assert_eq!(
        stuck(),
        ["Create", "Create"],
        "the Update waits behind the refused Create"
    );

    // Once the Create goes through, the Update follows, in order.
    peer.refuse_bodies_with(None);
    eventually("Create then Update", async || {
        app.make_deliveries_due().await;
        app.deliver_now().await;
        stuck().ends_with(&["Create".to_owned(), "Update".to_owned()])
    })
    .await;
}

async fn restarts_lose_and_repeat_nothing(engine: Engine) {
    let mut app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("down.localhost").await;
    followed(&app, &peer).await;

    // The server is down when we publish.
    peer.answer_with(503);
    app.create_event(json!({"name": "Picnic", "starts_at": "2099-06-01T12:00", "online_url": "https://m.example/p"})).await;
    peer.wait_for(2).await;
    recorded(&app, 1, ("pending", 1, Some(503))).await;

    // A delivery is taken by a worker that dies before recording it (kill -9). Two rounds at
    // once lease it once. They lease as of tomorrow, when its retry is due: the chapter's own
    // worker, which lives today, does not race them for it.
    let tomorrow = chrono::Utc::now() + chrono::TimeDelta::days(1);
    let until = tomorrow + chrono::TimeDelta::minutes(10);
    let lease = || partage::db::deliveries::lease_due(&app.db, tomorrow, until, 10);
    let (first, second) = tokio::join!(lease(), lease());
    let mut leased: Vec<i64> = first
        .unwrap()
        .iter()
        .chain(&second.unwrap())
        .map(|d| d.id)
        .collect();
    let taken = leased.len();
    leased.sort_unstable();
    leased.dedup();
    assert!(
        taken >= 1 && leased.len() == taken,
        "each delivery leased once: {leased:?}"
    );

    // After the restart, the delivery goes out once the peer is back.
    peer.answer_with(202);
    app.restart().await;
    // The worker releases the old lease as it starts; the delivery is then due again.
    eventually("the interrupted delivery to go out", async || {
        app.make_deliveries_due().await;
        app.deliver_now().await;
        app.deliveries().await[1].0 == "delivered"
    })
    .await;
    let creates: Vec<_> = peer
        .received()
        .into_iter()
        .filter(|r| r.body["type"] == "Create")
        .collect();
    assert_eq!(creates.len(), 2, "one failed attempt, one delivery");
    assert_eq!(
        creates[0].body["id"], creates[1].body["id"],
        "the same activity"
    );
    // What is still queued (the chapter's Update for its pinned events) goes out; the Create
    // is not sent again.
    app.make_deliveries_due().await;
    while app.deliver_now().await > 0 {}
    let creates = peer
        .received()
        .into_iter()
        .filter(|r| r.body["type"] == "Create")
        .count();
    assert_eq!(creates, 2);
}

async fn changes_recorded_before_a_crash_are_published(engine: Engine) {
    // A change committed, then the process died before publishing it: the next pass does.
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("late.localhost").await;
    followed(&app, &peer).await;
    let now = chrono::Utc::now();
    let mut tx = app.db.begin().await.unwrap();
    partage::domain::Outgoing::InitiativeDeleted {
        id: 41,
        slug: "gone".into(),
    }
    .record(&mut tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let _ = now;
    assert_eq!(
        partage::federation::outbox::process_pending(app.federation())
            .await
            .unwrap(),
        1
    );
    app.deliver_now().await;
    let received = peer.wait_for(2).await;
    assert_eq!(received[1].body["type"], "Delete");
}

async fn authorized_fetch_requires_signatures(engine: Engine) {
    let app = TestApp::spawn_with(
        engine,
        "localhost",
        &[("federation.authorized_fetch", "true")],
    )
    .await;
    let peer = Peer::spawn("reader.localhost").await;
    app.create_event(json!({"name": "Secret-ish", "starts_at": "2099-01-01T10:00", "online_url": "https://m.example/s"})).await;
    let as2 = |path: &str| {
        app.get(path)
            .header("accept", "application/activity+json")
            .send()
    };

    let response = as2("/events/secret-ish").await.unwrap();
    assert_eq!(response.status(), 401);
    let response = as2("/actors/paris/outbox").await.unwrap();
    assert_eq!(response.status(), 401);

    // Our keys stay readable, or nobody could verify us.
    assert_eq!(as2("/actor").await.unwrap().status(), 200);
    assert_eq!(as2("/actors/paris").await.unwrap().status(), 200);

    let response = peer
        .signed_get("alice", &app.url("/events/secret-ish"))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["vary"], "Accept, Signature");

    // Browsers still get the page.
    assert_eq!(
        app.get("/events/secret-ish").send().await.unwrap().status(),
        200
    );
}

async fn gone_actors_answer_with_tombstones_too(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("ghost.localhost").await;
    peer.make_gone("ghost");
    let chapter = format!("{}/actors/paris", app.base);
    let delete = json!({"id": peer.id("d"), "type": "Delete", "actor": peer.actor("ghost"), "object": peer.actor("ghost")});
    assert_eq!(
        peer.send("ghost", &app.url("/inbox"), &delete).await.0,
        202,
        "a deleted account is not an error"
    );
    let follow = peer.follow("ghost", &chapter, "f");
    assert_eq!(
        peer.send("ghost", &app.url("/inbox"), &follow).await.0,
        401,
        "but it cannot follow"
    );
}

/// A host failing for over an hour is marked unavailable (security case 50): new deliveries
/// to it wait, and its first success restores it.
async fn failing_hosts_are_skipped_until_they_answer(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("flaky.localhost").await;
    followed(&app, &peer).await;
    peer.answer_with(503);
    // It has been failing for two hours already.
    app.exec(&format!(
        "UPDATE hosts SET failures = 7, first_failure_at = '{}' WHERE host = '{}'",
        (chrono::Utc::now() - chrono::TimeDelta::hours(2)).to_rfc3339(),
        peer.host
    ))
    .await;
    app.create_initiative(json!({"name": "One more failure"}))
        .await;
    peer.wait_for(2).await;
    eventually("the host to be unavailable", async || {
        let view: Value = app.admin_json("/api/v1/deliveries").await;
        view["unavailable_hosts"][0]["host"] == peer.host
    })
    .await;

    // The failed delivery is given up; a new one to that host is not attempted now.
    app.exec("UPDATE deliveries SET state = 'failed' WHERE state = 'pending'")
        .await;
    app.create_initiative(json!({"name": "Held back"})).await;
    eventually("the delivery to wait for the host", async || {
        app.deliver_now().await;
        let view: Value = app.admin_json("/api/v1/deliveries").await;
        view["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["last_error"] == "waiting: the host is unavailable")
    })
    .await;
    assert_eq!(
        peer.received().len(),
        2,
        "nothing sent to an unavailable host"
    );

    // An hour later it is probed; the host answers again: available, and the delivery is made.
    peer.answer_with(202);
    app.make_deliveries_due().await;
    while app.deliver_now().await > 0 {}
    let view: Value = app.admin_json("/api/v1/deliveries").await;
    assert_eq!(view["unavailable_hosts"], json!([]), "{view}");
    assert!(
        peer.received()
            .iter()
            .any(|r| r.body["object"]["nameMap"]["en"] == "Held back")
    );
}

on_both_engines!(
    a_failing_delivery_holds_back_only_its_object,
    failing_hosts_are_skipped_until_they_answer,
    retries_server_errors_and_gives_up_on_refusals,
    restarts_lose_and_repeat_nothing,
    changes_recorded_before_a_crash_are_published,
    authorized_fetch_requires_signatures,
    gone_actors_answer_with_tombstones_too,
);
