//! An initiative shown as unconfirmed at its chapter (its contact answered no reminder) is shown
//! the same at the chapters that mirror it, and confirmed again there when its contact answers.

use serde_json::{Value, json};

use crate::network::follow;
use crate::on_both_engines;
use crate::support::{Engine, TestApp, days_ago, eventually};

async fn mirrored(paris: &TestApp) -> Value {
    let (_, list) = paris.get_json("/api/v1/initiatives?origin=network").await;
    list["items"][0].clone()
}

async fn unconfirmed_entries_show_so_where_they_are_mirrored(engine: Engine) {
    let paris = TestApp::spawn_as(engine.clone(), "paris.localhost").await;
    let berlin =
        TestApp::spawn_with(engine, "berlin.localhost", &[("instance.slug", "berlin")]).await;
    let created = berlin
        .create_initiative(json!({"name": "Werkzeugbibliothek", "email": "werkzeug@example.org"}))
        .await;
    let slug = created["slug"].as_str().unwrap();
    let id = partage::domain::initiative::get(&berlin.db, slug)
        .await
        .unwrap()
        .id;
    follow(&paris, &berlin, "berlin", json!({})).await;
    let entry = mirrored(&paris).await;
    assert_eq!(
        (
            entry["unconfirmed"].as_bool(),
            entry["confirmed_at"].is_null()
        ),
        (Some(false), true),
        "{entry}"
    );

    // A year without news and two reminders without an answer: unconfirmed at Berlin…
    berlin
        .exec(&format!(
            "UPDATE initiatives SET updated_at = {old}, reminders = 2, reminded_at = {old}",
            old = days_ago(&berlin, 400)
        ))
        .await;
    let now = partage::domain::now();
    partage::domain::freshness::plan(&berlin.db, now, 365, "de")
        .await
        .unwrap();
    berlin.state().publish_changes().await;
    let object = berlin.get_as2(&format!("/ap/initiatives/{id}")).await;
    assert!(object["unconfirmedSince"].is_string(), "{object}");
    assert!(object["confirmed"].is_null(), "{object}");

    // …and at Paris, which mirrors it: in its lists, on its page, and hidden when asked.
    eventually("Paris to show the entry unconfirmed", async || {
        mirrored(&paris).await["unconfirmed"] == true
    })
    .await;
    let (_, shown) = paris
        .get_json("/api/v1/initiatives?origin=network&hide_unconfirmed=true")
        .await;
    assert_eq!(shown["items"], json!([]), "{shown}");
    let slug = mirrored(&paris).await["slug"].as_str().unwrap().to_owned();
    let page = paris.page_text(&format!("/initiatives/{slug}")).await;
    assert!(page.contains("Unconfirmed"));

    // Its contact answers "still active": confirmed at both, with Berlin's date.
    partage::domain::freshness::confirm(&berlin.db, id)
        .await
        .unwrap();
    berlin.state().publish_changes().await;
    let object = berlin.get_as2(&format!("/ap/initiatives/{id}")).await;
    assert!(object["unconfirmedSince"].is_null(), "{object}");
    let confirmed = object["confirmed"].as_str().unwrap().to_owned();
    eventually("Paris to show the entry confirmed again", async || {
        mirrored(&paris).await["unconfirmed"] == false
    })
    .await;
    let entry = mirrored(&paris).await;
    let at = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
    assert_eq!(at(&entry["confirmed_at"]), at(&json!(confirmed)), "{entry}");
}

on_both_engines!(unconfirmed_entries_show_so_where_they_are_mirrored);
