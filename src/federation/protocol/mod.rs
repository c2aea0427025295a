//! ActivityStreams wire types. Pure serde: no database, no I/O.
//!
//! What we send is typed and documented in `docs/FEDERATION.md`; what we receive is read
//! leniently (one-or-many fields, unknown keys ignored) but never trusted: callers verify.

pub mod activities;
pub mod actor;
pub mod collections;
pub mod discovery;
pub mod objects;

use serde::{Deserialize, Deserializer};
use serde_json::{Value, json};
use url::Url;

/// The special collection that makes an object public.
pub const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// The content type of ActivityPub documents.
pub const ACTIVITY_JSON: &str = "application/activity+json";

/// The `@context` of everything we publish: ActivityStreams, the security vocabulary, and
/// every extension term inline, so that peers that cannot fetch contexts still read it.
pub fn context() -> Value {
    json!([
        "https://www.w3.org/ns/activitystreams",
        "https://w3id.org/security/v1",
        {
            "toot": "http://joinmastodon.org/ns#",
            "discoverable": "toot:discoverable",
            "indexable": "toot:indexable",
            "featured": {"@id": "toot:featured", "@type": "@id"},
            "blurhash": "toot:blurhash",
            "focalPoint": {"@container": "@list", "@id": "toot:focalPoint"},
            "schema": "http://schema.org#",
            "PropertyValue": "schema:PropertyValue",
            "value": "schema:value",
            "PostalAddress": "schema:PostalAddress",
            "address": "schema:address",
            "streetAddress": "schema:streetAddress",
            "postalCode": "schema:postalCode",
            "addressLocality": "schema:addressLocality",
            "addressRegion": "schema:addressRegion",
            "addressCountry": "schema:addressCountry",
            "maximumAttendeeCapacity": "schema:maximumAttendeeCapacity",
            "inLanguage": "schema:inLanguage",
            "headline": "schema:headline",
            "sameAs": {"@id": "schema:sameAs", "@type": "@id"},
            "description": "schema:description",
            "VirtualLocation": "schema:VirtualLocation",
            "mz": "https://joinmobilizon.org/ns#",
            "joinMode": "mz:joinMode",
            "timezone": "mz:timezone",
            "isOnline": "mz:isOnline",
            "externalParticipationUrl": "mz:externalParticipationUrl",
            "category": "mz:category",
            "fep8a8e": "https://w3id.org/fep/8a8e#",
            "eventStatus": "fep8a8e:eventStatus",
            "upcomingEvents": {"@id": "fep8a8e:upcomingEvents", "@type": "@id"},
            "partage": "https://w3id.org/partage/ns#",
            "categories": "partage:categories",
            "openingHours": "partage:openingHours",
            "website": {"@id": "partage:website", "@type": "@id"},
            "email": "partage:email",
            "telephone": "partage:telephone",
            "initiativeStatus": "partage:initiativeStatus",
            "languages": "partage:languages",
            "confirmed": {"@id": "partage:confirmed", "@type": "http://www.w3.org/2001/XMLSchema#dateTime"},
            "unconfirmedSince": {"@id": "partage:unconfirmedSince", "@type": "http://www.w3.org/2001/XMLSchema#dateTime"},
            "license": {"@id": "partage:license", "@type": "@id"}
        }
    ])
}

/// Reads a field given as one value or an array of values.
pub fn one_or_many<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        Many(Vec<T>),
        One(T),
    }
    Ok(match Option::<OneOrMany<T>>::deserialize(deserializer)? {
        Some(OneOrMany::Many(v)) => v,
        Some(OneOrMany::One(v)) => vec![v],
        None => Vec::new(),
    })
}

/// A reference given as a URL or as an object with an `id`: the URL.
pub fn id_of(value: &Value) -> Option<Url> {
    match value {
        Value::String(s) => Url::parse(s).ok(),
        Value::Object(map) => map
            .get("id")
            .and_then(Value::as_str)
            .and_then(|s| Url::parse(s).ok()),
        _ => None,
    }
}

/// Whether an audience list addresses the public (`Public`, `as:Public` or the full IRI).
pub fn is_public(audience: &[String]) -> bool {
    audience
        .iter()
        .any(|a| a == PUBLIC || a == "as:Public" || a == "Public")
}
