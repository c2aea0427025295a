//! Federation controls against a scripted remote server: followers, follows and curation,
//! domain blocks, deliveries.

use partage::domain::account::Role;
use serde_json::json;

use super::{Browser, inline_error, problems, user};
use crate::on_both_engines;
use crate::peer::Peer;
use crate::support::{Engine, TestApp, eventually};

async fn federation_controls(engine: Engine) {
    let app = TestApp::spawn_as(engine, "paris.localhost").await;
    user(&app, "alice", Role::Admin).await;
    let peer = Peer::spawn("spam.localhost").await;
    let chapter = format!("{}/actors/paris", app.base);
    let inbox = app.url("/actors/paris/inbox");
    for name in ["alice", "bob"] {
        let (status, _) = peer
            .send(name, &inbox, &peer.follow(name, &chapter, name))
            .await;
        assert_eq!(status, 202);
    }
    peer.wait_for(2).await;
    let mut admin = Browser::signed_in(&app, "alice").await;
    let page = admin.get("/admin/followers").await;
    assert!(
        page.body.contains("2 accounts follow the chapter"),
        "{}",
        page.body
    );

    // Remove one follower: it is told with a Reject of its Follow.
    let page = admin
        .submit(
            "/admin/followers/remove",
            &[("actor", &peer.actor("alice"))],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    app.deliver_now().await;
    let received = peer.wait_for(3).await;
    let reject = &received[2].body;
    assert_eq!(reject["type"], "Reject");
    assert_eq!(reject["object"]["id"], peer.id("alice"));
    assert_eq!(
        admin
            .submit(
                "/admin/followers/remove",
                &[("actor", &peer.actor("alice"))]
            )
            .await
            .status,
        404
    );

    // Follow an actor there, then curate what is mirrored from it.
    let page = admin
        .submit(
            "/admin/follows",
            &[("target", &peer.actor("dave")), ("policy", "review")],
        )
        .await;
    assert_eq!(page.status, 303, "{:?}", problems(&page.body));
    let follows = admin.get("/admin/follows").await;
    assert!(follows.body.contains(&peer.actor("dave")));
    let (_, rest) = follows.body.split_once("action=\"/admin/follows/").unwrap();
    let follow = format!("/admin/follows/{}", rest.split('"').next().unwrap());
    let page = admin
        .submit(
            &follow,
            &[
                ("action", "curation"),
                ("policy", "auto"),
                ("categories", "food"),
                ("south", "48"),
                ("west", "2"),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "half an area");
    assert!(
        problems(&page.body)
            .iter()
            .any(|p| p.contains("four limits")),
        "{:?}",
        problems(&page.body)
    );
    let page = admin
        .submit(
            &follow,
            &[
                ("action", "curation"),
                ("policy", "auto"),
                ("categories", "food"),
                ("categories", "repair"),
                ("south", "48.7"),
                ("west", "2.2"),
                ("north", "49"),
                ("east", "2,5"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{:?}", problems(&page.body));
    let list = app.admin_json("/api/v1/follows").await;
    assert_eq!(list[0]["policy"], "auto");
    assert_eq!(list[0]["categories"], json!(["food", "repair"]));
    assert_eq!(list[0]["bbox"], json!([48.7, 2.2, 49.0, 2.5]));
    let page = admin
        .submit(&follow, &[("action", "curation"), ("policy", "sometimes")])
        .await;
    assert_eq!(page.status, 422);
    assert_eq!(
        admin.submit(&follow, &[("action", "dance")]).await.status,
        422
    );
    assert_eq!(
        admin
            .submit("/admin/follows/99999", &[("action", "unfollow")])
            .await
            .status,
        404
    );

    // Block the domain: its last follower goes, and what it sends is refused.
    let page = admin.submit("/admin/blocks", &[("domain", "")]).await;
    assert_eq!(page.status, 422);
    for ours in [
        "paris.localhost",
        "localhost",
        "https://paris.localhost/actors/paris",
    ] {
        let page = admin.submit("/admin/blocks", &[("domain", ours)]).await;
        assert_eq!(
            page.status, 422,
            "{ours}: our own domain, or a top-level one"
        );
    }
    let page = admin
        .submit(
            "/admin/blocks",
            &[("domain", "SPAM.localhost"), ("reason", "spam")],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(app.count("followers").await, 0);
    let (status, body) = peer
        .send("carol", &inbox, &peer.follow("carol", &chapter, "carol"))
        .await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("spam.localhost"), "{body}");
    assert_eq!(app.count("followers").await, 0);
    assert!(
        admin
            .get("/admin/blocks")
            .await
            .body
            .contains("spam.localhost")
    );

    // Unblock: it may follow again.
    let page = admin
        .submit("/admin/blocks/remove", &[("domain", "spam.localhost")])
        .await;
    assert_eq!(page.status, 303);
    let (status, _) = peer
        .send("carol", &inbox, &peer.follow("carol", &chapter, "carol2"))
        .await;
    assert_eq!(status, 202);
    eventually("carol follows", async || app.count("followers").await == 1).await;

    // Deliveries: a host that fails shows, and "retry now" sends at once.
    peer.answer_with(500);
    app.create_initiative(json!({"name": "News"})).await;
    app.deliver_now().await;
    let page = admin.get("/admin/deliveries").await;
    assert!(page.body.contains(&peer.host), "{}", page.body);
    peer.answer_with(202);
    let page = admin
        .submit("/admin/deliveries/retry", &[("host", &peer.host)])
        .await;
    assert_eq!(page.status, 303);
    app.deliver_now().await;
    eventually("the retried delivery arrives", async || {
        peer.received().iter().any(|r| r.body["type"] == "Create")
    })
    .await;

    // Bad input elsewhere: explained, nothing changed.
    assert_eq!(
        admin
            .submit("/admin/deliveries/retry", &[("host", "")])
            .await
            .status,
        422
    );
    assert_eq!(
        admin
            .submit("/admin/blocks/remove", &[("domain", "never.example")])
            .await
            .status,
        404
    );
    assert_eq!(
        admin
            .submit("/admin/followers/remove", &[("actor", "")])
            .await
            .status,
        404
    );

    // Follows: a bad target is explained.
    let page = admin
        .submit(
            "/admin/follows",
            &[("target", "not a handle"), ("policy", "auto")],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(inline_error(&page.body, "target").is_some());
    let page = admin
        .submit(
            "/admin/follows",
            &[("target", "@x@y.example"), ("policy", "sometimes")],
        )
        .await;
    assert_eq!(page.status, 422);
}

on_both_engines!(federation_controls,);
