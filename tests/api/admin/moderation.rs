//! Suggestions from the public through the review queue, and nothing leaking before.

use partage::domain::account::Role;
use serde_json::json;

use super::{Browser, inline_error, user};
use crate::on_both_engines;
use crate::support::{Engine, TestApp};

async fn suggestions_wait_for_review(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    user(&app, "eddie", Role::Editor).await;
    let mut visitor = Browser::new(&app);
    assert_eq!(visitor.get("/suggest").await.status, 200);
    assert_eq!(visitor.get("/suggest?kind=event").await.status, 200);

    // Bad input is explained; nothing stored.
    let page = visitor
        .post(
            "/suggest",
            &[("kind", "initiative"), ("name", ""), ("website", "nope")],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(
        inline_error(&page.body, "name").is_some() && inline_error(&page.body, "website").is_some()
    );
    // A robot filling the honeypot is thanked, and nothing is stored.
    let page = visitor
        .post(
            "/suggest",
            &[
                ("kind", "initiative"),
                ("name", "Cheap pills"),
                ("homepage", "http://spam.example"),
            ],
        )
        .await;
    assert_eq!(
        (page.status, page.location.as_str()),
        (303, "/suggest?sent=1")
    );
    assert_eq!(app.count("initiatives").await, 0);

    // A suggestion: stored, hidden everywhere, announced to nobody.
    let page = visitor
        .post(
            "/suggest",
            &[
                ("kind", "initiative"),
                ("name", "Grainothèque"),
                ("summary", "Seeds to share."),
                ("location.locality", "Paris"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let page = visitor
        .post(
            "/suggest",
            &[
                ("kind", "event"),
                ("name", "Spam party"),
                ("starts_at", "2099-03-01T10:00"),
                ("location.locality", "Paris"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(visitor.get("/suggest?sent=1").await.status, 200);
    assert_eq!(
        app.get("/initiatives/grainotheque")
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        app.get("/api/v1/initiatives/grainotheque")
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let (_, list) = app.get_json("/api/v1/initiatives").await;
    assert_eq!(list["items"], json!([]));
    for export in [
        "/initiatives.csv",
        "/events.csv",
        "/directory.json",
        "/initiatives.geojson",
        "/feed.atom",
        "/events.ics",
    ] {
        let body = app.get(export).send().await.unwrap().text().await.unwrap();
        assert!(
            !body.contains("Grainoth") && !body.contains("Spam party"),
            "{export}: {body}"
        );
    }
    let (_, nodeinfo) = app.get_json("/nodeinfo/2.1").await;
    assert_eq!(nodeinfo["usage"]["localPosts"], 0, "{nodeinfo}");
    assert!(app.outgoing_types().await.is_empty());

    // The queue shows both; approving publishes and announces; rejecting deletes.
    let mut eddie = Browser::signed_in(&app, "eddie").await;
    let page = eddie.get("/admin/review").await;
    assert!(page.body.contains("Grainothèque") && page.body.contains("Spam party"));
    assert!(
        eddie
            .get("/admin")
            .await
            .body
            .contains("2 entries wait for review")
    );
    let page = eddie
        .submit(
            "/admin/review/initiatives/grainotheque",
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(
        (page.status, page.location.as_str()),
        (303, "/admin/review?notice=approved")
    );
    assert_eq!(
        app.get("/initiatives/grainotheque")
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(app.outgoing_types().await, ["InitiativePublished"]);
    let page = eddie
        .submit("/admin/review/events/spam-party", &[("decision", "reject")])
        .await;
    assert_eq!(page.status, 303);
    assert_eq!(app.count("events").await, 0);
    assert_eq!(
        eddie
            .submit(
                "/admin/review/events/spam-party",
                &[("decision", "approve")]
            )
            .await
            .status,
        404
    );
    assert_eq!(
        eddie
            .submit(
                "/admin/review/initiatives/grainotheque",
                &[("decision", "maybe")]
            )
            .await
            .status,
        422
    );

    // Five suggestions an hour from one address, then a clear refusal.
    let page = visitor
        .post(
            "/suggest",
            &[("kind", "initiative"), ("name", "Fifth idea")],
        )
        .await;
    assert_eq!(page.status, 303);
    let page = visitor
        .post(
            "/suggest",
            &[("kind", "initiative"), ("name", "One too many")],
        )
        .await;
    assert_eq!(page.status, 429);
    assert!(page.body.contains("try again in"), "{}", page.body);
    assert_eq!(
        app.count("initiatives WHERE name = 'One too many'").await,
        0
    );
}

on_both_engines!(suggestions_wait_for_review,);
