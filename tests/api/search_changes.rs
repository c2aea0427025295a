//! A text with categories or in a circle finds entries as they are now (on SQLite, the text
//! index holds their categories and places as words of columns of their own, which are never
//! a text's words).

use serde_json::json;

use crate::on_both_engines;
use crate::support::{Engine, TestApp};
use crate::swaps::{finds, found};

/// Asserts that `query` finds exactly `slugs`, in whatever order its relevance gives them.
async fn finds_all(app: &TestApp, query: &str, slugs: &[&str]) {
    let (mut found, total) = found(app, query).await;
    found.sort();
    assert_eq!(found, slugs, "{query}");
    assert_eq!(total, slugs.len() as u64, "{query}");
}

async fn a_text_finds_the_categories_an_entry_has_now(engine: Engine) {
    // Arrange
    let app = TestApp::spawn(engine).await;
    for (name, categories) in [
        ("Atelier vélo", json!(["repair", "mobility"])),
        ("Atelier cuisine", json!(["food"])),
        ("Vélo partagé", json!(["mobility"])),
        // Its word begins as "atelier" does, to the letters the index holds lists of.
        ("Atelie Bleu", json!(["repair"])),
    ] {
        app.create_initiative(json!({"name": name, "categories": categories}))
            .await;
    }

    // Act / Assert: the text and any of the categories.
    finds(
        &app,
        &[
            "q=atelier&category=repair",
            "q=vel&category=repair,skills",
            "q=atelier%20velo&category=mobility",
        ],
        &["atelier-velo"],
    )
    .await;
    finds_all(
        &app,
        "q=velo&category=mobility",
        &["atelier-velo", "velo-partage"],
    )
    .await;
    finds(&app, &["q=atelier&category=energy"], &[]).await;
    finds_all(
        &app,
        "q=atelie&category=repair",
        &["atelie-bleu", "atelier-velo"],
    )
    .await;

    // Its categories changed: found by the new one only, at once.
    let response = app
        .patch_json(
            "/api/v1/initiatives/atelier-velo",
            &json!({"categories": ["energy"]}),
        )
        .await;
    assert_eq!(response.status(), 200);
    finds(&app, &["q=atelier&category=energy"], &["atelier-velo"]).await;
    finds(&app, &["q=atelier&category=repair"], &[]).await;
    finds(
        &app,
        &["q=velo&category=mobility", "q=vel&category=mobility"],
        &["velo-partage"],
    )
    .await;

    // The words that hold the categories are not a text's: `c0` is mobility's bit.
    finds(&app, &["q=c0", "q=c0&category=mobility", "q=c8"], &[]).await;

    // Gone, it is found no more.
    let response = app.delete("/api/v1/initiatives/velo-partage").await;
    assert!(response.status().is_success());
    finds(&app, &["q=vel&category=mobility"], &[]).await;
}

async fn a_text_in_a_circle_finds_where_an_entry_is_now(engine: Engine) {
    // Arrange: a repair café in Lyon, one in Amsterdam, one south-west of 0° (Santiago).
    let app = TestApp::spawn(engine).await;
    for (name, latitude, longitude) in [
        ("Repair Lyon", 45.7640, 4.8357),
        ("Repair Amsterdam", 52.3676, 4.9041),
        ("Repair Santiago", -33.4489, -70.6693),
    ] {
        let location = json!({"locality": name, "latitude": latitude, "longitude": longitude});
        app.create_initiative(json!({"name": name, "location": location}))
            .await;
    }
    let lyon = "near=45.76,4.84&radius_km";
    let amsterdam = "near=52.37,4.90&radius_km";

    // Act / Assert: every radius, each finding its own.
    for radius in [1, 5, 25, 100, 500] {
        finds(&app, &[&format!("q=rep&{lyon}={radius}")], &["repair-lyon"]).await;
        finds(
            &app,
            &[&format!("q=repair&{amsterdam}={radius}")],
            &["repair-amsterdam"],
        )
        .await;
        let santiago = format!("q=repair&near=-33.45,-70.66&radius_km={radius}");
        finds(&app, &[&santiago], &["repair-santiago"]).await;
    }
    // A circle wider than the grid of places: its rows found without it.
    finds(
        &app,
        &[&format!("q=repair&{lyon}=2000")],
        &["repair-lyon", "repair-amsterdam"],
    )
    .await;
    // Moved from Lyon to Amsterdam: found there only, at once, nearest first.
    let moved =
        json!({"location": {"locality": "Amsterdam", "latitude": 52.3700, "longitude": 4.9000}});
    let response = app
        .patch_json("/api/v1/initiatives/repair-lyon", &moved)
        .await;
    assert_eq!(response.status(), 200);
    finds(&app, &[&format!("q=rep&{lyon}=25")], &[]).await;
    finds(
        &app,
        &[&format!("q=repair&{amsterdam}=5")],
        &["repair-lyon", "repair-amsterdam"],
    )
    .await;
    // The words that hold the places are not a text's.
    finds(
        &app,
        &["q=p5y464x729", "q=p5y464x729&near=52.37,4.90&radius_km=100"],
        &[],
    )
    .await;
}

on_both_engines!(
    a_text_finds_the_categories_an_entry_has_now,
    a_text_in_a_circle_finds_where_an_entry_is_now
);
