//! Feeds and open-data exports: iCalendar (all events, per initiative, per event, any filtered
//! listing), Atom, GeoJSON, CSV and a JSON dump of the directory under its licence.

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use futures::{Stream, StreamExt};
use tokio::sync::OwnedSemaphorePermit;

use super::error::ApiError;
use super::extract::ListQuery;
use super::public_reads::MOST_HASHED;
use crate::app::AppState;
use crate::db;
use crate::domain::event::{self, Event};
use crate::domain::initiative::{self, Initiative};
use crate::domain::listing::ListParams;
use crate::domain::pictures::Picture;
use crate::ops::atom::{self, FeedEntry};
use crate::ops::geojson;
use crate::ops::{export, ical};

/// The most events one calendar holds.
const CALENDAR_LIMIT: i64 = 2_000;
/// The most points one map layer holds.
const MAP_LIMIT: i64 = 10_000;
const GEOJSON: &str = "application/geo+json";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/events.ics", get(events_calendar))
        .route("/events/{slug}/calendar.ics", get(event_calendar))
        .route("/initiatives/{slug}/events.ics", get(initiative_calendar))
        .route("/feed.atom", get(atom_feed))
        .route("/initiatives.geojson", get(initiatives_geojson))
        .route("/events.geojson", get(events_geojson))
        .route("/initiatives.csv", get(initiatives_csv))
        .route("/events.csv", get(events_csv))
        .route("/directory.json", get(dump))
}

