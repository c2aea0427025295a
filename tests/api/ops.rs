//! Operating a chapter from the command line: import, export, backup and restore, moving to
//! PostgreSQL, metrics and set-up checks.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};

use crate::on_both_engines;
use crate::support::{Engine, TestApp};

fn partage(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_partage"));
    command
        .env("PARTAGE_DATA__DIR", data)
        .env_remove("PARTAGE_CONFIG")
        .env_remove("PARTAGE_DATABASE__URL")
        .env_remove("RUST_LOG");
    command
}

fn run(data: &Path, args: &[&str]) -> (bool, String, String) {
    let output: Output = partage(data).args(args).output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn exported(data: &Path) -> Value {
    let (ok, stdout, stderr) = run(data, &["export", "--format", "json"]);
    assert!(ok, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

fn names(document: &Value, kind: &str) -> Vec<String> {
    let mut names: Vec<String> = document[kind]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn csv_import_in_french_and_latin1_is_checked_and_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("annuaire.csv");
    let write =
        |text: &str| std::fs::write(&file, encoding_rs::WINDOWS_1252.encode(text).0).unwrap();
    let file = file.to_str().unwrap().to_owned();

    // A bad latitude and a duplicate: every problem named by line and column; nothing written.
    write(
        "Nom;Résumé;Catégories;Ville;Latitude;Longitude;Site web\n\
           Café Vélo;Atelier participatif;Réparation, mobility;Paris;48,853;2,349;https://velo.example\n\
           AMAP du Marais;Paniers de légumes;Alimentation;Paris;448,86;2,36;\n\
           Café Vélo;Doublon;;Paris;;;\n\
           Outilthèque;Prêt d'outils;goods;Lyon;;;pas une url\n",
    );
    let (ok, _, stderr) = run(&data, &["import", &file]);
    assert!(!ok);
    assert!(
        stderr.contains("line 3, column \"Latitude\": must be between -90 and 90"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 4: the same initiative (cafe-velo) as line 2"),
        "{stderr}"
    );
    assert!(stderr.contains("line 5, column \"Site web\""), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(names(&exported(&data), "initiatives").is_empty());

    // Fixed: a dry run reports, then the import writes.
    write(
        "Nom;Résumé;Catégories;Ville;Latitude;Longitude;Site web\n\
           Café Vélo;Atelier participatif;Réparation, mobility;Paris;48,853;2,349;https://velo.example\n\
           AMAP du Marais;Paniers de légumes;Alimentation;Paris;48,86;2,36;\n\
           Outilthèque;Prêt d'outils;goods;Lyon;;;\n",
    );
    let (ok, stdout, _) = run(&data, &["import", &file, "--dry-run"]);
    assert!(ok && stdout.contains("3 to create"), "{stdout}");
    assert!(names(&exported(&data), "initiatives").is_empty());
    let (ok, stdout, _) = run(&data, &["import", &file]);
    assert!(ok && stdout.contains("3 created"), "{stdout}");
    let document = exported(&data);
    assert_eq!(
        names(&document, "initiatives"),
        ["AMAP du Marais", "Café Vélo", "Outilthèque"]
    );
    let cafe = document["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["slug"] == "cafe-velo")
        .unwrap();
    assert_eq!(cafe["categories"], json!(["repair", "mobility"]));
    assert_eq!(cafe["location"]["latitude"], 48.853);

    // Again: nothing changes. One edited row: one update.
    let (_, stdout, _) = run(&data, &["import", &file]);
    assert!(
        stdout.contains("0 created, 0 updated, 3 unchanged"),
        "{stdout}"
    );
    write(
        "Nom;Résumé;Catégories;Ville;Latitude;Longitude;Site web\n\
           Café Vélo;Atelier participatif, le samedi;Réparation, mobility;Paris;48,853;2,349;https://velo.example\n",
    );
    let (_, stdout, _) = run(&data, &["import", &file]);
    assert!(
        stdout.contains("0 created, 1 updated, 0 unchanged"),
        "{stdout}"
    );
}

#[test]
fn json_geojson_and_csv_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    let json_file = dir.path().join("initiatives.json");
    std::fs::write(&json_file, json!([
        {"name": "Repair Café", "summary": "Fix it", "categories": ["repair"], "tags": ["zerowaste"],
         "location": {"name": "Maison", "locality": "Paris", "country": "FR", "latitude": 48.87, "longitude": 2.37},
         "opening_hours": "Sa 14:00-18:00", "email": "hi@repair.example"}
    ]).to_string()).unwrap();
    let geojson_file = dir.path().join("map.geojson");
    std::fs::write(
        &geojson_file,
        json!({"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [13.40, 52.52]},
             "properties": {"nom": "Tauschring", "ville": "Berlin", "catégories": "Savoirs"}}
        ]})
        .to_string(),
    )
    .unwrap();
    for file in [&json_file, &geojson_file] {
        let (ok, stdout, stderr) = run(&first, &["import", file.to_str().unwrap()]);
        assert!(ok && stdout.contains("1 created"), "{stdout}{stderr}");
    }
    let document = exported(&first);
    let tausch = document["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "Tauschring")
        .unwrap()
        .clone();
    assert_eq!(tausch["location"]["latitude"], 52.52);
    assert_eq!(tausch["categories"], json!(["skills"]));

    // CSV out, CSV in, elsewhere: the same directory.
    let csv_file = dir.path().join("out.csv");
    assert!(
        run(
            &first,
            &[
                "export",
                "--format",
                "csv",
                "-o",
                csv_file.to_str().unwrap()
            ]
        )
        .0
    );
    let second = dir.path().join("second");
    let (ok, stdout, stderr) = run(&second, &["import", csv_file.to_str().unwrap()]);
    assert!(ok && stdout.contains("2 created"), "{stdout}{stderr}");
    let copy = exported(&second);
    let strip = |d: &Value| -> Vec<Value> {
        d["initiatives"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let mut i = i.clone();
                i.as_object_mut()
                    .unwrap()
                    .retain(|k, _| k != "created_at" && k != "updated_at");
                i
            })
            .collect()
    };
    assert_eq!(strip(&copy), strip(&document));
    let (_, stdout, _) = run(&second, &["import", csv_file.to_str().unwrap()]);
    assert!(
        stdout.contains("0 created, 0 updated, 2 unchanged"),
        "{stdout}"
    );

    let geo = dir.path().join("out.geojson");
    assert!(
        run(
            &first,
            &["export", "--format", "geojson", "-o", geo.to_str().unwrap()]
        )
        .0
    );
    let geo: Value = serde_json::from_str(&std::fs::read_to_string(geo).unwrap()).unwrap();
    assert_eq!(geo["features"].as_array().unwrap().len(), 2);
    assert_eq!(geo["features"][0]["geometry"]["type"], "Point");
}

#[test]
fn ics_events_import_by_uid() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("agenda.ics");
    let calendar = |summary: &str| {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n\
        BEGIN:VEVENT\r\nUID:repair-1@example.org\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:{summary}\r\n\
        DTSTART;TZID=Europe/Paris:20991205T180000\r\nDTEND;TZID=Europe/Paris:20991205T210000\r\n\
        LOCATION:Maison de quartier\\, Paris\r\nDESCRIPTION:Bring a lamp\r\nEND:VEVENT\r\n\
        BEGIN:VEVENT\r\nUID:online-2@example.org\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:Webinaire\r\n\
        DTSTART:20991206T170000Z\r\nURL:https://visio.example/w\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n\
        END:VCALENDAR\r\n"
        )
    };
    std::fs::write(&file, calendar("Repair night")).unwrap();
    let (ok, stdout, stderr) = run(&data, &["import", file.to_str().unwrap()]);
    assert!(ok && stdout.contains("2 created"), "{stdout}{stderr}");
    let document = exported(&data);
    let events = document["events"].as_array().unwrap();
    assert_eq!(events[0]["starts_at"], "2099-12-05T18:00:00+01:00");
    assert_eq!(events[0]["timezone"], "Europe/Paris");
    assert_eq!(events[0]["location"]["name"], "Maison de quartier, Paris");
    assert_eq!(events[1]["status"], "cancelled");
    assert_eq!(events[1]["online_url"], "https://visio.example/w");

    let (_, stdout, _) = run(&data, &["import", file.to_str().unwrap()]);
    assert!(
        stdout.contains("0 created, 0 updated, 2 unchanged"),
        "{stdout}"
    );
    std::fs::write(&file, calendar("Repair night (moved)")).unwrap();
    let (_, stdout, _) = run(&data, &["import", file.to_str().unwrap()]);
    assert!(
        stdout.contains("0 created, 1 updated, 1 unchanged"),
        "{stdout}"
    );
}

#[test]
fn a_large_file_with_one_bad_row_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("big.csv");
    let mut text = String::from("name,locality,latitude,longitude\n");
    for i in 0..5_000 {
        text.push_str(&format!("Initiative {i},Paris,48.{i:04},2.35\n"));
    }
    text.push_str("Broken,Paris,north,2.35\n");
    std::fs::write(&file, text).unwrap();
    let (ok, _, stderr) = run(&data, &["import", file.to_str().unwrap()]);
    assert!(!ok);
    assert!(
        stderr.contains("line 5002, column \"latitude\": \"north\" is not a number"),
        "{stderr}"
    );
    assert!(
        names(&exported(&data), "initiatives").is_empty(),
        "nothing half-written"
    );
}

