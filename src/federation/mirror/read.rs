//! Reading a remote `Page` or `Event` leniently into our inputs, field by field: Partage's
//! own terms first, then Mobilizon's, Gancio's and plain ActivityStreams.

use chrono::{DateTime, SubsecRound, Utc};
use serde_json::Value;

use super::super::protocol::one_or_many;
use super::pictures::image;
use crate::domain::category::{self, CATEGORIES};
use crate::domain::event::EventInput;
use crate::domain::freshness::Confirmation;
use crate::domain::initiative::InitiativeInput;
use crate::domain::location::LocationInput;
use crate::domain::text;
use crate::domain::validate::Field;

/// Caps on what one remote entry may bring.
const MAX_NAME: usize = 200;
const MAX_SUMMARY: usize = 300;
const MAX_DESCRIPTION: usize = 50_000;
const MAX_TAGS: usize = 20;

/// The first http(s) address of a `url` (a string, a `Link`, or a list of them); any other
/// scheme (`javascript:`…) is dropped, as it will be a link on our pages.
pub fn first_url(value: &Value) -> Option<String> {
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

pub(super) fn string(object: &Value, key: &str) -> Option<String> {
    match object.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) => map.values().find_map(|v| v.as_str().map(str::to_owned)),
        _ => None,
    }
}

/// A date the origin gives, to the microsecond our columns keep.
pub(super) fn time(object: &Value, key: &str) -> Option<DateTime<Utc>> {
    let t = DateTime::parse_from_rfc3339(object.get(key)?.as_str()?).ok()?;
    Some(t.with_timezone(&Utc).trunc_subsecs(6))
}

/// Whether a Partage `Page`'s contact still says it is true, as its chapter shows it (dates
/// never later than `now`).
pub fn page_confirmation(object: &Value, now: DateTime<Utc>) -> Confirmation {
    let at = |key| time(object, key).map(|t| t.min(now));
    Confirmation {
        confirmed_at: at("confirmed"),
        unconfirmed_since: at("unconfirmedSince"),
    }
}

fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

fn value<T>(v: Option<T>) -> Field<T> {
    v.map_or(Field::Absent, Field::Value)
}

pub(super) fn name(object: &Value) -> Option<String> {
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
