//! The inbox against a scripted peer: following and unfollowing, and every way of lying.

use std::time::{Duration, Instant, SystemTime};

use partage::federation::signature::{self, SignedRequest};
use serde_json::{Value, json};

use crate::on_both_engines;
use crate::peer::{Peer, Received};
use crate::support::{Engine, TestApp, eventually};

/// Checks that a delivery from us carries a valid draft-cavage signature of our chapter.
async fn assert_signed_by_us(app: &TestApp, received: &Received) {
    let request = SignedRequest {
        method: &axum::http::Method::POST,
        path_and_query: &received.path,
        scheme: "http",
        headers: &received.headers,
        body: Some(&received.raw),
    };
    let claim = signature::inspect(&request).expect("a well-formed signature");
    assert_eq!(claim.key_id, format!("{}/actors/paris#main-key", app.base));
    let (_, actor) = app.get_json("/actor").await;
    let chapter: Value = app
        .client
        .get(app.url("/actors/paris"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        claim.verify(chapter["publicKey"]["publicKeyPem"].as_str().unwrap()),
        "our signature verifies"
    );
    assert_ne!(actor["publicKey"], chapter["publicKey"]);
    let signed = received.headers["signature"].to_str().unwrap();
    assert!(
        signed.contains("headers=\"(request-target) content-type date digest host\""),
        "{signed}"
    );
}

async fn follow_publish_and_unfollow(engine: Engine) {
    // Arrange: two people on one remote server.
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("mastodon.localhost").await;
    let chapter = format!("{}/actors/paris", app.base);
    let inbox = app.url("/actors/paris/inbox");

    // Act: both follow.
    let (status, _) = peer
        .send("alice", &inbox, &peer.follow("alice", &chapter, "f1"))
        .await;
    assert_eq!(status, 202);
    let (status, _) = peer
        .send(
            "bob",
            &app.url("/inbox"),
            &peer.follow("bob", &chapter, "f2"),
        )
        .await;
    assert_eq!(status, 202);

    // Assert: each gets an Accept of its Follow, signed by the chapter, at its own inbox.
    let accepts = peer.wait_for(2).await;
    for accept in &accepts {
        assert_eq!(accept.body["type"], "Accept");
        assert_eq!(accept.body["actor"], chapter);
        assert_signed_by_us(&app, accept).await;
    }
    let accepted: Vec<&str> = accepts
        .iter()
        .map(|a| a.body["object"]["id"].as_str().unwrap())
        .collect();
    assert!(
        accepted.contains(&peer.id("f1").as_str()) && accepted.contains(&peer.id("f2").as_str())
    );
    let (_, followers) = app.get_json("/actors/paris/followers").await;
    assert_eq!(followers["totalItems"], 2);

    // Publishing reaches the server once, at its shared inbox, signed.
    app.create_event(json!({"name": "Swap", "starts_at": "2099-05-01T10:00", "online_url": "https://m.example/s"})).await;
    let received = peer.wait_for_posts(3).await;
    let create = &received[2];
    assert_eq!(
        (create.path.as_str(), create.body["type"].as_str()),
        ("/inbox", Some("Create"))
    );
    assert_eq!(create.body["object"]["type"], "Event");
    assert_signed_by_us(&app, create).await;

    app.patch_json("/api/v1/events/swap", &json!({"name": "Big swap"}))
        .await;
    let update = &peer.wait_for_posts(4).await[3];
    assert_eq!(
        (
            update.body["type"].as_str(),
            update.body["object"]["name"].as_str()
        ),
        (Some("Update"), Some("Big swap"))
    );
    assert!(update.body["object"]["updated"].as_str() > create.body["object"]["updated"].as_str());

    app.delete("/api/v1/events/swap").await;
    let delete = &peer.wait_for_posts(5).await[4];
    assert_eq!(
        (
            delete.body["type"].as_str(),
            delete.body["object"]["type"].as_str()
        ),
        (Some("Delete"), Some("Tombstone"))
    );
    assert_eq!(delete.body["object"]["id"], create.body["object"]["id"]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        peer.received_posts().len(),
        5,
        "one POST per server, not per follower"
    );

    // Unfollow: the Undo embeds the Follow; by id works too.
    let undo = json!({"id": peer.id("u1"), "type": "Undo", "actor": peer.actor("alice"), "object": peer.follow("alice", &chapter, "f1")});
    assert_eq!(peer.send("alice", &inbox, &undo).await.0, 202);
    let undo_by_id = json!({"id": peer.id("u2"), "type": "Undo", "actor": peer.actor("bob"), "object": peer.id("f2")});
    assert_eq!(peer.send("bob", &inbox, &undo_by_id).await.0, 202);
    let (_, followers) = app.get_json("/actors/paris/followers").await;
    assert_eq!(followers["totalItems"], 0);
    app.create_initiative(json!({"name": "Nobody hears"})).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        peer.received_posts().len(),
        5,
        "no deliveries after unfollowing"
    );
}

