//! What the agendas and Mastodon-API servers that cannot run in CI do with our objects,
//! replayed from their code: Gancio following the application actor and importing the agenda
//! (its outbox, then live activities), and the shape each server shows a post in.

use serde_json::{Value, json};

use crate::on_both_engines;
use crate::peer::Peer;
use crate::support::{Engine, TestApp, eventually};

const AS2: &str = "application/activity+json";

on_both_engines!(
    gancio_follows_the_application_actor_and_imports_the_agenda,
    pinned_events_are_the_next_three,
);

async fn get_as2(app: &TestApp, url: &str) -> Value {
    let response = app
        .client
        .get(url.replace(&app.base, &app.address))
        .header("accept", AS2)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{url}");
    response.json().await.unwrap()
}

/// Gancio 1.21's reading of an `Event` (`server/federation/helpers.js` `parseAPEvent` and
/// `parsePlace` for a Create, `federation/events.js` for an Update): the first rule broken.
fn gancio_reads(event: &Value, update: bool) -> Result<(), String> {
    for field in ["id", "name", "startTime"] {
        if !event[field].is_string() {
            return Err(format!("no {field}"));
        }
    }
    // `attachment.find(a => a.mediaType.includes('image'))`; an Update reads `.length`.
    let attachments = match &event["attachment"] {
        Value::Array(a) => a,
        Value::Null if !update => &Vec::new(),
        other => return Err(format!("attachment is not an array: {other}")),
    };
    if attachments.iter().any(|a| !a["mediaType"].is_string()) {
        return Err("an attachment without mediaType".into());
    }
    // An Update downloads attachment[0].url as the picture, whatever it is.
    if update
        && let Some(first) = attachments.first()
        && !(first["url"].is_string() && first["mediaType"].as_str().unwrap().starts_with("image/"))
    {
        return Err(format!("attachment[0] is not a picture: {first}"));
    }
    // Without a location the event is hidden; a string location throws; an Update needs one
    // object with a name and an address.
    let location = &event["location"];
    if !location.is_object() {
        return Err(format!("location is not a place: {location}"));
    }
    if update && (!location["name"].is_string() || location["address"].is_null()) {
        return Err(format!(
            "an Update's place needs a name and an address: {location}"
        ));
    }
    if location["address"].is_object() {
        let address = &location["address"];
        let known = [
            "streetAddress",
            "addressLocality",
            "addressRegion",
            "addressCountry",
            "url",
        ];
        if !known.iter().any(|k| address[k].is_string()) {
            return Err(format!("an address Gancio cannot read: {address}"));
        }
    }
    if update && !event["content"].is_string() {
        return Err("an Update needs content".into());
    }
    if let Some(tags) = event["tag"].as_array()
        && tags.iter().any(|t| !t["name"].is_string())
    {
        return Err("a tag without a name".into());
    }
    Ok(())
}

