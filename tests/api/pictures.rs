//! Pictures: uploads checked from their bytes, turned upright, shrunk, stripped of metadata and
//! stored (in the chapter's folder or an S3 bucket), attached to entries, federated, and
//! refused with a clear status when they are not what they should be; remote pictures copied.

use std::io::Cursor;

use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::on_both_engines_and_stores;
use crate::support::{Engine, MediaStore, TestApp, eventually};

on_both_engines_and_stores!(
    uploads_are_cleaned_shrunk_and_attached,
    bad_pictures_are_refused_and_nothing_stays,
    remote_pictures_are_copied_and_served_from_here,
    pictures_nothing_shows_are_swept,
);

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/pictures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// A PNG of `width` × `height`, drawn.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x + y) % 239) as u8])
    });
    let mut out = Vec::new();
    picture
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// Uploads `bytes` as `POST /api/v1/media`; the status and body.
pub async fn upload(
    app: &TestApp,
    bytes: Vec<u8>,
    file_name: &str,
    fields: &[(&str, &str)],
) -> (u16, Value) {
    let mut form = Form::new().part(
        "file",
        Part::bytes(bytes)
            .file_name(file_name.to_owned())
            .mime_str("image/jpeg")
            .unwrap(),
    );
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    let response = app
        .admin(reqwest::Method::POST, "/api/v1/media")
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Whether a JPEG carries an APP1 segment (EXIF, or XMP, which can hold a position too).
fn jpeg_has_app1(data: &[u8]) -> bool {
    let mut i = 2;
    while i + 4 <= data.len() && data[i] == 0xFF {
        let marker = data[i + 1];
        if marker == 0xDA {
            return false;
        }
        if marker == 0xE1 {
            return true;
        }
        i += 2 + u16::from_be_bytes([data[i + 2], data[i + 3]]) as usize;
    }
    false
}

async fn get_bytes(app: &TestApp, url: &str) -> reqwest::Response {
    let path = url::Url::parse(url).unwrap().path().to_owned();
    app.get(&path).send().await.unwrap()
}

async fn uploads_are_cleaned_shrunk_and_attached(engine: Engine, store: MediaStore) {
    let Some(app) = TestApp::spawn_storing(engine, store).await else {
        return;
    };

    // A phone photo: EXIF with a GPS position, stored sideways (orientation 6).
    let original = fixture("phone-gps-rotated.jpg");
    assert!(jpeg_has_app1(&original), "the fixture has EXIF");
    let (status, media) = upload(
        &app,
        original,
        "../../etc/passwd.jpg",
        &[("description", "A bike on a stand"), ("focus", "0.5,-0.25")],
    )
    .await;
    assert_eq!(status, 201, "{media}");
    assert_eq!(
        (media["width"].as_i64(), media["height"].as_i64()),
        (Some(240), Some(320)),
        "turned upright"
    );
    assert_eq!(media["media_type"], "image/jpeg");
    assert_eq!(media["description"], "A bike on a stand");
    assert_eq!(media["focus"], json!({"x": 0.5, "y": -0.25}));
    assert!(media["blurhash"].as_str().unwrap().len() >= 20);

    // The served file: a JPEG without any metadata, cached for long, revalidated by its tag.
    let response = get_bytes(&app, media["url"].as_str().unwrap()).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "image/jpeg");
    assert!(
        response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    let served = response.bytes().await.unwrap();
    assert!(!jpeg_has_app1(&served), "no EXIF, no XMP");
    assert!(matches!(
        exif::Reader::new().read_from_container(&mut Cursor::new(&served)),
        Err(exif::Error::NotFound(_))
    ));
    let again = app
        .get(
            url::Url::parse(media["url"].as_str().unwrap())
                .unwrap()
                .path(),
        )
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    let preview = get_bytes(&app, media["preview_url"].as_str().unwrap()).await;
    assert_eq!(preview.status(), 200);

    // Two uploads of one file are two pictures.
    let (_, second) = upload(
        &app,
        png(900, 600),
        "a.png",
        &[("description", "A drawing")],
    )
    .await;
    let (_, third) = upload(
        &app,
        png(900, 600),
        "a.png",
        &[("description", "A drawing")],
    )
    .await;
    assert_ne!(second["id"], third["id"]);

    // An event takes the first as its flyer, then another; the API shows them in order.
    let id = media["id"].as_str().unwrap();
    let event = app
        .create_event(
            json!({"name": "Bike repair", "starts_at": "2099-03-01T10:00",
            "location": {"locality": "Paris", "latitude": 48.85, "longitude": 2.35},
            "images": [id, second["id"]]}),
        )
        .await;
    let ids: Vec<&str> = event["images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [id, second["id"].as_str().unwrap()]);

    // Its page shows the flyer (both sizes, its description, its placeholder), tells link
    // previews about it, and the agenda and the map show its thumbnail.
    let page = app
        .get("/events/bike-repair")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let preview = media["preview_url"].as_str().unwrap();
    let full = media["url"].as_str().unwrap();
    assert!(
        page.contains(&format!(r#"srcset="{preview} 240w, {full} 240w""#)),
        "{page}"
    );
    assert!(page.contains(r#"alt="A bike on a stand""#));
    assert!(page.contains("background-image: url(data:image/png;base64,"));
    assert!(page.contains(&format!(r#"<meta property="og:image" content="{full}""#)));
    assert!(page.contains(&format!(r#""image":["{full}""#)), "JSON-LD");
    let agenda = app
        .get("/events")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        agenda.contains(&format!(r#"<img class="thumb" src="{preview}""#)),
        "{agenda}"
    );
    let (_, map) = app.get_json("/events.geojson").await;
    assert_eq!(map["features"][0]["properties"]["image"], preview);
    assert_eq!(
        map["features"][0]["properties"]["image_description"],
        "A bike on a stand"
    );

    // Its ActivityPub object carries them, with Mastodon's terms, the flyer first.
    let object: Value = app
        .get("/events/bike-repair")
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let flyer = &object["attachment"][0];
    assert_eq!(flyer["type"], "Image");
    assert_eq!(flyer["mediaType"], "image/jpeg");
    assert_eq!(flyer["url"], media["url"]);
    assert_eq!(flyer["name"], "A bike on a stand");
    assert_eq!(
        (flyer["width"].as_i64(), flyer["height"].as_i64()),
        (Some(240), Some(320))
    );
    assert_eq!(flyer["blurhash"], media["blurhash"]);
    assert_eq!(flyer["focalPoint"], json!([0.5, -0.25]));
    assert_eq!(object["image"]["url"], media["url"]);

    // A picture an entry shows is not deleted (409); removed from the entry, it is.
    let path = format!("/api/v1/media/{id}");
    assert_eq!(app.delete(&path).await.status(), 409);
    let described = app
        .patch_json(
            &path,
            &json!({"description": "A red bike on a stand", "focus": null}),
        )
        .await;
    assert_eq!(described.status(), 200);
    let described: Value = described.json().await.unwrap();
    assert_eq!(
        (described["description"].as_str(), &described["focus"]),
        (Some("A red bike on a stand"), &Value::Null)
    );
    let event = app
        .patch_json(
            "/api/v1/events/bike-repair",
            &json!({"images": [second["id"]]}),
        )
        .await;
    assert_eq!(event.status(), 200);
    assert_eq!(app.delete(&path).await.status(), 204);
    assert_eq!(
        get_bytes(&app, media["url"].as_str().unwrap())
            .await
            .status(),
        404
    );
    assert_eq!(app.get_json(&path).await.0, 401, "reading needs the token");
    let gone = app.admin(reqwest::Method::GET, &path).send().await.unwrap();
    assert_eq!(gone.status(), 404);
}

/// What the store and the table hold: every file, and the number of pictures.
async fn stored(app: &TestApp) -> (Vec<String>, i64) {
    let mut files = app.state().media.store.names().await.unwrap();
    files.retain(|f| f != "ready");
    files.sort();
    (files, app.count("media").await)
}

async fn bad_pictures_are_refused_and_nothing_stays(engine: Engine, store: MediaStore) {
    let Some(app) = TestApp::spawn_storing(engine, store).await else {
        return;
    };
    let before = stored(&app).await;
    let jpeg = fixture("phone-gps-rotated.jpg");
    let mut truncated = jpeg.clone();
    truncated.truncate(jpeg.len() / 3);
    let svg =
        br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.to_vec();
    let mut heic = vec![0, 0, 0, 24];
    heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    heic.resize(4096, 0);
    let many_frames = {
        let mut out = Vec::new();
        {
            let mut encoder = gif::Encoder::new(&mut out, 4, 4, &[0, 0, 0, 255, 255, 255]).unwrap();
            for n in 0..10_000u32 {
                let frame = gif::Frame {
                    width: 4,
                    height: 4,
                    buffer: std::borrow::Cow::Owned(vec![(n % 2) as u8; 16]),
                    ..gif::Frame::default()
                };
                encoder.write_frame(&frame).unwrap();
            }
        }
        out
    };
    let described = [("description", "Something")];
    type Case<'a> = (&'a str, Vec<u8>, Vec<(&'a str, String)>, u16);
    let cases: Vec<Case> = vec![
        (
            "not a picture",
            b"Dear volunteers, ...".to_vec(),
            vec![],
            415,
        ),
        (
            "a text file calling itself JPEG",
            b"GIF89 no, just text".to_vec(),
            vec![],
            415,
        ),
        ("a truncated JPEG", truncated, vec![], 422),
        (
            "a decompression bomb",
            fixture("bomb-30000x30000.png"),
            vec![],
            413,
        ),
        ("an SVG with a script", svg, vec![], 415),
        ("a HEIC from a phone", heic, vec![], 415),
        ("a GIF of 10,000 frames", many_frames, vec![], 413),
        (
            "no description",
            jpeg.clone(),
            vec![("description", String::new())],
            422,
        ),
        (
            "a description of 10 KB",
            jpeg.clone(),
            vec![("description", "x".repeat(10_240))],
            422,
        ),
        (
            "a focus of 5,5",
            jpeg.clone(),
            vec![("focus", "5,5".into())],
            422,
        ),
    ];
    for (what, bytes, fields, expected) in cases {
        let mut all: Vec<(&str, String)> =
            described.iter().map(|(k, v)| (*k, v.to_string())).collect();
        for (k, v) in fields {
            all.retain(|(name, _)| *name != k);
            all.push((k, v));
        }
        let borrowed: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = upload(&app, bytes, "x.jpg", &borrowed).await;
        assert_eq!(status, expected, "{what}: {body}");
        assert!(
            body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{what}: {body}"
        );
    }

    // A body over the limit is refused before it is all read.
    // (The server may answer 413 and close while the client still sends: a reset then.)
    let huge = Form::new().text("description", "Big").part(
        "file",
        Part::bytes(vec![0u8; 50 * 1024 * 1024]).file_name("big.jpg"),
    );
    let sent = app
        .admin(reqwest::Method::POST, "/api/v1/media")
        .multipart(huge)
        .send()
        .await;
    match sent {
        Ok(response) => assert_eq!(response.status(), 413),
        Err(e) => assert!(e.is_request() || e.is_body(), "{e}"),
    }

    // Entries naming pictures that are not theirs to take.
    for (what, images) in [
        ("an unknown id", json!(["00000000000000000000"])),
        ("the same id twice", json!(["a", "a"])),
        ("not a list", json!("abc")),
    ] {
        let response = app
            .post_json(
                "/api/v1/initiatives",
                &json!({"name": "Grainothèque", "images": images}),
            )
            .await;
        assert_eq!(response.status(), 422, "{what}");
    }
    assert_eq!(app.count("initiatives").await, 0);
    assert_eq!(stored(&app).await, before, "nothing stored");
}

async fn remote_pictures_are_copied_and_served_from_here(engine: Engine, store: MediaStore) {
    let Some(app) = TestApp::spawn_storing(engine, store).await else {
        return;
    };
    let elsewhere = crate::peer::FileServer::spawn("pictures.localhost", png(1200, 800)).await;

    // The deprecated `image_url`: fetched once, kept here as the main picture.
    let initiative = app
        .create_initiative(json!({"name": "Outilthèque", "image_url": elsewhere.url("/logo.png")}))
        .await;
    assert_eq!(
        initiative["images"][0]["url"],
        Value::Null,
        "waiting to be copied"
    );
    let copied = async |slug: &str| {
        let path = format!("/api/v1/initiatives/{slug}");
        eventually("the copy", async || {
            partage::federation::pictures::fetch_due(app.federation())
                .await
                .unwrap();
            let (_, entry) = app.get_json(&path).await;
            entry["images"][0]["url"].is_string()
                || app.count("media WHERE state = 'failed'").await > 0
        })
        .await;
        app.get_json(&path).await.1
    };
    let initiative = copied("outiltheque").await;
    let picture = &initiative["images"][0];
    assert_eq!(
        (picture["width"].as_i64(), picture["height"].as_i64()),
        (Some(1200), Some(800))
    );
    assert!(
        picture["url"].as_str().unwrap().starts_with(&app.base),
        "{picture}"
    );
    assert_eq!(picture["description"], "Outilthèque");
    assert_eq!(
        get_bytes(&app, picture["url"].as_str().unwrap())
            .await
            .status(),
        200
    );
    assert_eq!(elsewhere.requests(), 1, "fetched once");
    // Now that it has its picture, the entry is announced again.
    assert_eq!(
        app.outgoing_types().await,
        ["InitiativePublished", "InitiativeUpdated"]
    );

    // An initiative imported from a file (or older than pictures) with an `image_url` gets it.
    app.create_initiative(json!({"name": "Vélo-école"})).await;
    app.exec(&format!(
        "UPDATE initiatives SET image_url = '{}' WHERE slug = 'velo-ecole'",
        elsewhere.url("/velo.png")
    ))
    .await;
    let adopted = copied("velo-ecole").await;
    assert_eq!(adopted["images"][0]["width"], 1200, "{adopted}");

    // A picture that is not one is given up, and the entry stays without.
    let broken = crate::peer::FileServer::spawn("broken.localhost", b"<html>".to_vec()).await;
    app.create_initiative(json!({"name": "Repair café", "image_url": broken.url("/x.jpg")}))
        .await;
    let cafe = copied("repair-cafe").await;
    assert_eq!(cafe["images"][0]["url"], Value::Null);
    partage::federation::pictures::fetch_due(app.federation())
        .await
        .unwrap();
    assert_eq!(broken.requests(), 1, "not fetched again");
}

async fn pictures_nothing_shows_are_swept(engine: Engine, store: MediaStore) {
    let Some(app) = TestApp::spawn_storing(engine, store).await else {
        return;
    };
    let (_, kept) = upload(&app, png(200, 100), "k.png", &[("description", "Kept")]).await;
    let (_, unused) = upload(&app, png(200, 100), "u.png", &[("description", "Unused")]).await;
    let (_, shown) = upload(&app, png(200, 100), "s.png", &[("description", "Shown")]).await;
    app.create_initiative(json!({"name": "Kept", "images": [kept["id"]]}))
        .await;
    app.create_initiative(json!({"name": "Gone", "images": [shown["id"]]}))
        .await;
    let sweep = || partage::federation::pictures::sweep(app.federation());

    // A day later, the upload no entry took goes; the others stay.
    app.exec("UPDATE media SET created_at = '2000-01-01T00:00:00Z'")
        .await;
    assert_eq!(sweep().await.unwrap(), 1);
    assert_eq!(
        get_bytes(&app, unused["url"].as_str().unwrap())
            .await
            .status(),
        404
    );

    // A deleted entry's picture goes once its Delete is out.
    assert_eq!(app.delete("/api/v1/initiatives/gone").await.status(), 204);
    sweep().await.unwrap();
    assert_eq!(
        get_bytes(&app, shown["url"].as_str().unwrap())
            .await
            .status(),
        404
    );
    assert_eq!(
        get_bytes(&app, kept["url"].as_str().unwrap())
            .await
            .status(),
        200
    );
    assert_eq!(app.count("media").await, 1);
}

/// Backups carry the pictures of the local store; `migrate-media` moves them to a bucket.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backups_keep_pictures_and_they_move_to_a_bucket() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let (_, picture) = upload(&app, png(400, 300), "p.png", &[("description", "Seeds")]).await;
    app.create_initiative(json!({"name": "Grainothèque", "images": [picture["id"]]}))
        .await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.sqlite");
    partage::ops::backup::backup(&app.db, &app.state().settings, &file)
        .await
        .unwrap();

    // Restored into an empty data directory: the database and its pictures.
    let restored = dir.path().join("restored");
    let partage = |args: &[&str], env: &[(String, String)]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_partage"));
        command
            .env("PARTAGE_DATA__DIR", &restored)
            .env_remove("PARTAGE_DATABASE__URL")
            .env_remove("PARTAGE_CONFIG")
            .args(args);
        for (k, v) in env {
            command.env(k, v);
        }
        command.output().unwrap()
    };
    let output = partage(&["restore", file.to_str().unwrap()], &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut files: Vec<String> = std::fs::read_dir(restored.join("media"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let key = picture["id"].as_str().unwrap();
    let full = picture["url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    let preview = picture["preview_url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    assert!(full.starts_with(key));
    assert_eq!(files, [preview, full.clone()]);

    // Then to a bucket.
    let Some(bucket) = crate::s3::bucket_settings().await else {
        return;
    };
    let env: Vec<(String, String)> = bucket
        .iter()
        .filter(|(k, _)| k != "media.store")
        .map(|(k, v)| {
            (
                format!("PARTAGE_{}", k.to_uppercase().replace('.', "__")),
                v.clone(),
            )
        })
        .collect();
    let output = partage(&["migrate-media", "--to", "s3"], &env);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let settings: Vec<(&str, &str)> = bucket
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let store =
        partage::media::Store::open(&partage::config::Settings::defaults_with(&settings).unwrap())
            .unwrap();
    assert!(store.get(&full).await.unwrap().is_some());
}
