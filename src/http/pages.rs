//! Minimal public pages (the full website comes later): home, an initiative, an event. Each
//! object URL also answers ActivityPub clients with the object itself.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;

use super::activitypub::{activity_response, authorize, tombstone_response, wants_activity_json};
use super::error::ApiError;
use crate::app::AppState;
use crate::db;
use crate::domain::listing::ListParams;
use crate::domain::location::Location;
use crate::domain::text::escape_html;
use crate::domain::{event, initiative};
use crate::federation::{LocalActor, ObjectKind, objects};

const ICON: &[u8] = include_bytes!("../../assets/icon.png");

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/initiatives/{slug}", get(initiative_page))
        .route("/events/{slug}", get(event_page))
        .route("/icon.png", get(icon))
}

fn page(state: &AppState, title: &str, alternate: Option<&str>, body: &str) -> Html<String> {
    let lang = escape_html(&state.settings.instance.languages[0]);
    let alternate = alternate
        .map(|href| {
            format!(
                "<link rel=\"alternate\" type=\"application/activity+json\" href=\"{}\">",
                escape_html(href)
            )
        })
        .unwrap_or_default();
    Html(format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · {}</title>{alternate}</head><body><main>{body}</main></body></html>",
        escape_html(title),
        escape_html(&state.settings.instance.name),
    ))
}

async fn home(State(state): State<AppState>) -> Result<Html<String>, ApiError> {
    let urls = &state.federation.context().urls;
    let handle = format!("@{}@{}", urls.slug(), urls.domain());
    let params = ListParams {
        per_page: Some("10".into()),
        ..Default::default()
    };
    let (events, _, _) = event::search(&state.db, &params, crate::domain::now()).await?;
    let (initiatives, _, _) = initiative::search(&state.db, &params).await?;
    let list = |items: Vec<(String, String)>| -> String {
        items
            .into_iter()
            .map(|(href, name)| {
                format!(
                    "<li><a href=\"{}\">{}</a></li>",
                    escape_html(&href),
                    escape_html(&name)
                )
            })
            .collect()
    };
    let body = format!(
        "<h1>{}</h1><p>{}</p><p>Follow us from Mastodon: <code>{}</code></p>\
         <h2>Upcoming events</h2><ul>{}</ul><h2>Initiatives</h2><ul>{}</ul>",
        escape_html(&state.settings.instance.name),
        escape_html(&state.settings.instance.description),
        escape_html(&handle),
        list(
            events
                .into_iter()
                .map(|e| (format!("/events/{}", e.slug), e.data.name))
                .collect()
        ),
        list(
            initiatives
                .into_iter()
                .map(|i| (format!("/initiatives/{}", i.slug), i.data.name))
                .collect()
        ),
    );
    let actor = urls.actor(LocalActor::Chapter).to_string();
    Ok(page(&state, "Home", Some(&actor), &body))
}

async fn initiative_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let ctx = state.federation.context();
    let found = match initiative::get(&state.db, &slug).await {
        Ok(i) => i,
        Err(crate::domain::Error::NotFound(_)) => {
            return deleted(&state, &headers, ObjectKind::Initiative, &slug).await;
        }
        Err(e) => return Err(e.into()),
    };
    if wants_activity_json(&headers) {
        if let Some(origin) = &found.origin {
            // A mirrored entry is its origin's object.
            return Ok(Redirect::to(&origin.ap_id).into_response());
        }
        authorize(&state, &method, &uri, &headers).await?;
        return Ok(activity_response(
            &state,
            &headers,
            StatusCode::OK,
            &objects::initiative_object(ctx, &found, true),
        ));
    }
    let d = &found.data;
    let place = d
        .location
        .as_ref()
        .map(Location::one_line)
        .unwrap_or_default();
    let body = format!(
        "<article><h1>{}</h1><p>{}</p><p>{}</p>{}<p>{}</p></article>",
        escape_html(&d.name),
        escape_html(&d.summary),
        escape_html(&place),
        found.description_html,
        d.opening_hours
            .as_deref()
            .map(escape_html)
            .unwrap_or_default(),
    );
    Ok(page(
        &state,
        &d.name,
        Some(ctx.urls.initiative(found.id).as_str()),
        &body,
    )
    .into_response())
}

async fn event_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let ctx = state.federation.context();
    let found = match event::get(&state.db, &slug).await {
        Ok(e) => e,
        Err(crate::domain::Error::NotFound(_)) => {
            return deleted(&state, &headers, ObjectKind::Event, &slug).await;
        }
        Err(e) => return Err(e.into()),
    };
    if wants_activity_json(&headers) {
        if let Some(origin) = &found.origin {
            return Ok(Redirect::to(&origin.ap_id).into_response());
        }
        authorize(&state, &method, &uri, &headers).await?;
        return Ok(activity_response(
            &state,
            &headers,
            StatusCode::OK,
            &objects::event_object(ctx, &found, true),
        ));
    }
    let d = &found.data;
    let language = d
        .language
        .clone()
        .unwrap_or_else(|| state.settings.instance.languages[0].clone());
    let when = objects::describe_time(d.starts_at, d.ends_at, d.timezone, &language);
    let place = d
        .location
        .as_ref()
        .map(Location::one_line)
        .unwrap_or_default();
    let online = d
        .online_url
        .as_deref()
        .map(|u| {
            format!(
                "<p><a href=\"{0}\" rel=\"nofollow noopener\">{0}</a></p>",
                escape_html(u)
            )
        })
        .unwrap_or_default();
    let body = format!(
        "<article><h1>{}</h1><p><time datetime=\"{}\">{}</time></p><p>{}</p>{online}{}</article>",
        escape_html(&d.name),
        d.starts_at.to_rfc3339(),
        escape_html(&when),
        escape_html(&place),
        found.description_html,
    );
    Ok(page(
        &state,
        &d.name,
        Some(ctx.urls.event(found.id).as_str()),
        &body,
    )
    .into_response())
}

/// A slug that no longer exists: 410 (a Tombstone for ActivityPub clients) if it was ours.
async fn deleted(
    state: &AppState,
    headers: &HeaderMap,
    kind: ObjectKind,
    slug: &str,
) -> Result<Response, ApiError> {
    let Some(t) = db::tombstones::by_slug(&state.db, kind.as_str(), slug).await? else {
        return Err(ApiError::NotFound(format!(
            "there is no {} {slug:?}",
            kind.as_str()
        )));
    };
    if wants_activity_json(headers) {
        return tombstone_response(state, headers, kind, t.object_id).await;
    }
    let body = format!("<h1>Gone</h1><p>This {} was deleted.</p>", kind.as_str());
    Ok((StatusCode::GONE, page(state, "Gone", None, &body)).into_response())
}

async fn icon() -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            ),
        ],
        ICON,
    )
        .into_response()
}
