//! A measurement, ignored by default: a 10,000-row source (a GoGoCarto-sized map, as CSV) read
//! once, re-read unchanged, then with 1 % of its rows changed (50 edited, 25 added, 25 gone).
//! It prints Markdown rows for docs/BENCHMARKS.md and checks that an unchanged row writes
//! nothing: `cargo test --release --test api sources::bench -- --ignored --nocapture` (with
//! `PARTAGE_TEST_POSTGRES_URL` set, on PostgreSQL too).

use std::fmt::Write as _;
use std::time::Instant;

use partage::domain::sources::{Mapping, Run};

use super::{Served, SourceServer, add, chapter, counts, run};
use crate::support::{Engine, TestApp};

const ROWS: usize = 10_000;

const KINDS: [(&str, &str); 8] = [
    ("Repair Café", "Réparation"),
    ("AMAP", "Alimentation"),
    ("Ressourcerie", "Objets"),
    ("Accorderie", "Savoirs"),
    ("Jardin partagé", "Alimentation"),
    ("Atelier vélo", "Mobilité"),
    ("Fablab", "Communs numériques"),
    ("Outilthèque", "Objets"),
];

const CITIES: [(&str, f64, f64); 8] = [
    ("Paris", 48.8566, 2.3522),
    ("Lyon", 45.7640, 4.8357),
    ("Marseille", 43.2965, 5.3698),
    ("Toulouse", 43.6047, 1.4442),
    ("Nantes", 47.2184, -1.5536),
    ("Lille", 50.6292, 3.0573),
    ("Rennes", 48.1173, -1.6778),
    ("Grenoble", 45.1885, 5.7245),
];

/// Row `i` of the source, in its `version` (an edited row says more).
fn row(i: usize, edited: bool) -> String {
    let (kind, category) = KINDS[i % KINDS.len()];
    let (city, lat, lon) = CITIES[(i / KINDS.len()) % CITIES.len()];
    let spread = (i % 997) as f64 / 997.0 * 0.1;
    let hours = if edited {
        "Sa 10:00-12:00"
    } else {
        "Sa 14:00-18:00"
    };
    format!(
        "S{i},{kind} {city} n°{i},{} rue des Lilas,{city},{:.5},{:.5},{category},https://site{i}.example/,{hours}\n",
        i % 200 + 1,
        lat + spread,
        lon - spread,
    )
}

/// The source: rows `0..ROWS`, the ones in `edited` edited, those in `gone` left out, and
/// `added` more.
fn source(edited: &[usize], gone: &[usize], added: usize) -> String {
    let mut text =
        "id,name,street,city,latitude,longitude,categories,website,opening_hours\n".to_owned();
    for i in (0..ROWS + added).filter(|i| !gone.contains(i)) {
        text.write_str(&row(i, edited.contains(&i))).unwrap();
    }
    text
}

async fn timed(app: &TestApp, id: i64) -> (Run, f64) {
    let start = Instant::now();
    let run = run(app, id).await;
    (run, start.elapsed().as_secs_f64())
}

async fn measure(engine: Engine, name: &str) {
    let app = chapter(engine).await;
    let server = SourceServer::start().await;
    server.serve("big.csv", Served::Data("text/csv", source(&[], &[], 0)));
    let id = add(&app, &server.url("big.csv"), "csv", Mapping::default()).await;

    let (first, s1) = timed(&app, id).await;
    assert_eq!(counts(&first), (ROWS as i64, 0, 0, 0, 0));
    let before = app.snapshot().await;
    let (same, s2) = timed(&app, id).await;
    assert_eq!(counts(&same), (0, 0, ROWS as i64, 0, 0));
    assert_eq!(
        app.snapshot().await,
        before,
        "an unchanged source writes nothing"
    );

    // 1 %: 50 rows edited, 25 gone, 25 new.
    let edited: Vec<usize> = (0..50).map(|k| k * 197 + 3).collect();
    let gone: Vec<usize> = (0..25).map(|k| k * 389 + 11).collect();
    server.serve(
        "big.csv",
        Served::Data("text/csv", source(&edited, &gone, 25)),
    );
    let outgoing = app.count("outgoing").await;
    let (changed, s3) = timed(&app, id).await;
    assert_eq!(
        counts(&changed),
        (25, 50, (ROWS - 75) as i64, 25, 0),
        "{changed:?}"
    );
    assert_eq!(
        app.count("outgoing").await - outgoing,
        100,
        "one change told per row changed"
    );

    println!("| {name}: first run, {ROWS} rows created | {s1:.2} s |");
    println!("| {name}: re-run, unchanged (nothing written) | {s2:.2} s |");
    println!("| {name}: re-run, 1 % changed (50 updated, 25 created, 25 closed) | {s3:.2} s |");
    assert!(s3 < 10.0, "the target: a re-run under 10 s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement, not a test: run it with --release --ignored --nocapture"]
async fn source_of_10000_rows_rerun_with_1_percent_changed() {
    println!("| what | time |\n|---|---|");
    measure(Engine::Sqlite, "SQLite").await;
    if let Some(engine) = Engine::postgres() {
        measure(engine, "PostgreSQL").await;
    }
}
