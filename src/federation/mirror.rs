//! Mirroring: `Page`s and `Event`s from actors the chapter follows become directory entries,
//! read leniently from Partage, Mobilizon, Gancio and others, owned by their origin.

use activitypub_federation::config::Data;
use activitypub_federation::fetch::fetch_object_http;
use serde_json::Value;
use url::Url;

use super::protocol::{id_of, one_or_many};
use super::remote::RemoteActor;
use super::{Context, Error};
use crate::db::follows::FollowRow;
use crate::domain::category::{self, CATEGORIES};
use crate::domain::event::EventInput;
use crate::domain::initiative::InitiativeInput;
use crate::domain::location::LocationInput;
use crate::domain::mirror::MirroredEntry;
use crate::domain::origin::{Mirrored, Review, Stored};
use crate::domain::pictures::{self, RemotePicture};
use crate::domain::validate::Field;
use crate::domain::{mirror, text};

/// Caps on what one remote entry may bring.
const MAX_NAME: usize = 200;
const MAX_SUMMARY: usize = 300;
const MAX_DESCRIPTION: usize = 50_000;
const MAX_TAGS: usize = 20;

/// Applies one activity from a followed actor: Create/Update store, Delete removes, Announce
/// unwraps. Returns what happened, `None` when there was nothing for the directory.
pub async fn apply(
    ctx: &Context,
    data: &Data<Context>,
    kind: &str,
    object: &Value,
    actor: &RemoteActor,
    follow: &FollowRow,
) -> Result<Option<Stored>, Error> {
    match kind {
        "Create" | "Update" => {
            let Some(object) = resolve(data, object, actor).await? else {
                return Ok(None);
            };
            store(ctx, &object, actor, follow).await
        }
        "Delete" => {
            let Some(id) = id_of(object) else {
                return Ok(None);
            };
            let deleted = mirror::delete(&ctx.db, id.as_str(), actor.row.id)
                .await
                .map_err(domain)?;
            Ok(deleted.then_some(Stored::Updated))
        }
        "Announce" => {
            // Gancio announces Create{Event}; a bare object URL is an announce of that object.
            let inner_kind = object.get("type").and_then(Value::as_str).unwrap_or("");
            match inner_kind {
                "Create" | "Update" | "Delete" => {
                    let inner_object = object.get("object").cloned().unwrap_or(Value::Null);
                    Box::pin(apply(ctx, data, inner_kind, &inner_object, actor, follow)).await
                }
                _ => Box::pin(apply(ctx, data, "Create", object, actor, follow)).await,
            }
        }
        _ => Ok(None),
    }
}

/// The object itself: embedded on the actor's host, or fetched from its id (an object from a
/// third host is fetched from its own id and must then be on the actor's host).
async fn resolve(
    data: &Data<Context>,
    object: &Value,
    actor: &RemoteActor,
) -> Result<Option<Value>, Error> {
    let Some(id) = id_of(object) else {
        return Ok(None);
    };
    let actor_url = Url::parse(&actor.row.ap_id).map_err(|e| Error::Invalid(e.to_string()))?;
    if !same_host(&id, &actor_url) {
        tracing::debug!(object = %id, actor = %actor_url, "Ignoring an object from another host");
        return Ok(None);
    }
    if object.is_object() && object.get("type").is_some() {
        return Ok(Some(object.clone()));
    }
    let fetched = fetch_object_http::<_, Value>(&id, data).await?;
    Ok(Some(fetched.object))
}

pub fn same_host(a: &Url, b: &Url) -> bool {
    a.host_str() == b.host_str() && a.port_or_known_default() == b.port_or_known_default()
}

/// Stores a `Page` as an initiative or an `Event` as an event, if the follow lets it in.
pub async fn store(
    ctx: &Context,
    object: &Value,
    actor: &RemoteActor,
    follow: &FollowRow,
) -> Result<Option<Stored>, Error> {
    let Some(mut entry) = entry_of(ctx, object, actor)? else {
        return Ok(None);
    };
    if !admit(follow, &mut entry) {
        return Ok(None);
    }
    let stored = ctx
        .inbox
        .store(entry)
        .await
        .map_err(|_stopped| Error::Db(sqlx::Error::PoolClosed))?;
    stored_as(stored).map(Some)
}

