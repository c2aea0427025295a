//! The web admin: sign-in (lock-out included), sessions and CSRF, every form with good and bad
//! input, the editor/admin boundary, suggestions through review, and federation controls.

use partage::domain::account::{self, Role};
use reqwest::{Client, StatusCode, redirect};
use serde_json::{Value, json};

use crate::on_both_engines;
use crate::peer::Peer;
use crate::support::{Engine, TestApp, eventually};

const PASSWORD: &str = "correct horse battery";

/// A browser without JavaScript: it keeps the session cookie and does not follow redirects.
struct Browser<'a> {
    app: &'a TestApp,
    client: Client,
    cookie: Option<String>,
}

/// A response: status, body, and where it redirects.
struct Page {
    status: u16,
    body: String,
    location: String,
}

impl<'a> Browser<'a> {
    fn new(app: &'a TestApp) -> Browser<'a> {
        let client = Client::builder()
            .redirect(redirect::Policy::none())
            .build()
            .unwrap();
        Browser {
            app,
            client,
            cookie: None,
        }
    }

    async fn signed_in(app: &'a TestApp, username: &str) -> Browser<'a> {
        let mut browser = Browser::new(app);
        let page = browser
            .post(
                "/admin/signin",
                &[("username", username), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(page.status, 303, "{}", page.body);
        assert!(browser.cookie.is_some());
        browser
    }

    async fn read(&mut self, response: reqwest::Response) -> Page {
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned()
        };
        let location = header("location");
        let set_cookie = header("set-cookie");
        if let Some(pair) = set_cookie
            .split(';')
            .next()
            .filter(|p| p.starts_with("partage_session="))
        {
            let value = pair.trim_start_matches("partage_session=");
            self.cookie = (!value.is_empty()).then(|| value.to_owned());
        }
        Page {
            status,
            body: response.text().await.unwrap(),
            location,
        }
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let mut request = self
            .client
            .request(method, self.app.url(path))
            .header("Accept", "text/html");
        if let Some(cookie) = &self.cookie {
            request = request.header("Cookie", format!("partage_session={cookie}"));
        }
        request
    }

    async fn get(&mut self, path: &str) -> Page {
        let response = self
            .request(reqwest::Method::GET, path)
            .send()
            .await
            .unwrap();
        self.read(response).await
    }

    /// Posts a form as a browser does, from our own pages.
    async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body = serde_urlencoded::to_string(fields).unwrap();
        let response = self
            .request(reqwest::Method::POST, path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", &self.app.base)
            .body(body)
            .send()
            .await
            .unwrap();
        self.read(response).await
    }

    /// Posts a form with the session's CSRF token, read from an admin page.
    async fn submit(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.csrf().await;
        let mut all = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post(path, &all).await
    }

    async fn csrf(&mut self) -> String {
        let page = self.get("/admin/account").await;
        assert_eq!(page.status, 200, "{}", page.body);
        let (_, rest) = page
            .body
            .split_once("name=\"_csrf\" value=\"")
            .expect("a CSRF field");
        rest[..64].to_owned()
    }
}

async fn user(app: &TestApp, name: &str, role: Role) {
    account::create_user(&app.db, name, PASSWORD, role)
        .await
        .expect("a user");
}

/// Every problem a form page shows, for assertion messages.
fn problems(body: &str) -> Vec<String> {
    let inline = body
        .split("class=\"error\"")
        .skip(1)
        .filter_map(|rest| rest.split_once("</").map(|(text, _)| text.to_owned()));
    let listed = body
        .split("<li><code>")
        .skip(1)
        .filter_map(|rest| rest.split_once("</li>"))
        .map(|(item, _)| item.replace("</code>", ":"));
    inline.chain(listed).collect()
}

/// The `field` error shown inline on a form page.
fn inline_error(body: &str, field: &str) -> Option<String> {
    let id = format!("id=\"f-{}-error\">", field.replace('.', "-"));
    let (_, rest) = body.split_once(&id)?;
    Some(rest.split_once("</p>")?.0.to_owned())
}

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

async fn initiative_forms(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    user(&app, "alice", Role::Editor).await;
    let mut browser = Browser::signed_in(&app, "alice").await;
    assert_eq!(browser.get("/admin/initiatives/new").await.status, 200);

    // Every bad field at once, shown beside it; nothing written.
    let before = app.snapshot().await;
    let page = browser
        .submit(
            "/admin/initiatives",
            &[
                ("name", ""),
                ("email", "not an address"),
                ("location.latitude", "north"),
                ("location.longitude", "2.3"),
                ("categories", "no-such-category"),
                ("status", "asleep"),
                ("opening_hours", "whenever"),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "{}", page.body);
    for field in [
        "name",
        "email",
        "location.latitude",
        "categories",
        "status",
        "opening_hours",
    ] {
        assert!(
            inline_error(&page.body, field).is_some(),
            "{field}: {}",
            page.body
        );
    }
    assert!(
        inline_error(&page.body, "location.latitude")
            .unwrap()
            .contains("is not a number")
    );
    assert!(
        page.body.contains("value=\"not an address\""),
        "what was typed is kept"
    );
    assert_eq!(app.snapshot().await, before);

    // Create: published and announced, like through the API.
    let page = browser
        .submit(
            "/admin/initiatives",
            &[
                ("name", "Repair Café Belleville"),
                ("summary", "We fix things."),
                ("description", "Every **Saturday**."),
                ("categories", "repair"),
                ("categories", "goods"),
                ("tags", "vélo, outils"),
                ("location.locality", "Paris"),
                ("location.latitude", "48.872"),
                ("location.longitude", "2,378"),
                ("opening_hours", "Sa 14:00-18:00"),
                ("status", "active"),
                ("languages", "fr, en"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(
        page.location,
        "/admin/initiatives/repair-cafe-belleville?notice=created"
    );
    let (status, created) = app
        .get_json("/api/v1/initiatives/repair-cafe-belleville")
        .await;
    assert_eq!(status, 200);
    assert_eq!(created["categories"], json!(["repair", "goods"]));
    assert_eq!(created["tags"], json!(["vélo", "outils"]));
    assert_eq!(created["location"]["longitude"], json!(2.378));
    assert_eq!(app.outgoing_types().await, ["InitiativePublished"]);
    // The map picker opens where the chapter's initiatives are.
    let centre: Value = serde_json::from_str(&browser.get("/admin/centre").await.body).unwrap();
    assert_eq!(centre, json!([48.872, 2.378]));
    assert_eq!(Browser::new(&app).get("/admin/centre").await.status, 303);

    // Edit: the form shows the values; clearing a field clears it; a taken slug is refused.
    let page = browser
        .get("/admin/initiatives/repair-cafe-belleville")
        .await;
    assert!(page.body.contains("value=\"Sa 14:00-18:00\""));
    app.create_initiative(json!({"name": "Other"})).await;
    let page = browser
        .submit(
            "/admin/initiatives/repair-cafe-belleville",
            &[
                ("name", "Repair Café"),
                ("slug", "other"),
                ("status", "active"),
            ],
        )
        .await;
    assert_eq!(page.status, 409, "{:?}", problems(&page.body));
    assert!(
        inline_error(&page.body, "slug")
            .unwrap()
            .contains("already taken")
    );
    let page = browser
        .submit(
            "/admin/initiatives/repair-cafe-belleville",
            &[
                ("name", "Repair Café"),
                ("slug", "repair-cafe-belleville"),
                ("status", "paused"),
                ("categories", "repair"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let (_, saved) = app
        .get_json("/api/v1/initiatives/repair-cafe-belleville")
        .await;
    assert_eq!(saved["name"], "Repair Café");
    assert_eq!(saved["status"], "paused");
    assert_eq!(saved["location"], Value::Null);
    assert_eq!(saved["opening_hours"], Value::Null);

    // Duplicate: a new form filled in from it.
    let page = browser
        .get("/admin/initiatives/new?from=repair-cafe-belleville")
        .await;
    assert!(
        page.body.contains("value=\"Repair Café (copy)\""),
        "{}",
        page.body
    );

    // Delete: gone from the site, and followers are told.
    let page = browser
        .submit("/admin/initiatives/repair-cafe-belleville/delete", &[])
        .await;
    assert_eq!(page.status, 303);
    assert_eq!(
        app.get("/initiatives/repair-cafe-belleville")
            .send()
            .await
            .unwrap()
            .status(),
        410
    );
    assert!(
        app.outgoing_types()
            .await
            .contains(&"InitiativeDeleted".to_owned())
    );
    assert_eq!(
        browser
            .submit("/admin/initiatives/nothing/delete", &[])
            .await
            .status,
        404
    );

    // Previews: Markdown is rendered and sanitised; hours are read.
    let page = browser
        .submit(
            "/admin/preview",
            &[
                ("kind", "markdown"),
                ("text", "**hi** <script>alert(1)</script>"),
            ],
        )
        .await;
    assert!(
        page.body.contains("<strong>hi</strong>") && !page.body.contains("<script"),
        "{}",
        page.body
    );
    let page = browser
        .submit(
            "/admin/preview",
            &[("kind", "hours"), ("text", "Mo-Fr 09:00-18:00")],
        )
        .await;
    assert!(page.body.contains("09:00–18:00"), "{}", page.body);

    // Every action is in the log, with who.
    let log = app
        .count("audit_log WHERE username = 'alice' AND action LIKE 'initiative.%'")
        .await;
    assert_eq!(log, 3);
}

async fn event_forms_and_repeating_events(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    user(&app, "alice", Role::Editor).await;
    let mut browser = Browser::signed_in(&app, "alice").await;

    let before = app.snapshot().await;
    let page = browser
        .submit(
            "/admin/events",
            &[
                ("name", "Repair night"),
                ("starts_at", "tomorrow evening"),
                ("timezone", "Europe/Paris"),
                ("repeat", "weekly"),
                ("repeat_count", "500"),
                ("capacity", "many"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    for field in ["starts_at", "repeat_count", "capacity"] {
        assert!(
            inline_error(&page.body, field).is_some(),
            "{field}: {}",
            page.body
        );
    }
    assert_eq!(app.snapshot().await, before);

    // A monthly event on the second Saturday, four times: four ordinary events.
    let page = browser
        .submit(
            "/admin/events",
            &[
                ("name", "Repair night"),
                ("starts_at", "2099-01-10T19:00"),
                ("ends_at", "2099-01-10T22:00"),
                ("timezone", "Europe/Paris"),
                ("repeat", "monthly-weekday"),
                ("repeat_count", "4"),
                ("location.name", "Maison des Associations"),
                ("location.locality", "Paris"),
                ("join_mode", "none"),
                ("status", "scheduled"),
                ("categories", "repair"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(page.location, "/admin/events?notice=series");
    let (_, list) = app
        .get_json("/api/v1/events?from=2099-01-01T00:00:00Z")
        .await;
    let slugs: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["slug"].as_str().unwrap())
        .collect();
    assert_eq!(
        slugs,
        [
            "repair-night-2099-01-10",
            "repair-night-2099-02-14",
            "repair-night-2099-03-14",
            "repair-night-2099-04-11",
        ]
    );
    // 19:00 in Paris stays 19:00 across the clock change at the end of March.
    let starts: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["starts_at"].as_str().unwrap())
        .collect();
    assert_eq!(starts[0], "2099-01-10T19:00:00+01:00");
    assert_eq!(starts[3], "2099-04-11T19:00:00+02:00");
    assert_eq!(app.outgoing_types().await.len(), 4);

    // One event, then edited.
    let page = browser
        .submit(
            "/admin/events",
            &[
                ("name", "Seed swap"),
                ("starts_at", "2099-05-01T10:00"),
                ("timezone", "Europe/Paris"),
                ("join_mode", "none"),
                ("status", "scheduled"),
                ("location.locality", "Lyon"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let page = browser.get("/admin/events/seed-swap").await;
    assert!(
        page.body.contains("value=\"2099-05-01T10:00\""),
        "{}",
        page.body
    );
    let page = browser
        .submit(
            "/admin/events/seed-swap",
            &[
                ("name", "Seed swap"),
                ("starts_at", "2099-05-01T10:00"),
                ("ends_at", "2099-05-01T09:00"),
                ("timezone", "Europe/Paris"),
                ("join_mode", "none"),
                ("status", "cancelled"),
            ],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(
        inline_error(&page.body, "ends_at")
            .unwrap()
            .contains("after")
    );
    let page = browser
        .submit(
            "/admin/events/seed-swap",
            &[
                ("name", "Seed swap"),
                ("starts_at", "2099-05-01T10:00"),
                ("timezone", "Europe/Paris"),
                ("join_mode", "none"),
                ("status", "cancelled"),
                ("location.locality", "Lyon"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let (_, saved) = app.get_json("/api/v1/events/seed-swap").await;
    assert_eq!(saved["status"], "cancelled");
}

async fn editors_stay_out_of_admin_pages(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    user(&app, "eddie", Role::Editor).await;
    let mut browser = Browser::signed_in(&app, "eddie").await;
    for path in [
        "/admin/followers",
        "/admin/follows",
        "/admin/blocks",
        "/admin/deliveries",
        "/admin/users",
        "/admin/log",
    ] {
        let page = browser.get(path).await;
        assert_eq!(page.status, 403, "{path}");
        assert!(page.body.contains("for admins only"), "{path}");
    }
    for (path, fields) in [
        ("/admin/blocks", vec![("domain", "spam.example")]),
        ("/admin/users/invite", vec![("role", "admin")]),
        (
            "/admin/users/1",
            vec![("action", "role"), ("role", "admin")],
        ),
        ("/admin/follows", vec![("target", "@a@b.example")]),
        ("/admin/deliveries/retry", vec![("host", "b.example")]),
        (
            "/admin/followers/remove",
            vec![("actor", "https://b.example/a")],
        ),
    ] {
        assert_eq!(browser.submit(path, &fields).await.status, 403, "{path}");
    }
    assert_eq!(app.count("domain_blocks").await, 0);
    assert_eq!(app.count("invites").await, 0);
    // The menu does not offer them; content pages are open.
    let page = browser.get("/admin").await;
    assert!(!page.body.contains("href=\"/admin/blocks\""));
    for path in [
        "/admin/initiatives",
        "/admin/events/new",
        "/admin/review",
        "/admin/account",
    ] {
        assert_eq!(browser.get(path).await.status, 200, "{path}");
    }
}

async fn accounts_invitations_and_passwords(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    user(&app, "alice", Role::Admin).await;
    let mut alice = Browser::signed_in(&app, "alice").await;
    let mut elsewhere = Browser::signed_in(&app, "alice").await;

    // Invite an editor: the link is shown once and works once.
    let page = alice
        .submit("/admin/users/invite", &[("role", "editor")])
        .await;
    assert_eq!(page.status, 200);
    let (_, rest) = page.body.split_once("/admin/invite/").expect("a link");
    let link = format!("/admin/invite/{}", &rest[..64]);
    let mut bob = Browser::new(&app);
    let page = bob
        .post(
            &link,
            &[
                ("username", "alice"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "a taken name");
    assert!(
        inline_error(&page.body, "username")
            .unwrap()
            .contains("taken")
    );
    let page = bob
        .post(
            &link,
            &[
                ("username", "bob"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, 303);
    assert_eq!(
        bob.get("/admin/users").await.status,
        403,
        "bob is an editor"
    );
    assert_eq!(Browser::new(&app).get(&link).await.status, 404);

    // Roles: the only admin can be neither demoted nor removed; with a second one, yes.
    let users = account::list(&app.db).await.unwrap();
    let id = |name: &str| {
        users
            .iter()
            .find(|(u, _)| u.username == name)
            .unwrap()
            .0
            .id
            .to_string()
    };
    let alice_path = format!("/admin/users/{}", id("alice"));
    let page = alice
        .submit(&alice_path, &[("action", "role"), ("role", "editor")])
        .await;
    assert_eq!(page.status, 409);
    assert!(page.body.contains("only admin"), "{}", page.body);
    assert_eq!(
        alice
            .submit(&alice_path, &[("action", "remove")])
            .await
            .status,
        409
    );
    let page = alice
        .submit(
            &format!("/admin/users/{}", id("bob")),
            &[("action", "role"), ("role", "admin")],
        )
        .await;
    assert_eq!(page.status, 303);
    assert_eq!(
        bob.get("/admin/users").await.status,
        200,
        "bob is admin now"
    );
    let page = alice
        .submit(&alice_path, &[("action", "role"), ("role", "sultan")])
        .await;
    assert_eq!(page.status, 422);
    assert_eq!(
        alice
            .submit("/admin/users/invite", &[("role", "king")])
            .await
            .status,
        422
    );
    assert_eq!(
        alice
            .submit("/admin/users/99999", &[("action", "remove")])
            .await
            .status,
        404
    );
    assert_eq!(
        alice
            .submit(&alice_path, &[("action", "promote")])
            .await
            .status,
        422
    );

    // Password: checked, then the other sessions end and this one stays.
    let wrong = alice
        .submit(
            "/admin/account/password",
            &[
                ("current", "not it at all"),
                ("password", "a new long password"),
                ("confirm", "a new long password"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(inline_error(&wrong.body, "current").is_some());
    let short = alice
        .submit(
            "/admin/account/password",
            &[
                ("current", PASSWORD),
                ("password", "short"),
                ("confirm", "short"),
            ],
        )
        .await;
    assert_eq!(short.status, 422);
    let page = alice
        .submit(
            "/admin/account/password",
            &[
                ("current", PASSWORD),
                ("password", "a new long password"),
                ("confirm", "a new long password"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(
        elsewhere.get("/admin").await.status,
        303,
        "the other session ended"
    );
    assert_eq!(alice.get("/admin").await.status, 200, "this one stays");
    let mut again = Browser::new(&app);
    let page = again
        .post(
            "/admin/signin",
            &[("username", "alice"), ("password", "a new long password")],
        )
        .await;
    assert_eq!(page.status, 303);

    // Sign out everywhere: every session of alice ends, this one included.
    let page = alice.submit("/admin/account/signout-everywhere", &[]).await;
    assert_eq!(page.status, 303);
    assert_eq!(again.get("/admin").await.status, 303);
    assert_eq!(alice.get("/admin").await.status, 303);
    assert_eq!(
        bob.get("/admin").await.status,
        200,
        "bob's session is his own"
    );

    // The log says who did what.
    let page = bob.get("/admin/log").await;
    for action in [
        "user.invite",
        "user.create",
        "user.role",
        "password.change",
        "signout.everywhere",
    ] {
        assert!(page.body.contains(action), "{action}");
    }
}

async fn suggestions_wait_for_review(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    user(&app, "eddie", Role::Editor).await;
    let mut visitor = Browser::new(&app);
    assert_eq!(visitor.get("/suggest").await.status, 200);
    assert_eq!(visitor.get("/suggest?kind=event").await.status, 200);

    // Bad input is explained; nothing stored.
    let page = visitor
        .post(
            "/suggest",
            &[("kind", "initiative"), ("name", ""), ("website", "nope")],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(
        inline_error(&page.body, "name").is_some() && inline_error(&page.body, "website").is_some()
    );
    // A robot filling the honeypot is thanked, and nothing is stored.
    let page = visitor
        .post(
            "/suggest",
            &[
                ("kind", "initiative"),
                ("name", "Cheap pills"),
                ("homepage", "http://spam.example"),
            ],
        )
        .await;
    assert_eq!(
        (page.status, page.location.as_str()),
        (303, "/suggest?sent=1")
    );
    assert_eq!(app.count("initiatives").await, 0);

    // A suggestion: stored, hidden everywhere, announced to nobody.
    let page = visitor
        .post(
            "/suggest",
            &[
                ("kind", "initiative"),
                ("name", "Grainothèque"),
                ("summary", "Seeds to share."),
                ("location.locality", "Paris"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let page = visitor
        .post(
            "/suggest",
            &[
                ("kind", "event"),
                ("name", "Spam party"),
                ("starts_at", "2099-03-01T10:00"),
                ("location.locality", "Paris"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(visitor.get("/suggest?sent=1").await.status, 200);
    assert_eq!(
        app.get("/initiatives/grainotheque")
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        app.get("/api/v1/initiatives/grainotheque")
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let (_, list) = app.get_json("/api/v1/initiatives").await;
    assert_eq!(list["items"], json!([]));
    for export in [
        "/initiatives.csv",
        "/events.csv",
        "/directory.json",
        "/initiatives.geojson",
        "/feed.atom",
        "/events.ics",
    ] {
        let body = app.get(export).send().await.unwrap().text().await.unwrap();
        assert!(
            !body.contains("Grainoth") && !body.contains("Spam party"),
            "{export}: {body}"
        );
    }
    let (_, nodeinfo) = app.get_json("/nodeinfo/2.1").await;
    assert_eq!(nodeinfo["usage"]["localPosts"], 0, "{nodeinfo}");
    assert!(app.outgoing_types().await.is_empty());

    // The queue shows both; approving publishes and announces; rejecting deletes.
    let mut eddie = Browser::signed_in(&app, "eddie").await;
    let page = eddie.get("/admin/review").await;
    assert!(page.body.contains("Grainothèque") && page.body.contains("Spam party"));
    assert!(
        eddie
            .get("/admin")
            .await
            .body
            .contains("2 entries wait for review")
    );
    let page = eddie
        .submit(
            "/admin/review/initiatives/grainotheque",
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(
        (page.status, page.location.as_str()),
        (303, "/admin/review?notice=approved")
    );
    assert_eq!(
        app.get("/initiatives/grainotheque")
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(app.outgoing_types().await, ["InitiativePublished"]);
    let page = eddie
        .submit("/admin/review/events/spam-party", &[("decision", "reject")])
        .await;
    assert_eq!(page.status, 303);
    assert_eq!(app.count("events").await, 0);
    assert_eq!(
        eddie
            .submit(
                "/admin/review/events/spam-party",
                &[("decision", "approve")]
            )
            .await
            .status,
        404
    );
    assert_eq!(
        eddie
            .submit(
                "/admin/review/initiatives/grainotheque",
                &[("decision", "maybe")]
            )
            .await
            .status,
        422
    );

    // Five suggestions an hour from one address, then a clear refusal.
    let page = visitor
        .post(
            "/suggest",
            &[("kind", "initiative"), ("name", "Fifth idea")],
        )
        .await;
    assert_eq!(page.status, 303);
    let page = visitor
        .post(
            "/suggest",
            &[("kind", "initiative"), ("name", "One too many")],
        )
        .await;
    assert_eq!(page.status, 429);
    assert!(page.body.contains("try again in"), "{}", page.body);
    assert_eq!(
        app.count("initiatives WHERE name = 'One too many'").await,
        0
    );
}

async fn federation_controls(engine: Engine) {
    let app = TestApp::spawn_as(engine, "paris.localhost").await;
    user(&app, "alice", Role::Admin).await;
    let peer = Peer::spawn("spam.localhost").await;
    let chapter = format!("{}/actors/paris", app.base);
    let inbox = app.url("/actors/paris/inbox");
    for name in ["alice", "bob"] {
        let (status, _) = peer
            .send(name, &inbox, &peer.follow(name, &chapter, name))
            .await;
        assert_eq!(status, 202);
    }
    peer.wait_for(2).await;
    let mut admin = Browser::signed_in(&app, "alice").await;
    let page = admin.get("/admin/followers").await;
    assert!(
        page.body.contains("2 accounts follow the chapter"),
        "{}",
        page.body
    );

    // Remove one follower: it is told with a Reject of its Follow.
    let page = admin
        .submit(
            "/admin/followers/remove",
            &[("actor", &peer.actor("alice"))],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    app.deliver_now().await;
    let received = peer.wait_for(3).await;
    let reject = &received[2].body;
    assert_eq!(reject["type"], "Reject");
    assert_eq!(reject["object"]["id"], peer.id("alice"));
    assert_eq!(
        admin
            .submit(
                "/admin/followers/remove",
                &[("actor", &peer.actor("alice"))]
            )
            .await
            .status,
        404
    );

    // Follow an actor there, then curate what is mirrored from it.
    let page = admin
        .submit(
            "/admin/follows",
            &[("target", &peer.actor("dave")), ("policy", "review")],
        )
        .await;
    assert_eq!(page.status, 303, "{:?}", problems(&page.body));
    let follows = admin.get("/admin/follows").await;
    assert!(follows.body.contains(&peer.actor("dave")));
    let (_, rest) = follows.body.split_once("action=\"/admin/follows/").unwrap();
    let follow = format!("/admin/follows/{}", rest.split('"').next().unwrap());
    let page = admin
        .submit(
            &follow,
            &[
                ("action", "curation"),
                ("policy", "auto"),
                ("categories", "food"),
                ("south", "48"),
                ("west", "2"),
            ],
        )
        .await;
    assert_eq!(page.status, 422, "half an area");
    assert!(
        problems(&page.body)
            .iter()
            .any(|p| p.contains("four limits")),
        "{:?}",
        problems(&page.body)
    );
    let page = admin
        .submit(
            &follow,
            &[
                ("action", "curation"),
                ("policy", "auto"),
                ("categories", "food"),
                ("categories", "repair"),
                ("south", "48.7"),
                ("west", "2.2"),
                ("north", "49"),
                ("east", "2,5"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{:?}", problems(&page.body));
    let list = app.admin_json("/api/v1/follows").await;
    assert_eq!(list[0]["policy"], "auto");
    assert_eq!(list[0]["categories"], json!(["food", "repair"]));
    assert_eq!(list[0]["bbox"], json!([48.7, 2.2, 49.0, 2.5]));
    let page = admin
        .submit(&follow, &[("action", "curation"), ("policy", "sometimes")])
        .await;
    assert_eq!(page.status, 422);
    assert_eq!(
        admin.submit(&follow, &[("action", "dance")]).await.status,
        422
    );
    assert_eq!(
        admin
            .submit("/admin/follows/99999", &[("action", "unfollow")])
            .await
            .status,
        404
    );

    // Block the domain: its last follower goes, and what it sends is refused.
    let page = admin.submit("/admin/blocks", &[("domain", "")]).await;
    assert_eq!(page.status, 422);
    for ours in [
        "paris.localhost",
        "localhost",
        "https://paris.localhost/actors/paris",
    ] {
        let page = admin.submit("/admin/blocks", &[("domain", ours)]).await;
        assert_eq!(
            page.status, 422,
            "{ours}: our own domain, or a top-level one"
        );
    }
    let page = admin
        .submit(
            "/admin/blocks",
            &[("domain", "SPAM.localhost"), ("reason", "spam")],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    assert_eq!(app.count("followers").await, 0);
    let (status, body) = peer
        .send("carol", &inbox, &peer.follow("carol", &chapter, "carol"))
        .await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("spam.localhost"), "{body}");
    assert_eq!(app.count("followers").await, 0);
    assert!(
        admin
            .get("/admin/blocks")
            .await
            .body
            .contains("spam.localhost")
    );

    // Unblock: it may follow again.
    let page = admin
        .submit("/admin/blocks/remove", &[("domain", "spam.localhost")])
        .await;
    assert_eq!(page.status, 303);
    let (status, _) = peer
        .send("carol", &inbox, &peer.follow("carol", &chapter, "carol2"))
        .await;
    assert_eq!(status, 202);
    eventually("carol follows", async || app.count("followers").await == 1).await;

    // Deliveries: a host that fails shows, and "retry now" sends at once.
    peer.answer_with(500);
    app.create_initiative(json!({"name": "News"})).await;
    app.deliver_now().await;
    let page = admin.get("/admin/deliveries").await;
    assert!(page.body.contains(&peer.host), "{}", page.body);
    peer.answer_with(202);
    let page = admin
        .submit("/admin/deliveries/retry", &[("host", &peer.host)])
        .await;
    assert_eq!(page.status, 303);
    app.deliver_now().await;
    eventually("the retried delivery arrives", async || {
        peer.received().iter().any(|r| r.body["type"] == "Create")
    })
    .await;

    // Bad input elsewhere: explained, nothing changed.
    assert_eq!(
        admin
            .submit("/admin/deliveries/retry", &[("host", "")])
            .await
            .status,
        422
    );
    assert_eq!(
        admin
            .submit("/admin/blocks/remove", &[("domain", "never.example")])
            .await
            .status,
        404
    );
    assert_eq!(
        admin
            .submit("/admin/followers/remove", &[("actor", "")])
            .await
            .status,
        404
    );

    // Follows: a bad target is explained.
    let page = admin
        .submit(
            "/admin/follows",
            &[("target", "not a handle"), ("policy", "auto")],
        )
        .await;
    assert_eq!(page.status, 422);
    assert!(inline_error(&page.body, "target").is_some());
    let page = admin
        .submit(
            "/admin/follows",
            &[("target", "@x@y.example"), ("policy", "sometimes")],
        )
        .await;
    assert_eq!(page.status, 422);
}

async fn two_admins_cannot_demote_each_other_at_once(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    for round in 0..5 {
        let (a, b) = (format!("a{round}"), format!("b{round}"));
        let a = account::create_user(&app.db, &a, PASSWORD, Role::Admin)
            .await
            .unwrap();
        let b = account::create_user(&app.db, &b, PASSWORD, Role::Admin)
            .await
            .unwrap();
        let (x, y) = tokio::join!(
            account::set_role(&app.db, a.id, Some(Role::Editor)),
            account::set_role(&app.db, b.id, Some(Role::Editor)),
        );
        assert!(
            x.is_ok() != y.is_ok(),
            "exactly one of the two: {x:?} {y:?}"
        );
        assert_eq!(app.count("users WHERE role = 'admin'").await, 1);
        // Leave no admin behind for the next round but a fresh pair.
        let admin = if x.is_ok() { b } else { a };
        account::create_user(&app.db, &format!("c{round}"), PASSWORD, Role::Admin)
            .await
            .unwrap();
        account::set_role(&app.db, admin.id, None).await.unwrap();
        let rest = account::list(&app.db).await.unwrap();
        let last = rest
            .iter()
            .find(|(u, _)| u.role == Role::Admin)
            .unwrap()
            .0
            .id;
        account::set_role(&app.db, last, None).await.unwrap_err();
        // Remove every editor and the last admin directly, for a clean next round.
        app.exec("DELETE FROM users").await;
    }
}

on_both_engines!(
    two_admins_cannot_demote_each_other_at_once,
    first_admin_from_the_setup_link,
    sign_in_locks_out_after_five_failures,
    forms_need_a_session_a_token_and_our_origin,
    initiative_forms,
    event_forms_and_repeating_events,
    editors_stay_out_of_admin_pages,
    accounts_invitations_and_passwords,
    suggestions_wait_for_review,
    federation_controls,
);
