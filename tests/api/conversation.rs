//! Conversations from the fediverse, sent by a scripted Mastodon-shaped server: replies become
//! comments (held for review, shown, edited, deleted), favourites and boosts are counted, and
//! every way of lying or flooding is refused.

use serde_json::{Value, json};

use partage::domain::account::Role;

use crate::admin::{Browser, user};
use crate::on_both_engines;
use crate::peer::Peer;
use crate::support::{Engine, TestApp};

pub const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// A chapter with one event; its ActivityPub id.
async fn chapter_with_event(app: &TestApp) -> String {
    app.create_event(json!({"name": "Repair night", "starts_at": "2099-06-06T18:00", "timezone": "Europe/Paris", "location": {"locality": "Paris"}}))
        .await;
    let id = partage::domain::event::get_published(&app.db, "repair-night")
        .await
        .unwrap()
        .id;
    format!("{}/ap/events/{id}", app.base)
}

/// `name`'s reply `id` to `parent`, addressed to `to`.
pub fn reply(peer: &Peer, name: &str, id: &str, parent: &str, html: &str, to: Value) -> Value {
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": peer.id(&format!("{id}/activity")), "type": "Create", "actor": peer.actor(name),
        "to": to, "cc": [format!("{}/followers", peer.actor(name))],
        "object": {
            "id": peer.id(id), "type": "Note", "attributedTo": peer.actor(name),
            "inReplyTo": parent, "content": html, "contentMap": {"en": html},
            "url": peer.id(&format!("@{name}/{id}")), "published": "2026-12-01T10:00:00Z",
            "to": to, "cc": [format!("{}/followers", peer.actor(name))],
        }
    })
}

async fn comments(app: &TestApp) -> Value {
    app.get_json("/api/v1/events/repair-night/comments").await.1
}

