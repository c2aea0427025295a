//! The chapter following others: Follow, the followee's Accept or Reject, and Undo.

use activitypub_federation::fetch::webfinger::webfinger_resolve_actor;
use serde_json::{Value, json};
use url::Url;

use super::protocol::activities::Activity;
use super::protocol::context;
use super::remote::RemoteActor;
use super::{Context, Error, Federation, LocalActor, outbox};
use crate::db::{self, follows::Curation, follows::FollowRow};
use crate::domain::now;

/// Resolves `@name@host`, `name@host` or an actor URL to a remote actor.
pub async fn resolve(fed: &Federation, target: &str) -> Result<RemoteActor, Error> {
    let data = fed.data();
    let target = target.trim();
    if target.starts_with("http://") || target.starts_with("https://") {
        let url = Url::parse(target)
            .map_err(|e| Error::Invalid(format!("{target:?} is not a URL: {e}")))?;
        super::check_remote_url(&url, fed.context().debug()).map_err(Error::Invalid)?;
        return RemoteActor::fetch(&url, &data).await;
    }
    let handle = target.trim_start_matches('@');
    if handle.split('@').count() != 2 || handle.starts_with('@') || handle.ends_with('@') {
        return Err(Error::Invalid(format!(
            "{target:?} is neither a handle like @name@host nor an actor URL"
        )));
    }
    webfinger_resolve_actor::<Context, RemoteActor>(handle, &data).await
}

/// Resolves `target` (as [`resolve`] reads it) and follows it; every refusal is `Invalid`,
/// with a sentence for the admin.
pub async fn follow_target(
    fed: &Federation,
    target: &str,
    curation: &Curation,
) -> Result<FollowRow, Error> {
    refuse_blocked(fed, target).await?;
    let actor = resolve(fed, target).await.map_err(|e| match e {
        Error::Invalid(why) => Error::Invalid(why),
        other => Error::Invalid(format!("cannot find {target:?}: {other}")),
    })?;
    follow(fed, &actor, curation).await
}

/// A target on a blocked domain is refused before anything is fetched from it.
async fn refuse_blocked(fed: &Federation, target: &str) -> Result<(), Error> {
    let Ok(domain) = super::blocks::normalize(target) else {
        return Ok(());
    };
    let url =
        Url::parse(&format!("https://{domain}/")).map_err(|e| Error::Invalid(e.to_string()))?;
    if super::blocks::is_blocked(fed.context(), &url).await? {
        return Err(Error::Invalid(format!(
            "{domain} is blocked: unblock it first"
        )));
    }
    Ok(())
}

/// Sends a Follow to `actor` and records the follow as pending.
pub async fn follow(
    fed: &Federation,
    actor: &RemoteActor,
    curation: &Curation,
) -> Result<FollowRow, Error> {
    let ctx = fed.context();
    if ctx
        .urls
        .is_local(&Url::parse(&actor.row.ap_id).map_err(|e| Error::Invalid(e.to_string()))?)
    {
        return Err(Error::Invalid("the chapter cannot follow itself".into()));
    }
    let url = Url::parse(&actor.row.ap_id).map_err(|e| Error::Invalid(e.to_string()))?;
    if super::blocks::is_blocked(ctx, &url).await? {
        return Err(Error::Invalid(format!(
            "{} is blocked: unblock it first",
            url.host_str().unwrap_or_default()
        )));
    }
    let activity = Activity {
        context: Some(context()),
        id: ctx.urls.activity(&outbox::new_token()),
        kind: "Follow",
        actor: ctx.urls.actor(LocalActor::Chapter),
        object: json!(actor.row.ap_id),
        to: vec![actor.row.ap_id.clone()],
        cc: Vec::new(),
        published: Some(now()),
    };
    let id =
        db::follows::upsert_pending(&ctx.db, actor.row.id, activity.id.as_str(), now()).await?;
    db::follows::set_curation(&ctx.db, id, curation).await?;
    send(ctx, &activity, actor).await?;
    Ok(db::follows::by_id(&ctx.db, id).await?.expect("just stored"))
}

/// Sends Undo{Follow} and forgets the follow; with `remove_mirrored`, also what it published
/// here. Returns how many mirrored entries were removed.
pub async fn unfollow(
    fed: &Federation,
    follow: &FollowRow,
    remove_mirrored: bool,
) -> Result<u64, Error> {
    let ctx = fed.context();
    let data = fed.data();
    let url = Url::parse(&follow.actor_ap_id).map_err(|e| Error::Invalid(e.to_string()))?;
    let actor = RemoteActor::fetch(&url, &data).await;
    let chapter = ctx.urls.actor(LocalActor::Chapter);
    let undo = Activity {
        context: Some(context()),
        id: ctx.urls.activity(&outbox::new_token()),
        kind: "Undo",
        actor: chapter.clone(),
        object: json!({"id": follow.follow_ap_id, "type": "Follow", "actor": chapter, "object": follow.actor_ap_id}),
        to: vec![follow.actor_ap_id.clone()],
        cc: Vec::new(),
        published: Some(now()),
    };
    if let Ok(actor) = actor {
        send(ctx, &undo, &actor).await?;
    }
    db::follows::delete(&ctx.db, follow.id).await?;
    if !remove_mirrored {
        return Ok(0);
    }
    Ok(db::origin::delete_from(&ctx.db, follow.actor_id).await?)
}

async fn send(ctx: &Context, activity: &Activity, to: &RemoteActor) -> Result<(), Error> {
    let mut tx = ctx.db.begin().await?;
    outbox::store_and_send(
        ctx,
        &mut tx,
        LocalActor::Chapter,
        activity,
        false,
        [to.row.inbox.clone()],
    )
    .await?;
    tx.commit().await?;
    ctx.deliveries_queued.notify_one();
    Ok(())
}

/// Accept or Reject of one of our Follows: only the followee may answer it. Returns the
/// follow's id when it was one of ours.
pub async fn answer(
    ctx: &Context,
    kind: &str,
    object: &Value,
    from: &RemoteActor,
) -> Result<Option<i64>, Error> {
    let Some(follow_id) = super::protocol::id_of(object) else {
        return Ok(None);
    };
    let Some(follow) = db::follows::by_follow_ap_id(&ctx.db, follow_id.as_str()).await? else {
        return Ok(None);
    };
    if follow.actor_id != from.row.id {
        return Err(Error::Invalid(
            "only the followed actor can answer a follow".into(),
        ));
    }
    let state = if kind == "Accept" {
        "accepted"
    } else {
        "rejected"
    };
    db::follows::answer(&ctx.db, follow.id, state, now()).await?;
    tracing::info!(actor = follow.actor_ap_id, state, "Our follow was {state}");
    Ok(Some(follow.id))
}
