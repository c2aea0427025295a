//! The file's own `id` or `ref` column as the key of re-imports, on both engines.

use serde_json::json;

use super::{import_csv, initiative, lines, slugs};
use crate::on_both_engines;
use crate::support::{Engine, TestApp};

async fn a_ref_column_makes_re_imports_idempotent_and_updating(engine: Engine) {
    // Arrange: two AMAPs in one hall, told apart by their ref only.
    let app = TestApp::spawn(engine).await;
    let csv = "ref,name,street,city,summary\n\
               A1,AMAP,5 rue du Temple,Paris,Paniers du mardi\n\
               A2,AMAP,5 rue du Temple,Paris,Paniers du jeudi\n\
               B1,Repair Café,12 rue de Belleville,Paris,Le samedi\n";

    // Act
    let report = import_csv(&app, csv, false).await;

    // Assert: three initiatives, the homonyms by place, then by number.
    assert!(report.written, "{report:?}");
    assert_eq!(report.created, 3);
    assert_eq!(
        slugs(&app).await,
        ["amap-temple", "amap-temple-2", "repair-cafe"]
    );

    // The same file again: nothing to do, nothing written, nothing sent.
    let before = app.snapshot().await;
    let outgoing = app.count("outgoing").await;
    let report = import_csv(&app, csv, false).await;
    assert_eq!(
        (report.created, report.updated, report.unchanged),
        (0, 0, 3)
    );
    assert!(report.changes.is_empty());
    assert_eq!(app.snapshot().await, before);
    assert_eq!(app.count("outgoing").await, outgoing);

    // An edited row, renamed and moved, updates the entry its key made; its slug stays.
    let edited = "ref,name,street,city,summary\n\
                  A2,AMAP du jeudi,9 rue Volta,Paris,Paniers du jeudi soir\n";
    let report = import_csv(&app, edited, false).await;
    assert_eq!((report.created, report.updated), (0, 1), "{report:?}");
    assert_eq!(
        lines(&report.changes),
        ["line 2: update amap-temple-2 (name, summary, location)"]
    );
    let amap = initiative(&app, "amap-temple-2").await;
    assert_eq!(amap["name"], "AMAP du jeudi");
    assert_eq!(amap["location"]["street"], "9 rue Volta");
    assert_eq!(app.count("outgoing").await, outgoing + 1);
    assert_eq!(app.count("initiatives").await, 3);
}

async fn a_key_twice_in_one_file_is_an_error_by_line(engine: Engine) {
    // Arrange
    let app = TestApp::spawn(engine).await;
    let before = app.snapshot().await;
    let csv = "id;nom;ville\n\
               7;Grainothèque;Lyon\n\
               8;Outilthèque;Lyon\n\
               7;Accorderie;Lyon\n";

    // Act
    let report = import_csv(&app, csv, false).await;

    // Assert: the second row with key 7 is named, by line and column; nothing is written.
    assert!(!report.written);
    assert_eq!(
        lines(&report.errors),
        ["line 4, column \"id\": the same id (7) as line 2"]
    );
    assert_eq!(app.snapshot().await, before);
}

async fn a_key_added_later_is_recorded_without_a_change_sent(engine: Engine) {
    // Arrange: imported once without keys, and one entry made in the admin.
    let app = TestApp::spawn(engine).await;
    let report = import_csv(&app, "name,city\nGrainothèque,Lyon\n", false).await;
    assert_eq!(report.created, 1);
    app.create_initiative(json!({"name": "Outilthèque"})).await;
    let outgoing = app.count("outgoing").await;

    // Act: the same rows, now with ids.
    let keyed = "id,name,city\n7,Grainothèque,Lyon\n8,Outilthèque,\n";
    let report = import_csv(&app, keyed, false).await;

    // Assert: the entries are found by name and place and take the keys; nothing to federate.
    assert_eq!(
        lines(&report.changes),
        [
            "line 2: update grainotheque (key)",
            "line 3: update outiltheque (key)"
        ]
    );
    assert_eq!(app.count("outgoing").await, outgoing);
    let report = import_csv(&app, keyed, false).await;
    assert_eq!((report.updated, report.unchanged), (0, 2));

    // From then on the key leads: a renamed row still updates its entry.
    let renamed = "id,name,city\n7,Grainothèque de Lyon,Lyon\n";
    let report = import_csv(&app, renamed, false).await;
    assert_eq!(
        lines(&report.changes),
        ["line 2: update grainotheque (name)"]
    );
    assert_eq!(
        initiative(&app, "grainotheque").await["name"],
        "Grainothèque de Lyon"
    );

    // A JSON number is a key too.
    let rows =
        partage::ops::import::json(r#"[{"id": 8, "name": "Outilthèque", "summary": "Prêt"}]"#)
            .unwrap();
    let report = partage::domain::import::initiatives(&app.db, rows, false, |_| {})
        .await
        .unwrap();
    assert_eq!(
        lines(&report.changes),
        ["line 1: update outiltheque (summary)"]
    );
}

on_both_engines!(
    a_ref_column_makes_re_imports_idempotent_and_updating,
    a_key_twice_in_one_file_is_an_error_by_line,
    a_key_added_later_is_recorded_without_a_change_sent,
);
