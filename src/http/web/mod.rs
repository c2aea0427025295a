//! The public website: server-rendered pages (maud) in the reader's language, usable without
//! JavaScript except the maps. The object pages also answer ActivityPub clients.

mod admin;
mod assets;
pub mod comments;
mod components;
mod directory;
mod embed;
mod error;
mod event;
mod events;
mod follow;
mod format;
mod geocode;
mod home;
pub use crate::i18n;
mod initiative;
mod jsonld;
mod layout;
mod map;
mod network;
mod object;
mod owner;
pub mod pictures;
mod query;
mod report;
mod subscribe;
mod suggest;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::Markup;

use crate::app::AppState;
pub use error::WebError;
pub use geocode::Geocoder;
use i18n::Locale;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/initiatives", get(directory::show))
        .route("/initiatives/{slug}", get(initiative::show))
        .route(
            "/initiatives/{slug}/owner",
            get(owner::ask).post(owner::send),
        )
        .route("/owner/{secret}", get(owner::edit).post(owner::save))
        .route(
            "/fresh/{secret}/{answer}",
            get(owner::answer_page).post(owner::answer),
        )
        .route("/events", get(events::show))
        .route("/events/{slug}", get(event::show))
        .route(
            "/initiatives/{slug}/report",
            get(report::initiative_form).post(report::initiative_send),
        )
        .route(
            "/events/{slug}/report",
            get(report::event_form).post(report::event_send),
        )
        .route("/map", get(map::show))
        .route("/network", get(network::show))
        .route("/follow", get(follow::redirect))
        .route("/suggest", get(suggest::show))
        .route("/subscriptions", axum::routing::post(subscribe::submit))
        .route("/subscriptions/sent", get(subscribe::sent))
        .route("/subscriptions/confirm/{secret}", get(subscribe::confirm))
        .route(
            "/subscriptions/{secret}",
            get(subscribe::manage).post(subscribe::change),
        )
        .route(
            "/subscriptions/{secret}/unsubscribe",
            get(subscribe::unsubscribe_page).post(subscribe::unsubscribe),
        )
        .route("/assets/{*path}", get(assets::serve))
        .route("/icon.png", get(assets::icon))
        .route("/embed.js", get(assets::embed_script))
        .merge(embed::routes())
        .merge(admin::routes())
}

/// The website's uploads (under the upload limit, `http::upload::routes`).
pub fn upload_routes() -> Router<AppState> {
    admin::upload_routes().route("/suggest", axum::routing::post(suggest::submit))
}

/// The longest query value carried on in links.
const MAX_LINKED: usize = 500;

/// The page for an address that leads nowhere.
pub fn not_found(state: &AppState, ui: &Ui) -> Response {
    error::render(state, ui, Err(WebError::NotFound))
}

/// What every page needs from its request: the reader's language and the address asked for.
pub struct Ui {
    pub locale: &'static Locale,
    pub path: String,
    /// The query string as pairs, in order; unknown or repeated names are kept.
    pub query: Vec<(String, String)>,
    /// The reader chose the language with `?lang=`: remember it in a cookie.
    remember: bool,
}

impl FromRequestParts<AppState> for Ui {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Ui, Self::Rejection> {
        let query: Vec<(String, String)> = parts
            .uri
            .query()
            .and_then(|q| serde_urlencoded::from_str(q).ok())
            .unwrap_or_default();
        let asked = query
            .iter()
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v.as_str());
        let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
        let cookie = header(header::COOKIE).and_then(|cookies| {
            cookies
                .split(';')
                .find_map(|c| c.trim().strip_prefix("lang="))
        });
        let locale = i18n::choose(
            asked,
            cookie,
            header(header::ACCEPT_LANGUAGE),
            &state.settings.instance.languages,
        );
        Ok(Ui {
            locale,
            path: parts.uri.path().to_owned(),
            remember: asked.and_then(Locale::find).is_some(),
            query,
        })
    }
}

impl Ui {
    pub fn t(&self, key: &str) -> std::borrow::Cow<'static, str> {
        self.locale.t(key)
    }

    /// The `lang` to mark an entry's own text with, written in `language`: `None` when it is
    /// the page's language or unknown (screen readers then keep the page's voice).
    pub fn text_lang<'a>(&self, language: Option<&'a str>) -> Option<&'a str> {
        let primary = |tag: &str| {
            tag.split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        };
        language.filter(|l| !l.is_empty() && primary(l) != primary(self.locale.tag))
    }

    /// The value of a query parameter, trimmed, if not empty (the last one when repeated).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// What the reader typed in a field, shortened to what a field may hold (200 characters).
    pub fn typed(&self, name: &str) -> String {
        self.param(name).unwrap_or("").chars().take(200).collect()
    }

    /// This page's address with some parameters replaced (`None` removes them).
    pub fn link(&self, changes: &[(&str, Option<&str>)]) -> String {
        let mut pairs: Vec<(&str, &str)> = self
            .query
            .iter()
            .filter(|(k, v)| {
                // Overlong values are errors anyway, and a notice (`?notice=saved`) is said once:
                // links do not carry them on.
                !v.is_empty()
                    && v.len() <= MAX_LINKED
                    && k != "notice"
                    && !changes.iter().any(|(name, _)| name == k)
            })
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        pairs.extend(
            changes
                .iter()
                .filter_map(|(name, value)| value.map(|v| (*name, v))),
        );
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        if query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{query}", self.path)
        }
    }

    /// An HTML response in the reader's language.
    pub fn respond(&self, status: StatusCode, page: Markup) -> Response {
        let mut response = (status, page).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::VARY,
            HeaderValue::from_static("Accept, Accept-Language, Cookie"),
        );
        headers.insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(self.locale.tag),
        );
        if self.remember {
            let cookie = format!(
                "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
                self.locale.tag
            );
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                headers.insert(header::SET_COOKIE, value);
            }
        }
        response
    }
}