async fn rfc9421_signatures_are_accepted(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("fedify.localhost").await;
    let chapter = format!("{}/actors/paris", app.base);
    let url = app.url("/actors/paris/inbox");
    let body = serde_json::to_vec(&peer.follow("alice", &chapter, "f9421")).unwrap();

    let headers = peer.rfc9421_headers("alice", &url, &body);
    assert_eq!(peer.post(&url, &headers, &body).await.0, 202);
    let styles = app.signature_styles().await;
    assert_eq!(styles, ["rfc9421"]);

    // Tampered: one byte of the body changed.
    let mut tampered = body.clone();
    tampered[10] ^= 1;
    let headers = peer.rfc9421_headers("alice", &url, &body);
    assert_eq!(peer.post(&url, &headers, &tampered).await.0, 401);
    // Signed for another path.
    let headers = peer.rfc9421_headers("alice", &app.url("/inbox"), &body);
    assert_eq!(peer.post(&url, &headers, &body).await.0, 401);
}

/// Every forged, stale or malformed request is refused with the right status, and nothing is
/// stored (security-cases 1–9, 18, 20, 21, 33, 35, 36, 38).
async fn forged_and_broken_requests_are_refused(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("mallory.localhost").await;
    let other = Peer::spawn("other.localhost").await;
    let chapter = format!("{}/actors/paris", app.base);
    let url = app.url("/actors/paris/inbox");
    let follow = peer.follow("alice", &chapter, "f1");
    let body = serde_json::to_vec(&follow).unwrap();
    let before = (
        app.count("followers").await,
        app.count("received_activities").await,
        app.count("remote_actors").await,
    );
    let good = peer.cavage_headers("alice", &url, &body);
    let header = |name: &str| good.iter().find(|(k, _)| k == name).unwrap().1.clone();
    let date_at = |offset_secs: i64| {
        let t = if offset_secs >= 0 {
            SystemTime::now() + Duration::from_secs(offset_secs as u64)
        } else {
            SystemTime::now() - Duration::from_secs((-offset_secs) as u64)
        };
        httpdate::fmt_http_date(t)
    };
    let path = "/actors/paris/inbox";
    let custom = |signed: &[&str], date: String, key_id: String| {
        let mut headers: Vec<(String, String)> = good
            .iter()
            .filter(|(k, _)| k != "signature" && k != "date")
            .cloned()
            .collect();
        headers.push(("date".into(), date));
        let signature = peer.cavage_custom("alice", &key_id, "POST", path, signed, &headers);
        headers.push(signature);
        headers
    };
    let all = ["(request-target)", "host", "date", "digest", "content-type"];
    let key = peer.key_id("alice");

    // 1. Unsigned: 401 and no fetch of the claimed actor.
    let unsigned: Vec<(String, String)> = good
        .iter()
        .filter(|(k, _)| k != "signature")
        .cloned()
        .collect();
    let (status, text) = peer.post(&url, &unsigned, &body).await;
    assert_eq!(status, 401, "{text}");
    assert_eq!(
        peer.fetches(),
        0,
        "no outbound fetch for an unsigned request"
    );

    type Case = (&'static str, Vec<(String, String)>, Vec<u8>, u16);
    let cases: Vec<Case> = vec![
        (
            "2. body altered after signing",
            good.clone(),
            {
                let mut b = body.clone();
                b[12] ^= 1;
                b
            },
            401,
        ),
        (
            "3. digest not signed",
            custom(
                &["(request-target)", "host", "date", "content-type"],
                header("date"),
                key.clone(),
            ),
            body.clone(),
            401,
        ),
        (
            "4. neither date nor (created) signed",
            custom(
                &["(request-target)", "host", "digest"],
                header("date"),
                key.clone(),
            ),
            body.clone(),
            401,
        ),
        (
            "5. date two hours old",
            custom(&all, date_at(-7200), key.clone()),
            body.clone(),
            401,
        ),
        (
            "5. date 61 minutes ahead",
            custom(&all, date_at(61 * 60), key.clone()),
            body.clone(),
            401,
        ),
        (
            "5. unparseable date",
            custom(&all, "yesterday".into(), key.clone()),
            body.clone(),
            401,
        ),
        (
            "7. key on another host",
            custom(&all, header("date"), other.key_id("alice")),
            body.clone(),
            401,
        ),
        (
            "36. invalid UTF-8 (signed)",
            {
                let b = vec![b'{', 0xff, b'}'];
                peer.cavage_headers("alice", &url, &b)
            },
            vec![b'{', 0xff, b'}'],
            400,
        ),
        (
            "35. nested 10,000 deep (signed)",
            {
                let b = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes();
                peer.cavage_headers("alice", &url, &b)
            },
            format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(),
            400,
        ),
    ];
    for (name, headers, body, expected) in cases {
        let (status, text) = peer.post(&url, &headers, &body).await;
        assert_eq!(status, expected, "{name}: {text}");
        let error: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert!(
            error["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{name}: {text}"
        );
    }

    // 6. Replayed to another path.
    let (status, _) = peer.post(&app.url("/inbox"), &good, &body).await;
    assert_eq!(status, 401, "6. request-target mismatch");

    // 8. Activity id on another host than its actor.
    let foreign_id = json!({"id": other.id("x"), "type": "Follow", "actor": peer.actor("alice"), "object": chapter});
    assert_eq!(
        peer.send("alice", &url, &foreign_id).await.0,
        400,
        "8. id host ≠ actor host"
    );

    // 9. Signed by bob, claiming to be alice.
    let b = serde_json::to_vec(&follow).unwrap();
    let mut headers: Vec<(String, String)> = peer.cavage_headers("bob", &url, &b);
    headers.retain(|(k, _)| k != "signature");
    headers.push(peer.cavage_custom("bob", &peer.key_id("bob"), "POST", path, &all, &headers));
    assert_eq!(
        peer.post(&url, &headers, &b).await.0,
        401,
        "9. signer ≠ actor"
    );

    // 21. An actor claiming our own domain.
    let ours = json!({"id": format!("{}/x", app.base), "type": "Follow", "actor": chapter, "object": chapter});
    assert_eq!(
        peer.send("alice", &url, &ours).await.0,
        401,
        "21. our own actor, signed by another"
    );

    // 38. Two actors.
    let two = json!({"id": peer.id("two"), "type": "Follow", "actor": [peer.actor("alice"), other.actor("bob")], "object": chapter});
    assert_eq!(
        peer.send("alice", &url, &two).await.0,
        400,
        "38. actor as an array"
    );

    // 33. Over 1 MiB: 413.
    let huge = vec![b' '; 2 * 1024 * 1024];
    assert_eq!(
        peer.post(&url, &peer.cavage_headers("alice", &url, &huge), &huge)
            .await
            .0,
        413,
        "33. 2 MiB"
    );

    let after = (
        app.count("followers").await,
        app.count("received_activities").await,
    );
    assert_eq!(after, (before.0, before.1), "nothing was stored");

    // 20. The same activity twice: processed once (one Accept).
    assert_eq!(peer.send("alice", &url, &follow).await.0, 202);
    assert_eq!(peer.send("alice", &url, &follow).await.0, 202);
    the_only_accept(&peer, "20. processed once").await;

    // 18. Bob undoing Alice's follow changes nothing.
    let undo =
        json!({"id": peer.id("u"), "type": "Undo", "actor": peer.actor("bob"), "object": follow});
    assert_eq!(
        peer.send("bob", &url, &undo).await.0,
        403,
        "18. undo by someone else"
    );
    assert_eq!(app.count("followers").await, 1);

    // Activities we do not handle: 202, ignored.
    let like = json!({"id": peer.id("like"), "type": "Like", "actor": peer.actor("alice"), "object": chapter});
    assert_eq!(peer.send("alice", &url, &like).await.0, 202);
}

/// 52. A signer whose key never arrives: the inbox still answers within 10 s.
async fn inbox_answers_when_the_key_fetch_hangs(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("slow.localhost").await;
    let chapter = format!("{}/actors/paris", app.base);
    let started = Instant::now();
    let (status, _) = peer
        .send(
            "slow",
            &app.url("/inbox"),
            &peer.follow("slow", &chapter, "f"),
        )
        .await;
    assert_eq!(status, 401);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

/// How many Accepts the peer received.
fn accepts(peer: &Peer) -> usize {
    peer.received()
        .iter()
        .filter(|r| r.body["type"] == "Accept")
        .count()
}

/// Waits for an Accept, then a while longer for a second one that must not come.
async fn the_only_accept(peer: &Peer, what: &str) {
    eventually("an Accept", async || accepts(peer) > 0).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(accepts(peer), 1, "{what}");
}

/// 20, at once: the same activity five times in parallel is processed once (the batching of
/// receipts itself is unit-tested in `federation::receipts`).
async fn the_same_activity_at_once_is_processed_once(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("eager.localhost").await;
    let chapter = format!("{}/actors/paris", app.base);
    let (inbox, follow) = (app.url("/inbox"), peer.follow("dora", &chapter, "f"));
    let sends = (0..5).map(|_| peer.send("dora", &inbox, &follow));
    let statuses: Vec<u16> = futures::future::join_all(sends)
        .await
        .into_iter()
        .map(|(status, _)| status)
        .collect();
    assert_eq!(statuses, [202; 5]);
    the_only_accept(&peer, "processed once").await;
    assert_eq!(app.count("received_activities").await, 1);
}

/// A deleted account (its actor answers 410) is forgotten without error spam.
async fn deleted_accounts_are_forgotten(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("gone.localhost").await;
    let chapter = format!("{}/actors/paris", app.base);
    assert_eq!(
        peer.send(
            "carol",
            &app.url("/inbox"),
            &peer.follow("carol", &chapter, "f")
        )
        .await
        .0,
        202
    );
    assert_eq!(app.count("followers").await, 1);
    let delete = json!({"id": peer.id("d"), "type": "Delete", "actor": peer.actor("carol"), "object": peer.actor("carol")});
    assert_eq!(peer.send("carol", &app.url("/inbox"), &delete).await.0, 202);
    assert_eq!(app.count("followers").await, 0);
}

/// 19. An Accept of our Follow from anyone but the followed actor leaves it pending.
async fn only_the_followee_accepts(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("accept.localhost").await;
    let response = app
        .post_json("/api/v1/follows", &json!({"target": peer.actor("bob")}))
        .await;
    assert_eq!(response.status(), 202);
    let follow_id = peer.wait_for(1).await[0].body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let state = async || {
        let list: Value = app.admin_json("/api/v1/follows").await;
        list[0]["state"].as_str().unwrap().to_owned()
    };

    let forged = json!({"id": peer.id("a1"), "type": "Accept", "actor": peer.actor("mallory"), "object": follow_id});
    assert_eq!(
        peer.send("mallory", &app.url("/inbox"), &forged).await.0,
        403
    );
    assert_eq!(state().await, "pending");

    let real = json!({"id": peer.id("a2"), "type": "Accept", "actor": peer.actor("bob"), "object": follow_id});
    assert_eq!(peer.send("bob", &app.url("/inbox"), &real).await.0, 202);
    assert_eq!(state().await, "accepted");
}

on_both_engines!(
    only_the_followee_accepts,
    follow_publish_and_unfollow,
    rfc9421_signatures_are_accepted,
    forged_and_broken_requests_are_refused,
    inbox_answers_when_the_key_fetch_hangs,
    deleted_accounts_are_forgotten,
    the_same_activity_at_once_is_processed_once,
);
