//! Pictures in the admin's forms: uploaded from a form (as its script does), described before
//! the entry is saved, chosen as main, removed; and added without JavaScript.

use partage::domain::account::Role;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use super::{Browser, inline_error, user};
use crate::on_both_engines;
use crate::pictures::png;
use crate::support::{Engine, TestApp};

/// What the form's script sends: a file and the session's token, to `/admin/media`.
async fn upload(browser: &mut Browser<'_>, app: &TestApp) -> Value {
    let token = browser.csrf().await;
    let form = Form::new()
        .text("_csrf", token)
        .part("file", Part::bytes(png(800, 500)).file_name("p.png"));
    let response = browser
        .request(reqwest::Method::POST, "/admin/media")
        .header("Origin", &app.base)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

async fn pictures_in_entry_forms(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    user(&app, "camille", Role::Editor).await;
    let mut browser = Browser::signed_in(&app, "camille").await;

    // Two pictures sent from the event form; the first is not described yet: the form says so
    // beside it, and nothing is saved.
    let (a, b) = (
        upload(&mut browser, &app).await,
        upload(&mut browser, &app).await,
    );
    let (a, b) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap());
    let fields = |described: &'static str| {
        vec![
            ("name".to_owned(), "Fête du vélo".to_owned()),
            ("starts_at".to_owned(), "2099-05-01T10:00".to_owned()),
            ("location.locality".to_owned(), "Paris".to_owned()),
            ("timezone".to_owned(), "Europe/Paris".to_owned()),
            ("status".to_owned(), "scheduled".to_owned()),
            ("join_mode".to_owned(), "none".to_owned()),
            ("images".to_owned(), a.to_owned()),
            ("images".to_owned(), b.to_owned()),
            (format!("description.{a}"), described.to_owned()),
            (format!("focus.{a}"), "0.1,-0.2".to_owned()),
            (format!("description.{b}"), "A crowd of bikes".to_owned()),
            ("images_main".to_owned(), b.to_owned()),
        ]
    };
    let borrowed = |v: &Vec<(String, String)>| -> Vec<(String, String)> { v.clone() };
    let missing = borrowed(&fields(""));
    let pairs: Vec<(&str, &str)> = missing
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let page = browser.submit("/admin/events", &pairs).await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(
        inline_error(&page.body, &format!("description.{a}")).is_some(),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(&format!("value=\"{a}\"")),
        "the pictures stay in the form"
    );
    assert_eq!(app.count("events").await, 0);

    // Described, with the second as main: saved in that order, with its focal point.
    let described = borrowed(&fields("A flyer"));
    let pairs: Vec<(&str, &str)> = described
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let page = browser.submit("/admin/events", &pairs).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let (_, event) = app.get_json("/api/v1/events/fete-du-velo").await;
    let images: Vec<(&str, &str)> = event["images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["id"].as_str().unwrap(),
                m["description"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(images, [(b, "A crowd of bikes"), (a, "A flyer")]);
    assert_eq!(event["images"][1]["focus"]["x"], 0.1);

    // The edit page shows them; removing one removes it.
    let edit = browser.get("/admin/events/fete-du-velo").await;
    assert!(edit.body.contains("A crowd of bikes"));
    let mut removed = borrowed(&fields("A flyer"));
    removed.push(("images_remove".to_owned(), a.to_owned()));
    let pairs: Vec<(&str, &str)> = removed
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let page = browser.submit("/admin/events/fete-du-velo", &pairs).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let (_, event) = app.get_json("/api/v1/events/fete-du-velo").await;
    assert_eq!(event["images"].as_array().unwrap().len(), 1);

    // Without JavaScript: a picture and its description, added to the entry.
    let token = browser.csrf().await;
    let form = Form::new()
        .text("_csrf", token)
        .text("description", "The route")
        .part("file", Part::bytes(png(300, 300)).file_name("route.png"));
    let response = browser
        .request(reqwest::Method::POST, "/admin/events/fete-du-velo/pictures")
        .header("Origin", &app.base)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let (_, event) = app.get_json("/api/v1/events/fete-du-velo").await;
    assert_eq!(event["images"][1]["description"], "The route");

    // Another site's page cannot upload in the user's name.
    let form = Form::new().part("file", Part::bytes(png(10, 10)).file_name("x.png"));
    let response = browser
        .request(reqwest::Method::POST, "/admin/media")
        .header("Origin", "https://evil.example")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

/// A suggestion from the public may bring a picture, described.
async fn suggestions_bring_a_picture(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let browser = Browser::new(&app);
    let send = async |description: &str| {
        let form = Form::new()
            .text("kind", "initiative")
            .text("name", "Grainothèque de la Villette")
            .text("picture_description", description.to_owned())
            .part("picture", Part::bytes(png(640, 480)).file_name("seeds.png"));
        browser
            .request(reqwest::Method::POST, "/suggest")
            .header("Origin", &app.base)
            .multipart(form)
            .send()
            .await
            .unwrap()
    };
    let refused = send("").await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("f-picture_description-error")
    );
    assert_eq!(app.count("initiatives").await, 0);

    let sent = send("Jars of seeds on a shelf").await;
    assert_eq!(sent.status(), 303);
    let queue = app.admin_json("/api/v1/review").await;
    let suggested = &queue["initiatives"][0];
    assert_eq!(
        suggested["images"][0]["description"], "Jars of seeds on a shelf",
        "{queue}"
    );
}

on_both_engines!(pictures_in_entry_forms, suggestions_bring_a_picture);
