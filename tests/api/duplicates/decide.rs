//! Deciding of a pair: linked across chapters (one card with both origins, in lists and on the
//! map, `sameAs` on our `Page`, nothing sent to the origin), merged (the address redirects),
//! and the refusals.

use partage::domain::duplicates::sweep;
use serde_json::{Value, json};

use super::found::{at, created, get_admin};
use crate::admin::Browser;
use crate::network::follow;
use crate::on_both_engines;
use crate::support::{Engine, TestApp};

async fn decide(app: &TestApp, entry: &str, other: &str, decision: &str) -> (u16, Value) {
    let body = json!({"entry": entry, "other": other, "decision": decision});
    let response = app.post_json("/api/v1/duplicates", &body).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn linked_across_chapters(engine: Engine) {
    // Arrange: Lyon and Paris list the same repair café; Paris mirrors Lyon.
    let paris = TestApp::spawn_as(engine.clone(), "paris.localhost").await;
    let lyon = TestApp::spawn_with(
        engine,
        "lyon.localhost",
        &[("instance.slug", "lyon"), ("instance.name", "Partage Lyon")],
    )
    .await;
    lyon.create_initiative(at("Repair Café Croix-Rousse", 0.0, json!({})))
        .await;
    created(
        &paris,
        &at("Repair Cafe de la Croix Rousse", 30.0, json!({})),
    )
    .await;
    follow(&paris, &lyon, "lyon", json!({})).await;
    let (_, list) = paris.get_json("/api/v1/initiatives").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2);

    // Act: the background pass finds the mirrored one; an admin links them.
    assert!(sweep(&paris.db).await.unwrap() >= 1);
    let (_, pairs) = get_admin(&paris, "/api/v1/duplicates").await;
    assert_eq!(pairs["total"], 1, "{pairs}");
    let pair = &pairs["items"][0];
    let (ours, theirs) = (&pair["first"], &pair["second"]);
    assert_eq!(ours["origin"], Value::Null);
    assert_eq!(theirs["origin"]["name"], "Partage Lyon");
    let (ours, theirs) = (
        ours["slug"].as_str().unwrap(),
        theirs["slug"].as_str().unwrap(),
    );
    let deliveries = paris.deliveries().await.len();
    let (status, body) = decide(&paris, theirs, ours, "same").await;

    // Assert: one card, ours, with both origins, in the API, the directory and the search.
    assert_eq!((status, &body["shown"]), (200, &json!(ours)), "{body}");
    for path in ["/api/v1/initiatives", "/api/v1/initiatives?q=croix"] {
        let (_, list) = paris.get_json(path).await;
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{path}: {list}");
        assert_eq!(items[0]["slug"], ours);
        assert_eq!(items[0]["same_as"][0]["origin"]["name"], "Partage Lyon");
    }
    // The map's point says so too, in its popup.
    let (_, map) = paris.get_json("/initiatives.geojson").await;
    let features = map["features"].as_array().unwrap();
    assert_eq!(features.len(), 1, "{map}");
    let also = &features[0]["properties"]["also_listed"];
    assert_eq!(also[0]["by"], "Partage Lyon", "{also}");
    let url = also[0]["url"].as_str().unwrap();
    assert!(url.ends_with(&format!("/initiatives/{theirs}")), "{url}");
    let directory = paris.page_text("/initiatives").await;
    assert!(directory.contains("Also listed by"), "{directory}");
    assert!(directory.contains(&format!("href=\"/initiatives/{theirs}\"")));
    // Both pages stay, each linking the other.
    let page = paris.page_text(&format!("/initiatives/{theirs}")).await;
    assert!(
        page.contains(&format!("href=\"/initiatives/{ours}\"")),
        "{page}"
    );
    // Our Page names Lyon's as the same; nothing goes to Lyon, which does not follow us.
    let object = paris.get_as2(&format!("/initiatives/{ours}")).await;
    let lyon_id = lyon.get_as2("/initiatives/repair-cafe-croix-rousse").await["id"].clone();
    assert_eq!(object["sameAs"], json!([lyon_id]), "{object}");
    assert_eq!(paris.deliveries().await.len(), deliveries);
    assert_eq!(get_admin(&paris, "/api/v1/duplicates").await.1["total"], 0);

    // A mirrored entry is not merged: it changes only at its origin.
    let (status, _) = decide(&paris, theirs, ours, "merge").await;
    assert_eq!(status, 409);
}

async fn merged_and_redirected(engine: Engine) {
    // Arrange: two of ours, the same ressourcerie.
    let app = TestApp::spawn(engine).await;
    created(&app, &at("Ressourcerie Le Poulpe", 0.0, json!({}))).await;
    let second = created(&app, &at("Le Poulpe ressourcerie", 18.0, json!({}))).await;
    assert_eq!(
        second["possible_duplicates"][0]["slug"],
        "ressourcerie-le-poulpe"
    );
    let (status, _) = decide(
        &app,
        "le-poulpe-ressourcerie",
        "ressourcerie-le-poulpe",
        "same",
    )
    .await;
    assert_eq!(status, 409, "two of ours are merged, not linked");

    // Act
    let (status, body) = decide(
        &app,
        "le-poulpe-ressourcerie",
        "ressourcerie-le-poulpe",
        "merge",
    )
    .await;

    // Assert: one left; the other's address leads to it for good.
    assert_eq!(
        (status, &body["shown"]),
        (200, &json!("ressourcerie-le-poulpe"))
    );
    let (_, list) = app.get_json("/api/v1/initiatives").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let mut browser = Browser::new(&app);
    let page = browser.get("/initiatives/le-poulpe-ressourcerie").await;
    assert_eq!(
        (page.status, page.location.as_str()),
        (301, "/initiatives/ressourcerie-le-poulpe")
    );
    assert_eq!(get_admin(&app, "/api/v1/duplicates").await.1["total"], 0);
    assert!(
        app.outgoing_types()
            .await
            .contains(&"InitiativeDeleted".to_owned())
    );
    let (status, _) = decide(&app, "ressourcerie-le-poulpe", "nowhere", "different").await;
    assert_eq!(status, 404);
}

async fn a_decision_is_remembered(engine: Engine) {
    // Arrange: two AMAPs that share a distribution point.
    let app = TestApp::spawn(engine).await;
    created(&app, &at("AMAP des Lilas", 0.0, json!({}))).await;
    created(&app, &at("AMAP Les Lilas", 20.0, json!({}))).await;

    // Act
    let (status, _) = decide(&app, "amap-des-lilas", "amap-les-lilas", "different").await;

    // Assert: not proposed again, after an edit of either nor by the background pass.
    assert_eq!(status, 200);
    let response = app
        .patch_json(
            "/api/v1/initiatives/amap-les-lilas",
            &json!({"summary": "Légumes bio"}),
        )
        .await;
    let edited: Value = response.json().await.unwrap();
    assert_eq!(edited["possible_duplicates"], Value::Null, "none: left out");
    app.exec("UPDATE initiatives SET unchecked = 1").await;
    assert_eq!(sweep(&app.db).await.unwrap(), 2);
    assert_eq!(get_admin(&app, "/api/v1/duplicates").await.1["total"], 0);
    let (status, body) = decide(&app, "amap-des-lilas", "amap-les-lilas", "maybe").await;
    assert_eq!(status, 422, "{body}");
}

on_both_engines!(
    linked_across_chapters,
    merged_and_redirected,
    a_decision_is_remembered
);
