//! The public website: every page, both languages, every filter, every bad query, and content
//! from others escaped wherever it appears.

use serde_json::{Value, json};

use crate::on_both_engines;
use crate::support::{Engine, TestApp};

/// A page as a browser asks for it: (status, body).
async fn page(app: &TestApp, path: &str, language: &str) -> (u16, String) {
    let response = app
        .get(path)
        .header("Accept", "text/html,application/xhtml+xml")
        .header("Accept-Language", language)
        .send()
        .await
        .expect("request sent");
    let status = response.status().as_u16();
    if status < 500 {
        assert_eq!(
            response.headers()["content-type"],
            "text/html; charset=utf-8",
            "{path}"
        );
    }
    (status, response.text().await.unwrap())
}

/// The names of the initiatives a directory page lists, in order.
fn listed(html: &str) -> Vec<String> {
    html.split("<li class=\"card\"><h3")
        .skip(1)
        .filter_map(|card| {
            card.split_once("<a href=\"/initiatives/")
                .map(|(_, rest)| rest)
        })
        .filter_map(|card| card.split_once("\">").map(|(_, rest)| rest))
        .filter_map(|rest| rest.split_once("</a>").map(|(name, _)| name.to_owned()))
        .collect()
}

pub async fn seed(app: &TestApp) {
    app.create_initiative(json!({"name": "Repair Café Belleville", "summary": "We fix toasters together.",
        "description": "Every **Saturday**, volunteers help you mend toasters, lamps, bikes and clothes.\n\nBring what is broken; we bring tools, coffee and patience.",
        "categories": ["repair"], "tags": ["réparation", "vélo"], "opening_hours": "24/7",
        "location": {"street": "12 rue de Belleville", "postal_code": "75020", "locality": "Paris", "country": "FR", "latitude": 48.872, "longitude": 2.378},
        "website": "https://repair.example", "email": "hello@repair.example"})).await;
    app.create_initiative(json!({"name": "Outilthèque de Montreuil", "summary": "Borrow a drill.", "languages": ["fr"],
        "categories": ["goods"], "tags": ["outils"], "opening_hours": "off",
        "location": {"postal_code": "93100", "locality": "Montreuil", "latitude": 48.861, "longitude": 2.443}})).await;
    app.create_initiative(
        json!({"name": "Jardin des Couronnes", "summary": "A shared garden.",
        "categories": ["food"], "tags": ["jardin"],
        "location": {"locality": "Lyon", "latitude": 45.76, "longitude": 4.83}}),
    )
    .await;
    app.create_event(json!({"name": "Bike repair workshop", "starts_at": "2099-12-05T14:00", "ends_at": "2099-12-05T17:00",
        "timezone": "Europe/Paris", "initiative": "repair-cafe-belleville", "categories": ["repair"], "tags": ["vélo"],
        "description": "Bring your bike: volunteers show you how to fix brakes, gears and punctures. Tools and spare parts on site.",
        "location": {"name": "Repair Café", "locality": "Paris", "latitude": 48.872, "longitude": 2.378},
        "registration_url": "https://repair.example/register"})).await;
    app.create_event(json!({"name": "Seed swap", "starts_at": "2099-12-12T10:00", "timezone": "America/New_York",
        "categories": ["food"], "status": "cancelled", "online_url": "https://visio.example/seeds"})).await;
}

