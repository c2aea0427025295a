//! The objects we publish: initiatives as `Page`, events as `Event`, their places and tags.

use chrono::{DateTime, FixedOffset, Utc};
use serde::Serialize;
use serde_json::Value;
use url::Url;

/// An initiative of the directory, rendered by Mastodon like an article.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageObject {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    /// What Mastodon shows under the title: what it is, where, when it opens (HTML).
    pub summary: String,
    /// The one-line summary as written (schema.org `headline`), for chapters that mirror it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub headline: String,
    /// The description, as sanitised HTML.
    pub content: String,
    pub media_type: &'static str,
    pub source: Source,
    pub url: Url,
    pub attributed_to: Url,
    pub audience: Url,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub published: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag: Vec<Hashtag>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachment: Vec<Attachment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Place>,
    pub categories: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opening_hours: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
    pub initiative_status: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
}

/// An event, in the shape Mastodon, Mobilizon, Gancio and FEP-8a8e all read.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventObject {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    /// The date, time, zone and place in words, for Mastodon (HTML).
    pub summary: String,
    pub content: String,
    pub media_type: &'static str,
    pub source: Source,
    pub url: Url,
    pub attributed_to: Url,
    pub audience: Url,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub published: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    pub start_time: DateTime<FixedOffset>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<DateTime<FixedOffset>>,
    pub timezone: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Place>,
    /// FEP-8a8e: EventScheduled, EventCancelled, EventPostponed.
    pub event_status: &'static str,
    /// Mobilizon: TENTATIVE, CONFIRMED, CANCELLED.
    pub status: &'static str,
    pub join_mode: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_participation_url: Option<Url>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_attendee_capacity: Option<i64>,
    pub is_online: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_language: Option<String>,
    /// Mobilizon reads one category id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<&'static str>,
    pub categories: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag: Vec<Hashtag>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachment: Vec<Attachment>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    pub content: String,
    pub media_type: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hashtag {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    pub href: Url,
}

/// An image or a link attached to an object; every attachment has a `mediaType`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub media_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<Url>,
}

/// A physical place. serde_json writes `2.0` as `2.0`, so coordinates always read as decimals
/// (Mobilizon drops integers).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Place {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<PostalAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PostalAddress {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_locality: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_country: Option<String>,
}

/// What a deleted object's URL answers, with 410 Gone.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tombstone {
    #[serde(rename = "@context")]
    pub context: Value,
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub former_type: String,
    pub deleted: DateTime<Utc>,
}
