//! An initiative's contact: asked whether it is still active (confirmed, closed, or shown as
//! unconfirmed without an answer), and fixing it through a link sent to its address.

use serde_json::json;

use super::address;
use crate::admin::Browser;
use crate::on_both_engines;
use crate::smtp;
use crate::support::{Engine, TestApp, days_ago};

/// Posts a form from a page of the site (no session).
async fn post_form(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{}{path}", app.address))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string(fields).unwrap())
        .send()
        .await
        .unwrap()
}

fn path(app: &TestApp, link: &str) -> String {
    link.replace(&app.base, "")
}

async fn contacts_are_asked_whether_their_entry_is_still_active(engine: Engine) {
    let Some(app) = TestApp::spawn_mailing(engine, &[]).await else {
        return;
    };
    let smtp = smtp::server().await.unwrap();
    let (kept, quiet) = (address("kept"), address("quiet"));
    app.create_initiative(json!({"name": "Repair Café Voltaire", "email": kept}))
        .await;
    app.create_initiative(json!({"name": "Tool library Oberkampf", "email": quiet}))
        .await;
    app.create_initiative(json!({"name": "Fresh one", "email": address("fresh")}))
        .await;
    app.exec(&format!(
        "UPDATE initiatives SET updated_at = {} WHERE name <> 'Fresh one'",
        days_ago(&app, 400)
    ))
    .await;

    // A year without news: each contact is asked once.
    app.send_mail_now().await;
    app.send_mail_now().await;
    let asked = smtp.wait_for(&kept, 1).await.remove(0);
    assert_eq!(asked.subject, "Is “Repair Café Voltaire” still active?");
    assert!(
        asked.header("List-Unsubscribe").is_none(),
        "a message about their own entry"
    );
    let active = asked.link(&format!("{}/fresh/", app.base)).unwrap();
    assert!(active.ends_with("/active"), "{active}");
    assert!(asked.text.contains(&format!("{}/owner/", app.base)));
    assert_eq!(smtp.received(&quiet).len(), 1);

    // "Still active": a GET only shows the button; the POST confirms.
    let page = app.get(&path(&app, &active)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let (_, view) = app
        .get_json("/api/v1/initiatives/repair-cafe-voltaire")
        .await;
    assert!(view["confirmed_at"].is_null());
    assert_eq!(
        post_form(&app, &path(&app, &active), &[]).await.status(),
        200
    );
    let (_, view) = app
        .get_json("/api/v1/initiatives/repair-cafe-voltaire")
        .await;
    assert!(view["confirmed_at"].is_string(), "{view}");

    // No answer: a second reminder a month later, then "unconfirmed" a month after that.
    let later = |app: &TestApp| {
        format!(
            "UPDATE initiatives SET reminded_at = {} WHERE reminded_at IS NOT NULL",
            days_ago(app, 31)
        )
    };
    app.exec(&later(&app)).await;
    app.send_mail_now().await;
    let again = smtp.wait_for(&quiet, 2).await.remove(1);
    assert_eq!(
        again.subject,
        "Once more: is “Tool library Oberkampf” still active?"
    );
    assert_eq!(
        smtp.received(&kept).len(),
        1,
        "a confirmed entry is not asked again"
    );
    app.exec(&later(&app)).await;
    app.send_mail_now().await;
    let (_, view) = app
        .get_json("/api/v1/initiatives/tool-library-oberkampf")
        .await;
    assert_eq!(view["unconfirmed"], true, "{view}");
    assert!(
        app.outgoing_types()
            .await
            .iter()
            .any(|t| t == "InitiativeUpdated")
    );
    let page = app
        .get("/initiatives/tool-library-oberkampf")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Unconfirmed"));
    let (_, list) = app
        .get_json("/api/v1/initiatives?hide_unconfirmed=true")
        .await;
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert!(
        !names.contains(&"Tool library Oberkampf") && names.contains(&"Fresh one"),
        "{names:?}"
    );

    // Even late, "it has closed" works: closed, and no longer unconfirmed.
    let closed = again
        .text
        .split_whitespace()
        .find(|w| w.ends_with("/closed"))
        .unwrap()
        .to_owned();
    assert_eq!(
        post_form(&app, &path(&app, &closed), &[]).await.status(),
        200
    );
    let (_, view) = app
        .get_json("/api/v1/initiatives/tool-library-oberkampf")
        .await;
    assert_eq!(
        (view["status"].as_str(), view["unconfirmed"].as_bool()),
        (Some("closed"), Some(false)),
        "{view}"
    );
    let page = app.get("/fresh/not-a-secret/active").send().await.unwrap();
    assert_eq!(page.status(), 404);
}

async fn owners_fix_their_entry_through_a_link(engine: Engine) {
    let Some(app) = TestApp::spawn_mailing(engine, &[]).await else {
        return;
    };
    let smtp = smtp::server().await.unwrap();
    let owner = address("owner");
    app.create_initiative(
        json!({"name": "Jardin partagé", "summary": "Old summary.", "email": owner}),
    )
    .await;
    crate::admin::user(&app, "ada", partage::domain::account::Role::Admin).await;

    let page = app
        .get("/initiatives/jardin-partage")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("/initiatives/jardin-partage/owner"));
    // Another address: the same answer, and nothing is sent.
    let answer = post_form(
        &app,
        "/initiatives/jardin-partage/owner",
        &[("email", "stranger@example.org")],
    )
    .await;
    assert_eq!(
        answer.headers()["location"],
        "/initiatives/jardin-partage/owner?sent=1"
    );
    let answer = post_form(
        &app,
        "/initiatives/jardin-partage/owner",
        &[("email", &owner.to_uppercase())],
    )
    .await;
    assert_eq!(
        answer.headers()["location"],
        "/initiatives/jardin-partage/owner?sent=1"
    );
    app.send_mail_now().await;
    let mail = smtp.wait_for(&owner, 1).await.remove(0);
    assert_eq!(mail.subject, "Your link to fix “Jardin partagé”");
    let link = path(&app, &mail.link(&format!("{}/owner/", app.base)).unwrap());

    // The form, for this entry only; bad input is explained.
    let form = app.get(&link).send().await.unwrap().text().await.unwrap();
    assert!(form.contains("Old summary."), "{form}");
    let refused = post_form(
        &app,
        &link,
        &[("name", "Jardin partagé"), ("website", "nope")],
    )
    .await;
    assert_eq!(refused.status(), 422);
    let saved = post_form(
        &app,
        &link,
        &[
            ("name", "Jardin partagé"),
            ("summary", "Vegetables for all."),
            ("status", "active"),
        ],
    )
    .await;
    assert_eq!(saved.status(), 200);
    let (_, view) = app.get_json("/api/v1/initiatives/jardin-partage").await;
    assert_eq!(view["summary"], "Old summary.", "it waits for review");

    // The admin sees it in the review queue, and applies it.
    let mut admin = Browser::signed_in(&app, "ada").await;
    let queue = admin.get("/admin/review").await;
    assert!(
        queue.body.contains("Changes proposed by owners")
            && queue.body.contains("Vegetables for all."),
        "{}",
        queue.body
    );
    let (_, id) = queue.body.split_once("/admin/owner-edits/").unwrap();
    let id: String = id.chars().take_while(char::is_ascii_digit).collect();
    let page = admin
        .submit(
            &format!("/admin/owner-edits/{id}"),
            &[("decision", "apply")],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let (_, view) = app.get_json("/api/v1/initiatives/jardin-partage").await;
    assert_eq!(view["summary"], "Vegetables for all.");
    assert!(view["confirmed_at"].is_string());
    let again = admin
        .submit(
            &format!("/admin/owner-edits/{id}"),
            &[("decision", "apply")],
        )
        .await;
    assert_eq!(again.status, 409);
    let log = admin.get("/admin/log").await;
    assert!(log.body.contains("initiative.owner-propose") && log.body.contains("owner-edit.apply"));
}

on_both_engines!(
    contacts_are_asked_whether_their_entry_is_still_active,
    owners_fix_their_entry_through_a_link,
);
