//! Likely duplicates found on every write: the API's answer, the list of open pairs, a
//! suggestion marked in the review queue, imported entries (found by the background pass).

use partage::domain::account::Role;
use serde_json::{Value, json};

use crate::admin::{Browser, user};
use crate::on_both_engines;
use crate::support::{Engine, TestApp};

/// An initiative `north_m` metres north of a point in Belleville, Paris.
pub fn at(name: &str, north_m: f64, extra: Value) -> Value {
    let mut body = json!({
        "name": name,
        "categories": ["repair"],
        "location": {"locality": "Paris", "latitude": 48.8722 + north_m / 111_195.0, "longitude": 2.3770},
    });
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    body
}

pub async fn created(app: &TestApp, body: &Value) -> Value {
    let response = app.post_json("/api/v1/initiatives", body).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

async fn found_on_create_and_edit(engine: Engine) {
    // Arrange
    let app = TestApp::spawn(engine).await;
    let first = created(&app, &at("Repair Café Belleville", 0.0, json!({}))).await;
    assert_eq!(first["possible_duplicates"], Value::Null, "none: left out");

    // Act: the same, spelt otherwise, 40 m away; another repair café 80 m away.
    let second = created(&app, &at("repair cafe de Belleville", 40.0, json!({}))).await;
    let other = created(&app, &at("Repair Café Ménilmontant", 80.0, json!({}))).await;

    // Assert: the write answers it, with its figures; the other is no duplicate.
    let found = second["possible_duplicates"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["slug"], "repair-cafe-belleville");
    assert_eq!(found[0]["name"], "Repair Café Belleville");
    assert_eq!(found[0]["origin"], Value::Null);
    assert_eq!(found[0]["distance_m"], 40.0);
    assert_eq!(found[0]["score"], 1.0);
    assert_eq!(other["possible_duplicates"], Value::Null, "none: left out");
    let (status, pairs) = get_admin(&app, "/api/v1/duplicates").await;
    assert_eq!(status, 200);
    assert_eq!(pairs["total"], 1);
    let pair = &pairs["items"][0];
    assert_eq!(
        (
            pair["first"]["slug"].as_str(),
            pair["second"]["slug"].as_str()
        ),
        (
            Some("repair-cafe-belleville"),
            Some("repair-cafe-de-belleville")
        )
    );
    assert_eq!(
        (&pair["distance_m"], &pair["score"]),
        (&json!(40.0), &json!(1.0))
    );
    let (status, _) = app.get_json("/api/v1/duplicates").await;
    assert_eq!(status, 401, "admins only");

    // An edit that makes it another entry takes the pair back.
    let response = app
        .patch_json(
            "/api/v1/initiatives/repair-cafe-de-belleville",
            &json!({"name": "Atelier vélo du Jourdain"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let edited: Value = response.json().await.unwrap();
    assert_eq!(edited["possible_duplicates"], Value::Null, "none: left out");
    assert_eq!(get_admin(&app, "/api/v1/duplicates").await.1["total"], 0);

    // The same website far away, with a name alike, is one too (written otherwise).
    let site = json!({"website": "https://www.repair.example/belleville/"});
    created(&app, &at("Repair Café Belleville", 600.0, site)).await;
    let site = json!({"website": "http://repair.example/belleville"});
    let far = created(&app, &at("Repair Café de Belleville", -300.0, site)).await;
    let found = far["possible_duplicates"].as_array().unwrap();
    assert_eq!(
        found.len(),
        1,
        "the first is 300 m away, no contact shared: {found:?}"
    );
    assert_eq!(found[0]["slug"], "repair-cafe-belleville-2");
    assert_eq!(found[0]["distance_m"], 900.0);
}

pub async fn get_admin(app: &TestApp, path: &str) -> (u16, Value) {
    let response = app
        .client
        .get(format!("{}{path}", app.address))
        .bearer_auth(&app.token)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn a_suggestion_is_marked_in_review(engine: Engine) {
    // Arrange
    let app = TestApp::spawn(engine).await;
    created(
        &app,
        &at(
            "AMAP des Lilas",
            0.0,
            json!({"email": "contact@amap-lilas.org"}),
        ),
    )
    .await;
    user(&app, "eddie", Role::Editor).await;
    let mut visitor = Browser::new(&app);

    // Act: the public suggests it again, with the e-mail written otherwise, no place.
    let page = visitor
        .post(
            "/suggest",
            &[
                ("kind", "initiative"),
                ("name", "Amap Les Lilas"),
                ("email", "Contact@AMAP-Lilas.org"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);

    // Assert: the review queue marks it, in the API and on the admin's page.
    let (_, queue) = get_admin(&app, "/api/v1/review").await;
    let waiting = &queue["initiatives"][0];
    assert_eq!(waiting["name"], "Amap Les Lilas");
    assert_eq!(waiting["possible_duplicates"][0]["slug"], "amap-des-lilas");
    assert_eq!(waiting["possible_duplicates"][0]["distance_m"], Value::Null);
    let mut admin = Browser::signed_in(&app, "eddie").await;
    let page = admin.get("/admin/review").await;
    assert!(
        page.body.contains("/initiatives/amap-des-lilas"),
        "{}",
        page.body
    );
}

async fn imported_entries_are_found_by_the_background_pass(engine: Engine) {
    // Arrange: one of ours, then a file with the same place under another name spelling.
    let app = TestApp::spawn(engine).await;
    created(&app, &at("Leihladen Kreuzberg", 0.0, json!({}))).await;
    let file = json!([{
        "name": "Leihladen Kreuzberg e.V.",
        "latitude": 48.8722 + 25.0 / 111_195.0,
        "longitude": 2.3770,
        "categories": "goods",
    }]);
    let rows = partage::ops::import::json(&file.to_string()).unwrap();
    let report = partage::domain::import::initiatives(&app.db, rows, false, |_| {})
        .await
        .unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);

    // Act: what the server does every 10 seconds.
    let looked = partage::domain::duplicates::sweep(&app.db).await.unwrap();

    // Assert
    assert!(looked >= 1);
    let (_, pairs) = get_admin(&app, "/api/v1/duplicates").await;
    assert_eq!(pairs["total"], 1, "{pairs}");
    assert_eq!(pairs["items"][0]["first"]["slug"], "leihladen-kreuzberg");
    assert_eq!(
        partage::domain::duplicates::sweep(&app.db).await.unwrap(),
        0
    );
}

on_both_engines!(
    found_on_create_and_edit,
    a_suggestion_is_marked_in_review,
    imported_entries_are_found_by_the_background_pass,
);
