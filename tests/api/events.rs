//! Events: time zones, the upcoming default, filters, edits and deletion.

use serde_json::{Value, json};

use crate::on_both_engines;
use crate::support::{Engine, TestApp};

fn workshop(name: &str, starts_at: &str) -> Value {
    json!({
        "name": name,
        "starts_at": starts_at,
        "location": {"name": "La Recyclerie", "locality": "Paris", "country": "FR",
                     "latitude": 48.8977, "longitude": 2.3448},
    })
}

fn slugs(list: &Value) -> Vec<&str> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["slug"].as_str().unwrap())
        .collect()
}

async fn times_are_kept_in_the_event_zone(engine: Engine) {
    let app = TestApp::spawn(engine).await;

    // A local time is read in the event's zone (here New York, winter: UTC-5).
    let created = app
        .create_event(json!({
            "name": "Skill swap", "starts_at": "2099-01-15T19:00", "ends_at": "2099-01-15T21:30",
            "timezone": "America/New_York", "online_url": "https://meet.example/swap",
            "capacity": 30, "join_mode": "external",
            "registration_url": "https://tickets.example/swap", "language": "en",
            "categories": ["skills"], "tags": ["#learn"]
        }))
        .await;
    assert_eq!(created["starts_at"], "2099-01-15T19:00:00-05:00");
    assert_eq!(created["ends_at"], "2099-01-15T21:30:00-05:00");
    assert_eq!(created["timezone"], "America/New_York");
    assert_eq!(created["join_mode"], "external");
    assert_eq!(created["status"], "scheduled");

    // An instant with an offset is shown in the event's zone; without a zone, the chapter's.
    let paris = app
        .create_event(workshop("Atelier", "2099-07-01T10:00:00Z"))
        .await;
    assert_eq!(paris["timezone"], "Europe/Paris");
    assert_eq!(paris["starts_at"], "2099-07-01T12:00:00+02:00");

    // Moving the event to another zone keeps the instant.
    let response = app
        .patch_json(
            "/api/v1/events/atelier",
            &json!({"timezone": "Europe/London"}),
        )
        .await;
    let moved: Value = response.json().await.unwrap();
    assert_eq!(moved["starts_at"], "2099-07-01T11:00:00+01:00");
}

async fn lists_upcoming_events_by_start(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.create_initiative(json!({"name": "Recyclerie"})).await;
    app.create_event(workshop("Past", "2001-05-01T10:00:00+02:00"))
        .await;
    app.create_event(workshop("Later", "2099-03-01T10:00:00+01:00"))
        .await;
    let mut sooner = workshop("Sooner", "2098-03-01T10:00:00+01:00");
    sooner["initiative"] = json!("recyclerie");
    sooner["categories"] = json!(["repair"]);
    sooner["description"] = json!("Réparer ensemble");
    app.create_event(sooner).await;
    let mut far = workshop("Berlin", "2098-06-01T10:00:00+02:00");
    far["location"] = json!({"locality": "Berlin", "latitude": 52.52, "longitude": 13.4});
    app.create_event(far).await;

    let (_, upcoming) = app.get_json("/api/v1/events").await;
    assert_eq!(slugs(&upcoming), ["sooner", "berlin", "later"]);
    assert_eq!(upcoming["total"], 3);

    let (_, all) = app.get_json("/api/v1/events?from=2000-01-01").await;
    assert_eq!(slugs(&all), ["past", "sooner", "berlin", "later"]);
    let (_, window) = app
        .get_json("/api/v1/events?from=2098-01-01&to=2098-12-31")
        .await;
    assert_eq!(slugs(&window), ["sooner", "berlin"]);
    let (_, of) = app.get_json("/api/v1/events?initiative=recyclerie").await;
    assert_eq!(slugs(&of), ["sooner"]);
    let (_, cat) = app
        .get_json("/api/v1/events?category=repair&q=reparer")
        .await;
    assert_eq!(slugs(&cat), ["sooner"]);
    let (_, near) = app
        .get_json("/api/v1/events?near=52.5,13.4&radius_km=50")
        .await;
    assert_eq!(slugs(&near), ["berlin"]);
    let (status, body) = app.get_json("/api/v1/events?initiative=nowhere").await;
    assert_eq!(
        (status, body["fields"][0]["field"].as_str()),
        (400, Some("initiative"))
    );
}

async fn edit_and_delete(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.create_event(workshop("Atelier vélo", "2099-04-04T14:00:00+02:00"))
        .await;

    let response = app
        .patch_json(
            "/api/v1/events/atelier-velo",
            &json!({"status": "cancelled", "location": null, "online_url": "https://meet.example/v"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let updated: Value = response.json().await.unwrap();
    assert_eq!(updated["status"], "cancelled");
    assert_eq!(updated["location"], Value::Null);

    // Clearing the last way to attend is refused, and nothing changes.
    let before = app.snapshot().await;
    let response = app
        .patch_json("/api/v1/events/atelier-velo", &json!({"online_url": null}))
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(app.snapshot().await, before);

    assert_eq!(
        app.delete("/api/v1/events/atelier-velo").await.status(),
        204
    );
    assert_eq!(app.get_json("/api/v1/events/atelier-velo").await.0, 404);
    assert_eq!(app.count("event_labels").await, 0);
    assert_eq!(
        app.outgoing_types().await,
        ["EventPublished", "EventUpdated", "EventDeleted"]
    );
}

on_both_engines!(
    times_are_kept_in_the_event_zone,
    lists_upcoming_events_by_start,
    edit_and_delete
);
