//! An event's page: when (in its own zone), where (a map) or the online link, registration,
//! "add to calendar". ActivityPub clients asking the same address get the `Event` object.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use maud::{PreEscaped, html};

use super::comments::{self, Conversation};
use super::components::{categories, origin, source_attribution, tags};
use super::error::{WebError, render};
use super::layout::{Head, page};
use super::{Ui, format, jsonld, pictures};
use crate::app::AppState;
use crate::db::origin::Entries;
use crate::domain;
use crate::domain::event::{self, Event, EventStatus};
use crate::domain::location::Location;
use crate::federation::{ObjectKind, objects};
use crate::http::activitypub::wants_activity_json;

pub async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    ui: Ui,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let found = match event::get_published(&state.db, &slug).await {
        Ok(found) => found,
        Err(domain::Error::NotFound(_)) => {
            return super::object::deleted(&state, &ui, &headers, ObjectKind::Event, &slug).await;
        }
        Err(e) => return render(&state, &ui, Err(e.into())),
    };
    if wants_activity_json(&headers) {
        let object = || objects::event_object(state.federation.context(), &found, true);
        return super::object::activity(
            &state,
            found.origin.as_ref(),
            (&method, &uri, &headers),
            object,
        )
        .await;
    }
    let outcome = html_page(&state, &ui, found).await;
    render(&state, &ui, outcome)
}

async fn html_page(state: &AppState, ui: &Ui, e: Event) -> Result<Response, WebError> {
    let d = &e.data;
    let when = format::event_span(ui.locale, d.starts_at, d.ends_at, d.timezone);
    let place = d
        .location
        .as_ref()
        .map(Location::one_line)
        .filter(|p| !p.is_empty());
    let point = d.location.as_ref().and_then(Location::point);
    let initiative = match &d.initiative {
        Some(slug) => domain::initiative::get_published(&state.db, slug)
            .await
            .ok(),
        None => None,
    };
    let brought = domain::sources::brought(&state.db, Entries::Events, e.id).await?;
    let ctx = state.federation.context();
    let lang = ui.text_lang(d.language.as_deref());
    // Replies to a mirrored entry go to its origin, not here.
    let conversation = match e.origin {
        None => Some(Conversation::load(state, ui, Entries::Events, e.id).await?),
        Some(_) => None,
    };
    let main = html! {
        article.entry {
            header {
                h1 lang=[lang] { (d.name) }
                @match d.status {
                    EventStatus::Cancelled => p.badge.cancelled role="alert" { (ui.t("event-cancelled")) },
                    EventStatus::Postponed => p.badge.warning role="alert" { (ui.t("event-postponed")) },
                    EventStatus::Scheduled => {},
                }
                p.when {
                    time datetime=(d.starts_at.to_rfc3339()) { (when) }
                    " " span.zone { "(" (d.timezone.name()) ")" }
                }
                p.meta { (categories(ui, "events", &d.categories)) }
                (origin(ui, &e.origin))
                (source_attribution(ui, brought.as_ref()))
            }
            div.split {
                div {
                    (pictures::gallery(&state.media, &e.pictures))
                    div.description lang=[lang] { (PreEscaped(&e.description_html)) }
                    (tags("events", &d.tags))
                }
                aside {
                    dl.details {
                        @if let Some(place) = &place { dt { (ui.t("event-place")) } dd { (place) } }
                        @if let Some(online) = &d.online_url {
                            dt { (ui.t("event-online")) } dd { a href=(online) rel="nofollow noopener" { (online) } }
                        }
                        @if let Some(i) = &initiative {
                            dt { (ui.t("event-initiative")) } dd { a href={ "/initiatives/" (i.slug) } { (i.data.name) } }
                        }
                        @if let Some(capacity) = d.capacity { dt { (ui.t("event-capacity")) } dd { (capacity) } }
                        @if let Some(registration) = &d.registration_url {
                            dt { (ui.t("event-registration")) }
                            dd { a.button href=(registration) rel="nofollow noopener" { (ui.t("event-register")) } }
                        }
                    }
                    p { a.button.secondary href={ "/events/" (e.slug) "/calendar.ics" } download { (ui.t("event-add-to-calendar")) } }
                    @if let Some((lat, lon)) = point {
                        div #map.map.small role="region" aria-label=(ui.t("map-label"))
                            data-lat=(lat) data-lon=(lon) data-name=(d.name) {}
                    }
                }
            }
            @if let Some(conversation) = &conversation {
                (comments::section(ui, conversation, ctx.urls.event(e.id).as_str(), &format!("/events/{}", e.slug)))
            }
        }
    };
    let activity = match &e.origin {
        Some(o) => o.ap_id.clone(),
        None => ctx.urls.event(e.id).to_string(),
    };
    let description = format!("{when} · {}", place.clone().unwrap_or_default());
    let head = Head {
        title: d.name.clone(),
        description,
        kind: "article",
        image: pictures::main(&e.pictures).and_then(|p| pictures::full_url(&state.media, p)),
        json_ld: Some(jsonld::event(state, &e)),
        activity: Some(activity),
        feeds: vec![(
            "text/calendar",
            format!("/events/{}/calendar.ics", e.slug),
            ui.t("event-add-to-calendar").into_owned(),
        )],
        map: point.is_some(),
        oembed: true,
        ..Head::default()
    };
    Ok(ui.respond(StatusCode::OK, page(state, ui, head, main)))
}
