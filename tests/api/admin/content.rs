//! The initiative and event forms: every bad field at once, create, edit, duplicate, delete,
//! previews, repeating events.

use partage::domain::account::Role;
use serde_json::{Value, json};

use super::{Browser, inline_error, problems, user};
use crate::on_both_engines;
use crate::support::{Engine, TestApp};

async fn initiative_forms(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    user(&app, "alice", Role::Editor).await;
    let mut browser = Browser::signed_in(&app, "alice").await;
    assert_eq!(browser.get("/admin/initiatives/new").await.status, 200);

    // Every bad field at once, shown beside it; nothing written.
    let before = app.snapshot().await;
    let page = browser
        .submit(
            "/admin/initiatives",
            &[
                ("name", ""),
                ("email", "not an address"),
                ("location.latitude", "north"),
                ("location.longitude", "2.3"),
                ("categories", "no-such-category"),
                ("status", "asleep"),
                ("opening_hours", "whenever"),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    for field in [
        "name",
        "email",
        "location.latitude",
        "categories",
        "status",
        "opening_hours",
    ] {
        assert!(
            inline_error(&page.body, field).is_some(),
            "{field}: {}",
            page.body
        );
    }
    assert!(
        inline_error(&page.body, "location.latitude")
            .unwrap()
            .contains("is not a number")
    );
    assert!(
        page.body.contains("value=\"not an address\""),
        "what was typed is kept"
    );
    assert_eq!(app.snapshot().await, before);

    // Create: published and announced, like through the API.
    let page = browser
        .submit(
            "/admin/initiatives",
            &[
                ("name", "Repair Café Belleville"),
                ("summary", "We fix things."),
                ("description", "Every **Saturday**."),
                ("categories", "repair"),
                ("categories", "goods"),
                ("tags", "vélo, outils"),
                ("location.locality", "Paris"),
                ("location.latitude", "48.872"),
                ("location.longitude", "2,378"),
                ("opening_hours", "Sa 14:00-18:00"),
                ("status", "active"),
                ("languages", "fr, en"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(
        page.location,
        "/admin/initiatives/repair-cafe-belleville?notice=created"
    );
    let (status, created) = app
        .get_json("/api/v1/initiatives/repair-cafe-belleville")
        .await;
    assert_eq!(status, 200);
    assert_eq!(created["categories"], json!(["repair", "goods"]));
    assert_eq!(created["tags"], json!(["vélo", "outils"]));
    assert_eq!(created["location"]["longitude"], json!(2.378));
    assert_eq!(app.outgoing_types().await, ["InitiativePublished"]);
    // The map picker opens where the chapter's initiatives are.
    let centre: Value = serde_json::from_str(&browser.get("/admin/centre").await.body).unwrap();
    assert_eq!(centre, json!([48.872, 2.378]));
    assert_eq!(Browser::new(&app).get("/admin/centre").await.status, 303);

    // Edit: the form shows the values; clearing a field clears it; a taken slug is refused.
    let page = browser
        .get("/admin/initiatives/repair-cafe-belleville")
        .await;
    assert!(page.body.contains("value=\"Sa 14:00-18:00\""));
    app.create_initiative(json!({"name": "Other"})).await;
    let page = browser
        .submit(
            "/admin/initiatives/repair-cafe-belleville",
            &[
                ("name", "Repair Café"),
                ("slug", "other"),
                ("status", "active"),
            ],
        )
        .await;
    assert_eq!(page.status, 409, "{:?}", problems(&page.body));
    assert!(
        inline_error(&page.body, "slug")
            .unwrap()
            .contains("already taken")
    );
    let page = browser
        .submit(
            "/admin/initiatives/repair-cafe-belleville",
            &[
                ("name", "Repair Café"),
                ("slug", "repair-cafe-belleville"),
                ("status", "paused"),
                ("categories", "repair"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let (_, saved) = app
        .get_json("/api/v1/initiatives/repair-cafe-belleville")
        .await;
    assert_eq!(saved["name"], "Repair Café");
    assert_eq!(saved["status"], "paused");
    assert_eq!(saved["location"], Value::Null);
    assert_eq!(saved["opening_hours"], Value::Null);

    // Duplicate: a new form filled in from it.
    let page = browser
        .get("/admin/initiatives/new?from=repair-cafe-belleville")
        .await;
    assert!(
        page.body.contains("value=\"Repair Café (copy)\""),
        "{}",
        page.body
    );

    // Delete: gone from the site, and followers are told.
    let page = browser
        .submit("/admin/initiatives/repair-cafe-belleville/delete", &[])
        .await;
    assert_eq!(page.status, 303);
    assert_eq!(
        app.get("/initiatives/repair-cafe-belleville")
            .send()
            .await
            .unwrap()
            .status(),
        410
    );
    assert!(
        app.outgoing_types()
            .await
            .contains(&"InitiativeDeleted".to_owned())
    );
    assert_eq!(
        browser
            .submit("/admin/initiatives/nothing/delete", &[])
            .await
            .status,
        404
    );

    // Previews: Markdown is rendered and sanitised; hours are read.
    let page = browser
        .submit(
            "/admin/preview",
            &[
                ("kind", "markdown"),
                ("text", "**hi** <script>alert(1)</script>"),
            ],
        )
        .await;
    assert!(
        page.body.contains("<strong>hi</strong>") && !page.body.contains("<script"),
        "{}",
        page.body
    );
    let page = browser
        .submit(
            "/admin/preview",
            &[("kind", "hours"), ("text", "Mo-Fr 09:00-18:00")],
        )
        .await;
    assert!(page.body.contains("09:00–18:00"), "{}", page.body);

    // Every action is in the log, with who.
    let log = app
        .count("audit_log WHERE username = 'alice' AND action LIKE 'initiative.%'")
        .await;
    assert_eq!(log, 3);
}

async fn event_forms_and_repeating_events(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    user(&app, "alice", Role::Editor).await;
    let mut browser = Browser::signed_in(&app, "alice").await;

    let before = app.snapshot().await;
    let page = browser
        .submit(
            "/admin/events",
            &[
                ("name", "Repair night"),
                ("starts_at", "tomorrow evening"),
                ("timezone", "Europe/Paris"),
                ("repeat", "weekly"),
                ("repeat_count", "500"),
                ("capacity", "many"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    for field in ["starts_at", "repeat_count", "capacity"] {
        assert!(
            inline_error(&page.body, field).is_some(),
            "{field}: {}",
            page.body
        );
    }
    assert_eq!(app.snapshot().await, before);

    // A monthly event on the second Saturday, four times: four ordinary events.
    let page = browser
        .submit(
            "/admin/events",
            &[
                ("name", "Repair night"),
                ("starts_at", "2099-01-10T19:00"),
                ("ends_at", "2099-01-10T22:00"),
                ("timezone", "Europe/Paris"),
                ("repeat", "monthly-weekday"),
                ("repeat_count", "4"),
                ("location.name", "Maison des Associations"),
                ("location.locality", "Paris"),
                ("join_mode", "none"),
                ("status", "scheduled"),
                ("categories", "repair"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(page.location, "/admin/events?notice=series");
    let (_, list) = app
        .get_json("/api/v1/events?from=2099-01-01T00:00:00Z")
        .await;
    let slugs: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["slug"].as_str().unwrap())
        .collect();
    assert_eq!(
        slugs,
        [
            "repair-night-2099-01-10",
            "repair-night-2099-02-14",
            "repair-night-2099-03-14",
            "repair-night-2099-04-11",
        ]
    );
    // 19:00 in Paris stays 19:00 across the clock change at the end of March.
    let starts: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["starts_at"].as_str().unwrap())
        .collect();
    assert_eq!(starts[0], "2099-01-10T19:00:00+01:00");
    assert_eq!(starts[3], "2099-04-11T19:00:00+02:00");
    assert_eq!(app.outgoing_types().await.len(), 4);

    // One event, then edited.
    let page = browser
        .submit(
            "/admin/events",
            &[
                ("name", "Seed swap"),
                ("starts_at", "2099-05-01T10:00"),
                ("timezone", "Europe/Paris"),
                ("join_mode", "none"),
                ("status", "scheduled"),
                ("location.locality", "Lyon"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let page = browser.get("/admin/events/seed-swap").await;
    assert!(
        page.body.contains("value=\"2099-05-01T10:00\""),
        "{}",
        page.body
    );
    let page = browser
        .submit(
            "/admin/events/seed-swap",
            &[
                ("name", "Seed swap"),
                ("starts_at", "2099-05-01T10:00"),
                ("ends_at", "2099-05-01T09:00"),
                ("timezone", "Europe/Paris"),
                ("join_mode", "none"),
                ("status", "cancelled"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(
        inline_error(&page.body, "ends_at")
            .unwrap()
            .contains("after")
    );
    let page = browser
        .submit(
            "/admin/events/seed-swap",
            &[
                ("name", "Seed swap"),
                ("starts_at", "2099-05-01T10:00"),
                ("timezone", "Europe/Paris"),
                ("join_mode", "none"),
                ("status", "cancelled"),
                ("location.locality", "Lyon"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let (_, saved) = app.get_json("/api/v1/events/seed-swap").await;
    assert_eq!(saved["status"], "cancelled");
}

on_both_engines!(initiative_forms, event_forms_and_repeating_events,);