/// The entry a `Page` (an initiative) or an `Event` makes, published unless [`admit`] says
/// otherwise; `None` for any other object, or one that is not its actor's.
pub fn entry_of(
    ctx: &Context,
    object: &Value,
    actor: &RemoteActor,
) -> Result<Option<MirroredEntry>, Error> {
    let Some(ap_id) = id_of(object) else {
        return Ok(None);
    };
    let actor_url = Url::parse(&actor.row.ap_id).map_err(|e| Error::Invalid(e.to_string()))?;
    if !same_host(&ap_id, &actor_url) {
        return Ok(None);
    }
    if let Some(attributed) = object.get("attributedTo").and_then(id_of)
        && !same_host(&attributed, &actor_url)
    {
        return Ok(None);
    }
    Ok(match object.get("type").and_then(Value::as_str) {
        Some("Page") | Some("Article") => mirror::initiative_from_remote(page_input(object))
            .map(|data| MirroredEntry::Initiative(mirrored(ctx, object, &ap_id, actor, data))),
        Some("Event") => mirror::event_from_remote(event_input(object), ctx.settings.timezone())
            .map(|data| MirroredEntry::Event(mirrored(ctx, object, &ap_id, actor, data))),
        _ => None,
    })
}

/// `data`, read from `object`, as its origin's: with its address and its last change.
fn mirrored<D>(
    ctx: &Context,
    object: &Value,
    ap_id: &Url,
    actor: &RemoteActor,
    data: D,
) -> Mirrored<D> {
    let (debug, per_entry) = (ctx.debug(), ctx.settings.media.per_entry as usize);
    let updated = ["updated", "published"].iter().find_map(|key| {
        let text = object.get(*key)?.as_str()?;
        let t = chrono::DateTime::parse_from_rfc3339(text).ok()?;
        Some(chrono::SubsecRound::trunc_subsecs(
            t.with_timezone(&chrono::Utc),
            6,
        ))
    });
    Mirrored {
        origin_id: actor.row.id,
        ap_id: ap_id.to_string(),
        origin_url: object.get("url").and_then(first_url),
        pictures: pictures(object, debug, per_entry),
        data,
        review: Review::Published,
        updated,
    }
}

/// Whether the chapter's follow lets the entry in: accepted, and the entry in any of its
/// categories and inside its area. If so, the entry is held for review when the follow asks.
pub fn admit(follow: &FollowRow, entry: &mut MirroredEntry) -> bool {
    if follow.state != "accepted" || !passes(follow, entry.categories(), entry.point()) {
        return false;
    }
    if follow.policy == "review" {
        entry.set_review(Review::Pending);
    }
    true
}

/// What storing an entry did, as the inbox reports it: an entry of another origin is refused.
pub fn stored_as(stored: Result<Stored, crate::domain::Error>) -> Result<Stored, Error> {
    match stored {
        Ok(s) => Ok(s),
        Err(crate::domain::Error::Conflict(why)) => Err(Error::Invalid(why)),
        Err(e) => Err(domain(e)),
    }
}

/// The follow's filters: any of its categories, and inside its bounding box.
fn passes(follow: &FollowRow, categories: &[String], point: Option<(f64, f64)>) -> bool {
    if let Some(wanted) = follow
        .filter_categories
        .as_deref()
        .and_then(|c| serde_json::from_str::<Vec<String>>(c).ok())
        && !wanted.is_empty()
        && !categories.iter().any(|c| wanted.contains(c))
    {
        return false;
    }
    if let (Some(s), Some(w), Some(n), Some(e)) = (
        follow.filter_south,
        follow.filter_west,
        follow.filter_north,
        follow.filter_east,
    ) {
        return point.is_some_and(|(lat, lon)| (s..=n).contains(&lat) && (w..=e).contains(&lon));
    }
    true
}

fn domain(e: crate::domain::Error) -> Error {
    match e {
        crate::domain::Error::Db(e) => Error::Db(e),
        other => Error::Invalid(other.to_string()),
    }
}

