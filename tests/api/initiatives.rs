//! Creating, reading, listing, editing and deleting initiatives.

use serde_json::{Value, json};

use crate::on_both_engines;
use crate::support::{Engine, TestApp};

fn repair_cafe() -> Value {
    json!({
        "name": "Repair Café Belleville",
        "summary": "Bring what is broken, leave with it fixed",
        "description": "We fix **everything**: lamps, bikes, toasters.",
        "categories": ["repair", "goods"],
        "tags": ["#ZeroWaste", "repair"],
        "location": {
            "name": "Maison de quartier", "street": "12 rue de Belleville", "postal_code": "75020",
            "locality": "Paris", "country": "fr", "latitude": 48.8722, "longitude": 2.3770
        },
        "website": "https://repair.example/belleville",
        "email": "hello@repair.example",
        "phone": "+33 1 23 45 67 89",
        "opening_hours": "Sa 14:00-18:00",
        "languages": ["fr", "en"],
        "image_url": "https://repair.example/logo.png"
    })
}

async fn create_and_read(engine: Engine) {
    // Arrange
    let app = TestApp::spawn(engine).await;

    // Act
    let response = app.post_json("/api/v1/initiatives", &repair_cafe()).await;

    // Assert
    assert_eq!(response.status(), 201);
    assert_eq!(
        response.headers()["location"],
        "/api/v1/initiatives/repair-cafe-belleville"
    );
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["slug"], "repair-cafe-belleville");
    assert_eq!(created["location"]["country"], "FR");
    assert_eq!(created["tags"], json!(["ZeroWaste", "repair"]));
    assert_eq!(created["status"], "active");
    assert!(
        created["url"]
            .as_str()
            .unwrap()
            .ends_with("/initiatives/repair-cafe-belleville")
    );
    assert!(
        created["description_html"]
            .as_str()
            .unwrap()
            .contains("<strong>everything</strong>")
    );

    let (status, read) = app
        .get_json("/api/v1/initiatives/repair-cafe-belleville")
        .await;
    assert_eq!(status, 200);
    assert_eq!(read, created);
    assert_eq!(app.outgoing_types().await, ["InitiativePublished"]);
}

async fn slugs_are_derived_and_unique(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let first = app.create_initiative(json!({"name": "Outil'thèque"})).await;
    let second = app.create_initiative(json!({"name": "Outilthèque"})).await;
    let third = app
        .create_initiative(json!({"name": "Outil thèque", "slug": "tools"}))
        .await;
    assert_eq!(first["slug"], "outil-theque");
    assert_eq!(second["slug"], "outiltheque");
    assert_eq!(third["slug"], "tools");
    let again = app.create_initiative(json!({"name": "Outil'thèque"})).await;
    assert_eq!(again["slug"], "outil-theque-2");
}

