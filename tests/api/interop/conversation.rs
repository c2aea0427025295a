//! A Fedify user converses with one of the chapter's events: replies, edits and deletes the
//! reply, favourites and boosts it and takes both back, and reports it, each sent by Fedify
//! itself (its JSON-LD, its signatures).

use std::time::Duration;

use serde_json::{Value, json};

use super::Fedify;
use crate::on_both_engines;
use crate::support::{Engine, TestApp};

async fn fedify_converses_with_an_event(engine: Engine) {
    let Some(node) = Fedify::node() else { return };
    let app = TestApp::spawn(engine).await;
    let fedify = Fedify::spawn(&node, "rfc9421");
    app.create_event(
        json!({"name": "Repair night", "starts_at": "2099-06-06T18:00",
        "timezone": "Europe/Paris", "location": {"locality": "Paris"}}),
    )
    .await;
    let id = partage::domain::event::get_published(&app.db, "repair-night")
        .await
        .unwrap()
        .id;
    let event = format!("{}/ap/events/{id}", app.base);
    let chapter = format!("{}/actors/paris", app.base);
    let step = |step: &'static str, content: &'static str| json!({"actor": chapter, "object": event, "step": step, "content": content});
    let counts = async || -> Value { app.get_json("/api/v1/events/repair-night/comments").await.1 };
    let settle = || tokio::time::sleep(Duration::from_millis(100));

    fedify
        .control(
            "converse",
            step("reply", "<p>Can I bring a <em>bike</em>?</p>"),
        )
        .await;
    let waiting = app.admin_json("/api/v1/comments").await;
    assert_eq!(waiting.as_array().map(Vec::len), Some(1), "{waiting}");
    assert_eq!(waiting[0]["visibility"], "public");
    assert_eq!(
        waiting[0]["author_handle"],
        format!(
            "@alice@{}",
            fedify
                .base
                .trim_start_matches("http://")
                .split(':')
                .next()
                .unwrap()
        )
    );
    let comment = waiting[0]["id"].as_i64().unwrap();
    let approved = app
        .post_json(
            &format!("/api/v1/comments/{comment}"),
            &json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(approved.status(), 200);
    fedify
        .control("converse", step("edit", "<p>Can I bring two bikes?</p>"))
        .await;
    settle().await;
    let shown = counts().await;
    assert_eq!(
        shown["items"][0]["content"], "<p>Can I bring two bikes?</p>",
        "{shown}"
    );

    fedify.control("converse", step("like", "")).await;
    fedify.control("converse", step("boost", "")).await;
    settle().await;
    let shown = counts().await;
    assert_eq!(
        (
            shown["likes_count"].as_i64(),
            shown["boosts_count"].as_i64()
        ),
        (Some(1), Some(1)),
        "{shown}"
    );
    fedify.control("converse", step("unlike", "")).await;
    fedify.control("converse", step("unboost", "")).await;
    settle().await;
    let shown = counts().await;
    assert_eq!(
        (
            shown["likes_count"].as_i64(),
            shown["boosts_count"].as_i64()
        ),
        (Some(0), Some(0)),
        "{shown}"
    );

    // A report made there reaches the admins here (a Flag naming the chapter and the event).
    fedify
        .control("converse", step("flag", "Wrong address"))
        .await;
    settle().await;
    let reports = app.admin_json("/api/v1/reports?state=open").await;
    assert_eq!(reports[0]["message"], "Wrong address", "{reports}");
    assert_eq!(reports[0]["entry_slug"], "repair-night");

    fedify.control("converse", step("delete", "")).await;
    settle().await;
    assert_eq!(counts().await["replies_count"], 0);
    assert_eq!(app.count("comments").await, 0);
}

on_both_engines!(fedify_converses_with_an_event);