/// The first http(s) address of a `url` (a string, a `Link`, or a list of them); any other
/// scheme (`javascript:`…) is dropped, as it will be a link on our pages.
fn first_url(value: &Value) -> Option<String> {
    let candidate = match value {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => return items.iter().find_map(first_url),
        Value::Object(o) => o.get("href").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    };
    candidate
        .and_then(|url| crate::domain::validate::web_url(url).ok())
        .map(String::from)
}

fn string(object: &Value, key: &str) -> Option<String> {
    match object.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) => map.values().find_map(|v| v.as_str().map(str::to_owned)),
        _ => None,
    }
}

fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

fn value<T>(v: Option<T>) -> Field<T> {
    v.map_or(Field::Absent, Field::Value)
}

fn name(object: &Value) -> Option<String> {
    string(object, "name")
        .or_else(|| string(object, "nameMap"))
        .map(|n| {
            truncate(
                text::html_to_text(&n).lines().next().unwrap_or("").trim(),
                MAX_NAME,
            )
        })
}

/// The description: Partage's own (`description`, Markdown as written; its `content` and
/// `source` open with the date, place and link), else Markdown `source`, else the text of
/// `content`.
fn description(object: &Value) -> Option<String> {
    let source = object.get("source");
    let markdown = source
        .filter(|s| s.get("mediaType").and_then(Value::as_str) == Some("text/markdown"))
        .and_then(|s| string(s, "content"));
    string(object, "description")
        .or(markdown)
        .or_else(|| {
            string(object, "content")
                .or_else(|| string(object, "contentMap"))
                .map(|html| text::html_to_text(&html))
        })
        .map(|d| truncate(&d, MAX_DESCRIPTION))
}

/// Our category ids: Partage's `categories`, else the Mobilizon / FEP-8a8e `category`.
fn categories(object: &Value) -> Vec<String> {
    let ours: Vec<String> = object
        .get("categories")
        .and_then(|c| serde_json::from_value::<Vec<String>>(c.clone()).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|c| category::find(c).is_some())
        .collect();
    if !ours.is_empty() {
        return ours;
    }
    let theirs: Vec<String> = object
        .get("category")
        .map(one_or_many_strings)
        .unwrap_or_default();
    let mut out = Vec::new();
    for id in theirs {
        if let Some(c) = CATEGORIES
            .iter()
            .find(|c| c.event_category.eq_ignore_ascii_case(&id) || c.id == id.to_lowercase())
            && !out.contains(&c.id.to_owned())
        {
            out.push(c.id.to_owned());
        }
    }
    out
}

fn one_or_many_strings(value: &Value) -> Vec<String> {
    one_or_many::<_, String>(value.clone()).unwrap_or_default()
}

/// Hashtags, without those that repeat a category.
fn tags(object: &Value, categories: &[String]) -> Vec<String> {
    let tags: Vec<Value> = object
        .get("tag")
        .map(|t| one_or_many::<_, Value>(t.clone()).unwrap_or_default())
        .unwrap_or_default();
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        if tag.get("type").and_then(Value::as_str) != Some("Hashtag") {
            continue;
        }
        let Some(name) = tag.get("name").and_then(Value::as_str) else {
            continue;
        };
        let name = name.trim_start_matches('#').to_owned();
        let folded = text::fold(&name);
        let valid = !name.is_empty()
            && name.chars().count() <= 50
            && name.chars().all(|c| c.is_alphanumeric() || c == '_');
        if valid && !categories.contains(&folded) && !out.iter().any(|t| text::fold(t) == folded) {
            out.push(name);
        }
        if out.len() == MAX_TAGS {
            break;
        }
    }
    out
}

