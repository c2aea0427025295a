//! Every way a source fails: not found, an HTML page instead of CSV, 50 MB, too slow, rows
//! without names. A failing source is marked with its error, keeps the entries it brought,
//! is tried again later, and the dashboard says so at once.

use std::time::Duration;

use partage::domain::account::Role;
use partage::domain::sources::{self, Mapping, Outcome};

use super::{Served, SourceServer, add, chapter, counts, run};
use crate::admin::Browser;
use crate::import::initiative;
use crate::on_both_engines;
use crate::support::Engine;

const GOOD: &str = "id,name,city\n1,Troc Belleville,Paris\n2,Repair Café Oberkampf,Paris\n";

/// The run's error, or a failure of the test.
fn error(outcome: &Outcome) -> &str {
    match outcome {
        Outcome::Failed(why) => why,
        Outcome::Done => panic!("the run should have failed"),
    }
}

async fn a_failing_source_keeps_what_it_had(engine: Engine) {
    // Arrange: a source read once.
    let app = chapter(engine).await;
    let server = SourceServer::start().await;
    server.serve("a.csv", Served::Data("text/csv", GOOD.into()));
    let id = add(&app, &server.url("a.csv"), "csv", Mapping::default()).await;
    assert_eq!(counts(&run(&app, id).await), (2, 0, 0, 0, 0));
    let html = "<!DOCTYPE html>\n<html><body>Connectez-vous</body></html>";
    let cases = [
        (Served::Status(404), "404"),
        (
            Served::Data("text/html; charset=utf-8", html.into()),
            "HTML page, not CSV",
        ),
        (Served::Data("text/csv", html.into()), "HTML page, not CSV"),
        (Served::Huge(50 * 1024 * 1024), "larger than"),
        (Served::Slow(Duration::from_secs(10)), "timed out"),
        (
            Served::Data("text/csv", "id,name\n1,\n2,\n".into()),
            "every row was refused",
        ),
        (Served::Data("text/csv", "".into()), "has no rows"),
        (Served::Data("text/csv", "id,name\n".into()), "has no rows"),
    ];
    for (n, (served, expected)) in cases.into_iter().enumerate() {
        // Act
        server.serve("a.csv", served);
        let before = app.snapshot().await;
        let failed = run(&app, id).await;

        // Assert: failed with its reason, nothing changed, tried again later.
        assert!(
            error(&failed.outcome).contains(expected),
            "{expected}: {failed:?}"
        );
        assert_eq!(app.snapshot().await, before, "{expected}: nothing changes");
        let source = sources::get(&app.db, id).await.unwrap();
        assert_eq!(source.failures, n as i64 + 1, "{expected}");
        assert_eq!(source.error.as_deref(), Some(error(&failed.outcome)));
        let wait = source.next_run_at - partage::domain::now();
        assert!(
            wait > chrono::TimeDelta::minutes(4),
            "{expected}: retried later ({wait})"
        );
        assert!(
            wait <= chrono::TimeDelta::hours(24),
            "{expected}: at the latest after its period"
        );
    }
    assert_eq!(
        initiative(&app, "troc-belleville").await["status"],
        "active"
    );

    // The dashboard names it at once.
    crate::admin::user(&app, "admin", Role::Admin).await;
    let mut browser = Browser::signed_in(&app, "admin").await;
    let dashboard = browser.get("/admin").await.body;
    assert!(
        dashboard.contains("Près de chez nous") && dashboard.contains("is failing"),
        "{dashboard}"
    );
    assert!(dashboard.contains("has no rows"), "{dashboard}");

    // The source answers again: well, and the dashboard says nothing more.
    server.serve("a.csv", Served::Data("text/csv", GOOD.into()));
    assert_eq!(counts(&run(&app, id).await), (0, 0, 2, 0, 0));
    let source = sources::get(&app.db, id).await.unwrap();
    assert_eq!((source.failures, source.error), (0, None));
    assert!(!browser.get("/admin").await.body.contains("is failing"));
    let runs = sources::runs(&app.db, id, 20).await.unwrap();
    assert_eq!(runs.len(), 10, "each run is logged, failed or not");
}

async fn a_row_without_a_name_is_refused_alone(engine: Engine) {
    let app = chapter(engine).await;
    let server = SourceServer::start().await;
    let text = "id,name,city,email\n1,Troc Belleville,Paris,troc@example.org\n2,,Paris,\n\
                3,Repair Café,Paris,not an address\n1,Troc again,Paris,\n";
    server.serve("a.csv", Served::Data("text/csv", text.into()));
    let id = add(&app, &server.url("a.csv"), "csv", Mapping::default()).await;

    let done = run(&app, id).await;

    assert_eq!(done.outcome, Outcome::Done);
    assert_eq!(counts(&done), (2, 0, 0, 0, 2), "{done:?}");
    assert_eq!(
        done.notes,
        [
            "line 3: no name",
            "line 4: email \"not an address\" is not a valid e-mail address (left out)",
            "line 5: the same id (1) as line 2",
        ],
    );
    assert_eq!(
        initiative(&app, "repair-cafe").await["email"],
        serde_json::Value::Null
    );
    assert!(sources::get(&app.db, id).await.unwrap().failures == 0);
}

async fn ignored_ids_are_left_out(engine: Engine) {
    let app = chapter(engine).await;
    let server = SourceServer::start().await;
    server.serve("a.csv", Served::Data("text/csv", GOOD.into()));
    let id = add(&app, &server.url("a.csv"), "csv", Mapping::default()).await;
    assert!(sources::ignore(&app.db, id, "2").await.unwrap());
    assert!(!sources::ignore(&app.db, id, "2").await.unwrap());

    let first = run(&app, id).await;

    assert_eq!((first.created, first.ignored), (1, 1), "{first:?}");
    assert_eq!(
        app.get_json("/api/v1/initiatives/repair-cafe-oberkampf")
            .await
            .0,
        404
    );
    assert!(sources::unignore(&app.db, id, "2").await.unwrap());
    assert_eq!(run(&app, id).await.created, 1);
}

on_both_engines!(
    a_failing_source_keeps_what_it_had,
    a_row_without_a_name_is_refused_alone,
    ignored_ids_are_left_out,
);
