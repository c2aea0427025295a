//! Chapters follow chapters: three Partage instances in one process, on loopback.
//! Paris follows Berlin and Barcelona; Berlin follows Paris.

use std::time::Duration;

use serde_json::{Value, json};

use crate::on_both_engines;
use crate::support::{Engine, TestApp, eventually};

pub fn domain(app: &TestApp) -> String {
    app.base.trim_start_matches("http://").to_owned()
}

pub async fn follow(from: &TestApp, to: &TestApp, slug: &str, extra: Value) -> i64 {
    let mut body = json!({"target": format!("@{slug}@{}", domain(to))});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    let response = from.post_json("/api/v1/follows", &body).await;
    assert_eq!(response.status(), 202, "{}", response.text().await.unwrap());
    let follow: Value = response.json().await.unwrap();
    let id = follow["id"].as_i64().unwrap();
    eventually("the follow to be accepted and backfilled", async || {
        let list: Value = from.admin_json("/api/v1/follows").await;
        list.as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == id && f["state"] == "accepted" && f["backfilled"] == true)
    })
    .await;
    id
}

async fn names(app: &TestApp, path: &str) -> Vec<String> {
    let (status, list) = app.get_json(path).await;
    assert_eq!(status, 200, "{path}: {list}");
    let mut names: Vec<String> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

async fn three_chapters(engine: Engine) {
    // Arrange: three chapters, two of them with entries already.
    let paris = TestApp::spawn_as(engine.clone(), "paris.localhost").await;
    let berlin = TestApp::spawn_with(
        engine.clone(),
        "berlin.localhost",
        &[
            ("instance.slug", "berlin"),
            ("instance.name", "Partage Berlin"),
        ],
    )
    .await;
    let barcelona = TestApp::spawn_with(
        engine,
        "barcelona.localhost",
        &[("instance.slug", "barcelona")],
    )
    .await;
    paris
        .create_initiative(json!({"name": "Paris Repair Café", "categories": ["repair"]}))
        .await;
    berlin.create_initiative(json!({"name": "Berliner Tauschring", "summary": "Tauschen statt kaufen", "categories": ["skills"], "tags": ["tausch"],
        "location": {"locality": "Berlin", "latitude": 52.52, "longitude": 13.40}, "opening_hours": "Mo 18:00-20:00", "website": "https://tausch.example"})).await;
    berlin
        .create_initiative(json!({"name": "Werkzeugbibliothek", "categories": ["goods"]}))
        .await;
    berlin.create_event(json!({"name": "Reparaturabend", "starts_at": "2099-02-01T18:00", "timezone": "Europe/Berlin", "location": {"locality": "Berlin"}})).await;
    barcelona.create_event(json!({"name": "Mercat d'intercanvi", "starts_at": "2099-03-01T11:00", "timezone": "Europe/Madrid", "online_url": "https://m.example/b"})).await;

    // Paris follows Berlin: Berlin's entries are backfilled, with their origin.
    follow(&paris, &berlin, "berlin", json!({})).await;
    assert_eq!(
        names(&paris, "/api/v1/initiatives?origin=network").await,
        ["Berliner Tauschring", "Werkzeugbibliothek"]
    );
    assert_eq!(
        names(&paris, "/api/v1/initiatives?origin=local").await,
        ["Paris Repair Café"]
    );
    assert_eq!(
        names(
            &paris,
            &format!("/api/v1/initiatives?origin={}", domain(&berlin))
        )
        .await
        .len(),
        2
    );
    assert_eq!(names(&paris, "/api/v1/initiatives").await.len(), 3);
    let (_, tausch) = paris.get_json("/api/v1/initiatives?q=tausch").await;
    let entry = &tausch["items"][0];
    assert_eq!(entry["summary"], "Tauschen statt kaufen");
    assert_eq!(entry["opening_hours"], "Mo 18:00-20:00");
    assert_eq!(entry["website"], "https://tausch.example/");
    assert_eq!(entry["tags"], json!(["tausch"]));
    assert_eq!(entry["origin"]["name"], "Partage Berlin");
    assert_eq!(entry["origin"]["domain"], domain(&berlin));
    assert_eq!(
        entry["origin"]["url"],
        format!("{}/initiatives/berliner-tauschring", berlin.base)
    );
    let (_, events) = paris.get_json("/api/v1/events").await;
    assert_eq!(events["items"][0]["starts_at"], "2099-02-01T18:00:00+01:00");
    assert_eq!(events["items"][0]["timezone"], "Europe/Berlin");

    // Mirrored entries are not ours to edit, nor to serve as ours: their ActivityPub
    // representation is their origin's.
    let slug = entry["slug"].as_str().unwrap();
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let as2 = no_redirects
        .get(paris.url(&format!("/initiatives/{slug}")))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap();
    assert_eq!(as2.status(), 303);
    assert!(
        as2.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with(&format!("{}/ap/initiatives/", berlin.base))
    );
    let (_, paris_events) = paris.get_json("/actors/paris/events").await;
    assert_eq!(
        paris_events["totalItems"], 0,
        "mirrored events are not the chapter's upcoming events"
    );
    let response = paris
        .patch_json(
            &format!("/api/v1/initiatives/{slug}"),
            &json!({"name": "Mine"}),
        )
        .await;
    assert_eq!(response.status(), 409);

    // Live: creations, edits and deletions in Berlin reach Paris.
    berlin
        .create_initiative(json!({"name": "Gemeinschaftsgarten", "categories": ["food"]}))
        .await;
    eventually("the new initiative", async || {
        names(&paris, "/api/v1/initiatives?origin=network")
            .await
            .len()
            == 3
    })
    .await;
    berlin
        .patch_json(
            "/api/v1/initiatives/werkzeugbibliothek",
            &json!({"name": "Werkzeugbibliothek Neukölln"}),
        )
        .await;
    eventually("the edit", async || {
        names(&paris, "/api/v1/initiatives?q=neukolln").await.len() == 1
    })
    .await;
    berlin
        .delete("/api/v1/initiatives/gemeinschaftsgarten")
        .await;
    eventually("the deletion", async || {
        names(&paris, "/api/v1/initiatives?origin=network")
            .await
            .len()
            == 2
    })
    .await;

    // Paris follows Barcelona with review: what arrives waits for an admin.
    follow(&paris, &barcelona, "barcelona", json!({"policy": "review"})).await;
    assert!(
        names(&paris, "/api/v1/events?origin=network")
            .await
            .iter()
            .all(|n| n != "Mercat d'intercanvi")
    );
    let queue: Value = paris.admin_json("/api/v1/review").await;
    assert_eq!(queue["events"][0]["name"], "Mercat d'intercanvi");
    let slug = queue["events"][0]["slug"].as_str().unwrap().to_owned();
    let response = paris
        .post_json(
            &format!("/api/v1/review/events/{slug}"),
            &json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        names(&paris, "/api/v1/events")
            .await
            .contains(&"Mercat d'intercanvi".to_owned())
    );
    let response = paris
        .post_json(
            &format!("/api/v1/review/events/{slug}"),
            &json!({"decision": "maybe"}),
        )
        .await;
    assert_eq!(response.status(), 422);

    // Berlin follows Paris: Paris's own entries reach Berlin, not what Paris mirrors.
    follow(&berlin, &paris, "paris", json!({})).await;
    assert_eq!(
        names(&berlin, "/api/v1/initiatives?origin=network").await,
        ["Paris Repair Café"]
    );

    // Its following collection lists them.
    let following: Value = paris
        .client
        .get(paris.url("/actors/paris/following"))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(following["totalItems"], 2);
    assert!(
        following["orderedItems"]
            .as_array()
            .unwrap()
            .contains(&json!(format!("{}/actors/berlin", berlin.base)))
    );

    // The network, as Paris sees it.
    let (_, network) = paris.get_json("/api/v1/network").await;
    assert_eq!(network["following"].as_array().unwrap().len(), 2);
    assert_eq!(network["followers"][0]["name"], "Partage Berlin");
    let berlin_peer = network["following"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["domain"] == domain(&berlin))
        .unwrap()
        .clone();
    assert_eq!(
        (
            berlin_peer["initiatives"].as_i64(),
            berlin_peer["events"].as_i64(),
            berlin_peer["health"].as_str()
        ),
        (Some(2), Some(1), Some("ok"))
    );

    // Unfollow Barcelona removing its entries; unfollow Berlin keeping them.
    let follows: Value = paris.admin_json("/api/v1/follows").await;
    let id_of = |d: &str| {
        follows
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["actor"].as_str().unwrap().contains(d))
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let barcelona_id = id_of("barcelona");
    let berlin_id = id_of("berlin");
    assert_eq!(
        paris
            .delete(&format!("/api/v1/follows/{barcelona_id}?mirrored=remove"))
            .await
            .status(),
        204
    );
    assert!(
        names(&paris, "/api/v1/events")
            .await
            .iter()
            .all(|n| n != "Mercat d'intercanvi")
    );
    assert_eq!(
        paris
            .delete(&format!("/api/v1/follows/{berlin_id}?mirrored=keep"))
            .await
            .status(),
        204
    );
    assert_eq!(
        names(&paris, "/api/v1/initiatives?origin=network")
            .await
            .len(),
        2
    );
    assert_eq!(
        paris
            .delete(&format!("/api/v1/follows/{berlin_id}?mirrored=whatever"))
            .await
            .status(),
        400
    );
}

/// Only an entry's origin may change or delete it, even when the forger is followed too.
async fn spoofed_updates_and_deletes_change_nothing(engine: Engine) {
    let paris = TestApp::spawn_as(engine.clone(), "paris.localhost").await;
    let berlin =
        TestApp::spawn_with(engine, "berlin.localhost", &[("instance.slug", "berlin")]).await;
    let mallory = crate::peer::Peer::spawn("mallory.localhost").await;
    berlin
        .create_initiative(json!({"name": "Tauschring"}))
        .await;
    follow(&paris, &berlin, "berlin", json!({})).await;

    // Paris follows Mallory too (Mallory's server accepts by hand).
    let response = paris
        .post_json(
            "/api/v1/follows",
            &json!({"target": mallory.actor("alice")}),
        )
        .await;
    assert_eq!(response.status(), 202);
    let sent = mallory.wait_for(1).await;
    let follow_id = sent[0].body["id"].as_str().unwrap().to_owned();
    let accept = json!({"id": mallory.id("acc"), "type": "Accept", "actor": mallory.actor("alice"), "object": follow_id});
    assert_eq!(
        mallory.send("alice", &paris.url("/inbox"), &accept).await.0,
        202
    );

    let (_, before) = paris.get_json("/api/v1/initiatives?origin=network").await;
    let berlin_object = format!("{}/ap/initiatives/1", berlin.base);
    let forged = json!({"id": berlin_object, "type": "Page", "name": "Hacked", "attributedTo": mallory.actor("alice")});
    for (kind, object) in [
        ("Update", forged.clone()),
        ("Create", forged),
        ("Delete", json!(berlin_object)),
    ] {
        let activity = json!({"id": mallory.id(kind), "type": kind, "actor": mallory.actor("alice"), "object": object});
        let (status, _) = mallory.send("alice", &paris.url("/inbox"), &activity).await;
        assert!(status == 202 || status == 403, "{kind}: {status}");
    }
    let (_, after) = paris.get_json("/api/v1/initiatives?origin=network").await;
    assert_eq!(after["items"], before["items"], "nothing changed");
    assert_eq!(after["items"][0]["name"], "Tauschring");
}

/// Berlin down while Paris makes fifty changes: once Berlin is back, it has exactly Paris's
/// directory (from the delivery retries and the re-sync from Paris's outbox).
async fn partition_and_restart_converge(engine: Engine) {
    let paris = TestApp::spawn_as(engine.clone(), "paris.localhost").await;
    let mut berlin =
        TestApp::spawn_with(engine, "berlin.localhost", &[("instance.slug", "berlin")]).await;
    for i in 0..10 {
        paris
            .create_initiative(json!({"name": format!("Initiative {i:02}")}))
            .await;
    }
    follow(&berlin, &paris, "paris", json!({})).await;
    assert_eq!(
        names(&berlin, "/api/v1/initiatives?origin=network")
            .await
            .len(),
        10
    );

    // Berlin goes down; Paris makes 50 changes.
    berlin.stop().await;
    for i in 10..30 {
        paris
            .create_initiative(json!({"name": format!("Initiative {i:02}")}))
            .await;
    }
    for i in 0..20 {
        paris
            .patch_json(
                &format!("/api/v1/initiatives/initiative-{i:02}"),
                &json!({"summary": format!("edited {i}")}),
            )
            .await;
    }
    for i in 20..30 {
        paris
            .delete(&format!("/api/v1/initiatives/initiative-{i:02}"))
            .await;
    }
    paris.create_event(json!({"name": "While you were away", "starts_at": "2099-01-01T10:00", "online_url": "https://m.example/a"})).await;

    // Berlin is back: a re-sync repairs everything, whatever the deliveries did.
    berlin.start_again().await;
    partage::federation::sync::resync_all(&berlin.state().federation, chrono::Utc::now())
        .await
        .unwrap();
    let expected = names(&paris, "/api/v1/initiatives?origin=local&per_page=100").await;
    assert_eq!(expected.len(), 20);
    assert_eq!(
        names(&berlin, "/api/v1/initiatives?origin=network&per_page=100").await,
        expected
    );
    let (_, edited) = berlin.get_json("/api/v1/initiatives?q=edited%2019").await;
    assert_eq!(edited["total"], 1);
    assert_eq!(
        names(&berlin, "/api/v1/events?origin=network").await,
        ["While you were away"]
    );

    // Paris's queued deliveries to Berlin, retried now, change nothing more.
    paris.make_deliveries_due().await;
    while paris.deliver_now().await > 0 {}
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        names(&berlin, "/api/v1/initiatives?origin=network&per_page=100").await,
        expected
    );

    // And a restart of Paris changes nothing either.
    let mut paris = paris;
    paris.restart().await;
    partage::federation::sync::resync_all(&berlin.state().federation, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(
        names(&berlin, "/api/v1/initiatives?origin=network&per_page=100").await,
        expected
    );

    // The pass after a start re-reads only the outboxes not read for an hour.
    let synced_at = async || partage::db::follows::list(&berlin.db).await.unwrap()[0].synced_at;
    let synced = synced_at().await;
    assert!(synced.is_some());
    let an_hour_ago = chrono::Utc::now() - chrono::TimeDelta::hours(1);
    partage::federation::sync::resync_all(&berlin.state().federation, an_hour_ago)
        .await
        .unwrap();
    assert_eq!(synced_at().await, synced, "read a moment ago: not again");
}

/// A follow's curation decides what live activities bring: its categories only, inside its
/// area, held for review when it asks.
async fn curation_applies_to_what_arrives(engine: Engine) {
    let paris = TestApp::spawn_as(engine.clone(), "paris.localhost").await;
    let lyon = TestApp::spawn_with(engine, "lyon.localhost", &[("instance.slug", "lyon")]).await;
    let curation =
        json!({"policy": "review", "categories": ["food"], "bbox": [45.0, 4.0, 46.5, 5.5]});
    follow(&paris, &lyon, "lyon", curation).await;

    for (name, category, latitude) in [
        ("Jardin partagé de la Croix-Rousse", "food", 45.77),
        ("Repair Café Guillotière", "repair", 45.75),
        ("AMAP du Vieux-Port", "food", 43.30),
    ] {
        lyon.create_initiative(json!({"name": name, "categories": [category],
            "location": {"locality": "Lyon", "latitude": latitude, "longitude": 4.84}}))
            .await;
    }
    eventually("the three Creates received", async || {
        paris
            .count("received_activities WHERE kind = 'Create'")
            .await
            == 3
    })
    .await;

    let queue: Value = paris.admin_json("/api/v1/review").await;
    let waiting: Vec<&str> = queue["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(waiting, ["Jardin partagé de la Croix-Rousse"]);
    assert_eq!(
        paris.count("initiatives").await,
        1,
        "the others are not kept"
    );
    assert!(
        names(&paris, "/api/v1/initiatives?origin=network")
            .await
            .is_empty(),
        "held for review, not published"
    );
}

/// A pass syncs several follows at once (`federation.syncs_at_once`): three chapters changed
/// while Lille was down are each read back whole, none missed or mixed with another.
async fn several_follows_synced_at_once(engine: Engine) {
    let mut lille = TestApp::spawn_with(
        engine.clone(),
        "lille.localhost",
        &[
            ("instance.slug", "lille"),
            ("federation.syncs_at_once", "3"),
        ],
    )
    .await;
    let mut chapters = Vec::new();
    for city in ["paris", "lyon", "nantes"] {
        let host = format!("{city}.localhost");
        let app = TestApp::spawn_with(engine.clone(), &host, &[("instance.slug", city)]).await;
        app.create_initiative(json!({"name": format!("{city} 00")}))
            .await;
        chapters.push((city, app));
    }
    for (city, app) in &chapters {
        follow(&lille, app, city, json!({})).await;
    }
    lille.stop().await;
    for (city, app) in &chapters {
        for i in 1..=25 {
            app.create_initiative(json!({"name": format!("{city} {i:02}")}))
                .await;
        }
    }
    lille.start_again().await;
    partage::federation::sync::resync_all(&lille.state().federation, chrono::Utc::now())
        .await
        .unwrap();
    let mut expected = Vec::new();
    for (_, app) in &chapters {
        expected.extend(names(app, "/api/v1/initiatives?origin=local&per_page=100").await);
    }
    expected.sort();
    assert_eq!(expected.len(), 78);
    assert_eq!(
        names(&lille, "/api/v1/initiatives?origin=network&per_page=100").await,
        expected
    );
}

on_both_engines!(
    three_chapters,
    curation_applies_to_what_arrives,
    spoofed_updates_and_deletes_change_nothing,
    partition_and_restart_converge,
    several_follows_synced_at_once
);