/// A place and an online address, from a `Place`, a `VirtualLocation`, or an array of both.
fn location(object: &Value) -> (Option<LocationInput>, Option<String>) {
    let places: Vec<Value> = object
        .get("location")
        .map(|l| one_or_many::<_, Value>(l.clone()).unwrap_or_default())
        .unwrap_or_default();
    let mut place = None;
    let mut online = None;
    for p in places {
        match p.get("type").and_then(Value::as_str) {
            Some("VirtualLocation") => online = online.or_else(|| p.get("url").and_then(first_url)),
            _ if place.is_none() => {
                let address = p.get("address");
                let field = |key: &str| {
                    address
                        .and_then(|a| a.get(key))
                        .and_then(Value::as_str)
                        .map(|s| truncate(s.trim(), 100))
                        .filter(|s| !s.is_empty())
                };
                // Gancio may give the address as one string, and an online URL inside it.
                let street = match address {
                    Some(Value::String(s)) => Some(truncate(s.trim(), 200)),
                    _ => field("streetAddress"),
                };
                online = online.or_else(|| address.and_then(|a| a.get("url")).and_then(first_url));
                let coordinate = |key: &str| match p.get(key) {
                    Some(Value::Number(n)) => n.as_f64(),
                    Some(Value::String(s)) => s.trim().parse().ok(),
                    _ => None,
                };
                let (latitude, longitude) = match (coordinate("latitude"), coordinate("longitude"))
                {
                    (Some(a), Some(b)) => (Field::Value(a), Field::Value(b)),
                    _ => (Field::Absent, Field::Absent),
                };
                let country = field("addressCountry")
                    .filter(|c| c.len() == 2 && c.chars().all(|ch| ch.is_ascii_alphabetic()));
                let input = LocationInput {
                    name: value(
                        p.get("name")
                            .and_then(Value::as_str)
                            .map(|s| truncate(s.trim(), 200))
                            .filter(|s| !s.is_empty()),
                    ),
                    street: value(street),
                    postal_code: value(field("postalCode").map(|s| truncate(&s, 20))),
                    locality: value(field("addressLocality")),
                    region: value(field("addressRegion")),
                    country: value(country),
                    latitude,
                    longitude,
                };
                let empty = matches!(
                    (&input.name, &input.street, &input.locality, &input.latitude),
                    (Field::Absent, Field::Absent, Field::Absent, Field::Absent)
                );
                if !empty {
                    place = Some(input);
                }
            }
            _ => {}
        }
    }
    (place, online)
}

/// The pictures of an object: its `image`, then its picture attachments, each once, with the
/// description they carry (else the entry's name) and their focal point; only addresses we may
/// fetch.
fn pictures(object: &Value, debug: bool, max: usize) -> Vec<RemotePicture> {
    let attachments: Vec<Value> = object
        .get("attachment")
        .map(|a| one_or_many::<_, Value>(a.clone()).unwrap_or_default())
        .unwrap_or_default();
    let fallback = name(object).unwrap_or_default();
    let mut found: Vec<RemotePicture> = Vec::new();
    for a in object.get("image").into_iter().chain(&attachments) {
        let is_image = matches!(
            a.get("type").and_then(Value::as_str),
            Some("Image" | "Document")
        ) && a
            .get("mediaType")
            .and_then(Value::as_str)
            .is_none_or(|m| m.starts_with("image/"));
        let Some(url) = is_image
            .then(|| a.get("url").or_else(|| a.get("href")).and_then(first_url))
            .flatten()
        else {
            continue;
        };
        let fetchable = Url::parse(&url).is_ok_and(|u| super::check_remote_url(&u, debug).is_ok());
        if !fetchable || found.iter().any(|p| p.url == url) {
            continue;
        }
        let described = ["name", "summary"]
            .iter()
            .find_map(|k| string(a, k))
            .map(|d| text::html_to_text(&d))
            .and_then(|d| pictures::description(&d).ok())
            .or_else(|| pictures::description(&fallback).ok())
            .unwrap_or_else(|| "—".into());
        let focus = a
            .get("focalPoint")
            .and_then(|f| serde_json::from_value::<[f64; 2]>(f.clone()).ok())
            .map(|[x, y]| (x.clamp(-1.0, 1.0), y.clamp(-1.0, 1.0)));
        found.push(RemotePicture {
            url,
            description: described,
            focus,
        });
        if found.len() == max {
            break;
        }
    }
    found
}

