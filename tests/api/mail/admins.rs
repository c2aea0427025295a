//! Admins are told of what waits for them: at once, in a daily digest, or never; one click stops it.

use partage::domain::account::{self, Role};
use partage::domain::notice;

use super::address;
use crate::on_both_engines;
use crate::smtp::{self, Received};
use crate::support::{Engine, TestApp};

async fn admins_hear_of_suggestions_at_once_and_of_followers_in_a_daily_digest(engine: Engine) {
    let Some(app) = TestApp::spawn_mailing(engine, &[]).await else {
        return;
    };
    let smtp = smtp::server().await.unwrap();
    let admin = address("admin");
    let user = account::create_user(&app.db, "ada", crate::admin::PASSWORD, Role::Admin)
        .await
        .unwrap();
    let mut browser = crate::admin::Browser::signed_in(&app, "ada").await;
    let page = browser.get("/admin/account").await;
    assert!(page.body.contains("E-mail and notices"), "{}", page.body);
    let page = browser
        .submit(
            "/admin/account/email",
            &[
                ("email", admin.as_str()),
                ("locale", "en"),
                ("suggestion", "now"),
                ("follower", "daily"),
                ("mirrored", "never"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let page = browser
        .submit("/admin/account/email", &[("email", "not an address")])
        .await;
    assert_eq!(page.status, 422);

    // A suggestion from the public: told at once.
    let mut visitor = crate::admin::Browser::new(&app);
    let page = visitor
        .post(
            "/suggest",
            &[
                ("kind", "initiative"),
                ("name", "Grainothèque du 11e"),
                ("location.locality", "Paris"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    app.send_mail_now().await;
    let told: Received = smtp.wait_for(&admin, 1).await.remove(0);
    assert!(
        told.subject.contains("One thing waits for you"),
        "{}",
        told.subject
    );
    assert!(
        told.text
            .contains("New suggestion to review: Grainothèque du 11e"),
        "{}",
        told.text
    );
    assert!(told.text.contains(&format!("{}/admin/review", app.base)));
    let off = told
        .header("List-Unsubscribe")
        .unwrap()
        .trim_matches(['<', '>'])
        .to_owned();

    // Once told, not told again.
    app.send_mail_now().await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(smtp.received(&admin).len(), 1);

    // A new follower: in the day's digest, once a day.
    for who in ["ana", "bob"] {
        let mut tx = app.db.begin().await.unwrap();
        let (subject, label) = (
            format!("https://mastodon.example/@{who}"),
            format!("@{who}@mastodon.example"),
        );
        notice::record(
            &mut tx,
            notice::Kind::Follower,
            &subject,
            &label,
            &format!("follower:{who}"),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        app.send_mail_now().await;
    }
    let daily = smtp.wait_for(&admin, 2).await.remove(1);
    assert!(
        daily
            .subject
            .starts_with("Today on Partage Paris: one thing"),
        "{}",
        daily.subject
    );
    assert!(
        daily.text.contains("New follower: @ana@mastodon.example"),
        "{}",
        daily.text
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        smtp.received(&admin).len(),
        2,
        "bob waits for tomorrow's digest"
    );

    // One click stops every notice.
    let response = reqwest::Client::new()
        .post(&off)
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let settings = notice::settings(&app.db, user.id).await.unwrap();
    assert!(settings.iter().all(|(_, how)| *how == notice::How::Never));
}

on_both_engines!(admins_hear_of_suggestions_at_once_and_of_followers_in_a_daily_digest);
