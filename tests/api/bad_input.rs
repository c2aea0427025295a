//! Malformed, oversized and invalid input: the right 4xx, every failing field, nothing changed.

use reqwest::Method;
use serde_json::{Value, json};

use crate::on_both_engines;
use crate::support::{Engine, TestApp};

/// Sends a raw body and returns the status and JSON error.
async fn send_raw(
    app: &TestApp,
    method: Method,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (u16, Value) {
    let response = app
        .admin(method, path)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn fields(error: &Value) -> Vec<String> {
    let mut fields: Vec<String> = error["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| p["field"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default();
    fields.sort();
    fields
}

async fn malformed_bodies_are_400_415_413(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.create_initiative(json!({"name": "Existing"})).await;
    let before = app.snapshot().await;

    for path in ["/api/v1/initiatives", "/api/v1/events"] {
        for (body, why) in [
            (b"{\"name\": ".to_vec(), "truncated"),
            (b"not json".to_vec(), "not JSON"),
            (b"[1, 2]".to_vec(), "an array"),
            (b"\"text\"".to_vec(), "a string"),
            (
                vec![b'{', b'"', 0xff, 0xfe, b'"', b':', b'1', b'}'],
                "invalid UTF-8",
            ),
            (
                format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(),
                "nested 10,000 deep",
            ),
        ] {
            let (status, error) =
                send_raw(&app, Method::POST, path, "application/json", body).await;
            assert_eq!(status, 400, "{path}: {why}");
            assert_eq!(error["error"], "bad_request", "{path}: {why}");
            assert!(!error["message"].as_str().unwrap().is_empty());
        }
        let (status, error) =
            send_raw(&app, Method::POST, path, "text/plain", b"{}".to_vec()).await;
        assert_eq!(
            (status, error["error"].as_str()),
            (415, Some("unsupported_media_type"))
        );

        let huge = json!({"name": "x", "description": "a".repeat(1024 * 1024 + 10)});
        let (status, error) = send_raw(
            &app,
            Method::POST,
            path,
            "application/json",
            huge.to_string().into_bytes(),
        )
        .await;
        assert_eq!(
            (status, error["error"].as_str()),
            (413, Some("payload_too_large")),
            "{path}"
        );
    }
    let (status, _) = send_raw(
        &app,
        Method::PATCH,
        "/api/v1/initiatives/existing",
        "application/json",
        b"{".to_vec(),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(app.snapshot().await, before);
}

async fn invalid_initiatives_list_every_field(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let before = app.snapshot().await;

    let response = app
        .post_json(
            "/api/v1/initiatives",
            &json!({
                "summary": "two\nlines",
                "categories": ["food", "spaceships"],
                "tags": ["fine", "not a tag!"],
                "location": {"latitude": 123.0, "longitude": 2.0, "country": "France"},
                "website": "javascript:alert(1)",
                "email": "not-an-email",
                "phone": "call me",
                "opening_hours": "whenever we feel like it",
                "languages": ["french!"],
                "image_url": "ftp://example.org/x.png",
                "status": "sleeping"
            }),
        )
        .await;

    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"], "invalid");
    assert_eq!(
        fields(&error),
        [
            "categories",
            "email",
            "image_url",
            "languages",
            "location.country",
            "location.latitude",
            "name",
            "opening_hours",
            "phone",
            "status",
            "summary",
            "tags",
            "website"
        ]
    );
    assert!(error["message"].as_str().unwrap().contains("spaceships"));
    assert_eq!(app.snapshot().await, before);
}

async fn wrong_types_and_unknown_fields_are_422(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let before = app.snapshot().await;

    let response = app
        .post_json(
            "/api/v1/initiatives",
            &json!({"name": 42, "categories": "food", "location": {"latitude": "north"}, "tags": [1]}),
        )
        .await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(
        fields(&error),
        ["categories", "location.latitude", "name", "tags"]
    );

    let response = app
        .post_json("/api/v1/initiatives", &json!({"name": "X", "nmae": "typo"}))
        .await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(fields(&error), ["nmae"]);

    let response = app
        .post_json("/api/v1/initiatives", &json!({"name": null}))
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(app.snapshot().await, before);
}

async fn invalid_events_list_every_field(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let before = app.snapshot().await;

    // Missing required fields, bad values.
    let response = app
        .post_json(
            "/api/v1/events",
            &json!({"timezone": "Mars/Olympus", "capacity": 0, "join_mode": "maybe",
                    "online_url": "not a url", "language": "??", "status": "soon"}),
        )
        .await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(
        fields(&error),
        [
            "capacity",
            "join_mode",
            "language",
            "name",
            "online_url",
            "starts_at",
            "status",
            "timezone"
        ]
    );

    // Rules across fields: end before start, no place, external without a link.
    let response = app
        .post_json(
            "/api/v1/events",
            &json!({"name": "Backwards", "starts_at": "2099-01-01T10:00:00Z",
                    "ends_at": "2099-01-01T09:00:00Z", "join_mode": "external"}),
        )
        .await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(fields(&error), ["ends_at", "location", "registration_url"]);

    // A link to an unknown initiative.
    let response = app
        .post_json(
            "/api/v1/events",
            &json!({"name": "Orphan", "starts_at": "2099-01-01T10:00:00Z",
                    "online_url": "https://meet.example/o", "initiative": "nowhere"}),
        )
        .await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(fields(&error), ["initiative"]);

    // A time that does not exist (clocks go forward in Paris on 2099-03-29 at 02:00).
    let response = app
        .post_json(
            "/api/v1/events",
            &json!({"name": "Gap", "starts_at": "2099-03-29T02:30", "online_url": "https://m.example"}),
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(app.snapshot().await, before);
}

async fn unknown_slugs_are_404_and_taken_slugs_409(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    app.create_initiative(json!({"name": "One"})).await;
    app.create_event(
        json!({"name": "Meetup", "starts_at": "2099-01-01T10:00:00Z",
        "online_url": "https://meet.example/m"}),
    )
    .await;
    let before = app.snapshot().await;

    for kind in ["initiatives", "events"] {
        let path = format!("/api/v1/{kind}/missing");
        assert_eq!(app.get_json(&path).await.0, 404);
        assert_eq!(
            app.patch_json(&path, &json!({"name": "X"})).await.status(),
            404
        );
        assert_eq!(app.delete(&path).await.status(), 404);
    }
    let response = app
        .post_json(
            "/api/v1/initiatives",
            &json!({"name": "Two", "slug": "one"}),
        )
        .await;
    assert_eq!(response.status(), 409);
    let response = app
        .post_json(
            "/api/v1/events",
            &json!({"name": "Again", "slug": "meetup",
        "starts_at": "2099-01-01T10:00:00Z", "online_url": "https://meet.example/m"}),
        )
        .await;
    assert_eq!(response.status(), 409);
    let response = app
        .post_json(
            "/api/v1/initiatives",
            &json!({"name": "Two", "slug": "Not A Slug"}),
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(app.snapshot().await, before);
}

async fn bad_query_strings_are_400(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    for (query, field) in [
        ("page=0", "page"),
        ("page=1000000000", "page"),
        ("per_page=500", "per_page"),
        ("per_page=abc", "per_page"),
        ("category=spaceships", "category"),
        ("near=400,2", "near"),
        ("near=paris", "near"),
        ("near=48,2&radius_km=-5", "radius_km"),
        ("radius_km=5", "near"),
        ("from=yesterday", "from"),
        ("from=2030-01-01&to=2029-01-01", "to"),
        ("unknown=1", "unknown"),
    ] {
        let (status, error) = app.get_json(&format!("/api/v1/events?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert_eq!(error["error"], "bad_query", "{query}");
        assert!(
            fields(&error).contains(&field.to_owned()),
            "{query}: {error}"
        );
    }
    let long = "a".repeat(10_000);
    let (status, _) = app.get_json(&format!("/api/v1/initiatives?q={long}")).await;
    assert_eq!(status, 400);
    let (status, error) = app.get_json("/api/v1/initiatives?from=2030-01-01").await;
    assert_eq!((status, fields(&error)), (400, vec!["from".to_owned()]));
}

async fn hostile_markdown_renders_clean(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let created = app
        .create_initiative(json!({
            "name": "<b>Bold</b> name",
            "description": "Hello <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n\
                [click](javascript:alert(1)) <a href=\"https://ok.example\" onclick=\"x()\">ok</a>\n\n\
                <iframe src=\"https://evil.example\"></iframe><style>body{}</style>\
                <p style=\"color:red\">styled</p><svg onload=alert(1)></svg>"
        }))
        .await;
    let html = created["description_html"].as_str().unwrap();
    for bad in [
        "<script",
        "onerror",
        "javascript:",
        "onclick",
        "<iframe",
        "<style",
        "style=",
        "<svg",
        "onload",
        "<img",
    ] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    assert!(html.contains("href=\"https://ok.example\""), "{html}");
    assert!(
        html.contains("rel=\"nofollow noopener noreferrer\""),
        "{html}"
    );
    assert_eq!(
        created["name"], "<b>Bold</b> name",
        "names are text, escaped where shown"
    );
}

on_both_engines!(
    malformed_bodies_are_400_415_413,
    invalid_initiatives_list_every_field,
    wrong_types_and_unknown_fields_are_422,
    invalid_events_list_every_field,
    unknown_slugs_are_404_and_taken_slugs_409,
    bad_query_strings_are_400,
    hostile_markdown_renders_clean,
);
