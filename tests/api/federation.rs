//! The chapter as others see it: discovery, actor, objects, content negotiation, tombstones.

use reqwest::header::ACCEPT;
use serde_json::{Value, json};

use crate::on_both_engines;
use crate::support::{Engine, TestApp};

const AS2: &str = "application/activity+json";

async fn get_as2(app: &TestApp, path: &str) -> (u16, String, Value) {
    let response = app.get(path).header(ACCEPT, AS2).send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (
        status,
        content_type,
        response.json().await.unwrap_or(Value::Null),
    )
}

async fn webfinger_nodeinfo_and_actor(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let domain = app.base.trim_start_matches("http://").to_owned();

    // WebFinger, as Mastodon asks.
    let response = app
        .get(&format!(
            "/.well-known/webfinger?resource=acct:paris@{domain}"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/jrd+json");
    let jrd: Value = response.json().await.unwrap();
    assert_eq!(jrd["subject"], format!("acct:paris@{domain}"));
    let actor_url = format!("{}/actors/paris", app.base);
    let link = jrd["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["rel"] == "self")
        .unwrap();
    assert_eq!(
        (link["type"].as_str(), link["href"].as_str()),
        (Some(AS2), Some(actor_url.as_str()))
    );
    let (status, _) = app
        .get_json(&format!("/.well-known/webfinger?resource={actor_url}"))
        .await;
    assert_eq!(status, 200);
    for (query, status) in [
        ("", 400),
        ("?resource=acct:nobody@{domain}", 404),
        ("?resource=acct:paris@elsewhere.example", 404),
        ("?resource=nonsense", 400),
    ] {
        let (got, _) = app
            .get_json(&format!(
                "/.well-known/webfinger{}",
                query.replace("{domain}", &domain)
            ))
            .await;
        assert_eq!(got, status, "{query}");
    }
    let host_meta = app
        .get("/.well-known/host-meta")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        host_meta.contains("/.well-known/webfinger?resource={uri}"),
        "{host_meta}"
    );

    // NodeInfo, with the application actor (FEP-2677) after the schema link.
    let (_, links) = app.get_json("/.well-known/nodeinfo").await;
    assert_eq!(
        links["links"][0]["rel"],
        "http://nodeinfo.diaspora.software/ns/schema/2.1"
    );
    assert_eq!(
        links["links"][1]["rel"],
        "https://www.w3.org/ns/activitystreams#Application"
    );
    let (_, nodeinfo) = app.get_json("/nodeinfo/2.1").await;
    assert_eq!(nodeinfo["software"]["name"], "partage");
    assert_eq!(nodeinfo["openRegistrations"], false);
    assert_eq!(nodeinfo["protocols"], json!(["activitypub"]));

    // The chapter actor, with everything Mastodon reads.
    let (status, content_type, actor) = get_as2(&app, "/actors/paris").await;
    assert_eq!((status, content_type.as_str()), (200, AS2));
    assert_eq!(actor["id"], actor_url);
    assert_eq!(actor["type"], "Group");
    assert_eq!(actor["preferredUsername"], "paris");
    assert_eq!(actor["name"], "Partage Paris");
    for key in [
        "inbox",
        "outbox",
        "followers",
        "following",
        "summary",
        "url",
        "published",
        "upcomingEvents",
    ] {
        assert!(actor[key].is_string(), "{key}");
    }
    assert_eq!(
        actor["endpoints"]["sharedInbox"],
        format!("{}/inbox", app.base)
    );
    assert_eq!(actor["publicKey"]["id"], format!("{actor_url}#main-key"));
    assert_eq!(actor["publicKey"]["owner"], actor_url);
    assert!(
        actor["publicKey"]["publicKeyPem"]
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN PUBLIC KEY-----")
    );
    assert_eq!(actor["icon"]["type"], "Image");
    assert_eq!(actor["attachment"][0]["type"], "PropertyValue");
    assert_eq!(
        (
            actor["discoverable"].as_bool(),
            actor["indexable"].as_bool()
        ),
        (Some(true), Some(true))
    );
    assert_eq!(actor["manuallyApprovesFollowers"], false);
    let icon = app.get("/icon.png").send().await.unwrap();
    assert_eq!(icon.headers()["content-type"], "image/png");

    // ld+json with the profile is answered in kind; a browser is sent to the home page.
    let response = app
        .get("/actors/paris")
        .header(
            ACCEPT,
            "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"",
        )
        .send()
        .await
        .unwrap();
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/ld+json")
    );
    let response = app
        .get("/actors/paris")
        .header(ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert!(response.url().path() == "/" && response.status() == 200);
    assert_eq!(get_as2(&app, "/actors/london").await.0, 404);

    // The application actor.
    let (status, _, application) = get_as2(&app, "/actor").await;
    assert_eq!(
        (status, application["type"].as_str()),
        (200, Some("Application"))
    );
    let (_, _, followers) = get_as2(&app, "/actors/paris/followers").await;
    assert_eq!(followers["totalItems"], 0);
}

async fn objects_negotiate_and_leave_tombstones(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.create_initiative(json!({
        "name": "Repair Café", "summary": "Fix, don't throw", "categories": ["repair"], "tags": ["ZeroWaste"],
        "location": {"name": "Maison", "street": "1 rue X", "postal_code": "75020", "locality": "Paris", "latitude": 48.87, "longitude": 2.0},
        "opening_hours": "Sa 14:00-18:00", "image_url": "https://img.example/a.png"
    }))
    .await;
    app.create_event(json!({
        "name": "Repair night", "starts_at": "2099-12-05T18:00", "ends_at": "2099-12-05T21:00",
        "location": {"name": "Maison", "locality": "Paris"}, "online_url": "https://meet.example/x",
        "categories": ["repair"], "capacity": 20
    }))
    .await;

    // The initiative, at its id and at its page URL.
    let (status, content_type, page) = get_as2(&app, "/initiatives/repair-cafe").await;
    assert_eq!((status, content_type.as_str()), (200, AS2));
    let id = page["id"].as_str().unwrap().to_owned();
    assert!(
        id.starts_with(&format!("{}/ap/initiatives/", app.base)),
        "{id}"
    );
    let (_, _, same) = get_as2(&app, &id[app.base.len()..]).await;
    assert_eq!(same, page);
    assert_eq!(page["type"], "Page");
    assert_eq!(page["url"], format!("{}/initiatives/repair-cafe", app.base));
    assert_eq!(
        page["to"],
        json!(["https://www.w3.org/ns/activitystreams#Public"])
    );
    assert_eq!(
        page["cc"],
        json!([format!("{}/actors/paris/followers", app.base)])
    );
    assert_eq!(page["attributedTo"], format!("{}/actors/paris", app.base));
    // No plain summary (a content warning elsewhere than Mastodon); Mastodon's in summaryMap.
    assert!(page.get("summary").is_none(), "{page}");
    let summary = page["summaryMap"]["en"].as_str().unwrap();
    assert!(summary.contains("Fix, don&#39;t throw"), "{summary}");
    assert!(
        summary.contains("Maison, 1 rue X, 75020 Paris"),
        "{summary}"
    );
    let tags: Vec<&str> = page["tag"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(tags, ["#repair", "#ZeroWaste"]);
    // Its `image_url` is copied before it is shown (`tests/api/pictures.rs`); img.example is
    // not reachable here.
    assert_eq!(page["attachment"], json!([]));
    assert_eq!(
        page["location"]["longitude"].to_string(),
        "2.0",
        "coordinates stay decimals"
    );
    assert!(page["@context"].is_array());

    // A browser at the id is sent to the page; the page is HTML.
    let html = app.get(&id[app.base.len()..]).send().await.unwrap();
    assert_eq!(html.url().path(), "/initiatives/repair-cafe");
    assert!(html.text().await.unwrap().contains("<h1>Repair Café</h1>"));

    // The event, in the shape Mastodon, Mobilizon and Gancio read.
    let (_, _, event) = get_as2(&app, "/events/repair-night").await;
    assert_eq!(event["type"], "Event");
    assert_eq!(event["startTime"], "2099-12-05T18:00:00+01:00");
    assert_eq!(event["endTime"], "2099-12-05T21:00:00+01:00");
    assert_eq!(event["timezone"], "Europe/Paris");
    assert_eq!(event["eventStatus"], "EventScheduled");
    assert_eq!(event["status"], "CONFIRMED");
    assert_eq!(event["category"], "CRAFTS");
    assert_eq!(event["joinMode"], "none");
    assert_eq!(event["maximumAttendeeCapacity"], 20);
    assert_eq!(event["location"]["type"], "Place");
    assert_eq!(
        event["attachment"][0],
        json!({"type": "Link", "mediaType": "text/html", "name": "Website", "href": "https://meet.example/x"})
    );

    // What Mastodon shows: <h2>name</h2>, the summary, the link; with date, time, zone, place.
    let shown = format!(
        "<h2>{}</h2>{}<p><a href=\"{}\">{}</a></p>",
        event["name"].as_str().unwrap(),
        event["summaryMap"]["en"].as_str().unwrap(),
        event["url"].as_str().unwrap(),
        event["url"].as_str().unwrap()
    );
    for needle in [
        "Repair night",
        "Saturday 5 December 2099",
        "18:00 – 21:00",
        "Europe/Paris",
        "Maison, Paris",
        "/events/repair-night",
    ] {
        assert!(shown.contains(needle), "{needle} missing from {shown}");
    }

    // Deleted: 410 with a Tombstone at the id and the page URL; the page says gone.
    let event_id = event["id"].as_str().unwrap().to_owned();
    assert_eq!(
        app.delete("/api/v1/events/repair-night").await.status(),
        204
    );
    let (status, _, tombstone) = get_as2(&app, &event_id[app.base.len()..]).await;
    assert_eq!(
        (
            status,
            tombstone["type"].as_str(),
            tombstone["formerType"].as_str()
        ),
        (410, Some("Tombstone"), Some("Event"))
    );
    assert_eq!(tombstone["id"], event_id);
    assert_eq!(get_as2(&app, "/events/repair-night").await.0, 410);
    assert_eq!(
        app.get("/events/repair-night")
            .send()
            .await
            .unwrap()
            .status(),
        410
    );
    assert_eq!(get_as2(&app, "/ap/events/999").await.0, 404);

    // The outbox lists what was published, newest first.
    let (_, _, outbox) = get_as2(&app, "/actors/paris/outbox").await;
    assert_eq!(outbox["totalItems"], 3);
    let (_, _, page1) = get_as2(&app, "/actors/paris/outbox?page=1").await;
    let kinds: Vec<&str> = page1["orderedItems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["Delete", "Create", "Create"]);
    assert_eq!(page1["orderedItems"][0]["object"]["type"], "Tombstone");
    let activity_id = page1["orderedItems"][1]["id"].as_str().unwrap().to_owned();
    let (status, _, activity) = get_as2(&app, &activity_id[app.base.len()..]).await;
    assert_eq!((status, activity["type"].as_str()), (200, Some("Create")));

    // Upcoming events (FEP-8a8e).
    app.create_event(json!({"name": "Later", "starts_at": "2099-12-24T10:00", "online_url": "https://m.example/l"})).await;
    let (_, _, upcoming) = get_as2(&app, "/actors/paris/events").await;
    assert_eq!(upcoming["totalItems"], 1);
    assert_eq!(upcoming["orderedItems"][0]["name"], "Later");
}

async fn production_settings_refuse_loopback_http_and_ports(engine: Engine) {
    let _ = engine;
    use partage::federation::check_remote_url;
    let url = |s: &str| url::Url::parse(s).unwrap();
    for bad in [
        "http://mastodon.example/inbox",
        "https://mastodon.example:8443/inbox",
        "https://localhost/inbox",
        "https://127.0.0.1/inbox",
        "https://10.0.0.1/inbox",
        "https://[::1]/inbox",
        "https://user:pw@mastodon.example/inbox",
        "ftp://mastodon.example/x",
    ] {
        assert!(
            check_remote_url(&url(bad), false).is_err(),
            "{bad} must be refused in production"
        );
    }
    assert!(check_remote_url(&url("https://mastodon.example/inbox"), false).is_ok());
    assert!(
        check_remote_url(&url("http://peer.localhost:4000/inbox"), true).is_ok(),
        "debug mode allows loopback"
    );

    // And the debug setting itself needs a loopback listener.
    let error = partage::config::Settings::defaults_with(&[
        ("federation.debug", "true"),
        ("http.listen", "0.0.0.0:8080"),
    ])
    .unwrap_err();
    assert!(error.to_string().contains("federation.debug"), "{error}");
}

on_both_engines!(
    webfinger_nodeinfo_and_actor,
    objects_negotiate_and_leave_tombstones,
    production_settings_refuse_loopback_http_and_ports,
);