fn image(object: &Value) -> Option<String> {
    let attachments: Vec<Value> = object
        .get("attachment")
        .map(|a| one_or_many::<_, Value>(a.clone()).unwrap_or_default())
        .unwrap_or_default();
    attachments.iter().chain(object.get("image")).find_map(|a| {
        let is_image = a.get("type").and_then(Value::as_str) == Some("Image")
            || a.get("mediaType")
                .and_then(Value::as_str)
                .is_some_and(|m| m.starts_with("image/"));
        is_image
            .then(|| a.get("url").or_else(|| a.get("href")).and_then(first_url))
            .flatten()
    })
}

/// A `Page` (a Partage initiative, or an article-like entry) as initiative input.
pub fn page_input(object: &Value) -> InitiativeInput {
    let categories = categories(object);
    let summary = string(object, "headline")
        .or_else(|| {
            string(object, "summary").map(|s| {
                text::html_to_text(&s)
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_owned()
            })
        })
        .map(|s| truncate(s.trim(), MAX_SUMMARY));
    let (place, _) = location(object);
    InitiativeInput {
        name: value(name(object)),
        slug: Field::Absent,
        summary: value(summary),
        description: value(description(object)),
        tags: Field::Value(tags(object, &categories)),
        categories: Field::Value(categories),
        location: value(place),
        website: value(string(object, "website")),
        email: value(string(object, "email")),
        phone: value(string(object, "telephone")),
        opening_hours: value(string(object, "openingHours")),
        languages: value(
            object
                .get("languages")
                .and_then(|l| serde_json::from_value(l.clone()).ok()),
        ),
        image_url: value(image(object)),
        images: Field::Absent,
        status: value(string(object, "initiativeStatus")),
    }
}

/// An `Event` (Partage, Mobilizon, Gancio, FEP-8a8e) as event input.
pub fn event_input(object: &Value) -> EventInput {
    let categories = categories(object);
    let (place, mut online) = location(object);
    let attachments: Vec<Value> = object
        .get("attachment")
        .map(|a| one_or_many::<_, Value>(a.clone()).unwrap_or_default())
        .unwrap_or_default();
    for a in &attachments {
        // Mobilizon's online-meeting address: a text/html Link named "Website".
        let is_link = a.get("type").and_then(Value::as_str) == Some("Link")
            && a.get("mediaType")
                .and_then(Value::as_str)
                .is_none_or(|m| m == "text/html");
        if is_link && online.is_none() {
            online = a.get("href").and_then(first_url);
        }
    }
    let status = match (
        string(object, "eventStatus").as_deref(),
        string(object, "status").as_deref(),
    ) {
        (Some("EventCancelled"), _) | (_, Some("CANCELLED")) => Some("cancelled"),
        (Some("EventPostponed"), _) | (_, Some("TENTATIVE")) => Some("postponed"),
        _ => None,
    };
    let registration = string(object, "externalParticipationUrl");
    let language = string(object, "inLanguage").or_else(|| {
        object
            .get("contentMap")
            .and_then(Value::as_object)
            .and_then(|m| m.keys().next().cloned())
    });
    EventInput {
        name: value(name(object)),
        slug: Field::Absent,
        description: value(description(object)),
        starts_at: value(string(object, "startTime")),
        ends_at: value(string(object, "endTime")),
        timezone: value(string(object, "timezone")),
        location: value(place),
        online_url: value(online),
        initiative: Field::Absent,
        tags: Field::Value(tags(object, &categories)),
        categories: Field::Value(categories),
        capacity: value(
            object
                .get("maximumAttendeeCapacity")
                .and_then(Value::as_i64),
        ),
        join_mode: value(registration.is_some().then(|| "external".to_owned())),
        registration_url: value(registration),
        status: value(status.map(str::to_owned)),
        language: value(language),
        images: Field::Absent,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::first_url;

    #[test]
    fn only_web_addresses_become_links() {
        let page = "https://berlin.example/initiatives/x";
        assert_eq!(first_url(&json!(page)).as_deref(), Some(page));
        assert_eq!(first_url(&json!([{"href": page}])).as_deref(), Some(page));
        assert_eq!(first_url(&json!("javascript:alert(1)")), None);
        assert_eq!(
            first_url(&json!(["data:text/html,x", page])).as_deref(),
            Some(page)
        );
    }
}
