//! The map widget: its layers carry every filter, `show` keeps one layer, bad filters are a box
//! saying why; and one entry's card for oEmbed consumers.

use serde_json::json;

use crate::on_both_engines;
use crate::support::{Engine, TestApp};

async fn the_map_widget_carries_the_filters_to_its_layers(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let response = app
        .get("/embed/map?category=repair&near=48.8566,2.3522&radius_km=5&from=2099-01-01&lang=fr&theme=dark")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("frame-ancestors *"), "{policy}");
    assert!(!response.headers().contains_key("set-cookie"));
    let body = response.text().await.unwrap();
    assert!(body.contains("<html lang=\"fr\">") && body.contains("leaflet.js"));
    assert!(body.contains("data-map-zoom-in=\"Zoomer\"") || body.contains("data-map-zoom-in="));
    // Each layer has the filters it takes: the events' dates only on the events.
    assert!(
        body.contains(
            "data-geojson=\"/initiatives.geojson?category=repair&amp;near=48.85660%2C2.35220&amp;radius_km=5\""
        ),
        "{body}"
    );
    assert!(
        body.contains("data-events=\"/events.geojson?category=repair&amp;near=48.85660%2C2.35220&amp;radius_km=5&amp;from=2099-01-01\""),
        "{body}"
    );
    // The host sizes a map's frame: it tells no height.
    assert!(!body.contains("frame.js"));

    let events_only = app.page_text("/embed/map?show=events").await;
    assert!(events_only.contains("data-events=") && !events_only.contains("data-geojson="));
    let places_only = app.page_text("/embed/map?show=initiatives").await;
    assert!(!places_only.contains("data-events=") && places_only.contains("data-geojson="));

    for bad in [
        "show=everything",
        "from=2099-13-45",
        "to=yesterday",
        "category=nothing-like-it",
        "theme=pink",
    ] {
        let response = app.get(&format!("/embed/map?{bad}")).send().await.unwrap();
        assert_eq!(response.status(), 400, "{bad}");
        let body = response.text().await.unwrap();
        assert!(body.contains("class=\"problems\""), "{bad}: {body}");
        assert!(!body.contains("leaflet.js"), "{bad}");
    }
}

async fn one_entry_is_a_card(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let initiative = app
        .create_initiative(
            json!({"name": "Repair Café Belleville", "categories": ["repair"],
            "summary": "Bring what is broken", "location": {"locality": "Paris"}}),
        )
        .await;
    let event = app
        .create_event(
            json!({"name": "Repair night", "starts_at": "2099-06-10T18:00",
            "timezone": "Europe/Paris", "location": {"locality": "Paris"}}),
        )
        .await;

    let slug = initiative["slug"].as_str().unwrap();
    let card = app
        .page_text(&format!("/embed/initiatives/{slug}?theme=light"))
        .await;
    assert!(
        card.contains("Repair Café Belleville") && card.contains("Bring what is broken"),
        "{card}"
    );
    assert!(card.contains(&format!("href=\"/initiatives/{slug}\"")));
    let slug = event["slug"].as_str().unwrap();
    let response = app
        .get(&format!("/embed/events/{slug}?lang=fr"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors *")
    );
    let card = response.text().await.unwrap();
    assert!(
        card.contains("Repair night") && card.contains("juin"),
        "{card}"
    );

    let missing = app.get("/embed/events/nothing-here").send().await.unwrap();
    assert_eq!(missing.status(), 404);
    assert!(missing.text().await.unwrap().contains("class=\"problems\""));
    let bad = app
        .get(&format!("/embed/events/{slug}?accent=red"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
}

on_both_engines!(
    the_map_widget_carries_the_filters_to_its_layers,
    one_entry_is_a_card
);
