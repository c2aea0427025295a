//! schema.org data for search engines: the chapter as an `Organization`, an initiative as a
//! `LocalBusiness` (or `Organization` without a place), an event as an `Event`.

use serde_json::{Value, json};

use crate::app::AppState;
use crate::domain::event::{Event, EventStatus};
use crate::domain::initiative::Initiative;
use crate::domain::location::Location;

pub fn chapter(state: &AppState) -> Value {
    let instance = &state.settings.instance;
    json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": instance.name,
        "description": instance.description,
        "url": state.url("/"),
        "logo": state.url("/icon.png"),
    })
}

pub fn initiative(state: &AppState, i: &Initiative) -> Value {
    let d = &i.data;
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": if d.location.is_some() { "LocalBusiness" } else { "Organization" },
        "name": d.name,
        "description": d.summary,
        "url": state.url(&format!("/initiatives/{}", i.slug)),
        "keywords": d.tags.join(", "),
    });
    let object = data.as_object_mut().expect("an object");
    if let Some(place) = &d.location {
        object.insert("address".into(), address(place));
        if let Some(geo) = geo(place) {
            object.insert("geo".into(), geo);
        }
    }
    if let Some(hours) = &d.opening_hours {
        object.insert("openingHours".into(), json!(hours));
    }
    let image = images(state, &i.pictures);
    if !image.is_empty() {
        object.insert("image".into(), json!(image));
    }
    for (key, value) in [
        ("sameAs", &d.website),
        ("email", &d.email),
        ("telephone", &d.phone),
    ] {
        if let Some(value) = value {
            object.insert(key.into(), json!(value));
        }
    }
    data
}

pub fn event(state: &AppState, e: &Event) -> Value {
    let d = &e.data;
    let status = match d.status {
        EventStatus::Scheduled => "https://schema.org/EventScheduled",
        EventStatus::Postponed => "https://schema.org/EventPostponed",
        EventStatus::Cancelled => "https://schema.org/EventCancelled",
    };
    let mut locations = Vec::new();
    if let Some(place) = &d.location {
        let mut p = json!({
            "@type": "Place",
            "name": place.name.clone().unwrap_or_else(|| place.one_line()),
            "address": address(place),
        });
        if let Some(geo) = geo(place) {
            p["geo"] = geo;
        }
        locations.push(p);
    }
    if let Some(url) = &d.online_url {
        locations.push(json!({ "@type": "VirtualLocation", "url": url }));
    }
    let mode = match (d.location.is_some(), d.online_url.is_some()) {
        (true, true) => "https://schema.org/MixedEventAttendanceMode",
        (false, true) => "https://schema.org/OnlineEventAttendanceMode",
        _ => "https://schema.org/OfflineEventAttendanceMode",
    };
    let organizer = match &e.origin {
        Some(o) => {
            json!({ "@type": "Organization", "name": o.name.clone().unwrap_or_else(|| o.domain()), "url": o.actor })
        }
        None => {
            json!({ "@type": "Organization", "name": state.settings.instance.name, "url": state.url("/") })
        }
    };
    json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": d.name,
        "description": crate::domain::text::html_to_text(&e.description_html),
        "startDate": d.starts_at.with_timezone(&d.timezone).to_rfc3339(),
        "endDate": d.ends_at.map(|t| t.with_timezone(&d.timezone).to_rfc3339()),
        "eventStatus": status,
        "eventAttendanceMode": mode,
        "location": locations,
        "organizer": organizer,
        "url": state.url(&format!("/events/{}", e.slug)),
        "keywords": d.tags.join(", "),
        "image": images(state, &e.pictures),
    })
}

/// The addresses of an entry's pictures, the main one first.
fn images(state: &AppState, pictures: &[crate::domain::pictures::Picture]) -> Vec<String> {
    pictures
        .iter()
        .filter_map(|p| super::pictures::full_url(&state.media, p))
        .collect()
}

fn address(place: &Location) -> Value {
    json!({
        "@type": "PostalAddress",
        "streetAddress": place.street,
        "postalCode": place.postal_code,
        "addressLocality": place.locality,
        "addressRegion": place.region,
        "addressCountry": place.country,
    })
}

fn geo(place: &Location) -> Option<Value> {
    place.point().map(|(latitude, longitude)| {
        json!({ "@type": "GeoCoordinates", "latitude": latitude, "longitude": longitude })
    })
}