async fn every_page_in_both_languages(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    seed(&app).await;
    let pages = [
        "/",
        "/initiatives",
        "/initiatives/repair-cafe-belleville",
        "/events",
        "/events?month=2099-12",
        "/events/bike-repair-workshop",
        "/map",
        "/network",
    ];
    for path in pages {
        let (status, en) = page(&app, path, "en-GB,en;q=0.9").await;
        assert_eq!(status, 200, "{path}: {en}");
        assert!(
            en.starts_with("<!DOCTYPE html><html lang=\"en\">"),
            "{path}"
        );
        for needle in [
            "<title>",
            "property=\"og:title\"",
            "property=\"og:url\"",
            "rel=\"alternate\" type=\"application/atom+xml\"",
            "hreflang=\"fr\"",
            "<main id=\"main\">",
            "aria-label=\"Main\"",
            "href=\"#main\"",
        ] {
            assert!(en.contains(needle), "{path} lacks {needle}");
        }
        let (status, fr) = page(&app, path, "fr-FR,fr;q=0.9,en;q=0.5").await;
        assert_eq!(status, 200);
        assert!(
            fr.contains("<html lang=\"fr\">") && fr.contains("Annuaire"),
            "{path}"
        );
    }

    // An entry's own text is marked with its language where the page's is another one.
    let (_, en) = page(&app, "/initiatives", "en").await;
    assert!(
        en.contains("<h3 lang=\"fr\"><a href=\"/initiatives/outiltheque-de-montreuil\">")
            && en.contains("<p lang=\"fr\">Borrow a drill.</p>")
            && !en.contains("lang=\"en\"><a"),
        "{en}"
    );
    let (_, fr) = page(&app, "/initiatives", "fr").await;
    assert!(!fr.contains("<h3 lang="), "{fr}");

    // The language can be chosen, and is remembered.
    let response = app
        .get("/?lang=fr")
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-language"], "fr");
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("lang=fr;") && cookie.contains("SameSite=Lax"));
    let response = app
        .get("/events")
        .header("Accept-Language", "en")
        .header("Cookie", "lang=fr")
        .send()
        .await
        .unwrap();
    assert!(response.text().await.unwrap().contains("Événements"));

    // Dates and times in the event's zone and the reader's language.
    let (_, fr) = page(&app, "/events/bike-repair-workshop", "fr").await;
    assert!(fr.contains("samedi 5 décembre 2099, 14:00–17:00"), "{fr}");
    assert!(fr.contains("(Europe/Paris)"));
    assert!(fr.contains("href=\"/events/bike-repair-workshop/calendar.ics\""));
    assert!(fr.contains("href=\"https://repair.example/register\""));
    let (_, en) = page(&app, "/events/bike-repair-workshop", "en").await;
    assert!(en.contains("Saturday 5 December 2099, 14:00–17:00"), "{en}");
    let (_, en) = page(&app, "/events/seed-swap", "en").await;
    assert!(en.contains("Cancelled") && en.contains("(America/New_York)"));
    assert!(en.contains("https://schema.org/EventCancelled"));
    assert!(en.contains("https://schema.org/OnlineEventAttendanceMode"));

    // The initiative page: hours in words, details, its events, schema.org.
    let (_, en) = page(&app, "/initiatives/repair-cafe-belleville", "en").await;
    assert!(en.contains("Open now"), "{en}");
    assert!(en.contains("mailto:hello@repair.example"));
    assert!(en.contains("href=\"/events/bike-repair-workshop\""));
    assert!(en.contains("\"@type\":\"LocalBusiness\"") && en.contains("\"openingHours\":\"24/7\""));
    assert!(en.contains("data-lat=\"48.872\""), "a small map");
    let json_ld = json_ld(&en);
    assert_eq!(json_ld["address"]["addressLocality"], "Paris");

    // Agenda by day, month grid.
    let (_, en) = page(&app, "/events", "en").await;
    assert!(en.contains("Saturday 5 December 2099"));
    assert!(en.find("Bike repair workshop") < en.find("Seed swap"));
    let (_, en) = page(&app, "/events?month=2099-12", "en").await;
    assert!(en.contains("December 2099") && en.contains("<table class=\"month\">"));
    assert!(en.contains("href=\"/events/seed-swap\""));

    // The home page: handle to copy, upcoming, newest.
    let (_, en) = page(&app, "/", "en").await;
    assert!(en.contains(&format!(
        "@paris@{}",
        app.base.trim_start_matches("http://")
    )));
    assert!(en.contains("data-copy=") && en.contains("Bike repair workshop"));
    assert!(en.contains("Jardin des Couronnes"));
}

fn json_ld(html: &str) -> Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + 35;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("valid JSON-LD")
}

