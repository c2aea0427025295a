//! Our followers, as admins see them: listing, and removing one (Mastodon's "remove from
//! followers"), which tells the follower with a Reject of its Follow.

use serde_json::json;

use super::protocol::activities::Activity;
use super::protocol::context;
use super::{Error, Federation, LocalActor, outbox};
use crate::db::{self, remote_actors::RemoteActorRow};
use crate::domain::now;

/// The chapter's followers, by actor URL.
pub async fn list(fed: &Federation) -> Result<Vec<RemoteActorRow>, Error> {
    Ok(db::followers::actors(&fed.context().db, LocalActor::Chapter.as_str()).await?)
}

/// Removes a follower and sends it `Reject{Follow}`; `false` when it did not follow us.
pub async fn remove(fed: &Federation, actor_ap_id: &str) -> Result<bool, Error> {
    let ctx = fed.context();
    let local = LocalActor::Chapter;
    let Some(actor) = db::remote_actors::by_ap_id(&ctx.db, actor_ap_id).await? else {
        return Ok(false);
    };
    let Some(follow_id) = db::followers::follow_id(&ctx.db, local.as_str(), actor.id).await? else {
        return Ok(false);
    };
    let us = ctx.urls.actor(local);
    let reject = Activity {
        context: Some(context()),
        id: ctx.urls.activity(&outbox::new_token()),
        kind: "Reject",
        actor: us.clone(),
        object: json!({"id": follow_id, "type": "Follow", "actor": actor.ap_id, "object": us}),
        to: vec![actor.ap_id.clone()],
        cc: Vec::new(),
        published: Some(now()),
    };
    let mut tx = ctx.db.begin().await?;
    outbox::store_and_send(ctx, &mut tx, local, &reject, false, [actor.inbox.clone()]).await?;
    tx.commit().await?;
    db::followers::remove(&ctx.db, local.as_str(), actor.id).await?;
    ctx.deliveries_queued.notify_one();
    Ok(true)
}
