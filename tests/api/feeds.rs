//! Feeds and exports, parsed back by independent readers.

use serde_json::{Value, json};

use crate::on_both_engines;
use crate::support::{Engine, TestApp};

async fn calendars_are_valid_with_time_zones(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.create_initiative(json!({"name": "Repair Café"})).await;
    app.create_event(json!({"name": "Repair night; bring tools, lamps", "starts_at": "2099-12-05T18:00", "ends_at": "2099-12-05T21:00",
        "location": {"name": "Maison", "locality": "Paris", "latitude": 48.87, "longitude": 2.37},
        "initiative": "repair-cafe", "categories": ["repair"], "description": "A long description that goes on and on, well past the seventy-five octets of one iCalendar line, with accents: é à ü."})).await;
    app.create_event(json!({"name": "Summer swap", "starts_at": "2099-07-01T10:00", "timezone": "America/New_York", "online_url": "https://m.example/s", "status": "cancelled"})).await;

    let response = app.get("/events.ics").send().await.unwrap();
    assert_eq!(
        response.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    let text = response.text().await.unwrap();
    assert!(text.lines().all(|l| l.len() <= 76), "lines are folded");
    assert!(
        text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris")
            && text.contains("TZID:America/New_York"),
        "{text}"
    );
    assert!(
        text.contains("DTSTART;TZID=Europe/Paris:20991205T180000"),
        "{text}"
    );
    assert!(
        text.contains("BEGIN:DAYLIGHT") && text.contains("TZOFFSETTO:+0200"),
        "{text}"
    );

    let calendar: icalendar::Calendar = text.parse().expect("an independent parser reads it");
    let events: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .collect();
    assert_eq!(events.len(), 2);
    use icalendar::Component;
    let names: Vec<&str> = events.iter().map(|e| e.get_summary().unwrap()).collect();
    assert!(
        names.contains(&"Repair night; bring tools, lamps"),
        "{names:?}"
    );
    let cancelled = events
        .iter()
        .find(|e| e.get_summary() == Some("Summer swap"))
        .unwrap();
    assert_eq!(cancelled.property_value("STATUS"), Some("CANCELLED"));

    // Filtered listings, one initiative, one event.
    let only_repair = app
        .get("/events.ics?category=repair")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(only_repair.contains("Repair night") && !only_repair.contains("Summer swap"));
    let of_initiative = app
        .get("/initiatives/repair-cafe/events.ics")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(of_initiative.contains("Repair night") && !of_initiative.contains("Summer swap"));
    let one = app
        .get("/events/summer-swap/calendar.ics")
        .send()
        .await
        .unwrap();
    assert!(
        one.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("summer-swap.ics")
    );
    assert_eq!(
        app.get("/events.ics?category=nope")
            .send()
            .await
            .unwrap()
            .status(),
        400
    );
    assert_eq!(
        app.get("/events/nope/calendar.ics")
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

async fn atom_and_open_data(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.create_initiative(
        json!({"name": "Tool <library>", "summary": "Borrow & lend", "categories": ["goods"],
        "location": {"locality": "Paris", "latitude": 48.85, "longitude": 2.35}}),
    )
    .await;
    app.create_event(json!({"name": "Swap", "starts_at": "2099-01-01T10:00", "online_url": "https://m.example/s"})).await;

    let atom = app.get("/feed.atom").send().await.unwrap();
    assert_eq!(
        atom.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let feed: atom_syndication::Feed = atom.text().await.unwrap().parse().expect("valid Atom");
    assert_eq!(feed.entries().len(), 2);
    let titles: Vec<&str> = feed.entries().iter().map(|e| e.title().as_str()).collect();
    assert!(titles.contains(&"Tool <library>"), "{titles:?}");

    let (status, geo) = app.get_json("/initiatives.geojson").await;
    assert_eq!(status, 200);
    assert_eq!(
        geo["features"][0]["geometry"]["coordinates"],
        json!([2.35, 48.85])
    );
    let csv = app
        .get("/initiatives.csv")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.starts_with("slug,name,") && csv.contains("Tool <library>"));
    let events_csv = app
        .get("/events.csv")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        events_csv.contains("swap,Swap,2099-01-01T10:00:00+01:00"),
        "{events_csv}"
    );
    let (_, dump): (u16, Value) = app.get_json("/directory.json").await;
    assert_eq!(dump["license"], "ODbL-1.0");
    assert_eq!(dump["initiatives"][0]["summary"], "Borrow & lend");
    assert_eq!(dump["events"][0]["name"], "Swap");
}

on_both_engines!(calendars_are_valid_with_time_zones, atom_and_open_data);
