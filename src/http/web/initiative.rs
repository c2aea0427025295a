//! An initiative's page: every detail, opening hours in words, a small map, its upcoming events.
//! ActivityPub clients asking the same address get the `Page` object.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use chrono::Utc;
use maud::{PreEscaped, html};

use super::comments::{self, Conversation};
use super::components::{agenda, also_listed, categories, origin, source_attribution, tags};
use super::error::{WebError, render};
use super::layout::{Head, page};
use super::{Ui, format, jsonld, pictures};
use crate::app::AppState;
use crate::db::origin::Entries;
use crate::domain::initiative::{self, Initiative, Status};
use crate::domain::listing::ListParams;
use crate::domain::location::Location;
use crate::domain::{self, event};
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
    let found = match initiative::get_published(&state.db, &slug).await {
        Ok(found) => found,
        Err(domain::Error::NotFound(_)) => {
            return super::object::deleted(&state, &ui, &headers, ObjectKind::Initiative, &slug)
                .await;
        }
        Err(e) => return render(&state, &ui, Err(e.into())),
    };
    if wants_activity_json(&headers) {
        let object = || objects::initiative_object(state.federation.context(), &found, true);
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

async fn html_page(state: &AppState, ui: &Ui, i: Initiative) -> Result<Response, WebError> {
    let upcoming = ListParams {
        initiative: Some(i.slug.clone()),
        per_page: Some("20".into()),
        ..Default::default()
    };
    let (events, _, _) = event::search(&state.db, &upcoming, domain::now()).await?;
    let d = &i.data;
    let place = d
        .location
        .as_ref()
        .map(Location::one_line)
        .filter(|p| !p.is_empty());
    let point = d.location.as_ref().and_then(Location::point);
    let hours = d
        .opening_hours
        .as_deref()
        .and_then(|h| format::Hours::read(h, Utc::now(), state.timezone));
    let ctx = state.federation.context();
    let lang = ui.text_lang(d.languages.first().map(String::as_str));
    // Replies to a mirrored entry go to its origin, not here.
    let conversation = match i.origin {
        None => Some(Conversation::load(state, ui, Entries::Initiatives, i.id).await?),
        Some(_) => None,
    };
    let brought = domain::sources::brought(&state.db, Entries::Initiatives, i.id).await?;
    let main = html! {
        article.entry {
            header {
                h1 lang=[lang] { (d.name) }
                @if d.status != Status::Active {
                    p.badge.warning { (ui.t(&format!("status-{}", d.status.as_str()))) }
                }
                @if i.confirmation.is_unconfirmed() { p.badge.warning { (ui.t("unconfirmed")) } }
                @if !d.summary.is_empty() { p.lead lang=[lang] { (d.summary) } }
                p.meta { (categories(ui, "initiatives", &d.categories)) }
                (origin(ui, &i.origin))
                (source_attribution(ui, brought.as_ref()))
                (also_listed(ui, &i.same_as))
            }
            div.split {
                div {
                    (pictures::gallery(&state.media, &i.pictures))
                    div.description lang=[lang] { (PreEscaped(&i.description_html)) }
                    (tags("initiatives", &d.tags))
                }
                aside {
                    dl.details {
                        @if let Some(place) = &place { dt { (ui.t("initiative-address")) } dd { (place) } }
                        @if let Some(hours) = &hours {
                            dt { (ui.t("initiative-hours")) }
                            dd {
                                @if let Some((open, text)) = hours.state(ui.locale) {
                                    p class=(if open { "open" } else { "closed" }) { (text) }
                                }
                                table.hours {
                                    @for (day, periods) in hours.week(ui.locale) {
                                        tr {
                                            th scope="row" { (day) }
                                            td { @if periods.is_empty() { (ui.t("hours-closed-day")) } @else { (periods.join(", ")) } }
                                        }
                                    }
                                }
                            }
                        }
                        @if let Some(website) = &d.website { dt { (ui.t("initiative-website")) } dd { a href=(website) rel="nofollow noopener" { (website) } } }
                        @if let Some(email) = &d.email { dt { (ui.t("initiative-email")) } dd { a href={ "mailto:" (email) } { (email) } } }
                        @if let Some(phone) = &d.phone { dt { (ui.t("initiative-phone")) } dd { a href={ "tel:" (phone) } { (phone) } } }
                        @if !d.languages.is_empty() { dt { (ui.t("initiative-languages")) } dd { (d.languages.join(", ")) } }
                    }
                    @if let Some((lat, lon)) = point {
                        div #map.map.small role="region" aria-label=(ui.t("map-label"))
                            data-lat=(lat) data-lon=(lon) data-name=(d.name) {}
                    }
                    p { a href={ "/initiatives/" (i.slug) "/events.ics" } { (ui.t("initiative-calendar")) } }
                    @if i.origin.is_none() { p.small { a href={ "/initiatives/" (i.slug) "/owner" } { (ui.t("owner-link")) } } }
                }
            }
            section aria-labelledby="events-title" {
                h2 #events-title { (ui.t("initiative-events")) }
                @if events.is_empty() { p { (ui.t("events-none")) } } @else { (agenda(ui, &state.media, &events)) }
            }
            @if let Some(conversation) = &conversation {
                (comments::section(ui, conversation, ctx.urls.initiative(i.id).as_str(), &format!("/initiatives/{}", i.slug)))
            }
        }
    };
    let activity = match &i.origin {
        Some(o) => o.ap_id.clone(),
        None => ctx.urls.initiative(i.id).to_string(),
    };
    let head = Head {
        title: d.name.clone(),
        description: d.summary.clone(),
        kind: "article",
        image: pictures::main(&i.pictures).and_then(|p| pictures::full_url(&state.media, p)),
        json_ld: Some(jsonld::initiative(state, &i)),
        activity: Some(activity),
        feeds: vec![(
            "text/calendar",
            format!("/initiatives/{}/events.ics", i.slug),
            ui.t("initiative-calendar").into_owned(),
        )],
        map: point.is_some(),
        oembed: true,
        ..Head::default()
    };
    Ok(ui.respond(StatusCode::OK, page(state, ui, head, main)))
}
