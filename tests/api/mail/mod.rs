//! E-mail, end to end through a real SMTP server (aiosmtpd): readers subscribe, confirm, get
//! digests and unsubscribe in one click (here); admins are told (`admins`); bad input,
//! refusals, the hourly cap and the file transport (`channel`).

use serde_json::{Value, json};

mod admins;
mod channel;
mod contacts;

use crate::on_both_engines;
use crate::smtp;
use crate::support::{Engine, TestApp, days_ago};

/// A fresh address for one test (the suite's SMTP server is shared).
pub(super) fn address(who: &str) -> String {
    format!("{who}-{:08x}@example.org", crate::support::rand_u32())
}

async fn subscribe(app: &TestApp, fields: &[(&str, &str)]) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(app.url("/subscriptions"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", &app.base)
        .body(serde_urlencoded::to_string(fields).unwrap())
        .send()
        .await
        .unwrap()
}

/// Makes a subscription's digest due now (its last one a week and a day ago).
async fn make_digest_due(app: &TestApp) {
    app.exec(&format!(
        "UPDATE subscriptions SET digest_at = {}",
        days_ago(app, 8)
    ))
    .await;
}

async fn a_reader_subscribes_confirms_reads_a_digest_and_unsubscribes(engine: Engine) {
    let Some(app) = TestApp::spawn_mailing(engine, &[]).await else {
        return;
    };
    let smtp = smtp::server().await.unwrap();
    let reader = address("reader");

    // Arrange: the directory near the Bastille, by e-mail, every week.
    let page = app
        .get("/initiatives?near=48.853,2.369&radius_km=5")
        .send()
        .await
        .unwrap();
    let body = page.text().await.unwrap();
    assert!(
        body.contains(r#"action="/subscriptions""#),
        "the box is on the directory"
    );
    assert!(
        body.contains(r#"name="near" value="48.853,2.369""#),
        "{body}"
    );

    // Act: subscribe.
    let response = subscribe(
        &app,
        &[
            ("email", reader.as_str()),
            ("near", "48.853,2.369"),
            ("radius_km", "5"),
            ("place", "Bastille"),
            ("kinds", "all"),
            ("frequency", "weekly"),
            ("origin", "all"),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/subscriptions/sent");

    // Assert: one confirmation, a direct answer (no List-Unsubscribe), text and HTML.
    let confirm = smtp.wait_for(&reader, 1).await.remove(0);
    assert!(
        confirm
            .subject
            .contains("Confirm your subscription to Partage Paris"),
        "{confirm:?}"
    );
    assert_eq!(confirm.parts, ["text/plain", "text/html"]);
    assert!(confirm.header("List-Unsubscribe").is_none());
    assert_eq!(
        confirm.header("From"),
        Some(r#""Partage Paris" <paris@chapter.example>"#)
    );
    assert!(
        confirm.text.contains("within 5 km of Bastille"),
        "{}",
        confirm.text
    );
    let link = confirm
        .link(&format!("{}/subscriptions/confirm/", app.base))
        .expect("a confirmation link");
    assert!(confirm.html.contains(&link));
    // Nothing is planned before the confirmation.
    app.create_initiative(json!({"name": "Too early", "location": {"locality": "Paris", "latitude": 48.853, "longitude": 2.37}})).await;
    make_digest_due(&app).await;
    app.send_mail_now().await;
    assert_eq!(smtp.received(&reader).len(), 1);

    let page = app.get(&link.replace(&app.base, "")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Subscribed"));

    // New entries: one inside the area, one outside, one event inside.
    app.create_initiative(
        json!({"name": "Atelier vélo Bastille", "summary": "Fix your bike.",
        "location": {"locality": "Paris", "latitude": 48.854, "longitude": 2.368}}),
    )
    .await;
    app.create_initiative(json!({"name": "Far away in Lyon",
        "location": {"locality": "Lyon", "latitude": 45.76, "longitude": 4.83}}))
        .await;
    let starts = (partage::domain::now() + chrono::Duration::days(3)).to_rfc3339();
    app.create_event(json!({"name": "Disco Soupe", "starts_at": starts,
        "location": {"name": "Place de la Bastille", "locality": "Paris", "latitude": 48.853, "longitude": 2.369}})).await;
    make_digest_due(&app).await;
    app.send_mail_now().await;

    let digest = smtp.wait_for(&reader, 2).await.remove(1);
    assert!(
        digest.subject.contains("new things on Partage Paris"),
        "{}",
        digest.subject
    );
    assert!(
        digest.text.contains("Atelier vélo Bastille") && digest.text.contains("Disco Soupe"),
        "{}",
        digest.text
    );
    assert!(!digest.text.contains("Far away in Lyon"));
    assert!(digest.html.contains("Atelier vélo Bastille"));
    assert_eq!(
        digest.header("List-Unsubscribe-Post"),
        Some("List-Unsubscribe=One-Click")
    );
    let unsubscribe = digest
        .header("List-Unsubscribe")
        .unwrap()
        .trim_matches(['<', '>'])
        .to_owned();
    assert!(
        unsubscribe.starts_with(&format!("{}/subscriptions/", app.base)),
        "{unsubscribe}"
    );
    assert!(digest.header("List-Id").is_some());

    // RFC 8058: the mail client posts, from nowhere, without a session.
    let response = reqwest::Client::new()
        .post(&unsubscribe)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    // Nothing more, whatever is published.
    app.create_initiative(json!({"name": "Recyclerie Bastille",
        "location": {"locality": "Paris", "latitude": 48.853, "longitude": 2.369}}))
        .await;
    make_digest_due(&app).await;
    app.send_mail_now().await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(smtp.received(&reader).len(), 2);
}

async fn a_digest_with_nothing_new_is_not_sent_and_french_readers_read_french(engine: Engine) {
    let Some(app) = TestApp::spawn_mailing(engine, &[]).await else {
        return;
    };
    let smtp = smtp::server().await.unwrap();
    let reader = address("lectrice");
    let (status, body) = post_api(
        &app,
        json!({"email": reader, "near": "48.85,2.35", "radius_km": 2,
        "locale": "fr", "frequency": "daily"}),
    )
    .await;
    assert_eq!(
        (status, body),
        (202, json!({"status": "confirmation_sent"}))
    );
    let confirm = smtp.wait_for(&reader, 1).await.remove(0);
    assert!(
        confirm.subject.starts_with("Confirmez votre abonnement"),
        "{}",
        confirm.subject
    );
    let link = confirm
        .link(&format!("{}/subscriptions/confirm/", app.base))
        .unwrap();
    assert_eq!(
        app.get(&link.replace(&app.base, ""))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    make_digest_due(&app).await;
    app.send_mail_now().await;
    assert_eq!(
        smtp.received(&reader).len(),
        1,
        "an empty digest is not sent"
    );

    app.create_initiative(json!({"name": "Grainothèque", "location": {"locality": "Paris", "latitude": 48.851, "longitude": 2.351}})).await;
    make_digest_due(&app).await;
    app.send_mail_now().await;
    let digest = smtp.wait_for(&reader, 2).await.remove(1);
    assert!(
        digest.subject.contains("Une nouveauté"),
        "{}",
        digest.subject
    );
    assert!(digest.text.contains("Grainothèque") && digest.text.contains("nouveau"));
}

pub(super) async fn post_api(app: &TestApp, body: Value) -> (u16, Value) {
    let response = app.post_json("/api/v1/subscriptions", &body).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

on_both_engines!(
    a_reader_subscribes_confirms_reads_a_digest_and_unsubscribes,
    a_digest_with_nothing_new_is_not_sent_and_french_readers_read_french,
);
