//! An iCalendar source (a Gancio or Mobilizon agenda's feed): events by their UID, changed
//! between runs — one renamed here keeps its name, one gone before it happens is cancelled,
//! one gone once over stays as it was — and a preview of its events.

use chrono::{Duration, Utc};
use partage::domain::sources::{Format, Mapping};
use serde_json::json;

use super::{Served, SourceServer, add, chapter, counts, fetcher, run};
use crate::on_both_engines;
use crate::support::Engine;

/// A VEVENT `days` from now (negative: past), two hours long.
fn vevent(uid: &str, name: &str, days: i64, description: &str) -> String {
    let start = Utc::now() + Duration::days(days);
    let end = start + Duration::hours(2);
    let at = |t: chrono::DateTime<Utc>| t.format("%Y%m%dT%H0000Z").to_string();
    format!(
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261201T100000Z\r\nSUMMARY:{name}\r\n\
         DESCRIPTION:{description}\r\nDTSTART:{}\r\nDTEND:{}\r\nLOCATION:La Cyclofficine\r\n\
         END:VEVENT\r\n",
        at(start),
        at(end)
    )
}

fn feed(events: &[String]) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//gancio//EN\r\n{}END:VCALENDAR\r\n",
        events.concat()
    )
}

async fn events_from_a_calendar(engine: Engine) {
    // Arrange: an agenda with two coming events and one over.
    let app = chapter(engine).await;
    let server = SourceServer::start().await;
    let calendar = |events: &[String]| Served::Data("text/calendar", feed(events));
    server.serve(
        "agenda.ics",
        calendar(&[
            vevent("velo@gancio", "Atelier vélo", 10, "Apportez votre vélo"),
            vevent("troc@gancio", "Troc de graines", 20, "Des graines"),
            vevent("hier@gancio", "Soupe partagée", -2, "C'était bon"),
        ]),
    );
    let url = server.url("agenda.ics");
    let preview =
        partage::ops::sources::preview(&fetcher(), &url, Format::Ics, &Mapping::default(), 2)
            .await
            .unwrap();
    assert_eq!(preview.total, 3);
    let first = preview.rows[0].as_ref().unwrap();
    assert_eq!(
        (first.get("key"), first.get("name")),
        (Some("velo@gancio"), Some("Atelier vélo"))
    );
    let id = add(&app, &url, "ics", Mapping::default()).await;

    // Act: the first run brings all three.
    let first = run(&app, id).await;
    assert_eq!(counts(&first), (3, 0, 0, 0, 0), "{first}");
    let page = app.page_text("/events/atelier-velo").await;
    assert!(
        page.contains("Près de chez nous"),
        "its attribution: {page}"
    );
    // An admin renames one here: that field is ours from now on.
    let response = app
        .patch_json(
            "/api/v1/events/atelier-velo",
            &json!({"name": "Atelier vélo solidaire"}),
        )
        .await;
    assert_eq!(response.status(), 200);

    // The feed changes: the workshop's text and name, the seed swap gone before it happens, the
    // soup gone once over, a new event.
    server.serve(
        "agenda.ics",
        calendar(&[
            vevent(
                "velo@gancio",
                "Atelier vélo (nouveau)",
                10,
                "Apportez votre vélo et un cadenas",
            ),
            vevent(
                "repas@gancio",
                "Repas partagé",
                30,
                "Chacun apporte un plat",
            ),
        ]),
    );
    let second = run(&app, id).await;

    // Assert: created 1, updated 1, cancelled 1, the past one left alone.
    assert_eq!(counts(&second), (1, 1, 0, 1, 0), "{second}");
    let (_, velo) = app.get_json("/api/v1/events/atelier-velo").await;
    assert_eq!(
        velo["name"], "Atelier vélo solidaire",
        "the name edited here stays"
    );
    assert_eq!(velo["description"], "Apportez votre vélo et un cadenas");
    let (_, troc) = app.get_json("/api/v1/events/troc-de-graines").await;
    assert_eq!(troc["status"], "cancelled", "{troc}");
    let (_, soupe) = app.get_json("/api/v1/events/soupe-partagee").await;
    assert_eq!(soupe["status"], "scheduled", "{soupe}");
    let (_, repas) = app.get_json("/api/v1/events/repas-partage").await;
    assert_eq!(repas["name"], "Repas partagé");
    let told = app.outgoing_types().await;
    assert!(
        told.contains(&"EventPublished".to_owned()) && told.contains(&"EventUpdated".to_owned())
    );

    // Unchanged, a third run writes nothing.
    let third = run(&app, id).await;
    assert_eq!(counts(&third), (0, 0, 2, 0, 0), "{third}");
}

async fn a_calendar_that_is_not_one_fails(engine: Engine) {
    let app = chapter(engine).await;
    let server = SourceServer::start().await;
    server.serve(
        "agenda.ics",
        Served::Data("text/calendar", "BEGIN:VCALENDAR\r\nnonsense".into()),
    );
    let id = add(&app, &server.url("agenda.ics"), "ics", Mapping::default()).await;
    let failed = run(&app, id).await;
    assert!(failed.to_string().starts_with("failed:"), "{failed}");
    assert_eq!(app.count("events").await, 0);
}

on_both_engines!(events_from_a_calendar, a_calendar_that_is_not_one_fails);
