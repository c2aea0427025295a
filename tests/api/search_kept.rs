//! A search sees every write at once: a new entry, a rename, new words, another category or
//! place, a status, a review decision, a merge and a delete each show in the very next list (on
//! PostgreSQL, searches read a narrow copy of the published entries that triggers keep).

use serde_json::{Value, json};

use crate::on_both_engines;
use crate::support::{Engine, TestApp};
use crate::swaps::{finds, found};

async fn patched(app: &TestApp, slug: &str, body: Value) {
    let response = app
        .patch_json(&format!("/api/v1/initiatives/{slug}"), &body)
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
}

/// Paris's Belleville, and Lyon.
const PARIS: &str = "near=48.8722,2.3770&radius_km=2";
const LYON: &str = "near=45.7640,4.8357&radius_km=2";

fn at(name: &str, place: (f64, f64), category: &str) -> Value {
    json!({
        "name": name,
        "summary": "Bring what is broken",
        "categories": [category],
        "location": {"locality": "Paris", "latitude": place.0, "longitude": place.1},
    })
}

async fn every_write_shows_at_once(engine: Engine) {
    // Arrange: two entries in Paris.
    let app = TestApp::spawn(engine).await;
    let paris = (48.8722, 2.3770);
    app.create_initiative(at("Atelier Vélo Belleville", paris, "mobility"))
        .await;
    app.create_initiative(at("Ressourcerie Le Poulpe", paris, "goods"))
        .await;

    // Assert: found at once, by words, category, place and each combination.
    let velo = ["atelier-velo-belleville"];
    finds(
        &app,
        &[
            "q=velo",
            "q=vel",
            "q=velo&category=mobility",
            &format!("q=velo&{PARIS}"),
            &format!("category=mobility&{PARIS}"),
            &format!("q=atelier&category=mobility&{PARIS}"),
        ],
        &velo,
    )
    .await;

    // Act: renamed, new words, another category, another place.
    patched(
        &app,
        "atelier-velo-belleville",
        json!({"name": "Cyclofficine", "summary": "Réparer ensemble", "categories": ["repair"],
            "location": {"locality": "Lyon", "latitude": 45.7640, "longitude": 4.8357}}),
    )
    .await;

    // Assert: found as it now is, not as it was.
    let cyclo = ["atelier-velo-belleville"];
    finds(
        &app,
        &[
            "q=cyclofficine",
            "q=reparer&category=repair",
            &format!("q=cyclo&{LYON}"),
            &format!("category=repair&{LYON}"),
        ],
        &cyclo,
    )
    .await;
    finds(
        &app,
        &[
            "q=velo",
            "q=cyclofficine&category=mobility",
            &format!("q=cyclofficine&{PARIS}"),
            &format!("category=mobility&{PARIS}"),
            "q=bring&category=repair",
        ],
        &[],
    )
    .await;
    assert_eq!(found(&app, "q=bring").await.0, ["ressourcerie-le-poulpe"]);

    // Act: closed; then held back from the public lists, then published again.
    patched(&app, "atelier-velo-belleville", json!({"status": "closed"})).await;
    let (closed, _) = found(&app, "q=cyclofficine&status=closed").await;
    assert_eq!(closed, cyclo);
    finds(&app, &["q=cyclofficine&hide_closed=true"], &[]).await;
    app.exec("UPDATE initiatives SET review = 'pending' WHERE slug = 'atelier-velo-belleville'")
        .await;
    finds(&app, &["q=cyclofficine", "category=repair", LYON], &[]).await;
    app.exec("UPDATE initiatives SET review = 'published' WHERE slug = 'atelier-velo-belleville'")
        .await;
    finds(&app, &["q=cyclofficine", "category=repair", LYON], &cyclo).await;

    // Act: deleted.
    let response = app
        .delete("/api/v1/initiatives/atelier-velo-belleville")
        .await;
    assert!(response.status().is_success(), "{}", response.status());

    // Assert
    finds(&app, &["q=cyclofficine", "category=repair", LYON], &[]).await;
}

async fn a_merge_shows_at_once(engine: Engine) {
    // Arrange: the same ressourcerie twice.
    let app = TestApp::spawn(engine).await;
    let paris = (48.8722, 2.3770);
    app.create_initiative(at("Ressourcerie Le Poulpe", paris, "goods"))
        .await;
    app.create_initiative(at("Le Poulpe ressourcerie", paris, "goods"))
        .await;
    assert_eq!(found(&app, "q=poulpe&category=goods").await.1, 2);

    // Act
    let body = json!({"entry": "le-poulpe-ressourcerie", "other": "ressourcerie-le-poulpe",
        "decision": "merge"});
    let response = app.post_json("/api/v1/duplicates", &body).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());

    // Assert: one left, wherever it is looked for.
    let kept = ["ressourcerie-le-poulpe"];
    finds(
        &app,
        &[
            "q=poulpe",
            "q=poulpe&category=goods",
            "category=goods",
            &format!("q=ressourcerie&{PARIS}"),
        ],
        &kept,
    )
    .await;
}

on_both_engines!(every_write_shows_at_once, a_merge_shows_at_once);
