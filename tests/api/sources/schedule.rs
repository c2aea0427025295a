//! The worker reads a source by itself when it is due, and `partage source` drives it from
//! the command line.

use std::process::Command;

use partage::domain::sources::{self, Mapping};

use super::{Served, SourceServer, add};
use crate::import::initiative;
use crate::on_both_engines;
use crate::support::{Engine, TestApp, eventually};

async fn the_worker_reads_a_source_when_due(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let server = SourceServer::start().await;
    server.serve(
        "a.csv",
        Served::Data("text/csv", "id,name\n1,Troc Belleville\n".into()),
    );

    // Act: added, due at once; the worker's pass comes every 10 seconds.
    let id = add(&app, &server.url("a.csv"), "csv", Mapping::default()).await;

    // Assert
    eventually("the worker's run", async || {
        !sources::runs(&app.db, id, 1).await.unwrap().is_empty()
    })
    .await;
    assert_eq!(
        initiative(&app, "troc-belleville").await["name"],
        "Troc Belleville"
    );
    let source = sources::get(&app.db, id).await.unwrap();
    let wait = source.next_run_at - partage::domain::now();
    assert!(
        wait > chrono::TimeDelta::hours(23),
        "next due after its period: {wait}"
    );
}

fn partage(data: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_partage"))
        .args(args)
        .env("PARTAGE_DATA__DIR", data)
        .env_remove("PARTAGE_CONFIG")
        .env_remove("PARTAGE_DATABASE__URL")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let server = SourceServer::start().await;
    let csv = "ref;nom;ville;catégories\nT1;Troc Belleville;Paris;Objets\nR2;Repair Café;Paris;Réparation\n";
    server.serve("a.csv", Served::Data("text/csv", csv.into()));
    let url = server.url("a.csv");
    let data = dir.path();

    let (ok, out, err) = partage(
        data,
        &["source", "add", &url, "--format", "csv", "--dry-run"],
    );
    assert!(ok, "{err}");
    assert!(out.contains("2 rows; the first 2:"), "{out}");
    assert!(
        out.contains("line 2: Troc Belleville") && out.contains("categories ← catégories: goods"),
        "{out}"
    );
    assert!(out.contains("Nothing was saved"));

    let (ok, out, err) = partage(
        data,
        &[
            "source",
            "add",
            &url,
            "--format",
            "csv",
            "--every",
            "6h",
            "--licence",
            "CC BY 4.0",
        ],
    );
    assert!(ok, "{err}");
    assert!(out.starts_with("Source 1 added"), "{out}");
    let (ok, out, err) = partage(data, &["source", "run", "1"]);
    assert!(ok, "{err}");
    assert!(
        out.contains(
            "2 rows read: 2 created, 0 updated, 0 unchanged, 0 closed, 0 ignored, 0 rejected"
        ),
        "{out}"
    );
    let (ok, out, _) = partage(data, &["source", "list"]);
    assert!(
        ok && out.contains("every 6h\t2 entries (0 closed)\tok, last read"),
        "{out}"
    );

    server.serve("a.csv", Served::Status(404));
    let (ok, out, err) = partage(data, &["source", "run", "1"]);
    assert!(
        !ok && out.contains("failed:") && out.contains("404"),
        "{out}{err}"
    );
    let (_, out, _) = partage(data, &["source", "list"]);
    assert!(out.contains("FAILING (1 times)"), "{out}");
    let (ok, out, _) = partage(data, &["source", "show", "1"]);
    assert!(ok && out.contains("From: 127.0.0.1 (CC BY 4.0)"), "{out}");

    let (ok, _, err) = partage(data, &["source", "add", "ftp://x", "--format", "xml"]);
    assert!(!ok && err.contains("format"), "{err}");
}

on_both_engines!(the_worker_reads_a_source_when_due);
