//! Spreadsheets as people write them, imported on both engines: hyphenated tags made hashtags
//! with a warning, one name at several places, the file's own id or ref as the key of
//! re-imports. `cli.rs` reads the command's output; `bench.rs` measures a 100,000-row file.

mod bench;
mod cli;
mod generated;
mod keys;

use partage::domain::import::{self, Report};
use serde_json::Value;

use crate::on_both_engines;
use crate::support::{Engine, TestApp};

/// Imports a CSV text (or checks it, in a dry run) as `partage import` would.
pub async fn import_csv(app: &TestApp, csv: &str, dry_run: bool) -> Report {
    let rows = partage::ops::import::csv(csv).expect("a readable CSV");
    import::initiatives(&app.db, rows, dry_run, |_| {})
        .await
        .expect("the import runs")
}

/// The initiative at `slug`, as the API shows it.
pub async fn initiative(app: &TestApp, slug: &str) -> Value {
    let (status, body) = app.get_json(&format!("/api/v1/initiatives/{slug}")).await;
    assert_eq!(status, 200, "{slug}: {body}");
    body
}

/// Every slug, sorted.
pub async fn slugs(app: &TestApp) -> Vec<String> {
    let (_, list) = app.get_json("/api/v1/initiatives?per_page=100").await;
    let mut slugs: Vec<String> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["slug"].as_str().unwrap().to_owned())
        .collect();
    slugs.sort();
    slugs
}

fn lines(notes: &[impl ToString]) -> Vec<String> {
    notes.iter().map(ToString::to_string).collect()
}

async fn hyphenated_tags_are_made_hashtags_with_a_warning(engine: Engine) {
    // Arrange: tags as a spreadsheet holds them.
    let app = TestApp::spawn(engine).await;
    let csv = "name,Mots-clés\n\
               Accorderie,\"open-source, time-banking\"\n\
               Repair Café,#repair #zero-waste\n\
               Grainothèque,semences\n";

    // Act
    let report = import_csv(&app, csv, false).await;

    // Assert: imported, each change told by line and column.
    assert!(report.written && report.errors.is_empty(), "{report:?}");
    assert_eq!(report.created, 3);
    assert_eq!(
        lines(&report.warnings),
        [
            "line 2, column \"Mots-clés\": \"open-source\" → \"opensource\"",
            "line 2, column \"Mots-clés\": \"time-banking\" → \"timebanking\"",
            "line 3, column \"Mots-clés\": \"zero-waste\" → \"zerowaste\"",
        ]
    );
    let accorderie = initiative(&app, "accorderie").await;
    assert_eq!(
        accorderie["tags"],
        serde_json::json!(["opensource", "timebanking"])
    );
    let (_, tagged) = app.get_json("/api/v1/initiatives?tag=opensource").await;
    assert_eq!(tagged["items"][0]["slug"], "accorderie");
    let repair = initiative(&app, "repair-cafe").await;
    assert_eq!(repair["tags"], serde_json::json!(["repair", "zerowaste"]));

    // A tag with nothing left is still an error, and nothing is written.
    let before = app.snapshot().await;
    let report = import_csv(&app, "name,tags\nTroc,\"ok, ---\"\n", false).await;
    assert!(!report.written);
    assert_eq!(report.errors.len(), 1, "{report:?}");
    assert_eq!(report.errors[0].line, 2);
    assert_eq!(report.errors[0].column.as_deref(), Some("tags"));
    assert!(
        report.errors[0]
            .message
            .contains("\"---\" is not a hashtag")
    );
    assert_eq!(app.snapshot().await, before);
}

