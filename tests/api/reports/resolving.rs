//! Resolving reports: removing a comment or an entry, blocking an actor or a server, dismissing;
//! who may do each, and the activity log.

use partage::domain::account::Role;
use serde_json::{Value, json};

use super::{flag, reply, reports, resolve, with_event};
use crate::admin::{Browser, user};
use crate::on_both_engines;
use crate::peer::Peer;
use crate::support::{Engine, TestApp};

async fn resolving_reports(engine: Engine) {
    // Arrange: a follower on one server, a flagging server, an event with two comments.
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("mastodon.localhost").await;
    let flagger = Peer::spawn("flagger.localhost").await;
    let chapter = format!("{}/actors/paris", app.base);
    let follow = peer.follow("alice", &chapter, "f1");
    assert_eq!(peer.send("alice", &app.url("/inbox"), &follow).await.0, 202);
    peer.wait_for(1).await;
    let event = with_event(&app).await;
    let first = reply(&app, &peer, "bob", "r1", &event).await;
    let second = reply(&app, &peer, "carol", "r2", &event).await;
    for (i, post) in [&first, &second, &first].into_iter().enumerate() {
        let report = flag(&flagger, &format!("flag{i}"), json!([post]), "spam");
        assert_eq!(
            flagger
                .send("instance", &app.url("/inbox"), &report)
                .await
                .0,
            202
        );
    }
    let open = reports(&app, "open").await;
    assert_eq!(open.len(), 3);
    let (on_second, on_first) = (&open[1]["id"], &open[2]["id"]);
    assert_eq!(open[2]["comment_ap_id"], first.as_str());
    assert_eq!(open[2]["reported_actor"], peer.actor("bob"));

    // Remove the comment: gone, and both reports about it closed.
    assert_eq!(
        resolve(&app, on_first, "remove_comment").await.status(),
        200
    );
    assert_eq!(app.count("comments").await, 1);
    assert_eq!(reports(&app, "open").await.len(), 1);
    assert_eq!(
        resolve(&app, on_first, "dismiss").await.status(),
        409,
        "closed already"
    );

    // Block the actor (an admin; an editor may not): what it sends is refused from now on.
    user(&app, "eddie", Role::Editor).await;
    user(&app, "root", Role::Admin).await;
    let mut editor = Browser::signed_in(&app, "eddie").await;
    let path = format!("/admin/reports/{on_second}");
    assert_eq!(
        editor
            .submit(&path, &[("action", "block_actor")])
            .await
            .status,
        403
    );
    let mut admin = Browser::signed_in(&app, "root").await;
    let page = admin.submit(&path, &[("action", "block_actor")]).await;
    assert_eq!(
        (page.status, page.location.as_str()),
        (303, "/admin/reports?notice=blocked")
    );
    assert_eq!(app.count("actor_blocks").await, 1);
    assert_eq!(
        app.count("comments").await,
        0,
        "the actor's comment went with it"
    );
    let again = json!({"id": peer.id("r3/activity"), "type": "Like", "actor": peer.actor("carol"), "object": event});
    assert_eq!(peer.send("carol", &app.url("/inbox"), &again).await.0, 403);

    // Dismiss a reader's report; block a domain; remove an entry (a Delete reaches followers).
    let reader = json!({"kind": "event", "slug": "repair-night", "reason": "wrong"});
    let submit = |body: &Value| {
        app.client
            .post(app.url("/api/v1/reports"))
            .json(body)
            .send()
    };
    assert_eq!(submit(&reader).await.unwrap().status(), 201);
    let id = reports(&app, "open").await[0]["id"].clone();
    let dismissed = resolve(&app, &id, "dismiss")
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(
        (
            dismissed["state"].as_str(),
            dismissed["resolution"].as_str()
        ),
        (Some("dismissed"), Some("dismissed"))
    );
    assert_eq!(submit(&reader).await.unwrap().status(), 201);
    let id = reports(&app, "open").await[0]["id"].clone();
    assert_eq!(
        resolve(&app, &id, "block_domain").await.status(),
        409,
        "no remote actor named"
    );
    let third = reply(&app, &flagger, "dave", "r4", &event).await;
    let report = flag(&peer, "flag9", json!([third]), "spam");
    assert_eq!(
        peer.send("instance", &app.url("/inbox"), &report).await.0,
        202
    );
    let about_dave = reports(&app, "open").await[0]["id"].clone();
    let page = admin
        .submit(
            &format!("/admin/reports/{about_dave}"),
            &[("action", "block_domain")],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(
        app.count("domain_blocks WHERE domain = 'flagger.localhost'")
            .await,
        1
    );
    let page = editor
        .submit(
            &format!("/admin/reports/{id}"),
            &[("action", "remove_entry")],
        )
        .await;
    assert_eq!(page.location, "/admin/reports?notice=deleted");
    // Gone: its page says so (a tombstone).
    assert_eq!(
        app.get("/events/repair-night")
            .send()
            .await
            .unwrap()
            .status(),
        410
    );
    app.deliver_now().await;
    let posts = peer.wait_for_posts(3).await;
    assert!(
        posts.iter().any(|p| p.body["type"] == "Delete"),
        "{:?}",
        posts.iter().map(|p| &p.body["type"]).collect::<Vec<_>>()
    );

    // Everything is closed, listed below, and in the activity log.
    assert!(reports(&app, "open").await.is_empty());
    assert_eq!(reports(&app, "resolved").await.len(), 5);
    assert_eq!(reports(&app, "dismissed").await.len(), 1);
    let bogus = app
        .admin(reqwest::Method::GET, "/api/v1/reports?state=bogus")
        .send()
        .await;
    assert_eq!(bogus.unwrap().status(), 422);
    assert!(
        admin
            .get("/admin/reports")
            .await
            .body
            .contains("domain flagger.localhost blocked")
    );
    let log = partage::domain::audit::recent(&app.db, 20, 0)
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "remove_comment",
        "block_actor",
        "dismiss",
        "block_domain",
        "remove_entry",
    ] {
        assert!(
            actions.contains(&format!("report.{action}").as_str()),
            "{actions:?}"
        );
    }

    // The blocked actor is listed with the domains, and its block can be lifted.
    let carol = peer.actor("carol");
    assert!(admin.get("/admin/blocks").await.body.contains(&carol));
    let page = admin
        .submit("/admin/blocks/remove", &[("actor", &carol)])
        .await;
    assert_eq!(page.location, "/admin/blocks?notice=unblocked");
    assert_eq!(app.count("actor_blocks").await, 0);
}

on_both_engines!(resolving_reports);