async fn list_filters_sorts_and_paginates(engine: Engine) {
    // Arrange: three places around Paris and one in Berlin.
    let app = TestApp::spawn(engine).await;
    let place = |lat: f64, lon: f64| json!({"locality": "x", "latitude": lat, "longitude": lon});
    app.create_initiative(json!({"name": "Café Vélo", "categories": ["mobility"],
        "tags": ["bike"], "location": place(48.853, 2.349)}))
        .await;
    app.create_initiative(json!({"name": "AMAP du Marais", "categories": ["food"],
        "summary": "Légumes bio du café voisin", "location": place(48.859, 2.362)}))
        .await;
    app.create_initiative(
        json!({"name": "Zèbre Coop", "categories": ["food", "goods"],
        "tags": ["Bike"], "status": "paused", "location": place(48.90, 2.40)}),
    )
    .await;
    app.create_initiative(
        json!({"name": "Berliner Tauschring", "categories": ["skills"],
        "location": place(52.52, 13.40)}),
    )
    .await;

    // By name, case- and accent-insensitively.
    let names = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, all) = app.get_json("/api/v1/initiatives").await;
    assert_eq!(all["total"], 4);
    assert_eq!(
        names(&all),
        [
            "AMAP du Marais",
            "Berliner Tauschring",
            "Café Vélo",
            "Zèbre Coop"
        ]
    );

    // Text search ignores case and accents, in every field; the best match comes first.
    let (_, found) = app.get_json("/api/v1/initiatives?q=CAFE").await;
    assert_eq!(names(&found), ["Café Vélo", "AMAP du Marais"]);
    let (_, found) = app.get_json("/api/v1/initiatives?q=velo%20cafe").await;
    assert_eq!(names(&found), ["Café Vélo"]);
    // As you type: word prefixes match, accents or not.
    let (_, found) = app.get_json("/api/v1/initiatives?q=caf").await;
    assert_eq!(names(&found), ["Café Vélo", "AMAP du Marais"]);
    let (_, found) = app.get_json("/api/v1/initiatives?q=Z%C3%A8br").await;
    assert_eq!(names(&found), ["Zèbre Coop"]);
    let (_, found) = app
        .get_json("/api/v1/initiatives?q=%22%2A%20OR%20%27")
        .await;
    assert_eq!(found["total"], 0, "query syntax is not interpreted");

    // Categories and tags: any of those listed.
    let (_, found) = app.get_json("/api/v1/initiatives?category=food").await;
    assert_eq!(names(&found), ["AMAP du Marais", "Zèbre Coop"]);
    let (_, found) = app
        .get_json("/api/v1/initiatives?category=mobility,skills")
        .await;
    assert_eq!(names(&found), ["Berliner Tauschring", "Café Vélo"]);
    let (_, found) = app.get_json("/api/v1/initiatives?tag=bike").await;
    assert_eq!(names(&found), ["Café Vélo", "Zèbre Coop"]);
    let (_, found) = app.get_json("/api/v1/initiatives?status=paused").await;
    assert_eq!(names(&found), ["Zèbre Coop"]);

    // Near a point: within the radius, nearest first, with the distance.
    let (_, near) = app
        .get_json("/api/v1/initiatives?near=48.8566,2.3522&radius_km=5")
        .await;
    assert_eq!(names(&near), ["Café Vélo", "AMAP du Marais"]);
    let first_km = near["items"][0]["distance_km"].as_f64().unwrap();
    assert!(first_km < 1.0, "{first_km}");
    let (_, near) = app
        .get_json("/api/v1/initiatives?near=48.8566,2.3522&radius_km=2000")
        .await;
    assert_eq!(near["total"], 4);
    assert_eq!(names(&near).last().unwrap(), "Berliner Tauschring");

    // Combined filters.
    let (_, found) = app
        .get_json("/api/v1/initiatives?category=food&near=48.8566,2.3522&radius_km=3")
        .await;
    assert_eq!(names(&found), ["AMAP du Marais"]);

    // Pages, with their total and links.
    let response = app
        .get("/api/v1/initiatives?per_page=3&page=2")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-total-count"], "4");
    let link = response.headers()["link"].to_str().unwrap().to_owned();
    assert!(link.contains("per_page=3&page=1>; rel=\"first\""), "{link}");
    assert!(link.contains("per_page=3&page=1>; rel=\"prev\""), "{link}");
    assert!(link.contains("per_page=3&page=2>; rel=\"last\""), "{link}");
    assert!(!link.contains("rel=\"next\""), "{link}");
    let page: Value = response.json().await.unwrap();
    assert_eq!(
        (page["page"].as_i64(), page["per_page"].as_i64()),
        (Some(2), Some(3))
    );
    assert_eq!(names(&page), ["Zèbre Coop"]);
}

