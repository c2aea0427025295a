//! Actors: the documents we serve for our own actors, and what we read of remote ones.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

use super::one_or_many;

/// One of our actors (the chapter `Group` or the instance `Application`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActorDocument {
    #[serde(rename = "@context")]
    pub context: Value,
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub preferred_username: String,
    pub name: String,
    /// HTML.
    pub summary: String,
    pub url: Url,
    pub inbox: Url,
    pub outbox: Url,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub followers: Option<Url>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub following: Option<Url>,
    pub endpoints: Endpoints,
    pub public_key: PublicKey,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<Image>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachment: Vec<PropertyValue>,
    pub manually_approves_followers: bool,
    pub discoverable: bool,
    pub indexable: bool,
    pub published: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upcoming_events: Option<Url>,
    /// Pinned posts (Mastodon's term), read by Mastodon and GoToSocial.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub featured: Option<Url>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoints {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_inbox: Option<Url>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublicKey {
    pub id: String,
    pub owner: Url,
    pub public_key_pem: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Image {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub media_type: &'static str,
    pub url: Url,
}

/// A profile field, as Mastodon shows them (`value` may hold a link).
#[derive(Debug, Clone, Serialize)]
pub struct PropertyValue {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    pub value: String,
}

/// What we read of a remote actor. Anything else it says is ignored.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoteActorJson {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub preferred_username: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    pub inbox: Url,
    #[serde(default)]
    pub outbox: Option<Url>,
    #[serde(default)]
    pub endpoints: Option<Endpoints>,
    #[serde(deserialize_with = "one_or_many")]
    pub public_key: Vec<PublicKey>,
}

/// The actor types that may follow us or send us activities.
pub const ACTOR_TYPES: [&str; 5] = ["Person", "Service", "Application", "Group", "Organization"];
