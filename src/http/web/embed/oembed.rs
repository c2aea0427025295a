//! oEmbed (<https://oembed.com>): `/oembed?url=…&format=json` answers a `rich` embed, a frame of
//! our widget, for an event, an initiative, or a directory, agenda or map address with its
//! filters, so that a link pasted in WordPress or Discourse shows as a card. Pages that can be
//! embedded name this in their `<head>` (discovery).

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use url::Url;

use super::super::Ui;
use super::frame::{attribute, first_height};
use crate::app::AppState;
use crate::domain::{self, event, initiative};
use crate::http::error::ApiError;

/// A frame's width when the consumer gives none, and the narrowest we make.
const WIDTH: u32 = 560;
const NARROWEST: u32 = 200;

#[derive(Deserialize)]
pub struct Ask {
    url: Option<String>,
    format: Option<String>,
    maxwidth: Option<String>,
    maxheight: Option<String>,
}

/// The answer (oEmbed 1.0, type `rich`).
#[derive(Serialize)]
struct Embed {
    version: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    title: String,
    provider_name: String,
    provider_url: String,
    /// How long (seconds) a consumer may keep the answer.
    cache_age: u32,
    html: String,
    width: u32,
    height: u32,
}

/// `GET /oembed`.
pub async fn show(State(state): State<AppState>, ui: Ui, Query(ask): Query<Ask>) -> Response {
    match answer(&state, &ui, ask).await {
        Ok(embed) => Json(embed).into_response(),
        Err(Refusal::Format) => (
            StatusCode::NOT_IMPLEMENTED,
            Json(serde_json::json!({
                "error": "not_implemented",
                "message": "only format=json is answered",
            })),
        )
            .into_response(),
        Err(Refusal::Api(e)) => e.into_response(),
    }
}

enum Refusal {
    /// A format other than JSON (oEmbed asks for 501).
    Format,
    Api(ApiError),
}

impl From<ApiError> for Refusal {
    fn from(e: ApiError) -> Self {
        Refusal::Api(e)
    }
}

async fn answer(state: &AppState, ui: &Ui, ask: Ask) -> Result<Embed, Refusal> {
    if ask.format.as_deref().is_some_and(|f| f != "json") {
        return Err(Refusal::Format);
    }
    let size = |name: &str, value: Option<String>| -> Result<Option<u32>, ApiError> {
        value
            .filter(|v| !v.is_empty())
            .map(|v| {
                v.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
                    ApiError::BadRequest(format!("{name} must be a whole number of pixels"))
                })
            })
            .transpose()
    };
    let max_width = size("maxwidth", ask.maxwidth)?;
    let max_height = size("maxheight", ask.maxheight)?;
    let asked = ask
        .url
        .filter(|u| !u.is_empty())
        .ok_or_else(|| ApiError::BadRequest("url is required".into()))?;
    let url = Url::parse(&asked)
        .map_err(|_| ApiError::BadRequest(format!("{asked:?} is not an address")))?;
    let ours = &state.base_url;
    if url.host_str() != ours.host_str()
        || url.port_or_known_default() != ours.port_or_known_default()
    {
        return Err(ApiError::NotFound(format!(
            "{asked} is not an address of this chapter ({})",
            ours.host_str().unwrap_or_default()
        ))
        .into());
    }
    let (title, widget, height) = widget(state, ui, &url).await?;
    let width = max_width.map_or(WIDTH, |w| w.clamp(NARROWEST, WIDTH));
    let height = max_height.map_or(height, |h| h.min(height));
    let src = state.url(&widget);
    let mut html = format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"{width}\" height=\"{height}\" style=\"max-width: 100%; border: 0\" loading=\"lazy\"></iframe>",
        attribute(&src),
        attribute(&title)
    );
    if !widget.starts_with("/embed/map") {
        html.push_str(&format!(
            "<script src=\"{}\" defer></script>",
            state.url("/embed.js")
        ));
    }
    Ok(Embed {
        version: "1.0",
        kind: "rich",
        title,
        provider_name: state.settings.instance.name.clone(),
        provider_url: state.url("/"),
        cache_age: 3600,
        html,
        width,
        height,
    })
}

/// The widget showing what an address of ours shows: (title, widget address, first height).
async fn widget(state: &AppState, ui: &Ui, url: &Url) -> Result<(String, String, u32), ApiError> {
    let query = url.query().map(|q| format!("?{q}")).unwrap_or_default();
    let site = &state.settings.instance.name;
    let segments: Vec<&str> = url
        .path()
        .trim_end_matches('/')
        .split('/')
        .skip(1)
        .collect();
    let list = |key: &str| format!("{} · {site}", ui.t(key));
    let missing = || ApiError::NotFound(format!("{url} is nothing that can be embedded"));
    let gone = |e: domain::Error| match e {
        domain::Error::NotFound(_) => missing(),
        e => e.into(),
    };
    Ok(match segments.as_slice() {
        ["events"] => (
            list("events-title"),
            format!("/embed/agenda{query}"),
            first_height("agenda"),
        ),
        ["initiatives"] => (
            list("directory-title"),
            format!("/embed/directory{query}"),
            first_height("directory"),
        ),
        ["map"] => (
            list("map-title"),
            format!("/embed/map{query}"),
            first_height("map"),
        ),
        ["events", slug] => {
            let e = event::get_published(&state.db, slug).await.map_err(gone)?;
            let widget = format!("/embed/events/{}", e.slug);
            (e.data.name, widget, first_height("events"))
        }
        ["initiatives", slug] => {
            let i = initiative::get_published(&state.db, slug)
                .await
                .map_err(gone)?;
            let widget = format!("/embed/initiatives/{}", i.slug);
            (i.data.name, widget, first_height("initiatives"))
        }
        _ => return Err(missing()),
    })
}
