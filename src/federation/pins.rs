//! The chapter's pinned posts: its next three events, listed in its `featured` collection.
//! Mastodon and GoToSocial read that collection when they read the actor again, so when the
//! three change (an event added, moved, ended), the chapter's followers get an `Update` of it.

use super::outbox::{domain_error, new_token, store_and_queue};
use super::protocol::activities::Activity;
use super::protocol::{PUBLIC, context};
use super::{Context, Error, LocalActor, actors};
use crate::db;
use crate::domain::{event, now};

/// Events pinned on the chapter's profile.
pub const PINNED: i64 = 3;
/// Where the pinned events last announced are kept.
const KEY: &str = "pinned";

/// Announces the chapter again if its pinned events changed; whether it did.
pub async fn refresh(ctx: &Context) -> Result<bool, Error> {
    let (events, _) = event::upcoming(&ctx.db, now(), PINNED)
        .await
        .map_err(domain_error)?;
    let pinned: Vec<String> = events.iter().map(|e| e.id.to_string()).collect();
    let pinned = pinned.join(",");
    let last = db::published_state::get(&ctx.db, KEY).await?;
    if last.as_deref() == Some(pinned.as_str()) {
        return Ok(false);
    }
    let mut tx = ctx.db.begin().await?;
    db::published_state::set(&mut tx, KEY, &pinned, now()).await?;
    // Nothing was pinned before and nothing is now: a first start, nothing to say.
    let changed = last.is_some() || !pinned.is_empty();
    if changed {
        let mut chapter = serde_json::to_value(actors::chapter_document(ctx)).expect("serialises");
        chapter
            .as_object_mut()
            .expect("an object")
            .remove("@context");
        let update = Activity {
            context: Some(context()),
            id: ctx.urls.activity(&new_token()),
            kind: "Update",
            actor: ctx.urls.actor(LocalActor::Chapter),
            object: chapter,
            to: vec![PUBLIC.into()],
            cc: vec![ctx.urls.followers().into()],
            published: Some(now()),
        };
        // Not in the outbox: it is no post.
        store_and_queue(ctx, &mut tx, LocalActor::Chapter, &update, false).await?;
    }
    tx.commit().await?;
    if changed {
        ctx.deliveries_queued.notify_one();
    }
    Ok(changed)
}
