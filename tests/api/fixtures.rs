//! Events from Mobilizon and Gancio, in the shapes their real output has
//! (`tests/fixtures/`), read by a chapter that follows them.

use serde_json::{Value, json};

use crate::on_both_engines;
use crate::peer::Peer;
use crate::support::{Engine, TestApp};

fn fixture(path: &str, from: &str, to: &str) -> Value {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    serde_json::from_str(&text.replace(from, to)).unwrap()
}

#[test]
fn mobilizon_events_read_as_events() {
    let create = fixture("mobilizon/create-event.json", "", "");
    let input = partage::federation::mirror::event_input(&create["object"]);
    let event = partage::domain::mirror::event_from_remote(input, chrono_tz::Europe::Paris)
        .expect("an event");
    assert_eq!(event.name, "Atelier d'autoréparation vélo");
    assert_eq!(event.starts_at.to_rfc3339(), "2099-12-12T13:00:00+00:00");
    assert_eq!(
        event.ends_at.unwrap().to_rfc3339(),
        "2099-12-12T16:00:00+00:00"
    );
    assert_eq!(event.timezone, chrono_tz::Europe::Paris);
    assert_eq!(event.categories, ["repair"], "CRAFTS maps to repair");
    assert_eq!(event.tags, ["velo", "reparation"]);
    assert_eq!(event.capacity, Some(15));
    assert_eq!(event.language.as_deref(), Some("fr"));
    assert!(
        event.description.contains("Venez réparer votre vélo"),
        "{}",
        event.description
    );
    let place = event.location.expect("a place");
    assert_eq!(place.name.as_deref(), Some("La Clavette"));
    assert_eq!(place.locality.as_deref(), Some("Lyon"));
    assert_eq!(
        place.country, None,
        "a country name is not a code: dropped, not the place"
    );
    assert_eq!(place.point(), Some((45.7675, 4.8345)));

    let online = fixture("mobilizon/create-online-event.json", "", "");
    let input = partage::federation::mirror::event_input(&online["object"]);
    let event = partage::domain::mirror::event_from_remote(input, chrono_tz::Europe::Paris)
        .expect("an event");
    assert_eq!(
        event.online_url.as_deref(),
        Some("https://visio.example/velo-ecole")
    );
    assert_eq!(
        event.registration_url.as_deref(),
        Some("https://tickets.example/velo-ecole")
    );
    assert_eq!(event.status.as_str(), "cancelled");
    assert_eq!(event.join_mode.as_str(), "external");
    assert_eq!(event.categories, ["skills"], "LEARNING maps to skills");
}

#[test]
fn gancio_events_read_as_events() {
    let announce = fixture("gancio/announce-create-event.json", "", "");
    let object = &announce["object"]["object"];
    let input = partage::federation::mirror::event_input(object);
    let event = partage::domain::mirror::event_from_remote(input, chrono_tz::Europe::Paris)
        .expect("an event");
    assert_eq!(event.name, "Disco-soupe solidaire");
    assert_eq!(event.starts_at.to_rfc3339(), "2099-10-18T17:00:00+00:00");
    assert_eq!(
        event.description,
        "On cuisine ensemble les invendus du marché & on partage !\nApportez vos couteaux."
    );
    let place = event.location.expect("a place");
    assert_eq!(
        place.street.as_deref(),
        Some("Place du marché, 13001 Marseille")
    );
    assert_eq!(
        place.point(),
        Some((43.2965, 5.3698)),
        "coordinates given as strings"
    );
    assert_eq!(event.tags, ["antigaspi"]);
}

