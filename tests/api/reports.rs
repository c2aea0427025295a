//! Reports: a Mastodon-shaped `Flag` from a scripted server, "Report a problem" on an entry's
//! page and through the API, and each way an admin resolves one, on both engines.

use partage::domain::account::Role;
use serde_json::{Value, json};

use crate::admin::{Browser, inline_error, user};
use crate::on_both_engines;
use crate::peer::Peer;
use crate::support::{Engine, TestApp};

mod resolving;

/// A chapter with one event, "repair-night"; its ActivityPub id.
async fn with_event(app: &TestApp) -> String {
    let event = json!({"name": "Repair night", "starts_at": "2099-06-06T18:00",
        "timezone": "Europe/Paris", "location": {"locality": "Paris"}});
    app.create_event(event).await;
    let id = partage::domain::event::get_published(&app.db, "repair-night")
        .await
        .unwrap()
        .id;
    format!("{}/ap/events/{id}", app.base)
}

/// A Flag as Mastodon forwards one: from its instance actor, naming an account and posts.
fn flag(peer: &Peer, id: &str, object: Value, content: &str) -> Value {
    json!({"@context": "https://www.w3.org/ns/activitystreams", "id": peer.id(id), "type": "Flag",
        "actor": peer.actor("instance"), "content": content, "object": object})
}

/// A public reply of `name`'s to `parent`: a comment waiting for review.
async fn reply(app: &TestApp, peer: &Peer, name: &str, id: &str, parent: &str) -> String {
    let public = "https://www.w3.org/ns/activitystreams#Public";
    let note = json!({"@context": "https://www.w3.org/ns/activitystreams",
        "id": peer.id(&format!("{id}/activity")), "type": "Create", "actor": peer.actor(name),
        "to": [public], "object": {"id": peer.id(id), "type": "Note", "attributedTo": peer.actor(name),
            "inReplyTo": parent, "content": "<p>Buy cheap pills</p>", "to": [public],
            "published": "2026-12-01T10:00:00Z"}});
    assert_eq!(peer.send(name, &app.url("/inbox"), &note).await.0, 202);
    peer.id(id)
}

async fn reports(app: &TestApp, state: &str) -> Vec<Value> {
    let list = app
        .admin_json(&format!("/api/v1/reports?state={state}"))
        .await;
    list.as_array().cloned().unwrap_or_else(|| panic!("{list}"))
}

async fn resolve(app: &TestApp, id: &Value, action: &str) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/reports/{id}/resolve"),
        &json!({"action": action}),
    )
    .await
}

async fn flags_from_the_fediverse(engine: Engine) {
    // Arrange
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("mastodon.localhost").await;
    let event = with_event(&app).await;
    let chapter = format!("{}/actors/paris", app.base);
    let inbox = app.url("/inbox");

    // Act: a report naming the chapter, the event and someone else's post.
    let others = "http://elsewhere.localhost/statuses/1";
    let content = "<p>Spam &amp; a <b>scam</b></p>";
    let report = flag(&peer, "flag1", json!([chapter, event, others]), content);
    let (status, body) = peer.send("instance", &inbox, &report).await;

    // Assert: one open report, and a notice for the admins.
    assert_eq!(status, 202, "{body}");
    let open = reports(&app, "open").await;
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0]["reason"], "fediverse");
    assert_eq!(open[0]["message"], "Spam & a scam");
    assert_eq!(open[0]["entry_slug"], "repair-night");
    assert_eq!(open[0]["reporter_actor"], peer.actor("instance"));
    assert_eq!(open[0]["objects"], json!([chapter, event, others]));
    assert_eq!(app.count("notices WHERE kind = 'report'").await, 1);

    // The same Flag again stores nothing twice; a Flag about nothing of ours stores nothing.
    assert_eq!(peer.send("instance", &inbox, &report).await.0, 202);
    let theirs = flag(&peer, "flag2", json!([others, peer.actor("bob")]), "spam");
    assert_eq!(peer.send("instance", &inbox, &theirs).await.0, 202);
    assert_eq!(app.count("reports").await, 1);

    // One object, as a string: the chapter itself.
    let alone = flag(&peer, "flag3", json!(chapter), "Who runs this?");
    assert_eq!(peer.send("instance", &inbox, &alone).await.0, 202);
    assert_eq!(app.count("reports").await, 2);

    // Unsigned: refused before anything is read.
    let unsigned = serde_json::to_vec(&flag(&peer, "flag4", json!(chapter), "x")).unwrap();
    let headers = [(
        "content-type".to_owned(),
        "application/activity+json".to_owned(),
    )];
    assert_eq!(peer.post(&inbox, &headers, &unsigned).await.0, 401);
    assert_eq!(app.count("reports").await, 2);

    // The Reports page lists both, for editors too; the dashboard counts them.
    user(&app, "eddie", Role::Editor).await;
    let mut editor = Browser::signed_in(&app, "eddie").await;
    let page = editor.get("/admin/reports").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Spam &amp; a scam") && page.body.contains("Who runs this?"));
    assert!(page.body.contains("href=\"/events/repair-night\""));
    assert!(
        editor
            .get("/admin")
            .await
            .body
            .contains("2 reports to look at")
    );
}