async fn one_name_at_several_places_is_several_initiatives(engine: Engine) {
    // Arrange: three repair cafés of one name, two in Paris, one in Lyon.
    let app = TestApp::spawn(engine).await;
    let csv = "name,street,city,summary\n\
               Repair Café,12 rue de Belleville,Paris,Le samedi\n\
               Repair Café,3 rue Oberkampf,Paris,Le dimanche\n\
               Repair Café,,Lyon,Le lundi\n";

    // Act
    let report = import_csv(&app, csv, false).await;

    // Assert: three, named by their places.
    assert!(report.written, "{report:?}");
    assert_eq!(report.created, 3);
    assert_eq!(
        slugs(&app).await,
        [
            "repair-cafe-belleville",
            "repair-cafe-lyon",
            "repair-cafe-oberkampf"
        ]
    );
    assert_eq!(
        initiative(&app, "repair-cafe-oberkampf").await["summary"],
        "Le dimanche"
    );

    // The same file again, in another order: nothing changes, nothing is written.
    let outgoing = app.count("outgoing").await;
    let reordered = "name,street,city,summary\n\
                     Repair Café,,Lyon,Le lundi\n\
                     Repair Café,3 rue Oberkampf,Paris,Le dimanche\n\
                     Repair Café,12 rue de Belleville,Paris,Le samedi\n";
    let before = app.snapshot().await;
    let report = import_csv(&app, reordered, false).await;
    assert_eq!(
        (report.created, report.updated, report.unchanged),
        (0, 0, 3)
    );
    assert_eq!(app.snapshot().await, before);
    assert_eq!(app.count("outgoing").await, outgoing);

    // One row edited (its house number corrected too): that one is updated.
    let edited = "name,street,city,summary\n\
                  Repair Café,14 rue de Belleville,Paris,Le samedi matin\n";
    let report = import_csv(&app, edited, false).await;
    assert_eq!((report.created, report.updated), (0, 1), "{report:?}");
    assert_eq!(
        lines(&report.changes),
        ["line 2: update repair-cafe-belleville (summary, location)"]
    );
    assert_eq!(
        initiative(&app, "repair-cafe-belleville").await["summary"],
        "Le samedi matin"
    );

    // The same name at the same place twice is one initiative written twice: an error, by line.
    let before = app.snapshot().await;
    let twice = "name,street,city\n\
                 AMAP,5 rue du Temple,Paris\n\
                 AMAP,,Paris\n\
                 AMAP,8 rue de Lyon,Paris\n\
                 Repair Café,rue de Belleville,PARIS\n";
    let report = import_csv(&app, twice, false).await;
    assert!(!report.written);
    assert_eq!(report.errors.len(), 1, "{report:?}");
    assert_eq!(report.errors[0].line, 3);
    assert!(
        report.errors[0]
            .message
            .starts_with("the same initiative (amap) as line 2"),
        "{}",
        report.errors[0]
    );
    assert_eq!(app.snapshot().await, before);
}

async fn rows_of_a_known_name_find_their_own_place(engine: Engine) {
    // Arrange: the chapter has a Repair Café at Belleville, made in the admin.
    let app = TestApp::spawn(engine).await;
    app.create_initiative(
        serde_json::json!({"name": "Repair Café", "summary": "Le samedi",
        "location": {"street": "12 rue de Belleville", "locality": "Paris"}}),
    )
    .await;

    // Act: a file with it and another of the same name elsewhere.
    let csv = "name,street,city,summary\n\
               Repair Café,3 rue Oberkampf,Paris,Le dimanche\n\
               Repair Café,12 rue de Belleville,Paris,Le samedi\n";
    let report = import_csv(&app, csv, true).await;

    // Assert: the dry run says what would change: one created beside it, the other unchanged.
    assert_eq!(
        (report.created, report.updated, report.unchanged),
        (1, 0, 1)
    );
    assert_eq!(
        lines(&report.changes),
        ["line 2: create repair-cafe-oberkampf"]
    );
    assert!(!report.written);
    assert_eq!(slugs(&app).await, ["repair-cafe"]);
    let report = import_csv(&app, csv, false).await;
    assert!(report.written);
    assert_eq!(slugs(&app).await, ["repair-cafe", "repair-cafe-oberkampf"]);

    // A row that could be either is refused with the candidates named.
    let report = import_csv(&app, "name,city\nRepair Café,Paris\n", false).await;
    assert_eq!(
        lines(&report.errors),
        [
            "line 2, column \"name\": may be any of repair-cafe, repair-cafe-oberkampf: \
          give its street, or an id or ref column"
        ]
    );
}

on_both_engines!(
    hyphenated_tags_are_made_hashtags_with_a_warning,
    one_name_at_several_places_is_several_initiatives,
    rows_of_a_known_name_find_their_own_place,
);
