//! oEmbed: a rich frame for each kind of address of ours, sizes within the consumer's limits,
//! discovery links on the pages, unknown addresses and other hosts refused.

use serde_json::{Value, json};

use crate::on_both_engines;
use crate::support::{Engine, TestApp};

async fn oembed(app: &TestApp, query: &[(&str, &str)]) -> (u16, Value) {
    let query = serde_urlencoded::to_string(query).unwrap();
    let response = app.get(&format!("/oembed?{query}")).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// An address as our pages name it (the public base, not the address tests connect to).
fn ours(app: &TestApp, path: &str) -> String {
    format!("{}{path}", app.base)
}

async fn links_pasted_elsewhere_become_cards(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let initiative = app
        .create_initiative(json!({"name": "Repair Café Belleville", "categories": ["repair"]}))
        .await;
    let event = app
        .create_event(
            json!({"name": "Repair night", "starts_at": "2099-06-10T18:00",
            "timezone": "Europe/Paris", "location": {"locality": "Paris"}}),
        )
        .await;
    let initiative = ours(
        &app,
        &format!("/initiatives/{}", initiative["slug"].as_str().unwrap()),
    );
    let event = ours(
        &app,
        &format!("/events/{}", event["slug"].as_str().unwrap()),
    );

    for (url, title, widget) in [
        (event.clone(), "Repair night", "/embed/events/"),
        (
            initiative.clone(),
            "Repair Café Belleville",
            "/embed/initiatives/",
        ),
        (
            ours(&app, "/events?category=repair&near=48.85,2.35"),
            "Events · Partage Paris",
            "/embed/agenda?category=repair&amp;near=48.85,2.35",
        ),
        (
            ours(&app, "/initiatives?q=repair"),
            "Directory · Partage Paris",
            "/embed/directory?q=repair",
        ),
        (
            ours(&app, "/map?category=food"),
            "Map · Partage Paris",
            "/embed/map?category=food",
        ),
    ] {
        let (status, card) = oembed(&app, &[("url", &url), ("format", "json")]).await;
        assert_eq!(status, 200, "{url}: {card}");
        assert_eq!(card["version"], "1.0");
        assert_eq!(card["type"], "rich");
        assert_eq!(card["title"], title, "{url}");
        assert_eq!(card["provider_name"], "Partage Paris");
        let html = card["html"].as_str().unwrap();
        assert!(
            html.starts_with(&format!("<iframe src=\"{}{widget}", ours(&app, ""))),
            "{url}: {html}"
        );
        assert_eq!(card["width"], 560);
        assert!(card["height"].as_u64().unwrap() > 100);
    }

    // The consumer's limits are kept; a narrower width than we can make is raised to it.
    let (_, card) = oembed(
        &app,
        &[("url", &event), ("maxwidth", "400"), ("maxheight", "90")],
    )
    .await;
    assert_eq!(
        (card["width"].as_u64(), card["height"].as_u64()),
        (Some(400), Some(90))
    );
    assert!(
        card["html"]
            .as_str()
            .unwrap()
            .contains("width=\"400\" height=\"90\"")
    );

    // Refusals, each with its reason.
    let gone = ours(&app, "/events/nothing-here");
    let elsewhere = "https://elsewhere.example/events/repair-night";
    let admin = ours(&app, "/admin");
    for (query, expected) in [
        (vec![("url", gone.as_str())], 404),
        (vec![("url", elsewhere)], 404),
        (vec![("url", admin.as_str())], 404),
        (vec![("url", "not an address")], 400),
        (vec![], 400),
        (vec![("url", event.as_str()), ("maxwidth", "wide")], 400),
        (vec![("url", event.as_str()), ("format", "xml")], 501),
    ] {
        let (status, body) = oembed(&app, &query).await;
        assert_eq!(status, expected, "{query:?}: {body}");
        assert!(body["message"].is_string(), "{query:?}: {body}");
    }

    // Discovery: the pages that can be embedded name their oEmbed.
    for (url, title) in [
        (&event, "Repair night"),
        (&initiative, "Repair Café Belleville"),
    ] {
        let page = app.page_text(&url[app.base.len()..]).await;
        let encoded: String = url::form_urlencoded::byte_serialize(url.as_bytes()).collect();
        assert!(
            page.contains(&format!(
                "type=\"application/json+oembed\" title=\"{title}\" href=\"/oembed?format=json&amp;url={encoded}\""
            )),
            "{page}"
        );
    }
    for path in ["/events", "/initiatives", "/map"] {
        assert!(
            app.page_text(path)
                .await
                .contains("application/json+oembed"),
            "{path}"
        );
    }
    assert!(
        !app.page_text("/admin/signin")
            .await
            .contains("application/json+oembed")
    );
}

on_both_engines!(links_pasted_elsewhere_become_cards);