async fn backup_and_restore_keep_directory_keys_and_followers(engine: Engine) {
    let app = TestApp::spawn(engine.clone()).await;
    let peer = crate::peer::Peer::spawn("follower.localhost").await;
    app.create_initiative(json!({"name": "Grainothèque"})).await;
    let chapter = format!("{}/actors/paris", app.base);
    assert_eq!(
        peer.send(
            "alice",
            &app.url("/inbox"),
            &peer.follow("alice", &chapter, "f")
        )
        .await
        .0,
        202
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.sqlite");
    if matches!(engine, Engine::Postgres(_)) {
        // The PostgreSQL route is pg_dump; it is documented, not run here.
        return;
    }
    partage::ops::backup::backup(&app.db, &app.state().settings, &file)
        .await
        .unwrap();
    assert!(
        partage::ops::backup::backup(&app.db, &app.state().settings, &file)
            .await
            .is_err(),
        "never overwrites"
    );

    let restored_dir = dir.path().join("restored");
    let (ok, stdout, stderr) = run(&restored_dir, &["restore", file.to_str().unwrap()]);
    assert!(ok, "{stdout}{stderr}");
    let (ok, _, stderr) = run(&restored_dir, &["restore", file.to_str().unwrap()]);
    assert!(!ok && stderr.contains("not empty"), "{stderr}");
    assert_eq!(
        names(&exported(&restored_dir), "initiatives"),
        ["Grainothèque"]
    );

    let restored = partage::db::Db::connect(
        &format!("sqlite://{}/partage.sqlite", restored_dir.display()),
        1,
    )
    .await
    .unwrap();
    let keys = |db: partage::db::Db| async move {
        partage::db::keys::get(&db, "chapter")
            .await
            .unwrap()
            .unwrap()
            .private_key_pem
    };
    assert_eq!(keys(restored.clone()).await, keys(app.db.clone()).await);
    assert_eq!(
        partage::db::followers::count(&restored, "chapter")
            .await
            .unwrap(),
        1
    );

    // A backup from a newer Partage is refused.
    let newer = dir.path().join("newer.sqlite");
    std::fs::copy(&file, &newer).unwrap();
    let db = partage::db::Db::connect(&format!("sqlite://{}", newer.display()), 1)
        .await
        .unwrap();
    db.execute("INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) VALUES (99991231000000, 'future', CURRENT_TIMESTAMP, 1, x'00', 0)")
        .await
        .unwrap();
    db.close().await;
    let (ok, _, stderr) = run(
        &dir.path().join("empty"),
        &["restore", newer.to_str().unwrap()],
    );
    assert!(!ok && stderr.contains("newer Partage"), "{stderr}");
    // And so is starting on such a database.
    let (ok, _, stderr) = partage_on(&newer, &["migrate"]);
    assert!(!ok && stderr.contains("newer Partage"), "{stderr}");
}

fn partage_on(database: &Path, args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_partage"))
        .env(
            "PARTAGE_DATABASE__URL",
            format!("sqlite://{}", database.display()),
        )
        .env_remove("RUST_LOG")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `partage migrate-db --to postgres://…`: the same chapter, on PostgreSQL.
async fn sqlite_moves_to_postgres(engine: Engine) {
    let Engine::Postgres(_) = &engine else { return };
    let source = TestApp::spawn(Engine::Sqlite).await;
    source
        .create_initiative(
            json!({"name": "Repair Café", "categories": ["repair"], "tags": ["fix"]}),
        )
        .await;
    source.create_event(json!({"name": "Repair night", "starts_at": "2099-01-01T18:00", "online_url": "https://m.example/r"})).await;
    let peer = crate::peer::Peer::spawn("pg.localhost").await;
    let chapter = format!("{}/actors/paris", source.base);
    assert_eq!(
        peer.send(
            "alice",
            &source.url("/inbox"),
            &peer.follow("alice", &chapter, "f")
        )
        .await
        .0,
        202
    );

    let target = TestApp::spawn(engine).await;
    // The target must be empty: drop what spawning it made.
    for table in ["admin_tokens", "actor_keys"] {
        target.exec(&format!("DELETE FROM {table}")).await;
    }
    let copied = partage::ops::migrate_db::copy(&source.db, &target.db)
        .await
        .unwrap();
    assert!(copied.iter().any(|(t, n)| t == "initiatives" && *n == 1));
    assert!(
        partage::ops::migrate_db::copy(&source.db, &target.db)
            .await
            .is_err(),
        "the target must be empty"
    );

    let mut target = target;
    target.restart().await;
    let (_, list) = target.get_json("/api/v1/initiatives?tag=fix").await;
    assert_eq!(list["items"][0]["name"], "Repair Café");
    assert_eq!(
        partage::db::followers::count(&target.db, "chapter")
            .await
            .unwrap(),
        1
    );
    // Ids continue after the copied ones.
    target.token = partage::domain::token::create(&target.db, "after")
        .await
        .unwrap()
        .secret;
    let created = target
        .create_initiative(json!({"name": "After the move"}))
        .await;
    assert_eq!(created["slug"], "after-the-move");
}

async fn metrics_count_requests_inbox_and_queue(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.get_json("/api/v1/initiatives").await;
    let unsigned = app
        .client
        .post(app.url("/inbox"))
        .header("content-type", "application/activity+json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 401);
    let text = app
        .get("/metrics")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for needle in [
        "partage_http_requests_total{method=\"GET\",route=\"/api/v1/initiatives\",status=\"200\"} 1",
        "partage_inbox_activities_total{result=\"refused\",reason=\"signature\"} 1",
        "partage_db_connections{state=\"open\"}",
        "partage_delivery_queue_age_seconds",
    ] {
        assert!(text.contains(needle), "{needle} missing from\n{text}");
    }
}

async fn doctor_checks_the_public_side(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let checks = partage::ops::doctor::run(&app.state().settings, &app.db).await;
    for check in &checks {
        assert!(
            check.ok || check.name == "clock" || check.name == "disk",
            "{check:?}"
        );
    }
    assert!(checks.iter().any(|c| c.name == "reverse proxy" && c.ok));

    // A domain that is not this server: each network check says what to fix.
    let mut settings = (*app.state().settings).clone();
    settings.instance.domain = "localhost:1".into();
    let checks = partage::ops::doctor::run(&settings, &app.db).await;
    let webfinger = checks.iter().find(|c| c.name == "webfinger").unwrap();
    assert!(!webfinger.ok && webfinger.fix.is_some(), "{webfinger:?}");
}

on_both_engines!(
    backup_and_restore_keep_directory_keys_and_followers,
    sqlite_moves_to_postgres,
    metrics_count_requests_inbox_and_queue,
    doctor_checks_the_public_side,
);

/// `restore` writes the database `serve` opens, whatever form its URL takes, and the chapter
/// started on that URL holds the restored directory.
#[test]
fn restore_finds_the_database_whatever_the_url_form() {
    // Arrange: a backup of a chapter with one initiative.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let list = dir.path().join("list.json");
    std::fs::write(&list, r#"[{"name": "Outilthèque"}]"#).unwrap();
    let (ok, _, stderr) = run(&data, &["import", list.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    let backup = dir.path().join("backup.sqlite");
    let (ok, _, stderr) = run(&data, &["backup", backup.to_str().unwrap()]);
    assert!(ok, "{stderr}");

    let absolute = dir.path().join("abs");
    let abs = absolute.display();
    let forms = [
        format!(
            "sqlite:///{}/a.db?mode=rwc",
            abs.to_string().trim_start_matches('/')
        ),
        format!("sqlite://{abs}/b.db"),
        format!("sqlite:{abs}/c.db"),
        format!("sqlite://{abs}/with%20space.db?mode=rwc&cache=shared"),
        "sqlite:relative/d.db".to_owned(),
        "sqlite://relative/e.db?mode=rwc".to_owned(),
        "sqlite:f.db".to_owned(),
    ];
    for url in forms {
        // Act: restore, then read the chapter as serve would, from another directory's
        // point of view for relative forms (the working directory).
        let cwd = tempfile::tempdir().unwrap();
        let on = |args: &[&str]| {
            let output = partage(&cwd.path().join("unused"))
                .current_dir(cwd.path())
                .env("PARTAGE_DATABASE__URL", &url)
                .args(args)
                .output()
                .unwrap();
            (
                output.status.success(),
                String::from_utf8_lossy(&output.stdout).into_owned(),
                String::from_utf8_lossy(&output.stderr).into_owned(),
            )
        };
        let (ok, stdout, stderr) = on(&["restore", backup.to_str().unwrap()]);
        assert!(ok, "{url}: {stdout}{stderr}");

        // Assert: the chapter on that URL is the restored one.
        let (ok, stdout, stderr) = on(&["export", "--format", "json"]);
        assert!(ok, "{url}: {stderr}");
        let document: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(names(&document, "initiatives"), ["Outilthèque"], "{url}");
        // No file named after the query string.
        let stray = std::fs::read_dir(cwd.path())
            .unwrap()
            .chain(std::fs::read_dir(&absolute).into_iter().flatten())
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().contains('?'));
        assert!(!stray, "{url}: a file named with its query string");
    }

    // An in-memory or read-only URL is refused with a sentence, not a silent empty chapter.
    for url in ["sqlite::memory:", "sqlite://x.db?mode=ro"] {
        let output = partage(&dir.path().join("unused"))
            .current_dir(dir.path())
            .env("PARTAGE_DATABASE__URL", url)
            .args(["restore", backup.to_str().unwrap()])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !output.status.success()
                && (stderr.contains("must be a file") || stderr.contains("writable")),
            "{url}: {stderr}"
        );
    }
}
