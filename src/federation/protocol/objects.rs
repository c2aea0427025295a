//! The objects we publish: initiatives as `Page`, events as `Event`, their places and tags.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, Utc};
use serde::Serialize;
use serde_json::Value;
use url::Url;

/// What a `Page` and an `Event` share: the text each server shows (`docs/FEDERATION.md`,
/// "How servers show our entries"), addressing, dates, tags and attachments.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryObject {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Plain `name`: events only (Gancio and Mobilizon need it; GoToSocial shows it as the
    /// content warning). A `Page` has only `nameMap`, and its name opens `content`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub name_map: BTreeMap<String, String>,
    /// What Mastodon shows under the title (it ignores `content` for these types). No plain
    /// `summary`: GoToSocial, Akkoma and Misskey would fold everything behind it.
    pub summary_map: BTreeMap<String, String>,
    /// What the other servers show: the facts, a link to the page, then the description.
    pub content: String,
    pub content_map: BTreeMap<String, String>,
    pub media_type: &'static str,
    /// `content` as Markdown (Sharkey shows it instead of `content`).
    pub source: Source,
    /// The description alone, as written (Markdown), for chapters that mirror the entry.
    pub description: String,
    pub url: Url,
    pub attributed_to: Url,
    pub audience: Url,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub published: DateTime<Utc>,
    /// Only once edited: GoToSocial marks a post whose `updated` equals `published` as edited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag: Vec<Hashtag>,
    /// Always present, even empty: Gancio's Update handler reads its length. Pictures first
    /// (Gancio takes the first as the event's flyer).
    pub attachment: Vec<Attachment>,
    /// The main picture.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<Attachment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Place>,
    pub categories: Vec<String>,
    /// Its approved public comments (FEP-7458), so that the servers showing the post can show
    /// the conversation too.
    pub replies: Replies,
}

/// An entry's `replies`, embedded as Mastodon embeds them: a collection whose first page is
/// empty and names the next one, where the comments are. GoToSocial reads only this shape (an
/// embedded first page), and follows `next`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Replies {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub first: RepliesPage,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RepliesPage {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub part_of: Url,
    pub next: Url,
    pub ordered_items: Vec<Value>,
}

impl Replies {
    /// The replies of the object `id`: `{id}/replies`, its comments at `{id}/replies?page=1`.
    pub fn of(object: &Url) -> Replies {
        let id = Url::parse(&format!("{object}/replies")).expect("an object id takes a path");
        let next = Url::parse(&format!("{id}?page=1")).expect("a query");
        Replies {
            kind: "OrderedCollection",
            first: RepliesPage {
                kind: "OrderedCollectionPage",
                part_of: id.clone(),
                next,
                ordered_items: Vec::new(),
            },
            id,
        }
    }
}

/// An initiative of the directory.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageObject {
    #[serde(flatten)]
    pub entry: EntryObject,
    /// The one-line summary as written (schema.org `headline`), for chapters that mirror it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub headline: String,
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
    /// When its contact last said it is still true.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<DateTime<Utc>>,
    /// Since when it is shown as unconfirmed (its contact answered no reminder), so that the
    /// chapters that mirror it show the same.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unconfirmed_since: Option<DateTime<Utc>>,
    /// The ids of the same initiative elsewhere (schema.org `sameAs`): the entries an admin
    /// linked to this one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub same_as: Vec<String>,
}

/// An event, in the shape Mastodon, Mobilizon, Gancio and FEP-8a8e all read.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventObject {
    #[serde(flatten)]
    pub entry: EntryObject,
    pub start_time: DateTime<FixedOffset>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<DateTime<FixedOffset>>,
    pub timezone: String,
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

/// A picture or a link attached to an object; every attachment has a `mediaType` (Gancio's
/// parser throws on one without). A picture's `name` is its description (alt text), and its
/// `blurhash` and `focalPoint` are Mastodon's.
#[derive(Debug, Clone, Default, Serialize)]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blurhash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub focal_point: Option<[f64; 2]>,
}

/// A physical place, or the `VirtualLocation` of an event held online only. serde_json writes
/// `2.0` as `2.0`, so coordinates always read as decimals (Mobilizon drops integers).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Place {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<PostalAddress>,
    /// A `VirtualLocation`'s address (FEP-8a8e).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
}

/// A postal address; or, in a `VirtualLocation`, only its `url` (where Gancio reads an online
/// event's address).
#[derive(Debug, Clone, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PostalAddress {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
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
