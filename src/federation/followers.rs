//! Our followers: a Follow accepted at once and an Undo, as the inbox receives them; listing,
//! and removing one (Mastodon's "remove from followers"), which tells the follower with a
//! Reject of its Follow.

use serde_json::{Value, json};
use url::Url;

use super::inbox::{Accepted, Refusal, internal};
use super::protocol::activities::{Activity, IncomingActivity};
use super::protocol::{context, id_of};
use super::remote::RemoteActor;
use super::{Context, Error, Federation, LocalActor, outbox};
use crate::db::{self, remote_actors::RemoteActorRow};
use crate::domain::{notice, now};

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

/// Which of our actors a URL names.
fn local_actor(ctx: &Context, url: &Url) -> Option<LocalActor> {
    [LocalActor::Chapter, LocalActor::Application]
        .into_iter()
        .find(|a| ctx.urls.actor(*a) == *url)
}

/// Follow: recorded and accepted at once.
pub(super) async fn follow(
    ctx: &Context,
    activity: &IncomingActivity,
    actor: &RemoteActor,
) -> Result<Accepted, Refusal> {
    let target = id_of(&activity.object)
        .ok_or_else(|| Refusal::BadRequest("Follow needs an object".into()))?;
    let Some(local) = local_actor(ctx, &target) else {
        return Err(Refusal::BadRequest(format!(
            "{target} is not an actor of ours"
        )));
    };
    db::followers::add(
        &ctx.db,
        local.as_str(),
        actor.row.id,
        activity.id.as_str(),
        now(),
    )
    .await
    .map_err(internal)?;
    let accept = Activity {
        context: Some(context()),
        id: ctx.urls.activity(&outbox::new_token()),
        kind: "Accept",
        actor: ctx.urls.actor(local),
        object: serde_json::json!({
            "id": activity.id,
            "type": "Follow",
            "actor": actor.row.ap_id,
            "object": target,
        }),
        to: vec![actor.row.ap_id.clone()],
        cc: Vec::new(),
        published: Some(now()),
    };
    let mut tx = ctx.db.begin().await.map_err(internal)?;
    let row = &actor.row;
    let host = Url::parse(&row.ap_id)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned));
    let handle = match (&row.username, host) {
        (Some(user), Some(host)) => format!("@{user}@{host}"),
        _ => row.ap_id.clone(),
    };
    let label = match &row.name {
        Some(name) if !name.trim().is_empty() => format!("{} ({handle})", name.trim()),
        _ => handle,
    };
    let cause = format!("follower:{}:{}", local.as_str(), activity.id);
    notice::record(&mut tx, notice::Kind::Follower, &row.ap_id, &label, &cause)
        .await
        .map_err(internal)?;
    outbox::store_and_send(
        ctx,
        &mut tx,
        local,
        &accept,
        false,
        [actor.row.inbox.clone()],
    )
    .await
    .map_err(|e| Refusal::Unavailable(e.to_string()))?;
    tx.commit().await.map_err(internal)?;
    ctx.deliveries_queued.notify_one();
    tracing::info!(
        follower = actor.row.ap_id,
        "New follower of the {}",
        local.as_str()
    );
    Ok(Accepted::Processed)
}

/// Undo{Follow}: only the follower may undo its follow.
pub(super) async fn undo(
    ctx: &Context,
    activity: &IncomingActivity,
    actor: &RemoteActor,
) -> Result<Accepted, Refusal> {
    let object = &activity.object;
    let kind = object.get("type").and_then(Value::as_str);
    if kind != Some("Follow") {
        if object.is_string() {
            // An undo by id: of a follow we know from this actor, or nothing.
            return undo_follow_by_id(ctx, object.as_str().unwrap_or_default(), actor).await;
        }
        return Ok(Accepted::Ignored);
    }
    let follower = object.get("actor").and_then(id_of);
    if follower.as_ref().map(Url::as_str) != Some(actor.row.ap_id.as_str()) {
        return Err(Refusal::Forbidden(
            "only the follower can undo its follow".into(),
        ));
    }
    let Some(local) = object
        .get("object")
        .and_then(id_of)
        .and_then(|t| local_actor(ctx, &t))
    else {
        return Ok(Accepted::Ignored);
    };
    db::followers::remove(&ctx.db, local.as_str(), actor.row.id)
        .await
        .map_err(internal)?;
    tracing::info!(
        follower = actor.row.ap_id,
        "Unfollowed the {}",
        local.as_str()
    );
    Ok(Accepted::Processed)
}

async fn undo_follow_by_id(
    ctx: &Context,
    follow_id: &str,
    actor: &RemoteActor,
) -> Result<Accepted, Refusal> {
    for local in [LocalActor::Chapter, LocalActor::Application] {
        if db::followers::follow_id(&ctx.db, local.as_str(), actor.row.id)
            .await
            .map_err(internal)?
            .as_deref()
            == Some(follow_id)
        {
            db::followers::remove(&ctx.db, local.as_str(), actor.row.id)
                .await
                .map_err(internal)?;
            return Ok(Accepted::Processed);
        }
    }
    Ok(Accepted::Ignored)
}
