//! The channel: bad addresses, no enumeration nor flooding, SMTP refusals retried, the hourly
//! cap, and `.eml` files when no SMTP server is set.

use mailparse::MailHeaderMap;
use serde_json::json;

use super::{address, post_api};
use crate::on_both_engines;
use crate::smtp;
use crate::support::{Engine, TestApp, eventually};

async fn bad_addresses_are_refused_and_nobody_learns_or_floods_an_address(engine: Engine) {
    let Some(app) = TestApp::spawn_mailing(engine, &[]).await else {
        return;
    };
    let smtp = smtp::server().await.unwrap();
    for email in [
        "nope",
        "a@b",
        "victim@example.org\r\nBcc: all@example.org",
        "x@example.org>, y@example.org",
    ] {
        let (status, body) = post_api(&app, json!({"email": email})).await;
        assert_eq!(status, 422, "{email:?}: {body}");
        assert_eq!(body["fields"][0]["field"], "email", "{body}");
    }
    let (status, _) = post_api(
        &app,
        json!({"email": "a@example.org", "frequency": "hourly", "radius_km": 9000}),
    )
    .await;
    assert_eq!(status, 422);

    // Asking again for the same address within a day: the same answer, no second message.
    let victim = address("victim");
    for _ in 0..3 {
        let (status, body) = post_api(&app, json!({"email": victim})).await;
        assert_eq!(
            (status, body),
            (202, json!({"status": "confirmation_sent"}))
        );
    }
    app.send_mail_now().await;
    smtp.wait_for(&victim, 1).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(smtp.received(&victim).len(), 1);

    // Links that do not work get a clear page.
    let page = app
        .get(&format!("/subscriptions/confirm/{}", "0".repeat(64)))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 404);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("This link does not work")
    );
    assert_eq!(
        app.get("/subscriptions/confirm/short")
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let link = smtp.received(&victim)[0]
        .link(&format!("{}/subscriptions/confirm/", app.base))
        .unwrap();
    app.exec("UPDATE mail_links SET expires_at = created_at")
        .await;
    let page = app.get(&link.replace(&app.base, "")).send().await.unwrap();
    assert_eq!(page.status(), 410);
    assert!(page.text().await.unwrap().contains("expired"));
}

async fn smtp_refusals_are_retried_and_nothing_is_lost(engine: Engine) {
    let Some(app) = TestApp::spawn_mailing(engine, &[]).await else {
        return;
    };
    let smtp = smtp::server().await.unwrap();
    let later = address("later");
    smtp.refuse(&later, "451 4.3.0 Try again later");
    post_api(&app, json!({"email": later})).await;
    let report = app.send_mail_now().await;
    eventually("the refusal recorded", async || {
        app.mails()
            .await
            .iter()
            .any(|m| m.0 == later && m.1 == "pending" && m.2 >= 1)
    })
    .await;
    assert_eq!(report.sent, 0);
    assert!(smtp.received(&later).is_empty());

    // The server accepts again: the message leaves, once.
    smtp.accept(&later);
    app.exec("UPDATE mails SET next_attempt_at = created_at WHERE state = 'pending'")
        .await;
    app.send_mail_now().await;
    smtp.wait_for(&later, 1).await;
    app.send_mail_now().await;
    assert_eq!(smtp.received(&later).len(), 1);

    // A permanent refusal is tried three times, then given up, and said.
    let gone = address("gone");
    smtp.refuse(&gone, "550 5.1.1 No such user");
    post_api(&app, json!({"email": gone})).await;
    for _ in 0..10 {
        app.exec("UPDATE mails SET next_attempt_at = created_at WHERE state = 'pending'")
            .await;
        app.send_mail_now().await;
        if app
            .mails()
            .await
            .iter()
            .any(|m| m.0 == gone && m.1 == "failed")
        {
            break;
        }
    }
    let mails = app.mails().await;
    let (_, state, attempts, error, _) = mails.iter().find(|m| m.0 == gone).unwrap();
    assert_eq!((state.as_str(), *attempts), ("failed", 3));
    assert!(error.as_deref().unwrap_or("").contains("550"), "{error:?}");
}

async fn the_hourly_cap_holds_messages_for_the_next_hour(engine: Engine) {
    let Some(app) = TestApp::spawn_mailing(engine, &[("email.max_per_hour", "2")]).await else {
        return;
    };
    for i in 0..3 {
        post_api(&app, json!({"email": address(&format!("capped{i}"))})).await;
    }
    app.send_mail_now().await;
    eventually("two sent, one waiting", async || {
        let counts = partage::db::mails::counts(&app.db).await.unwrap();
        counts == [("pending".to_owned(), 1), ("sent".to_owned(), 2)]
    })
    .await;
    let next = app
        .mails()
        .await
        .into_iter()
        .find(|m| m.1 == "pending")
        .unwrap()
        .4;
    assert!(
        next > partage::domain::now() + chrono::Duration::minutes(50),
        "{next}"
    );
}

async fn without_smtp_messages_are_written_as_files(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    post_api(&app, json!({"email": "file-reader@example.org"})).await;
    app.send_mail_now().await;
    let dir = app.data_dir().join("outbox-mail");
    let read = || -> Vec<_> {
        std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .collect()
    };
    eventually("the message written", async || !read().is_empty()).await;
    let files = read();
    assert_eq!(files.len(), 1, "{dir:?}");
    let raw = std::fs::read(files[0].path()).unwrap();
    assert!(files[0].path().extension().is_some_and(|e| e == "eml"));
    let mail = mailparse::parse_mail(&raw).unwrap();
    assert!(
        mail.get_headers()
            .get_first_value("Subject")
            .unwrap()
            .contains("Confirm")
    );
}

on_both_engines!(
    bad_addresses_are_refused_and_nobody_learns_or_floods_an_address,
    smtp_refusals_are_retried_and_nothing_is_lost,
    the_hourly_cap_holds_messages_for_the_next_hour,
    without_smtp_messages_are_written_as_files,
);