async fn directory_filters(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    seed(&app).await;
    let cases: &[(&str, &[&str])] = &[
        (
            "/initiatives",
            &[
                "Jardin des Couronnes",
                "Outilthèque de Montreuil",
                "Repair Café Belleville",
            ],
        ),
        ("/initiatives?q=cafe", &["Repair Café Belleville"]),
        ("/initiatives?q=outilth", &["Outilthèque de Montreuil"]),
        (
            "/initiatives?category=goods&category=food",
            &["Jardin des Couronnes", "Outilthèque de Montreuil"],
        ),
        ("/initiatives?tag=velo", &["Repair Café Belleville"]),
        (
            "/initiatives?near=Montreuil&radius_km=2",
            &["Outilthèque de Montreuil"],
        ),
        (
            "/initiatives?near=montreuil&radius_km=10",
            &["Outilthèque de Montreuil", "Repair Café Belleville"],
        ),
        (
            "/initiatives?near=45.76,4.83&radius_km=5",
            &["Jardin des Couronnes"],
        ),
        ("/initiatives?open_now=1", &["Repair Café Belleville"]),
        ("/initiatives?origin=network", &[]),
        (
            "/initiatives?origin=local&q=&category=&tag=&near=&radius_km=10",
            &[
                "Jardin des Couronnes",
                "Outilthèque de Montreuil",
                "Repair Café Belleville",
            ],
        ),
        (
            "/initiatives?utm_source=crawler&fbclid=x",
            &[
                "Jardin des Couronnes",
                "Outilthèque de Montreuil",
                "Repair Café Belleville",
            ],
        ),
    ];
    for (path, expected) in cases {
        let (status, html) = page(&app, path, "en").await;
        assert_eq!(status, 200, "{path}: {html}");
        assert_eq!(listed(&html), *expected, "{path}");
    }
    // Nearest first, with the distance.
    let (_, html) = page(&app, "/initiatives?near=48.861,2.443&radius_km=10", "fr").await;
    assert_eq!(listed(&html)[0], "Outilthèque de Montreuil");
    assert!(html.contains("0 m") && html.contains("4,9 km"), "{html}");
    // The map layer follows the filters.
    assert!(
        html.contains("data-geojson=\"/initiatives.geojson?near="),
        "{html}"
    );
    let (status, geo) = app.get_json("/initiatives.geojson?category=goods").await;
    assert_eq!(status, 200);
    assert_eq!(geo["features"].as_array().unwrap().len(), 1);
    let (_, events) = app.get_json("/events.geojson").await;
    assert_eq!(
        events["features"].as_array().unwrap().len(),
        1,
        "only events with a place"
    );

    // Pagination keeps the filters.
    for n in 0..25 {
        app.create_initiative(
            json!({"name": format!("Swap shop {n:02}"), "categories": ["goods"]}),
        )
        .await;
    }
    let (_, first) = page(&app, "/initiatives?category=goods", "en").await;
    assert_eq!(listed(&first).len(), 20);
    assert!(
        first.contains("26 initiatives") && first.contains("Page 1 of 2"),
        "{first}"
    );
    assert!(first.contains("href=\"/initiatives?category=goods&amp;page=2\" rel=\"next\""));
    let (_, second) = page(&app, "/initiatives?category=goods&page=2", "en").await;
    assert_eq!(listed(&second).len(), 6);
}