async fn patch_changes_clears_and_renames(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let created = app.create_initiative(repair_cafe()).await;
    app.create_initiative(json!({"name": "Taken"})).await;

    // Change one field, clear another; the rest stays.
    let response = app
        .patch_json(
            "/api/v1/initiatives/repair-cafe-belleville",
            &json!({"summary": "Fix it together", "website": null, "status": "closed"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let updated: Value = response.json().await.unwrap();
    assert_eq!(updated["summary"], "Fix it together");
    assert_eq!(updated["website"], Value::Null);
    assert_eq!(updated["status"], "closed");
    assert_eq!(updated["email"], created["email"]);
    assert_eq!(
        updated["slug"], "repair-cafe-belleville",
        "a new name keeps the slug"
    );
    assert!(updated["updated_at"].as_str() > created["updated_at"].as_str());

    // A rename to a taken slug is a conflict and changes nothing.
    let before = app.snapshot().await;
    let response = app
        .patch_json(
            "/api/v1/initiatives/repair-cafe-belleville",
            &json!({"slug": "taken", "name": "X"}),
        )
        .await;
    assert_eq!(response.status(), 409);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "conflict");
    assert_eq!(app.snapshot().await, before);

    // A free one renames.
    let response = app
        .patch_json(
            "/api/v1/initiatives/repair-cafe-belleville",
            &json!({"slug": "repair-belleville"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        app.get_json("/api/v1/initiatives/repair-belleville")
            .await
            .0,
        200
    );
    assert_eq!(
        app.get_json("/api/v1/initiatives/repair-cafe-belleville")
            .await
            .0,
        404
    );

    // An edit that changes nothing records nothing.
    let records = app.count("outgoing").await;
    let response = app
        .patch_json(
            "/api/v1/initiatives/repair-belleville",
            &json!({"summary": "Fix it together"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.count("outgoing").await, records);
}

async fn delete_removes_and_unlinks_events(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.create_initiative(repair_cafe()).await;
    app.create_event(
        json!({"name": "Repair night", "starts_at": "2099-01-10T18:00:00+01:00",
        "online_url": "https://meet.example/r", "initiative": "repair-cafe-belleville"}),
    )
    .await;

    let response = app
        .delete("/api/v1/initiatives/repair-cafe-belleville")
        .await;
    assert_eq!(response.status(), 204);

    assert_eq!(
        app.get_json("/api/v1/initiatives/repair-cafe-belleville")
            .await
            .0,
        404
    );
    assert_eq!(app.count("initiative_labels").await, 0);
    let (_, event) = app.get_json("/api/v1/events/repair-night").await;
    assert_eq!(event["initiative"], Value::Null);
    assert_eq!(
        app.outgoing_types().await,
        ["InitiativePublished", "EventPublished", "InitiativeDeleted"]
    );
    assert_eq!(
        app.delete("/api/v1/initiatives/repair-cafe-belleville")
            .await
            .status(),
        404
    );
}

/// A post read on Mastodon or GoToSocial says first that a place closed (or pauses), as an
/// event's says it is cancelled: its readers must not go there.
async fn a_closed_initiative_says_so_first(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.create_initiative(
        json!({"name": "Outilthèque de Bagnolet", "languages": ["fr"],
        "location": {"locality": "Bagnolet"}}),
    )
    .await;
    let content = |object: Value| object["content"].as_str().unwrap().to_owned();
    let open = content(app.get_as2("/initiatives/outiltheque-de-bagnolet").await);
    assert!(!open.contains('🚫'), "{open}");

    let response = app
        .patch_json(
            "/api/v1/initiatives/outiltheque-de-bagnolet",
            &json!({"status": "closed"}),
        )
        .await;
    assert_eq!(response.status(), 200);

    let closed = content(app.get_as2("/initiatives/outiltheque-de-bagnolet").await);
    let facts = closed.split("</strong></p>").nth(1).unwrap_or_default();
    assert!(facts.starts_with("<p>🚫 FERMÉ DÉFINITIVEMENT"), "{closed}");
    assert!(
        app.outgoing_types()
            .await
            .contains(&"InitiativeUpdated".to_owned())
    );
}

on_both_engines!(
    a_closed_initiative_says_so_first,
    create_and_read,
    slugs_are_derived_and_unique,
    list_filters_sorts_and_paginates,
    patch_changes_clears_and_renames,
    delete_removes_and_unlinks_events,
);
