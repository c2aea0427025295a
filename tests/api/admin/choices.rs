//! The event form offers choices instead of names to type: the chapter's initiatives by name,
//! the time zones (the chapter's first), and the places already used.

use partage::domain::account::Role;
use serde_json::json;

use super::{Browser, user};
use crate::on_both_engines;
use crate::support::{Engine, TestApp};

async fn the_event_form_offers_choices(engine: Engine) {
    let app = TestApp::spawn_with(
        engine,
        "localhost",
        &[("instance.timezone", "Europe/Berlin")],
    )
    .await;
    app.create_initiative(
        json!({"name": "Repair Café Belleville", "location": {"name": "La Cyclofficine",
        "street": "5 rue Pierre Bonnard", "postal_code": "75020", "locality": "Paris",
        "latitude": 48.8721, "longitude": 2.3985}}),
    )
    .await;
    app.create_initiative(json!({"name": "Atelier vélo", "location": {"locality": "Paris"}}))
        .await;
    user(&app, "alice", Role::Editor).await;
    let mut browser = Browser::signed_in(&app, "alice").await;

    let page = browser.get("/admin/events/new").await;
    assert_eq!(page.status, 200);
    let body = &page.body;
    // The organiser by its name; the address name stays the value.
    assert!(
        body.contains("<select id=\"f-initiative\" name=\"initiative\">"),
        "{body}"
    );
    assert!(
        body.contains("<option value=\"repair-cafe-belleville\">Repair Café Belleville</option>")
    );
    assert!(body.find(">Atelier vélo<").unwrap() < body.find(">Repair Café Belleville<").unwrap());
    // The chapter's zone first and chosen; then every zone.
    let zones = body
        .split("<select id=\"f-timezone\" name=\"timezone\">")
        .nth(1)
        .unwrap();
    assert!(
        zones.starts_with("<option value=\"Europe/Berlin\" selected>Europe/Berlin</option>"),
        "{zones}"
    );
    assert!(zones.contains("<option value=\"America/New_York\">America/New York</option>"));
    // The places used, for the script (hidden without it); only those with a name or street.
    let places = body.split("<select id=\"known-place\">").nth(1).unwrap();
    let places = places.split("</select>").next().unwrap();
    assert!(
        places.contains("La Cyclofficine, 5 rue Pierre Bonnard, 75020 Paris"),
        "{places}"
    );
    assert_eq!(
        places.matches("<option").count(),
        2,
        "the prompt and one place"
    );

    // The chosen initiative is saved by its address name, and kept selected when editing.
    let saved = browser
        .submit(
            "/admin/events",
            &[
                ("name", "Repair night"),
                ("starts_at", "2099-06-06T18:00"),
                ("timezone", "Europe/Berlin"),
                ("initiative", "repair-cafe-belleville"),
                ("location.locality", "Paris"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let page = browser.get("/admin/events/repair-night").await;
    assert!(
        page.body
            .contains("<option value=\"repair-cafe-belleville\" selected>"),
        "{}",
        page.body
    );
    let (_, view) = app.get_json("/api/v1/events/repair-night").await;
    assert_eq!(view["initiative"], "repair-cafe-belleville");
}

on_both_engines!(the_event_form_offers_choices);
