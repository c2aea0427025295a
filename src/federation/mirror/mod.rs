//! Mirroring: `Page`s and `Event`s from actors the chapter follows become directory entries,
//! read leniently from Partage, Mobilizon, Gancio and others, owned by their origin.

use activitypub_federation::config::Data;
use activitypub_federation::fetch::fetch_object_http;
use serde_json::Value;
use url::Url;

mod pictures;
mod read;

pub use read::{event_input, first_url, page_input};

use super::protocol::id_of;
use super::remote::RemoteActor;
use super::{Context, Error};
use crate::db::follows::FollowRow;
use crate::domain::freshness::Confirmation;
use crate::domain::mirror;
use crate::domain::mirror::MirroredEntry;
use crate::domain::origin::{Mirrored, Review, Stored};

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
        Some("Page") | Some("Article") => {
            mirror::initiative_from_remote(page_input(object)).map(|data| {
                let mut m = mirrored(ctx, object, &ap_id, actor, data);
                m.confirmation = read::page_confirmation(object, crate::domain::now());
                MirroredEntry::Initiative(m)
            })
        }
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
    let updated = ["updated", "published"]
        .iter()
        .find_map(|key| read::time(object, key));
    Mirrored {
        origin_id: actor.row.id,
        ap_id: ap_id.to_string(),
        origin_url: object.get("url").and_then(first_url),
        pictures: pictures::of(object, debug, per_entry),
        data,
        review: Review::Published,
        updated,
        confirmation: Confirmation::default(),
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