async fn bad_queries_get_a_page_that_says_why(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    seed(&app).await;
    app.delete("/api/v1/events/seed-swap").await;
    let before = app.snapshot().await;
    let long = "a".repeat(10_000);
    let cases = [
        ("/initiatives?category=nope".to_owned(), "category"),
        (
            "/initiatives?near=48.8,2.3&radius_km=-5".to_owned(),
            "radius_km",
        ),
        ("/initiatives?radius_km=-5".to_owned(), "radius_km"),
        ("/initiatives?page=1000000000".to_owned(), "page"),
        ("/initiatives?page=abc".to_owned(), "page"),
        ("/initiatives?near=400,2".to_owned(), "near"),
        ("/initiatives?near=Atlantis".to_owned(), "near"),
        (format!("/initiatives?q={long}"), "q"),
        ("/initiatives?origin=%3Cscript%3E".to_owned(), "origin"),
        ("/events?from=yesterday".to_owned(), "from"),
        ("/events?from=2099-12-10&to=2099-12-01".to_owned(), "to"),
        ("/events?month=2099-13".to_owned(), "month"),
        ("/events?initiative=nobody".to_owned(), "initiative"),
        ("/map?category=nope".to_owned(), "category"),
        ("/follow?instance=".to_owned(), "instance"),
        ("/follow?instance=not%20a%20host".to_owned(), "instance"),
    ];
    for (path, field) in &cases {
        let (status, html) = page(&app, path, "en").await;
        assert_eq!(status, 400, "{path}");
        assert!(html.contains("role=\"alert\""), "{path}: {html}");
        assert!(
            html.contains(&format!("<code>{field}</code>")),
            "{path}: {html}"
        );
        assert!(!html.contains(&long), "the input is not echoed whole");
    }
    // The map layers read the API's parameters and refuse the same way, in JSON.
    for path in [
        "/initiatives.geojson?near=400,2",
        "/events.geojson?category=nope",
        "/events.geojson?open_now=1",
    ] {
        let (status, body) = app.get_json(path).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("bad_query")),
            "{path}: {body}"
        );
    }
    let (status, _) = page(&app, "/initiatives?%zz=%%&q=%ff", "en").await;
    assert!(status < 500);
    let (status, html) = page(&app, "/no/such/page", "fr").await;
    assert_eq!(status, 404);
    assert!(html.contains("Introuvable"));
    let (status, _) = page(&app, "/initiatives/nobody", "en").await;
    assert_eq!(status, 404);
    let (status, html) = page(&app, "/events/seed-swap", "en").await;
    assert_eq!(status, 410, "{html}");
    let after = app.snapshot().await;
    assert_eq!(before, after, "pages change nothing");

    // Follow from one's own server: to its interaction dialog.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let response = client
        .get(app.url("/follow?instance=%40me%40mastodon.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap();
    assert!(location.starts_with("https://mastodon.example/authorize_interaction?uri=paris%40"));
}

async fn content_from_others_is_escaped_everywhere(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let evil = "</script><script>alert(1)</script>\"><img src=x onerror=alert(2)>";
    app.create_initiative(json!({"name": evil, "slug": "evil", "summary": evil, "tags": ["evil"],
        "description": format!("Hello <script>alert(4)</script> <a href=\"javascript:alert(5)\">link</a> {evil}"),
        "location": {"name": evil, "locality": evil, "latitude": 48.8, "longitude": 2.3}})).await;
    app.create_event(json!({"name": evil, "slug": "evil-event", "starts_at": "2099-01-01T10:00", "initiative": "evil",
        "location": {"name": evil, "latitude": 48.8, "longitude": 2.3}})).await;
    for path in [
        "/",
        "/initiatives",
        "/initiatives/evil",
        "/events",
        "/events/evil-event",
        "/events?month=2099-01",
        "/initiatives?q=script",
    ] {
        let (status, html) = page(&app, path, "en").await;
        assert_eq!(status, 200, "{path}");
        for raw in ["<script>alert", "<img src=x", "javascript:alert"] {
            assert!(!html.contains(raw), "{path} contains {raw}");
        }
        assert_eq!(
            html.matches("</script>").count(),
            html.matches("<script").count(),
            "{path}"
        );
    }
    let (_, html) = page(&app, "/initiatives/evil", "en").await;
    assert_eq!(
        json_ld(&html)["name"],
        evil,
        "JSON-LD keeps the text, escaped for <script>"
    );
    let atom = app
        .get("/feed.atom")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!atom.contains("<script>alert"));
    let ics = app
        .get("/events.ics")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(ics.contains("SUMMARY:"));
}

async fn object_addresses_still_serve_activitypub(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    seed(&app).await;
    for (path, kind) in [
        ("/initiatives/repair-cafe-belleville", "Page"),
        ("/events/bike-repair-workshop", "Event"),
    ] {
        let response = app
            .get(path)
            .header("Accept", "application/activity+json")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let object: Value = response.json().await.unwrap();
        assert_eq!(object["type"], kind);
        let (_, html) = page(&app, path, "en").await;
        let id = object["id"].as_str().unwrap();
        assert!(
            html.contains(&format!(
                "<link rel=\"alternate\" type=\"application/activity+json\" href=\"{id}\">"
            )),
            "{html}"
        );
    }
}

async fn the_network_page_and_network_entries(engine: Engine) {
    use crate::network::{domain, follow};
    let paris = TestApp::spawn_as(engine.clone(), "paris.localhost").await;
    let berlin = TestApp::spawn_with(
        engine,
        "berlin.localhost",
        &[
            ("instance.slug", "berlin"),
            ("instance.name", "Partage Berlin"),
        ],
    )
    .await;
    berlin
        .create_initiative(json!({"name": "Berliner Tauschring", "categories": ["goods"]}))
        .await;
    paris
        .create_initiative(json!({"name": "Paris swap", "categories": ["goods"]}))
        .await;
    follow(&paris, &berlin, "berlin", json!({})).await;

    let (_, html) = page(&paris, "/network", "en").await;
    assert!(
        html.contains("Partage Berlin") && html.contains(&format!("@berlin@{}", domain(&berlin))),
        "{html}"
    );
    assert!(
        html.contains("1 initiatives, 0 events") || html.contains("1 initiative"),
        "{html}"
    );
    let (_, html) = page(&paris, "/initiatives?origin=network", "en").await;
    assert_eq!(listed(&html), ["Berliner Tauschring"]);
    assert!(html.contains("From the network:") && html.contains("Partage Berlin"));
    assert!(
        html.contains(&format!(
            "Follow it: <code>@berlin@{}</code>",
            domain(&berlin)
        )),
        "{html}"
    );
    let (_, html) = page(&paris, "/initiatives", "en").await;
    assert_eq!(listed(&html), ["Berliner Tauschring", "Paris swap"]);
    let (_, html) = page(&berlin, "/network", "en").await;
    assert!(
        html.contains("Chapters that follow us") && html.contains("Partage Paris"),
        "{html}"
    );
}