async fn readers_report_a_problem(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    with_event(&app).await;
    let mut visitor = Browser::new(&app);
    let form = "/events/repair-night/report";

    // The form, in both languages; only for entries that are published.
    let page = visitor.get(form).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<legend") && page.body.contains("value=\"duplicate\""));
    assert!(
        visitor
            .get(&format!("{form}?lang=fr"))
            .await
            .body
            .contains("Signaler un problème")
    );
    assert_eq!(visitor.get("/events/nowhere/report").await.status, 404);
    assert_eq!(
        visitor
            .post("/initiatives/nowhere/report", &[("reason", "closed")])
            .await
            .status,
        404
    );

    // Refused, each with its reason beside its field (and only ids that exist described).
    let page = visitor
        .post(form, &[("reason", "wrong"), ("email", "nope")])
        .await;
    assert_eq!(page.status, 422);
    assert!(
        inline_error(&page.body, "email")
            .unwrap()
            .contains("not a valid e-mail address")
    );
    assert!(
        page.body
            .contains("aria-describedby=\"f-email-hint f-email-error\"")
    );
    let page = visitor.post(form, &[("message", "Closed since May")]).await;
    assert_eq!(page.status, 422);
    assert!(
        page.body.contains("aria-describedby=\"f-reason-error\"")
            && page.body.contains("id=\"f-reason-error\"")
    );
    assert!(
        page.body.contains("Closed since May"),
        "what was typed is kept"
    );
    assert_eq!(app.count("reports").await, 0);

    // Sent: a thank-you page, and the report waits for the admins.
    let fields = [
        ("reason", "closed"),
        ("message", "Closed since May"),
        ("email", "ann@example.org"),
    ];
    let page = visitor.post(form, &fields).await;
    assert_eq!(
        (page.status, page.location.as_str()),
        (303, "/events/repair-night/report?sent=1")
    );
    assert!(
        visitor
            .get(&page.location)
            .await
            .body
            .contains("Your report has reached")
    );
    let open = reports(&app, "open").await;
    assert_eq!(
        (open[0]["reason"].as_str(), open[0]["email"].as_str()),
        (Some("closed"), Some("ann@example.org"))
    );

    // The API: anyone may report, with the same checks.
    let api = |body: Value| {
        app.client
            .post(app.url("/api/v1/reports"))
            .json(&body)
            .send()
    };
    let good = json!({"kind": "event", "slug": "repair-night", "reason": "duplicate"});
    assert_eq!(api(good.clone()).await.unwrap().status(), 201);
    let bad = json!({"kind": "event", "slug": "repair-night", "reason": "closed", "email": "x@"});
    let response = api(bad).await.unwrap();
    assert_eq!(response.status(), 422);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("not a valid e-mail address")
    );
    let unknown = json!({"kind": "event", "slug": "nowhere", "reason": "closed"});
    assert_eq!(api(unknown).await.unwrap().status(), 404);
    assert_eq!(app.count("reports").await, 2);
    assert_eq!(
        app.client
            .get(app.url("/api/v1/reports"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );

    // Throttled: ten an hour from one address, the form and the API together.
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(api(good.clone()).await.unwrap().status().as_u16());
    }
    assert_eq!(statuses, [201, 201, 201, 201, 429, 429]);
    let page = visitor.post(form, &[("reason", "closed")]).await;
    assert_eq!(page.status, 429);
    assert!(page.body.contains("many reports"));
}

on_both_engines!(flags_from_the_fediverse, readers_report_a_problem);
