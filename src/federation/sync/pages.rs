//! An outbox's pages as a sync reads them: which page may be read next, fetching it, and which
//! of its items to apply.

use std::collections::HashSet;

use activitypub_federation::config::Data;
use activitypub_federation::fetch::fetch_object_http;
use chrono::{DateTime, Utc};
use serde_json::Value;
use url::Url;

use crate::db::follows::FollowRow;
use crate::federation::mirror::same_host;
use crate::federation::protocol::{id_of, one_or_many};
use crate::federation::{Context, Error};

/// The page at `url` if a walk may read it: not read yet in this walk, on the actor's host.
/// An address that does not parse is read as an error, after the page that named it is stored.
pub(super) fn admit(
    url: &str,
    actor_url: &Url,
    visited: &mut HashSet<String>,
) -> Option<Result<Url, Error>> {
    if !visited.insert(url.to_owned()) {
        return None;
    }
    match Url::parse(url) {
        Ok(page_url) => same_host(&page_url, actor_url).then_some(Ok(page_url)),
        Err(e) => Some(Err(Error::Invalid(e.to_string()))),
    }
}

/// One page of an outbox, fetched (signed) with a request budget of its own.
pub(super) async fn fetch_page(
    data: &Data<Context>,
    url: Result<Url, Error>,
) -> Result<Value, Error> {
    let data = data.reset_request_count();
    Ok(fetch_object_http::<_, Value>(&url?, &data).await?.object)
}

/// The items of a page to apply: the followed actor's own, the first (newest) activity of each
/// object; and whether the page reached what the last sync read (`since`), where a re-sync stops.
pub(super) fn pick<'a>(
    items: &'a [Value],
    follow: &FollowRow,
    since: Option<DateTime<Utc>>,
    seen_objects: &mut HashSet<String>,
) -> (Vec<(&'a str, &'a Value, Url)>, bool) {
    let mut picked = Vec::new();
    for item in items {
        if let Some(since) = since
            && item
                .get("published")
                .and_then(Value::as_str)
                .and_then(|p| DateTime::parse_from_rfc3339(p).ok())
                .is_some_and(|p| p < since)
        {
            return (picked, true);
        }
        let Some(kind) = item.get("type").and_then(Value::as_str) else {
            continue;
        };
        let actor_of_item = item.get("actor").and_then(id_of);
        if actor_of_item.as_ref().map(Url::as_str) != Some(follow.actor_ap_id.as_str()) {
            continue;
        }
        let object = item.get("object").unwrap_or(&Value::Null);
        // Newest first: the first activity seen for an object decides its state.
        let object_id = match kind {
            "Announce" => object
                .get("object")
                .and_then(id_of)
                .or_else(|| id_of(object)),
            _ => id_of(object),
        };
        let Some(object_id) = object_id else { continue };
        if seen_objects.insert(object_id.to_string()) {
            picked.push((kind, object, object_id));
        }
    }
    (picked, false)
}

/// A collection's or page's items and the next page to read.
pub(super) fn page_items(page: &Value) -> (Vec<Value>, Option<String>) {
    let kind = page.get("type").and_then(Value::as_str).unwrap_or("");
    let items_of = |p: &Value| -> Vec<Value> {
        p.get("orderedItems")
            .or_else(|| p.get("items"))
            .map(|i| one_or_many::<_, Value>(i.clone()).unwrap_or_default())
            .unwrap_or_default()
    };
    let link = |v: Option<&Value>| v.and_then(id_of).map(|u| u.to_string());
    if kind == "OrderedCollection" || kind == "Collection" {
        // The collection itself: its first page, embedded or by URL.
        let first = page.get("first");
        if let Some(embedded) = first.filter(|f| f.get("type").is_some()) {
            return (items_of(embedded), link(embedded.get("next")));
        }
        let items = items_of(page);
        return (items, link(first));
    }
    (items_of(page), link(page.get("next")))
}