/// A place the directory does not know is asked of the geocoder (a stub here).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_places_go_to_the_geocoder() {
    use axum::routing::get;
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let seen = asked.clone();
    let geocoder = axum::Router::new().route(
        "/search",
        get(
            move |axum::extract::RawQuery(query): axum::extract::RawQuery| async move {
                let query = query.unwrap_or_default();
                seen.lock().unwrap().push(query.clone());
                let found = if query.contains("q=Vieux-Lyon") {
                    json!([{"lat": "45.762", "lon": "4.827", "display_name": "Vieux Lyon"}])
                } else {
                    json!([])
                };
                axum::Json(found)
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url: &'static str =
        Box::leak(format!("http://{}/search", listener.local_addr().unwrap()).into_boxed_str());
    tokio::spawn(async move { axum::serve(listener, geocoder).await });
    let app = TestApp::spawn_with(Engine::Sqlite, "localhost", &[("website.geocoder", url)]).await;
    seed(&app).await;

    let (status, html) = page(&app, "/initiatives?near=Vieux-Lyon&radius_km=5", "fr").await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(listed(&html), ["Jardin des Couronnes"]);
    let (status, html) = page(&app, "/initiatives?near=Atlantis", "en").await;
    assert_eq!(status, 400);
    assert!(html.contains("no place called"), "{html}");
    // Known places and coordinates never leave the server; answers are cached.
    page(&app, "/initiatives?near=Montreuil", "en").await;
    page(&app, "/initiatives?near=48.8,2.3", "en").await;
    page(&app, "/initiatives?near=Vieux-Lyon&radius_km=5", "en").await;
    let asked = asked.lock().unwrap().clone();
    assert_eq!(asked.len(), 2, "{asked:?}");
    assert!(asked[0].contains("format=jsonv2") && asked[0].contains("limit=1"));
}

on_both_engines!(
    every_page_in_both_languages,
    directory_filters,
    bad_queries_get_a_page_that_says_why,
    content_from_others_is_escaped_everywhere,
    object_addresses_still_serve_activitypub,
    the_network_page_and_network_entries,
);

/// Counting stops at 1,000 matches: lists then say "more than", and still page on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_lists_count_up_to_a_thousand() {
    use partage::domain::import::{self, Row, RowError};
    use partage::domain::initiative::InitiativeInput;
    use partage::domain::validate::Field;
    let app = TestApp::spawn(Engine::Sqlite).await;
    let rows = (0..1005).map(|i| {
        Ok::<_, RowError>(Row {
            line: i,
            input: InitiativeInput {
                name: Field::Value(format!("Swap {i:04}")),
                ..Default::default()
            },
            columns: Default::default(),
        })
    });
    import::initiatives(&app.db, rows, false, |_| {})
        .await
        .unwrap();

    let response = app.get("/api/v1/initiatives").send().await.unwrap();
    assert!(response.headers().get("x-total-count").is_none());
    let link = response.headers()["link"].to_str().unwrap().to_owned();
    assert!(
        link.contains("rel=\"next\"") && !link.contains("rel=\"last\""),
        "{link}"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        (body["total"].as_i64(), body["total_exact"].as_bool()),
        (Some(1000), Some(false))
    );
    // Near the end the count is exact again.
    let (_, body) = app
        .get_json("/api/v1/initiatives?page=60&per_page=20")
        .await;
    assert_eq!(
        (body["total"].as_i64(), body["total_exact"].as_bool()),
        (Some(1005), Some(true))
    );
    let (_, html) = page(&app, "/initiatives", "en").await;
    assert!(
        html.contains("More than 1000 initiatives") && html.contains("rel=\"next\""),
        "{html}"
    );
}
