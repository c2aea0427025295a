//! Widgets for other websites: the agenda framed anywhere with the public pages' filters and the
//! host's look, no cookie set; every other page still refuses to be framed. The map, one entry's
//! card, the builder and oEmbed in the files beside.

mod builder;
mod map;
mod oembed;

use serde_json::json;

use crate::on_both_engines;
use crate::support::{Engine, TestApp};

async fn the_agenda_widget_is_framed_anywhere(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    for (name, day, category) in [
        ("Repair night", "10", "repair"),
        ("Seed swap", "11", "food"),
        ("Bike fixing", "12", "repair"),
    ] {
        app.create_event(json!({"name": name, "starts_at": format!("2099-06-{day}T18:00"),
            "timezone": "Europe/Paris", "categories": [category], "location": {"locality": "Paris"}}))
            .await;
    }

    // Filters and looks as the host asks; in French; no cookie.
    let response = app
        .get("/embed/agenda?category=repair&limit=1&lang=fr&theme=dark&accent=%23aa3300&header=0")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    let policy = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("frame-ancestors *"), "{policy}");
    assert!(!headers.contains_key("x-frame-options"));
    assert!(
        !headers.contains_key("set-cookie"),
        "a widget sets no cookie"
    );
    let body = response.text().await.unwrap();
    assert!(body.contains("<html lang=\"fr\">") && body.contains("<base target=\"_top\">"));
    // Dark red does not read on the dark theme: it only colours the frame's edge.
    assert!(
        body.contains("class=\"theme-dark\" style=\"--edge: #aa3300;\""),
        "{body}"
    );
    assert!(
        body.contains("Repair night")
            && !body.contains("Bike fixing")
            && !body.contains("Seed swap")
    );
    assert!(!body.contains("<header>"), "header=0 leaves out the header");
    let light = app
        .page_text("/embed/agenda?theme=light&accent=%23aa3300")
        .await;
    assert!(
        light.contains("style=\"--accent: #aa3300; --edge: #aa3300;\""),
        "{light}"
    );
    assert!(
        body.contains("href=\"/events?category=repair"),
        "'see them all' keeps the filters"
    );

    // The directory too.
    app.create_initiative(json!({"name": "Repair Café Belleville", "categories": ["repair"]}))
        .await;
    app.create_initiative(json!({"name": "Jardin partagé", "categories": ["food"]}))
        .await;
    let directory = app
        .page_text("/embed/directory?category=repair&theme=light")
        .await;
    assert!(
        directory.contains("Repair Café Belleville") && !directory.contains("Jardin partagé"),
        "{directory}"
    );
    assert!(directory.contains("href=\"/initiatives?category=repair"));

    // Bad options: a small box saying why, not a 500.
    for bad in [
        "from=2099-13-45",
        "theme=pink",
        "accent=red",
        "limit=500",
        "near=nowhere-at-all-zzz",
    ] {
        let response = app
            .get(&format!("/embed/agenda?{bad}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{bad}");
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("class=\"problems\""),
            "{bad}"
        );
    }

    // A host page's visitors cost a 304 once they have the widget; it is framed, not read.
    let first = app
        .get("/embed/agenda?category=repair")
        .send()
        .await
        .unwrap();
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert!(!first.headers().contains_key("access-control-allow-origin"));
    let again = app
        .get("/embed/agenda?category=repair")
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);

    // Every other page refuses to be framed, the admin above all.
    for path in ["/events", "/", "/admin/signin"] {
        let response = app.get(path).send().await.unwrap();
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
    }
}

on_both_engines!(the_agenda_widget_is_framed_anywhere);
