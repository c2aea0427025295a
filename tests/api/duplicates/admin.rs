//! The admin's side: the initiative form shows likely duplicates before saving (saving again
//! confirms), and the Duplicates page decides of each pair.

use partage::domain::account::Role;
use serde_json::json;

use super::found::{at, created, get_admin};
use crate::admin::{Browser, user};
use crate::on_both_engines;
use crate::support::{Engine, TestApp};

async fn the_form_shows_them_before_saving(engine: Engine) {
    // Arrange
    let app = TestApp::spawn(engine).await;
    created(&app, &at("Repair Café Belleville", 0.0, json!({}))).await;
    user(&app, "ada", Role::Admin).await;
    let mut admin = Browser::signed_in(&app, "ada").await;
    let lat = format!("{}", 48.8722 + 40.0 / 111_195.0);
    let form = [
        ("name", "Repair cafe de Belleville"),
        ("categories", "repair"),
        ("location.locality", "Paris"),
        ("location.latitude", lat.as_str()),
        ("location.longitude", "2.3770"),
        ("status", "active"),
    ];

    // Act: in French, as a French admin sees it.
    let page = admin.submit("/admin/initiatives?lang=fr", &form).await;

    // Assert: nothing saved yet; the page names it, links it, and asks to confirm.
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(app.count("initiatives").await, 1);
    assert!(
        page.body
            .contains("Il existe déjà « Repair Café Belleville » à 40 m"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("href=\"/initiatives/repair-cafe-belleville\"")
    );
    assert!(page.body.contains("name=\"duplicates_seen\""));

    // Saving again confirms: saved, and the pair waits on the Duplicates page, in English.
    let mut confirmed = form.to_vec();
    confirmed.push(("duplicates_seen", "1"));
    let page = admin.submit("/admin/initiatives", &confirmed).await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(app.count("initiatives").await, 2);
    let page = admin.get("/admin/duplicates").await;
    assert!(
        page.body
            .contains("There is already “Repair Café Belleville”"),
        "{}",
        page.body
    );
    let dashboard = admin.get("/admin").await;
    assert!(dashboard.body.contains("href=\"/admin/duplicates\""));
    let edit = admin
        .get("/admin/initiatives/repair-cafe-de-belleville")
        .await;
    assert!(edit.body.contains("40 m away"), "{}", edit.body);

    // Not a duplicate: decided from the page, remembered.
    let page = admin
        .submit(
            "/admin/duplicates",
            &[
                ("entry", "repair-cafe-belleville"),
                ("other", "repair-cafe-de-belleville"),
                ("decision", "different"),
            ],
        )
        .await;
    assert_eq!(
        (page.status, page.location.as_str()),
        (303, "/admin/duplicates?notice=distinct")
    );
    assert_eq!(get_admin(&app, "/api/v1/duplicates").await.1["total"], 0);
    let edit = admin
        .get("/admin/initiatives/repair-cafe-de-belleville")
        .await;
    assert!(!edit.body.contains("40 m away"));

    // An edit that makes an entry look like another is shown before saving too.
    created(&app, &at("Atelier vélo du Jourdain", 60.0, json!({}))).await;
    let mut edited = form.to_vec();
    edited[0] = ("name", "Atelier Vélo Jourdain");
    let path = "/admin/initiatives/repair-cafe-de-belleville";
    let page = admin.submit(path, &edited).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body
            .contains("There is already “Atelier vélo du Jourdain”"),
        "{}",
        page.body
    );
    edited.push(("duplicates_seen", "1"));
    assert_eq!(admin.submit(path, &edited).await.status, 303);
}

on_both_engines!(the_form_shows_them_before_saving);