async fn replies_become_comments_once_approved(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("mastodon.localhost").await;
    let event = chapter_with_event(&app).await;
    let inbox = app.url("/inbox");

    // A public reply, with a script inside: held for review, and an admin is told.
    let html = "<p>Is it <strong>wheelchair</strong> accessible?<script>alert(1)</script></p>";
    let (status, body) = peer
        .send(
            "alice",
            &inbox,
            &reply(&peer, "alice", "r1", &event, html, json!([PUBLIC])),
        )
        .await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(
        comments(&app).await["items"],
        json!([]),
        "not shown before review"
    );
    let waiting = app.admin_json("/api/v1/comments").await;
    assert_eq!(waiting.as_array().unwrap().len(), 1, "{waiting}");
    let id = waiting[0]["id"].as_i64().unwrap();
    assert_eq!(waiting[0]["author_handle"], "@alice@mastodon.localhost");
    assert!(!waiting[0]["content"].as_str().unwrap().contains("script"));
    assert_eq!(app.count("notices").await, 1);

    // The same delivery again stores nothing twice.
    let again = reply(&peer, "alice", "r1", &event, html, json!([PUBLIC]));
    let mut again = again.clone();
    again["id"] = json!(peer.id("r1/activity-again"));
    assert_eq!(peer.send("alice", &inbox, &again).await.0, 202);
    assert_eq!(app.count("comments").await, 1);

    // Approved: under the event, in the API and on its page.
    let response = app
        .post_json(
            &format!("/api/v1/comments/{id}"),
            &json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let shown = comments(&app).await;
    assert_eq!(shown["replies_count"], 1, "{shown}");
    assert_eq!(
        shown["items"][0]["content"],
        "<p>Is it <strong>wheelchair</strong> accessible?</p>"
    );
    let page = app.page_text("/events/repair-night").await;
    assert!(
        page.contains("wheelchair") && page.contains("@alice@mastodon.localhost"),
        "{page}"
    );

    // The event's `replies` collection lists it (FEP-7458), for the servers showing the post.
    let object = app.get_as2(&event).await;
    // Embedded as Mastodon does, with a first page naming the next: GoToSocial reads only that.
    assert_eq!(object["replies"]["id"], format!("{event}/replies"));
    assert_eq!(
        object["replies"]["first"]["next"],
        format!("{event}/replies?page=1")
    );
    let replies = app.get_as2(&format!("{event}/replies")).await;
    assert_eq!(replies["totalItems"], 1, "{replies}");
    assert_eq!(replies["first"], format!("{event}/replies?page=1"));
    let page = app.get_as2(&format!("{event}/replies?page=1")).await;
    assert_eq!(page["orderedItems"], json!([peer.id("r1")]), "{page}");

    // A reply to that reply, from someone else: part of the same conversation.
    let comment_id = peer.id("r1");
    let answer = reply(
        &peer,
        "bob",
        "r2",
        &comment_id,
        "<p>Yes, step-free.</p>",
        json!([PUBLIC]),
    );
    assert_eq!(peer.send("bob", &inbox, &answer).await.0, 202);
    let waiting = app.admin_json("/api/v1/comments").await;
    assert_eq!(waiting[0]["in_reply_to"], comment_id, "{waiting}");

    // Its author edits it; nobody else can, nor delete it.
    let mut edit = reply(
        &peer,
        "alice",
        "r1",
        &event,
        "<p>Is it accessible by wheelchair?</p>",
        json!([PUBLIC]),
    );
    edit["type"] = json!("Update");
    edit["id"] = json!(peer.id("r1/edit"));
    assert_eq!(peer.send("alice", &inbox, &edit).await.0, 202);
    let shown = comments(&app).await;
    assert_eq!(
        shown["items"][0]["content"],
        "<p>Is it accessible by wheelchair?</p>"
    );
    assert!(shown["items"][0]["edited_at"].is_string());
    let forged = json!({"id": peer.id("d0"), "type": "Delete", "actor": peer.actor("bob"), "object": comment_id});
    assert_eq!(peer.send("bob", &inbox, &forged).await.0, 403);
    let delete = json!({"id": peer.id("d1"), "type": "Delete", "actor": peer.actor("alice"),
        "object": {"id": comment_id, "type": "Tombstone"}});
    assert_eq!(peer.send("alice", &inbox, &delete).await.0, 202);
    assert_eq!(comments(&app).await["replies_count"], 0);

    // Deleting the event takes its comments with it.
    assert_eq!(
        app.delete("/api/v1/events/repair-night").await.status(),
        204
    );
    assert_eq!(app.count("comments").await, 0);
}

async fn private_forged_and_deep_replies(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("mastodon.localhost").await;
    let event = chapter_with_event(&app).await;
    let inbox = app.url("/inbox");
    let chapter = format!("{}/actors/paris", app.base);

    // Addressed to the chapter alone: kept private, never shown, cannot be approved.
    let direct = reply(
        &peer,
        "alice",
        "dm",
        &event,
        "<p>Just between us</p>",
        json!([chapter]),
    );
    assert_eq!(peer.send("alice", &inbox, &direct).await.0, 202);
    let waiting = app.admin_json("/api/v1/comments").await;
    assert_eq!(waiting[0]["visibility"], "private");
    let id = waiting[0]["id"].as_i64().unwrap();
    let response = app
        .post_json(
            &format!("/api/v1/comments/{id}"),
            &json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(response.status(), 409);
    let page = app.page_text("/events/repair-night").await;
    assert!(!page.contains("Just between us"));

    // A reply claiming another author, or sent from another server: refused.
    let mut forged = reply(
        &peer,
        "bob",
        "f1",
        &event,
        "<p>I am alice</p>",
        json!([PUBLIC]),
    );
    forged["object"]["attributedTo"] = json!(peer.actor("alice"));
    assert_eq!(peer.send("bob", &inbox, &forged).await.0, 403);
    let mut elsewhere = reply(
        &peer,
        "bob",
        "f2",
        &event,
        "<p>elsewhere</p>",
        json!([PUBLIC]),
    );
    elsewhere["object"]["id"] = json!("https://other.example/notes/1");
    assert_eq!(peer.send("bob", &inbox, &elsewhere).await.0, 403);

    // A post that mentions the chapter without replying to it waits for the admins, who answer
    // it from their own account: it is never shown on a page, nor approved.
    let mut mention = reply(
        &peer,
        "dora",
        "hey",
        "",
        "<p>@paris do you know a tool library?</p>",
        json!([PUBLIC]),
    );
    mention["object"]
        .as_object_mut()
        .unwrap()
        .remove("inReplyTo");
    mention["object"]["tag"] = json!([{"type": "Mention", "href": chapter, "name": "@paris"}]);
    assert_eq!(peer.send("dora", &inbox, &mention).await.0, 202);
    let waiting = app.admin_json("/api/v1/comments").await;
    assert_eq!(waiting[0]["entry_kind"], "chapter", "{waiting}");
    let id = waiting[0]["id"].as_i64().unwrap();
    let response = app
        .post_json(
            &format!("/api/v1/comments/{id}"),
            &json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(response.status(), 409);
    let mut plain = mention.clone();
    plain["id"] = json!(peer.id("plain/activity"));
    plain["object"]["id"] = json!(peer.id("plain"));
    plain["object"]["tag"] = json!([]);
    assert_eq!(
        peer.send("dora", &inbox, &plain).await.0,
        202,
        "a post about nothing of ours"
    );
    assert_eq!(app.count("comments").await, 2);

    // A reply to something that is not ours is not kept.
    let unrelated = reply(
        &peer,
        "bob",
        "u1",
        "https://other.example/notes/2",
        "<p>hi</p>",
        json!([PUBLIC]),
    );
    assert_eq!(peer.send("bob", &inbox, &unrelated).await.0, 202);

    // A chain of replies 100 deep: kept down to depth 50, the rest ignored.
    let mut parent = event.clone();
    for depth in 1..=100 {
        let id = format!("deep{depth}");
        let r = reply(
            &peer,
            "carol",
            &id,
            &parent,
            "<p>deeper</p>",
            json!([PUBLIC]),
        );
        assert_eq!(peer.send("carol", &inbox, &r).await.0, 202, "depth {depth}");
        parent = peer.id(&id);
    }
    assert_eq!(
        app.count("comments").await,
        2 + 50,
        "the private one, the mention and 50 of the chain"
    );
}

async fn favourites_and_boosts_are_counted_once(engine: Engine) {
    let app = TestApp::spawn_with(
        engine,
        "localhost",
        &[
            ("conversation.replies", "auto"),
            ("conversation.max_replies_per_hour", "2"),
        ],
    )
    .await;
    let peer = Peer::spawn("mastodon.localhost").await;
    let event = chapter_with_event(&app).await;
    let inbox = app.url("/inbox");

    let like =
        json!({"id": peer.id("l1"), "type": "Like", "actor": peer.actor("alice"), "object": event});
    assert_eq!(peer.send("alice", &inbox, &like).await.0, 202);
    let twice =
        json!({"id": peer.id("l2"), "type": "Like", "actor": peer.actor("alice"), "object": event});
    assert_eq!(peer.send("alice", &inbox, &twice).await.0, 202);
    let boost = json!({"id": peer.id("b1"), "type": "Announce", "actor": peer.actor("bob"), "object": event,
        "to": [PUBLIC]});
    assert_eq!(peer.send("bob", &inbox, &boost).await.0, 202);
    let counts = comments(&app).await;
    assert_eq!(
        (
            counts["likes_count"].as_i64(),
            counts["boosts_count"].as_i64()
        ),
        (Some(1), Some(1)),
        "{counts}"
    );
    let (_, view) = app.get_json("/api/v1/events/repair-night").await;
    assert_eq!(
        (view["likes_count"].as_i64(), view["boosts_count"].as_i64()),
        (Some(1), Some(1)),
        "{view}"
    );
    let page = app.page_text("/events/repair-night").await;
    assert!(
        page.contains("One person shared this") && page.contains("one favourite"),
        "{page}"
    );

    // Undone: the favourite by its embedded activity, the boost by its id alone.
    let undo =
        json!({"id": peer.id("ul"), "type": "Undo", "actor": peer.actor("alice"), "object": like});
    assert_eq!(peer.send("alice", &inbox, &undo).await.0, 202);
    let undo = json!({"id": peer.id("ub"), "type": "Undo", "actor": peer.actor("bob"),
        "object": {"id": peer.id("b1"), "type": "Announce", "actor": peer.actor("bob"), "object": event}});
    assert_eq!(peer.send("bob", &inbox, &undo).await.0, 202);
    let counts = comments(&app).await;
    assert_eq!(
        (
            counts["likes_count"].as_i64(),
            counts["boosts_count"].as_i64()
        ),
        (Some(0), Some(0))
    );

    // Replies shown at once, but not a flood: past 2 an hour, they wait.
    for n in 1..=3 {
        let r = reply(
            &peer,
            "alice",
            &format!("a{n}"),
            &event,
            "<p>again</p>",
            json!([PUBLIC]),
        );
        assert_eq!(peer.send("alice", &inbox, &r).await.0, 202);
    }
    assert_eq!(comments(&app).await["replies_count"], 2);
    assert_eq!(
        app.admin_json("/api/v1/comments")
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

async fn moderators_decide_in_the_admin(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("mastodon.localhost").await;
    let event = chapter_with_event(&app).await;
    let inbox = app.url("/inbox");
    for (name, id) in [("alice", "m1"), ("bob", "m2"), ("carol", "m3")] {
        let r = reply(
            &peer,
            name,
            id,
            &event,
            &format!("<p>Hello from {name}</p>"),
            json!([PUBLIC]),
        );
        assert_eq!(peer.send(name, &inbox, &r).await.0, 202);
    }
    user(&app, "ada", Role::Admin).await;
    let mut admin = Browser::signed_in(&app, "ada").await;
    let page = admin.get("/admin/comments").await;
    assert!(
        page.body.contains("Hello from alice") && page.body.contains("Hello from carol"),
        "{}",
        page.body
    );
    let ids: Vec<i64> = app
        .admin_json("/api/v1/comments")
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();

    // Two approved at once, one hidden; the hidden one reported to its server.
    let (alice, bob, carol) = (ids[2].to_string(), ids[1].to_string(), ids[0]);
    let done = admin
        .submit("/admin/comments/approve", &[("ids", &alice), ("ids", &bob)])
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let done = admin
        .submit(&format!("/admin/comments/{carol}"), &[("decision", "hide")])
        .await;
    assert_eq!(done.status, 303);
    assert_eq!(comments(&app).await["replies_count"], 2);
    let done = admin
        .submit(
            &format!("/admin/comments/{carol}"),
            &[("decision", "report"), ("reason", "Spam")],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let flag = peer
        .wait_for_posts(1)
        .await
        .into_iter()
        .find(|r| r.body["type"] == "Flag")
        .expect("a Flag");
    assert_eq!(
        flag.body["object"],
        json!([peer.actor("carol"), peer.id("m3")])
    );
    assert_eq!(flag.body["content"], "Spam");
    assert_eq!(flag.body["actor"], format!("{}/actor", app.base));
    // Its author blocked: their comments go, and what they send next is refused.
    let done = admin
        .submit(
            &format!("/admin/comments/{carol}"),
            &[("decision", "block-author")],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(app.count("comments").await, 2, "alice's and bob's stay");
    let again = reply(&peer, "carol", "m4", &event, "<p>Back</p>", json!([PUBLIC]));
    assert_eq!(peer.send("carol", &inbox, &again).await.0, 403);
    let log = admin.get("/admin/log").await;
    assert!(log.body.contains("comment.approve") && log.body.contains("comment.report"));
    assert!(log.body.contains("actor.block"), "{}", log.body);
}

on_both_engines!(
    moderators_decide_in_the_admin,
    replies_become_comments_once_approved,
    private_forged_and_deep_replies,
    favourites_and_boosts_are_counted_once,
);
