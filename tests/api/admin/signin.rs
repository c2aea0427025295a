//! Signing in: the set-up link, lock-out, sessions, CSRF and origin, security headers.

use partage::domain::account::{self, Role};
use reqwest::{Client, StatusCode, redirect};

use super::{Browser, PASSWORD, inline_error, user};
use crate::on_both_engines;
use crate::support::{Engine, TestApp};

async fn first_admin_from_the_setup_link(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let secret = account::setup_link(&app.db)
        .await
        .unwrap()
        .expect("no account yet");
    let link = format!("/admin/invite/{secret}");
    let mut browser = Browser::new(&app);
    assert_eq!(browser.get(&link).await.status, 200);

    // Bad input: nothing is created, every problem is shown.
    let page = browser
        .post(
            &link,
            &[
                ("username", "A b"),
                ("password", "short"),
                ("confirm", "short"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(
        inline_error(&page.body, "username")
            .unwrap()
            .contains("may hold only")
    );
    assert!(
        inline_error(&page.body, "password")
            .unwrap()
            .contains("at least 10")
    );
    let page = browser
        .post(
            &link,
            &[
                ("username", "alice"),
                ("password", PASSWORD),
                ("confirm", "other words here"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(inline_error(&page.body, "confirm").is_some());
    assert_eq!(app.count("users").await, 0);

    // Act: a good one signs in at once, as admin.
    let page = browser
        .post(
            &link,
            &[
                ("username", "Alice"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(page.location, "/admin");
    let page = browser.get("/admin").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("<strong>alice</strong> (admin)"),
        "{}",
        page.body
    );

    // The link is used up; and no new one is made once an account exists.
    assert_eq!(Browser::new(&app).get(&link).await.status, 404);
    assert!(account::setup_link(&app.db).await.unwrap().is_none());
}

async fn sign_in_locks_out_after_five_failures(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    user(&app, "alice", Role::Admin).await;
    let mut browser = Browser::new(&app);

    // Without a session, admin pages send to the sign-in page, coming back after.
    let page = browser.get("/admin/blocks").await;
    assert_eq!(page.status, 303);
    assert_eq!(page.location, "/admin/signin?next=%2Fadmin%2Fblocks");

    for _ in 0..5 {
        let page = browser
            .post(
                "/admin/signin",
                &[("username", "alice"), ("password", "wrong password")],
            )
            .await;
        assert_eq!(page.status, 401);
        assert!(page.body.contains("Wrong user name or password."));
        assert!(browser.cookie.is_none());
    }
    // Locked: even the right password is refused, with when to try again.
    let page = browser
        .post(
            "/admin/signin",
            &[("username", "alice"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(page.status, 429);
    assert!(
        page.body.contains("try again in 15 minutes"),
        "{}",
        page.body
    );
    assert!(browser.cookie.is_none());

    // Another account is not locked by alice's failures; `next` leads back, never elsewhere.
    user(&app, "bob", Role::Editor).await;
    let page = browser
        .post(
            "/admin/signin?next=%2Fadmin%2Fevents",
            &[("username", "bob"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(page.status, 303);
    assert_eq!(page.location, "/admin/events");
    let mut other = Browser::new(&app);
    let page = other
        .post(
            "/admin/signin?next=https%3A%2F%2Fevil.example",
            &[("username", "bob"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(page.location, "/admin");
    let cookie = app_cookie_flags(&app, "bob").await;
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
}

/// The Set-Cookie header of a fresh sign-in.
async fn app_cookie_flags(app: &TestApp, username: &str) -> String {
    let response = Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap()
        .post(app.url("/admin/signin"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!(
            "username={username}&password=correct+horse+battery"
        ))
        .send()
        .await
        .unwrap();
    response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned()
}

async fn forms_need_a_session_a_token_and_our_origin(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    user(&app, "alice", Role::Admin).await;
    let before = app.snapshot().await;
    let mut browser = Browser::signed_in(&app, "alice").await;
    let fields = [("name", "Sneaky"), ("status", "active")];

    // Admin pages are neither framed, cached nor referred; every page has a script policy.
    let response = browser
        .request(reqwest::Method::GET, "/admin")
        .send()
        .await
        .unwrap();
    let headers = response.headers();
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    let policy = headers["content-security-policy"].to_str().unwrap();
    assert!(
        policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"),
        "{policy}"
    );
    let public = app.get("/").send().await.unwrap();
    let policy = public.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(policy.contains("script-src 'self'"), "{policy}");
    assert!(
        !policy.contains("form-action"),
        "'follow from your server' leaves the site: {policy}"
    );

    // No token, a wrong token: 403.
    let page = browser.post("/admin/initiatives", &fields).await;
    assert_eq!(page.status, 403);
    assert!(page.body.contains("expired or did not come from this site"));
    let mut wrong = vec![("_csrf", "0".repeat(64))];
    wrong.extend(fields.iter().map(|(k, v)| (*k, v.to_string())));
    let wrong: Vec<(&str, &str)> = wrong.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(browser.post("/admin/initiatives", &wrong).await.status, 403);

    // Another site's page posting with the session: 403 even with the token.
    let token = browser.csrf().await;
    let body = format!("_csrf={token}&name=Sneaky&status=active");
    for (header, value) in [
        ("Origin", "https://evil.example"),
        ("Sec-Fetch-Site", "cross-site"),
    ] {
        let response = browser
            .request(reqwest::Method::POST, "/admin/initiatives")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header(header, value)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{header}");
    }
    // Not a form; too large.
    let response = browser
        .request(reqwest::Method::POST, "/admin/initiatives")
        .header("Content-Type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = format!("_csrf={token}&name=x&description={}", "a".repeat(70_000));
    let response = browser
        .request(reqwest::Method::POST, "/admin/initiatives")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);

    // Signed out: the session cookie is refused afterwards.
    let token = browser.csrf().await;
    let old = browser.cookie.clone();
    let page = browser.post("/admin/signout", &[("_csrf", &token)]).await;
    assert_eq!(page.status, 303);
    assert!(browser.cookie.is_none());
    browser.cookie = old;
    assert_eq!(browser.get("/admin").await.status, 303);
    assert_eq!(app.snapshot().await, before);
}

/// The map library (about 160 KB) loads only where a map is: the entries' forms, not the
/// sign-in page, the dashboard or the lists.
async fn the_map_library_loads_only_with_a_map(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let leaflet = "vendor/leaflet/leaflet.js";
    let signin = Browser::new(&app).get("/admin/signin").await;
    assert!(!signin.body.contains(leaflet), "{}", signin.body);
    user(&app, "alice", Role::Admin).await;
    let mut browser = Browser::signed_in(&app, "alice").await;
    for path in ["/admin", "/admin/events", "/admin/review", "/admin/account"] {
        let page = browser.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(!page.body.contains(leaflet), "{path} loads the map library");
        assert!(page.body.contains("admin.js"), "{path}");
    }
    for path in ["/admin/events/new", "/admin/initiatives/new"] {
        let page = browser.get(path).await;
        assert!(page.body.contains(leaflet), "{path} needs the map library");
        assert!(page.body.contains("map-picker"), "{path}");
    }
}

on_both_engines!(
    first_admin_from_the_setup_link,
    the_map_library_loads_only_with_a_map,
    sign_in_locks_out_after_five_failures,
    forms_need_a_session_a_token_and_our_origin,
);
