//! A merge carries over what hangs off the entry merged: the events it organises, its pictures
//! while the other has room, and what the fediverse said under it.

use serde_json::json;

use super::found::{at, created};
use crate::conversation::{PUBLIC, reply};
use crate::on_both_engines;
use crate::peer::Peer;
use crate::pictures::{png, upload};
use crate::support::{Engine, TestApp};

async fn nothing_hanging_off_is_lost(engine: Engine) {
    // Arrange: two of ours, the same ressourcerie; pictures for two per entry.
    let app = TestApp::spawn_with(
        engine,
        "localhost",
        &[("media.per_entry", "2"), ("conversation.replies", "auto")],
    )
    .await;
    let mut pictures = Vec::new();
    for name in ["kept.png", "second.png", "third.png"] {
        let (status, media) = upload(&app, png(300, 200), name, &[("description", name)]).await;
        assert_eq!(status, 201, "{media}");
        pictures.push(media["id"].as_str().unwrap().to_owned());
    }
    created(
        &app,
        &at(
            "Ressourcerie Le Poulpe",
            0.0,
            json!({"images": [pictures[0]]}),
        ),
    )
    .await;
    created(
        &app,
        &at(
            "Le Poulpe ressourcerie",
            18.0,
            json!({"images": [pictures[1], pictures[2]]}),
        ),
    )
    .await;
    app.create_event(
        json!({"name": "Repair evening", "starts_at": "2099-03-01T18:00",
        "location": {"locality": "Paris"}, "initiative": "le-poulpe-ressourcerie"}),
    )
    .await;
    let merged = app.get_as2("/initiatives/le-poulpe-ressourcerie").await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let peer = Peer::spawn("mastodon.localhost").await;
    let inbox = app.url("/inbox");
    let answer = reply(
        &peer,
        "alice",
        "r1",
        &merged,
        "<p>Open on Sundays?</p>",
        json!([PUBLIC]),
    );
    assert_eq!(peer.send("alice", &inbox, &answer).await.0, 202);
    let like =
        json!({"id": peer.id("l1"), "type": "Like", "actor": peer.actor("bob"), "object": merged});
    assert_eq!(peer.send("bob", &inbox, &like).await.0, 202);

    // Act
    let response = app
        .post_json(
            "/api/v1/duplicates",
            &json!({"entry": "le-poulpe-ressourcerie", "other": "ressourcerie-le-poulpe", "decision": "merge"}),
        )
        .await;
    assert_eq!(response.status(), 200);

    // Assert: the event, a picture (the room left), the comment and the favourite moved over.
    let (_, event) = app.get_json("/api/v1/events/repair-evening").await;
    assert_eq!(event["initiative"], "ressourcerie-le-poulpe", "{event}");
    let (_, kept) = app
        .get_json("/api/v1/initiatives/ressourcerie-le-poulpe")
        .await;
    let images: Vec<&str> = kept["images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        images,
        [pictures[0].as_str(), pictures[1].as_str()],
        "{kept}"
    );
    let (_, said) = app
        .get_json("/api/v1/initiatives/ressourcerie-le-poulpe/comments")
        .await;
    assert_eq!(said["replies_count"], 1, "{said}");
    assert_eq!(said["likes_count"], 1, "{said}");
    assert!(
        said["items"][0]["content"]
            .as_str()
            .unwrap()
            .contains("Sundays")
    );
    // Taking the favourite back still works: its activity's id moved with it.
    let undo =
        json!({"id": peer.id("u1"), "type": "Undo", "actor": peer.actor("bob"), "object": like});
    assert_eq!(peer.send("bob", &inbox, &undo).await.0, 202);
    let (_, said) = app
        .get_json("/api/v1/initiatives/ressourcerie-le-poulpe/comments")
        .await;
    assert_eq!(said["likes_count"], 0, "{said}");
}

on_both_engines!(nothing_hanging_off_is_lost);
