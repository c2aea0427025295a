//! What the inbox makes us fetch: a rotated key costs one refetch, bad signatures and failing
//! hosts cost no more than that, and a flood of fresh actors from one host a bounded number.

use std::time::{Duration, Instant};

use futures::future::join_all;

use crate::on_both_engines;
use crate::peer::Peer;
use crate::support::{Engine, TestApp};

on_both_engines!(
    a_rotated_key_is_accepted_after_one_refetch,
    bad_signatures_refetch_the_key_once,
    a_failing_actor_is_not_asked_again_for_each_post,
    fresh_actors_from_one_host_cost_a_bounded_number_of_fetches,
);

async fn a_rotated_key_is_accepted_after_one_refetch(engine: Engine) {
    // Arrange: alice is known, with her first key.
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("rotating.localhost").await;
    let chapter = format!("{}/actors/paris", app.base);
    let inbox = app.url("/inbox");
    let follow = peer.follow("alice", &chapter, "before");
    assert_eq!(peer.send("alice", &inbox, &follow).await.0, 202);
    assert_eq!(peer.fetches(), 1);

    // Act: she rotates her key, then sends five activities at once signed with the new one.
    peer.rotate_key("alice");
    let sends = (0..5).map(|n| {
        let activity = peer.follow("alice", &chapter, &format!("after-{n}"));
        let (peer, inbox) = (&peer, &inbox);
        async move { peer.send("alice", inbox, &activity).await.0 }
    });
    let statuses = join_all(sends).await;

    // Assert: all accepted, after exactly one refetch.
    assert_eq!(statuses, [202; 5]);
    assert_eq!(peer.fetches(), 2, "one refetch for the new key");
}

async fn bad_signatures_refetch_the_key_once(engine: Engine) {
    // Arrange: alice is known.
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("forged.localhost").await;
    let chapter = format!("{}/actors/paris", app.base);
    let inbox = app.url("/inbox");
    let follow = peer.follow("alice", &chapter, "real");
    assert_eq!(peer.send("alice", &inbox, &follow).await.0, 202);

    // Act: 100 activities in alice's name, signed with mallory's key under alice's keyId.
    let mut statuses = Vec::new();
    for n in 0..100 {
        let body = serde_json::to_vec(&peer.follow("alice", &chapter, &format!("x{n}"))).unwrap();
        let mut headers: Vec<(String, String)> = peer
            .cavage_headers("mallory", &inbox, &body)
            .into_iter()
            .filter(|(k, _)| k != "signature")
            .collect();
        let signed = ["(request-target)", "host", "date", "digest", "content-type"];
        let signature = peer.cavage_custom(
            "mallory",
            &peer.key_id("alice"),
            "POST",
            "/inbox",
            &signed,
            &headers,
        );
        headers.push(signature);
        statuses.push(peer.post(&inbox, &headers, &body).await.0);
    }

    // Assert: all refused, and alice's key fetched again once in all.
    assert!(statuses.iter().all(|s| *s == 401), "{statuses:?}");
    assert!(peer.fetches() <= 2, "{} fetches", peer.fetches());
}

async fn a_failing_actor_is_not_asked_again_for_each_post(engine: Engine) {
    // "slow"'s document never arrives within the inbox's deadline.
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("down.localhost").await;
    let chapter = format!("{}/actors/paris", app.base);
    let inbox = app.url("/inbox");
    let started = Instant::now();
    for n in 0..5 {
        let follow = peer.follow("slow", &chapter, &format!("f{n}"));
        assert_eq!(peer.send("slow", &inbox, &follow).await.0, 401);
    }
    assert_eq!(peer.fetches(), 1, "asked once");
    assert!(
        started.elapsed() < Duration::from_secs(12),
        "{:?}",
        started.elapsed()
    );
}

async fn fresh_actors_from_one_host_cost_a_bounded_number_of_fetches(engine: Engine) {
    // Arrange: a budget of 5 fetches per host per minute.
    let app = TestApp::spawn_with(
        engine,
        "localhost",
        &[("federation.fetches_per_host_per_minute", "5")],
    )
    .await;
    let peer = Peer::spawn("flood.localhost").await;
    let chapter = format!("{}/actors/paris", app.base);
    let inbox = app.url("/inbox");

    // Act: 20 actors nobody has seen, one activity each.
    let started = std::time::Instant::now();
    let mut answers = Vec::new();
    for n in 0..20 {
        let name = format!("new{n}");
        let follow = peer.follow(&name, &chapter, &format!("f{n}"));
        let body = serde_json::to_vec(&follow).unwrap();
        let headers = peer.cavage_headers(&name, &inbox, &body);
        let response = reqwest::Client::new()
            .post(&inbox)
            .headers(
                headers
                    .iter()
                    .map(|(k, v)| (k.parse().unwrap(), v.parse().unwrap()))
                    .collect(),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        let retry_after = response.headers().get("retry-after").cloned();
        answers.push((response.status().as_u16(), retry_after));
    }

    // Assert: five fetched and accepted (a burst of five, then one more every 12 s, should a
    // loaded machine take that long); the others answered 429 with Retry-After, unfetched.
    let refilled = (started.elapsed().as_secs() / 12) as usize;
    let fetched = peer.fetches();
    assert!((5..=5 + refilled).contains(&fetched), "{fetched} fetches");
    assert!(answers[..5].iter().all(|(s, _)| *s == 202), "{answers:?}");
    let accepted = answers.iter().filter(|(s, _)| *s == 202).count();
    assert_eq!(accepted, fetched, "{answers:?}");
    for (status, retry_after) in answers.iter().filter(|(s, _)| *s != 202) {
        assert_eq!(*status, 429);
        let seconds: u64 = retry_after
            .as_ref()
            .unwrap()
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&seconds), "{seconds}");
    }
    assert_eq!(app.count("followers").await as usize, fetched);
}
