//! The web admin, driven as a browser without JavaScript drives it: sign-in and sessions,
//! every form with good and bad input, the editor/admin boundary, suggestions through review,
//! and federation controls. `Browser` keeps the session cookie and reads the pages.

mod accounts;
mod choices;
mod content;
mod federation;
mod moderation;
mod pictures;
mod signin;
mod sources;

use partage::domain::account::{self, Role};
use reqwest::{Client, redirect};

use crate::support::TestApp;

pub const PASSWORD: &str = "correct horse battery";

/// A browser without JavaScript: it keeps the session cookie and does not follow redirects.
pub struct Browser<'a> {
    app: &'a TestApp,
    client: Client,
    cookie: Option<String>,
}

/// A response: status, body, and where it redirects.
pub struct Page {
    pub status: u16,
    pub body: String,
    pub location: String,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Browser<'a> {
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

    pub async fn signed_in(app: &'a TestApp, username: &str) -> Browser<'a> {
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

    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let mut request = self
            .client
            .request(method, self.app.url(path))
            .header("Accept", "text/html");
        if let Some(cookie) = &self.cookie {
            request = request.header("Cookie", format!("partage_session={cookie}"));
        }
        request
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let response = self
            .request(reqwest::Method::GET, path)
            .send()
            .await
            .unwrap();
        self.read(response).await
    }

    /// Posts a form as a browser does, from our own pages.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
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
    pub async fn submit(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.csrf().await;
        let mut all = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post(path, &all).await
    }

    pub async fn csrf(&mut self) -> String {
        let page = self.get("/admin/account").await;
        assert_eq!(page.status, 200, "{}", page.body);
        let (_, rest) = page
            .body
            .split_once("name=\"_csrf\" value=\"")
            .expect("a CSRF field");
        rest[..64].to_owned()
    }
}

pub async fn user(app: &TestApp, name: &str, role: Role) {
    account::create_user(&app.db, name, PASSWORD, role)
        .await
        .expect("a user");
}

/// Every problem a form page shows, for assertion messages.
pub fn problems(body: &str) -> Vec<String> {
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
pub fn inline_error(body: &str, field: &str) -> Option<String> {
    let id = format!("id=\"f-{}-error\">", field.replace('.', "-"));
    let (_, rest) = body.split_once(&id)?;
    Some(rest.split_once("</p>")?.0.to_owned())
}