async fn gancio_follows_the_application_actor_and_imports_the_agenda(engine: Engine) {
    // Arrange: a chapter with an upcoming event, an online one, a past one and an initiative.
    let app = TestApp::spawn(engine).await;
    let gancio = Peer::spawn("gancio.localhost").await;
    app.create_event(
        json!({"name": "Disco-soupe", "starts_at": "2099-06-01T18:00",
        "location": {"name": "La Cyclofficine", "street": "2 rue X", "locality": "Paris"}}),
    )
    .await;
    app.create_event(
        json!({"name": "Atelier en ligne", "starts_at": "2099-06-02T18:00",
        "online_url": "https://visio.example/atelier"}),
    )
    .await;
    app.create_event(json!({"name": "Last year", "starts_at": "2001-01-01T10:00",
        "location": {"locality": "Paris"}}))
        .await;
    app.create_initiative(json!({"name": "Outilthèque"})).await;

    // Act 1: "add trusted instance" by URL: NodeInfo's application actor, then a Follow.
    let (_, nodeinfo) = app.get_json("/.well-known/nodeinfo").await;
    let links = nodeinfo["links"].as_array().unwrap();
    assert!(
        links[0]["rel"].as_str().unwrap().contains("nodeinfo"),
        "Gancio takes the first link as the schema"
    );
    let actor_url = links
        .iter()
        .find(|l| l["rel"] == "https://www.w3.org/ns/activitystreams#Application")
        .unwrap()["href"]
        .as_str()
        .unwrap()
        .to_owned();
    let actor = get_as2(&app, &actor_url).await;
    assert_eq!(actor["id"], actor_url);
    assert!(actor["publicKey"]["publicKeyPem"].is_string());
    // GoToSocial reads every account's `featured` (and logs an error without one): empty here.
    let featured = get_as2(&app, actor["featured"].as_str().unwrap()).await;
    assert_eq!(featured["type"], "OrderedCollection");
    assert_eq!(featured["totalItems"], 0);
    let inbox = actor["endpoints"]["sharedInbox"].as_str().unwrap();
    let follow = gancio.follow("relay", &actor_url, "follow");
    let inbox = inbox.replace(&app.base, &app.address);
    assert_eq!(gancio.send("relay", &inbox, &follow).await.0, 202);

    // Assert 1: its outbox's first page lists each event not finished yet as Create{Event},
    // by the application actor, the newest first, readable by Gancio; nothing else.
    let outbox = get_as2(&app, actor["outbox"].as_str().unwrap()).await;
    let first = get_as2(&app, outbox["first"].as_str().unwrap()).await;
    let items = first["orderedItems"].as_array().unwrap();
    let names: Vec<&str> = items
        .iter()
        .map(|i| i["object"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Atelier en ligne", "Disco-soupe"]);
    for item in items {
        assert_eq!(
            (item["type"].as_str(), item["actor"].as_str()),
            (Some("Create"), Some(actor_url.as_str()))
        );
        assert_eq!(
            item["object"]["attributedTo"],
            format!("{}/actors/paris", app.base)
        );
        gancio_reads(&item["object"], false).unwrap();
        // Each item's id is its own, and answers.
        let fetched = get_as2(&app, item["id"].as_str().unwrap()).await;
        assert_eq!(fetched["object"]["id"], item["object"]["id"]);
    }
    let online = &items[0]["object"];
    assert_eq!(
        online["location"]["address"]["url"],
        "https://visio.example/atelier"
    );
    assert_eq!(
        online["attachment"],
        json!([]),
        "no Link for Gancio to download"
    );
    assert_eq!(
        online["location"]["address"]["addressLocality"], "Online",
        "Gancio's Update takes it as the place's address"
    );

    // Act 2: live changes.
    eventually("the Accept", async || !gancio.received().is_empty()).await;
    app.create_event(
        json!({"name": "Vélorution", "starts_at": "2099-07-04T14:00",
        "description": "Bring your *bike*.",
        "location": {"name": "Place de la Bastille, Paris"}, "tags": ["velo"]}),
    )
    .await;
    // Finished events are not the agendas' business (Gancio deletes them, then answers 500).
    app.patch_json(
        "/api/v1/events/last-year",
        &json!({"name": "Last year, again"}),
    )
    .await;
    app.patch_json(
        "/api/v1/events/velorution",
        &json!({"name": "Grande vélorution"}),
    )
    .await;
    app.patch_json(
        "/api/v1/events/atelier-en-ligne",
        &json!({"name": "Atelier visio"}),
    )
    .await;
    app.delete("/api/v1/events/velorution").await;
    app.create_initiative(json!({"name": "Not for agendas"}))
        .await;

    // Assert 2: Create, Update, Update, Delete from the application actor itself, signed by
    // it, each readable by Gancio; no Announce, nothing about the initiative.
    let received = gancio.wait_for_posts(5).await;
    let activities: Vec<&Value> = received[1..].iter().map(|r| &r.body).collect();
    let kinds: Vec<&str> = activities
        .iter()
        .map(|a| a["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["Create", "Update", "Update", "Delete"]);
    // An agenda shows the date and place itself: the content is the description alone.
    assert_eq!(
        activities[0]["object"]["content"],
        "<p>Bring your <em>bike</em>.</p>\n"
    );
    for (activity, update) in activities.iter().zip([false, true, true, false]) {
        assert_eq!(activity["actor"], actor_url);
        if activity["type"] != "Delete" {
            gancio_reads(&activity["object"], update).unwrap();
        }
    }
    for r in &received[1..] {
        let signature = r.headers["signature"].to_str().unwrap();
        assert!(
            signature.contains(&format!("keyId=\"{actor_url}#main-key\"")),
            "{signature}"
        );
    }
    assert_eq!(activities[3]["object"]["type"], "Tombstone");
    assert_eq!(activities[3]["object"]["formerType"], "Event");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(gancio.received_posts().len(), 5);
}

async fn pinned_events_are_the_next_three(engine: Engine) {
    // Arrange: a follower, and four upcoming events.
    let app = TestApp::spawn(engine).await;
    let peer = Peer::spawn("pins.localhost").await;
    let chapter = format!("{}/actors/paris", app.base);
    let follow = peer.follow("alice", &chapter, "f");
    assert_eq!(peer.send("alice", &app.url("/inbox"), &follow).await.0, 202);
    let mut ids = Vec::new();
    for (name, day) in [
        ("Quatre", "04"),
        ("Deux", "02"),
        ("Trois", "03"),
        ("Un", "01"),
    ] {
        let event = app
            .create_event(
                json!({"name": name, "starts_at": format!("2099-09-{day}T10:00"),
                "location": {"locality": "Paris"}}),
            )
            .await;
        ids.push((name, event["slug"].as_str().unwrap().to_owned()));
    }

    // Assert: `featured` names the next three by id, soonest first.
    let actor = get_as2(&app, &chapter).await;
    let featured = get_as2(&app, actor["featured"].as_str().unwrap()).await;
    assert_eq!(featured["type"], "OrderedCollection");
    let pinned: Vec<&str> = featured["orderedItems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            i.as_str()
                .expect("ids, not embedded objects: Mastodon pins those only")
        })
        .collect();
    assert_eq!(pinned.len(), 3);
    let mut names = Vec::new();
    for id in &pinned {
        names.push(get_as2(&app, id).await["name"].as_str().unwrap().to_owned());
    }
    assert_eq!(names, ["Un", "Deux", "Trois"]);

    // Each change of the three told the followers with an Update of the chapter: "Quatre",
    // "Deux", "Trois" and "Un" each changed them.
    let updates = || {
        peer.received()
            .iter()
            .filter(|r| r.body["type"] == "Update" && r.body["object"]["type"] == "Group")
            .count()
    };
    eventually("four Updates of the chapter", async || updates() >= 4).await;
    // An edit that leaves them as they were says nothing.
    app.patch_json("/api/v1/events/quatre", &json!({"name": "Quatre bis"}))
        .await;
    peer.wait_for_posts(6).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(updates(), 4);
}

/// What Mastodon, GoToSocial, Akkoma and Misskey show of an object, as their code builds it
/// (`docs/FEDERATION.md`, "How servers show our entries"): the part shown at once, and the
/// part folded behind a content warning.
fn shown(server: &str, o: &Value) -> (String, String) {
    let first = |key: &str| -> String {
        match &o[key] {
            Value::String(s) => s.clone(),
            _ => String::new(),
        }
    };
    let map = |key: &str| -> String {
        o[key]
            .as_object()
            .and_then(|m| m.values().next())
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let url = first("url");
    match server {
        // Converted types: <h2>name</h2>, summary, link; content ignored; no CW.
        "mastodon" => {
            let name = Some(first("name"))
                .filter(|n| !n.is_empty())
                .unwrap_or(map("nameMap"));
            let summary = Some(first("summary"))
                .filter(|s| !s.is_empty())
                .unwrap_or(map("summaryMap"));
            (format!("<h2>{name}</h2>{summary}{url}"), String::new())
        }
        // CW = plain summary, else plain name; content behind it.
        "gotosocial" => {
            let cw = Some(first("summary"))
                .filter(|s| !s.is_empty())
                .unwrap_or(first("name"));
            if cw.is_empty() {
                (first("content"), String::new())
            } else {
                (cw, first("content"))
            }
        }
        // A plain name is put above the content as a link; CW = plain summary.
        "akkoma" => {
            let content = Some(map("contentMap"))
                .filter(|c| !c.is_empty())
                .unwrap_or(first("content"));
            let name = first("name");
            let body = if name.is_empty() {
                content
            } else {
                format!("<p><a href=\"{url}\">{name}</a></p>{content}")
            };
            fold(first("summary"), body)
        }
        // 【name】, the content, the URL; CW = plain summary.
        "misskey" => {
            let name = first("name");
            let body = if name.is_empty() {
                first("content")
            } else {
                format!("【{name}】\n{}\n\n{url}", first("content"))
            };
            fold(first("summary"), body)
        }
        _ => unreachable!(),
    }
}

fn fold(cw: String, body: String) -> (String, String) {
    if cw.is_empty() {
        (body, String::new())
    } else {
        (cw, body)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_shows_name_time_place_and_link() {
    let app = TestApp::spawn(Engine::Sqlite).await;
    let event = app
        .create_event(
            json!({"name": "Atelier réparation de vélos", "starts_at": "2099-04-10T10:00",
            "ends_at": "2099-04-10T12:00", "description": "Bring your bike.",
            "location": {"name": "La Cyclofficine", "locality": "Paris"}}),
        )
        .await;
    let initiative = app
        .create_initiative(json!({"name": "Outilthèque Belleville", "summary": "Borrow a drill",
            "location": {"name": "Maison", "locality": "Paris"}, "opening_hours": "Sa 10:00-12:00"}))
        .await;
    let event = get_as2(
        &app,
        &format!("{}/events/{}", app.base, event["slug"].as_str().unwrap()),
    )
    .await;
    let page = get_as2(
        &app,
        &format!(
            "{}/initiatives/{}",
            app.base,
            initiative["slug"].as_str().unwrap()
        ),
    )
    .await;

    for server in ["mastodon", "gotosocial", "akkoma", "misskey"] {
        // The event: name, day and hours in its zone, place, link.
        let (visible, folded) = shown(server, &event);
        let whole = format!("{visible}{folded}");
        assert!(
            visible.contains("Atelier réparation de vélos"),
            "{server}: {visible}"
        );
        for needle in [
            "Friday 10 April 2099, 10:00 – 12:00 (Europe/Paris)",
            "La Cyclofficine",
            "/events/atelier-reparation-de-velos",
        ] {
            assert!(
                whole.contains(needle),
                "{server}: {needle} missing from {whole}"
            );
            // Only GoToSocial folds anything: an event's plain name is its content warning
            // there (Gancio and Mobilizon need that name), with the rest one click away.
            if server != "gotosocial" {
                assert!(
                    visible.contains(needle),
                    "{server}: {needle} folded in {visible}"
                );
            }
        }

        // The initiative: all of it at once, everywhere.
        let (visible, folded) = shown(server, &page);
        assert_eq!(folded, "", "{server} folds the initiative");
        for needle in [
            "Outilthèque Belleville",
            "Borrow a drill",
            "Maison, Paris",
            "Sa 10:00-12:00",
            "/initiatives/outiltheque-belleville",
        ] {
            assert!(
                visible.contains(needle),
                "{server}: {needle} missing from {visible}"
            );
        }
    }
}