/// A chapter following a Mobilizon group and a Gancio instance (scripted with their output)
/// shows their events in its directory.
async fn followed_mobilizon_and_gancio_events_show_up(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let mobilizon = Peer::spawn("mobilizon.localhost").await;
    let gancio = Peer::spawn("gancio.localhost").await;

    for (peer, name) in [(&mobilizon, "velo_lyon"), (&gancio, "relay")] {
        let response = app
            .post_json("/api/v1/follows", &json!({"target": peer.actor(name)}))
            .await;
        assert_eq!(response.status(), 202, "{}", response.text().await.unwrap());
        let follow = peer.wait_for(1).await[0].body["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let accept = json!({"id": peer.id("accept"), "type": "Accept", "actor": peer.actor(name),
            "object": {"id": follow, "type": "Follow", "actor": format!("{}/actors/paris", app.base), "object": peer.actor(name)}});
        assert_eq!(peer.send(name, &app.url("/inbox"), &accept).await.0, 202);
    }

    let create = fixture(
        "mobilizon/create-event.json",
        "https://mobilizon.example/@velo_lyon",
        &mobilizon.actor("velo_lyon"),
    );
    let create: Value = serde_json::from_str(
        &create
            .to_string()
            .replace("https://mobilizon.example", &mobilizon.base),
    )
    .unwrap();
    let (status, text) = mobilizon
        .send("velo_lyon", &app.url("/inbox"), &create)
        .await;
    assert_eq!(status, 202, "{text}");

    let announce = fixture(
        "gancio/announce-create-event.json",
        "https://gancio.example/federation/u/relay",
        &gancio.actor("relay"),
    );
    let announce: Value = serde_json::from_str(
        &announce
            .to_string()
            .replace("https://gancio.example", &gancio.base),
    )
    .unwrap();
    let (status, text) = gancio.send("relay", &app.url("/inbox"), &announce).await;
    assert_eq!(status, 202, "{text}");

    let (_, events) = app.get_json("/api/v1/events?origin=network").await;
    let names: Vec<&str> = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Disco-soupe solidaire", "Atelier d'autoréparation vélo"]
    );
    assert_eq!(
        events["items"][1]["origin"]["url"],
        format!(
            "{}/events/5b1f7c1e-6a48-4b1b-9f6e-2f2b3a1b0c11",
            mobilizon.base
        )
    );
}

/// A late or replayed Update older than the stored version changes nothing.
async fn stale_updates_are_ignored(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let mobilizon = Peer::spawn("mobilizon.localhost").await;
    let response = app
        .post_json(
            "/api/v1/follows",
            &json!({"target": mobilizon.actor("velo_lyon")}),
        )
        .await;
    assert_eq!(response.status(), 202);
    let follow = mobilizon.wait_for(1).await[0].body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let accept = json!({"id": mobilizon.id("accept"), "type": "Accept", "actor": mobilizon.actor("velo_lyon"), "object": follow});
    assert_eq!(
        mobilizon
            .send("velo_lyon", &app.url("/inbox"), &accept)
            .await
            .0,
        202
    );

    let create = fixture(
        "mobilizon/create-event.json",
        "https://mobilizon.example/@velo_lyon",
        &mobilizon.actor("velo_lyon"),
    );
    let mut create: Value = serde_json::from_str(
        &create
            .to_string()
            .replace("https://mobilizon.example", &mobilizon.base),
    )
    .unwrap();
    create["object"]["updated"] = json!("2026-01-02T10:00:00Z");
    assert_eq!(
        mobilizon
            .send("velo_lyon", &app.url("/inbox"), &create)
            .await
            .0,
        202
    );

    let mut update = create.clone();
    update["type"] = json!("Update");
    update["id"] = json!(mobilizon.id("update-old"));
    update["object"]["name"] = json!("An older name");
    update["object"]["updated"] = json!("2026-01-01T10:00:00Z");
    assert_eq!(
        mobilizon
            .send("velo_lyon", &app.url("/inbox"), &update)
            .await
            .0,
        202
    );
    let (_, events) = app.get_json("/api/v1/events?origin=network").await;
    assert_eq!(
        events["items"][0]["name"], "Atelier d'autoréparation vélo",
        "the older version is ignored"
    );

    update["id"] = json!(mobilizon.id("update-new"));
    update["object"]["name"] = json!("A newer name");
    update["object"]["updated"] = json!("2026-01-03T10:00:00Z");
    assert_eq!(
        mobilizon
            .send("velo_lyon", &app.url("/inbox"), &update)
            .await
            .0,
        202
    );
    let (_, events) = app.get_json("/api/v1/events?origin=network").await;
    assert_eq!(events["items"][0]["name"], "A newer name");
    assert_eq!(events["items"][0]["updated_at"], "2026-01-03T10:00:00Z");
}

on_both_engines!(
    followed_mobilizon_and_gancio_events_show_up,
    stale_updates_are_ignored
);