fn respond(
    content_type: &'static str,
    filename: Option<&str>,
    body: impl IntoResponse,
) -> Response {
    let mut response = (
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response();
    if let Some(name) = filename
        && let Ok(value) = HeaderValue::from_str(&format!("inline; filename=\"{name}\""))
    {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

fn calendar(state: &AppState, name: &str, events: &[Event]) -> String {
    let url = |e: &Event| state.url(&format!("/events/{}", e.slug));
    ical::calendar(name, events, url, &state.settings.instance.domain)
}

/// Any filtered listing, with the parameters of `GET /api/v1/events` (upcoming by default).
async fn events_calendar(
    State(state): State<AppState>,
    ListQuery(params): ListQuery,
) -> Result<Response, ApiError> {
    let (events, _, _) =
        event::search_limited(&state.db, &params, crate::domain::now(), CALENDAR_LIMIT).await?;
    let body = calendar(&state, &state.settings.instance.name, &events);
    Ok(respond(
        "text/calendar; charset=utf-8",
        Some("events.ics"),
        body,
    ))
}

async fn event_calendar(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let found = event::get_published(&state.db, &slug).await?;
    let body = calendar(&state, &found.data.name.clone(), &[found]);
    Ok(respond(
        "text/calendar; charset=utf-8",
        Some(&format!("{slug}.ics")),
        body,
    ))
}

async fn initiative_calendar(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let found = initiative::get_published(&state.db, &slug).await?;
    let params = ListParams {
        initiative: Some(slug.clone()),
        from: Some("1900-01-01".into()),
        ..Default::default()
    };
    let (events, _, _) =
        event::search_limited(&state.db, &params, crate::domain::now(), CALENDAR_LIMIT).await?;
    let body = calendar(&state, &found.data.name, &events);
    Ok(respond(
        "text/calendar; charset=utf-8",
        Some(&format!("{slug}.ics")),
        body,
    ))
}

/// The 50 newest or latest-updated entries, ours and the network's.
async fn atom_feed(State(state): State<AppState>) -> Result<Response, ApiError> {
    let initiatives = db::initiatives::recently_updated(&state.db, 50)
        .await?
        .into_iter()
        .map(Initiative::from_row);
    let events = db::events::recently_updated(&state.db, 50)
        .await?
        .into_iter()
        .map(Event::from_row);
    let ctx = state.federation.context();
    let mut entries: Vec<FeedEntry> = initiatives
        .map(|i| FeedEntry {
            id: ctx.urls.initiative(i.id).to_string(),
            url: state.url(&format!("/initiatives/{}", i.slug)),
            summary: i.data.summary.clone(),
            content_html: i.description_html.clone(),
            updated: i.updated_at,
            published: i.created_at,
            categories: i.data.categories.clone(),
            title: i.data.name,
        })
        .chain(events.map(|e| {
            let language = e
                .data
                .language
                .clone()
                .unwrap_or_else(|| state.settings.instance.languages[0].clone());
            FeedEntry {
                id: ctx.urls.event(e.id).to_string(),
                url: state.url(&format!("/events/{}", e.slug)),
                summary: crate::federation::post::describe_time(
                    e.data.starts_at,
                    e.data.ends_at,
                    e.data.timezone,
                    &language,
                ),
                content_html: e.description_html.clone(),
                updated: e.updated_at,
                published: e.created_at,
                categories: e.data.categories.clone(),
                title: e.data.name,
            }
        }))
        .collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.updated));
    entries.truncate(50);
    let body = atom::feed(
        &state.settings.instance.name,
        &state.url("/feed.atom"),
        &state.url("/"),
        entries,
    );
    Ok(respond("application/atom+xml; charset=utf-8", None, body))
}

/// The thumbnail of an entry's main picture, for a map's popup.
fn thumbnail(state: &AppState, pictures: &[Picture]) -> Option<(String, String)> {
    let main = super::web::pictures::main(pictures)?;
    let url = super::web::pictures::thumbnail_url(&state.media, main)?;
    Some((url, main.description.clone()))
}

/// Any filtered listing of initiatives (everything published by default) with a place, with
/// the parameters of `GET /api/v1/initiatives`; for maps and open-data reuse.
async fn initiatives_geojson(
    State(state): State<AppState>,
    ListQuery(params): ListQuery,
) -> Result<Response, ApiError> {
    let turn = map_turn(&state).await;
    let ids = initiative::found_limited(&state.db, &params, state.local_now(), MAP_LIMIT).await?;
    let db = state.db.clone();
    let load = move |ids: Vec<i64>| {
        let db = db.clone();
        async move { initiative::published(&db, &ids).await }
    };
    let feature = move |i: &Initiative| {
        let url = |slug: &str| state.url(&format!("/initiatives/{slug}"));
        geojson::initiative_feature(i, &url, &|p| thumbnail(&state, p))
    };
    let layer = geojson::collection(ids, load, feature);
    map_layer(layer, turn, "initiatives.geojson").await
}

/// Any filtered listing of events (upcoming by default) with a place.
async fn events_geojson(
    State(state): State<AppState>,
    ListQuery(params): ListQuery,
) -> Result<Response, ApiError> {
    let turn = map_turn(&state).await;
    let ids = event::found_limited(&state.db, &params, crate::domain::now(), MAP_LIMIT).await?;
    let db = state.db.clone();
    let load = move |ids: Vec<i64>| {
        let db = db.clone();
        async move { event::published(&db, &ids).await }
    };
    let feature = move |e: &Event| {
        let url = |slug: &str| state.url(&format!("/events/{slug}"));
        geojson::event_feature(e, &url, &|p| thumbnail(&state, p))
    };
    let layer = geojson::collection(ids, load, feature);
    map_layer(layer, turn, "events.geojson").await
}

/// This request's turn among the map layers the process builds at once (`Throttles::map_layers`).
async fn map_turn(state: &AppState) -> OwnedSemaphorePermit {
    let layers = state.throttles.map_layers.clone();
    layers.acquire_owned().await.expect("never closed")
}

/// A map layer as its chunks are written: whole when it is small enough to get an `ETag` (a
/// city's), else its first part and then the rest as the client reads it, the `turn` held
/// until the last chunk is written (or the client leaves). An entry that cannot be read once
/// the first part is sent cuts the response short, which the client sees as an error.
async fn map_layer<E: Into<ApiError> + std::error::Error + Send + Sync + 'static>(
    chunks: impl Stream<Item = Result<Vec<u8>, E>> + Send + 'static,
    turn: OwnedSemaphorePermit,
    filename: &str,
) -> Result<Response, ApiError> {
    let mut chunks = Box::pin(chunks);
    let mut first = Vec::new();
    while first.len() as u64 <= MOST_HASHED {
        match chunks.next().await {
            Some(chunk) => first.extend_from_slice(&chunk.map_err(Into::into)?),
            None => return Ok(respond(GEOJSON, Some(filename), first)),
        }
    }
    let rest = chunks.map(move |chunk| {
        let _held = &turn;
        chunk.map(Bytes::from)
    });
    let body = futures::stream::once(async { Ok(Bytes::from(first)) }).chain(rest);
    Ok(respond(GEOJSON, Some(filename), Body::from_stream(body)))
}

async fn initiatives_csv(State(state): State<AppState>) -> Result<Response, ApiError> {
    let initiatives = export::initiatives(&state.db).await?;
    let body = export::initiatives_csv(&initiatives).map_err(|e| ApiError::Internal(e.into()))?;
    Ok(respond(
        "text/csv; charset=utf-8",
        Some("initiatives.csv"),
        body,
    ))
}

async fn events_csv(State(state): State<AppState>) -> Result<Response, ApiError> {
    let events = export::events(&state.db).await?;
    let body = export::events_csv(&events).map_err(|e| ApiError::Internal(e.into()))?;
    Ok(respond("text/csv; charset=utf-8", Some("events.csv"), body))
}

/// The chapter's whole directory, under its licence (`instance.license`).
async fn dump(State(state): State<AppState>) -> Result<Response, ApiError> {
    let initiatives = export::initiatives(&state.db).await?;
    let events = export::events(&state.db).await?;
    let body = export::json_document(&initiatives, &events, &state.settings.instance.license);
    Ok(respond(
        "application/json",
        Some("directory.json"),
        body.to_string(),
    ))
}
