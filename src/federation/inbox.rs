//! The inbox, as strict as Mastodon's: every activity is signed by its actor, fresh, on its
//! actor's host, and processed once. Verification happens before any other work.

use std::time::Duration;

use axum::http::{HeaderMap, Method};
use serde_json::Value;
use url::Url;

use super::protocol::activities::{Activity, IncomingActivity};
use super::protocol::id_of;
use super::remote::RemoteActor;
use super::signature::{self, SignedRequest};
use super::{Context, Error, Federation, LocalActor, blocks, following, mirror, outbox, sync};
use crate::db::{self, follows::FollowRow, received::Receipt};
use crate::domain::now;

/// Fetching the signer's key may take this long; the inbox answers within 10 s regardless.
const KEY_FETCH_TIMEOUT: Duration = Duration::from_secs(8);

/// Why an activity was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// 401: the signature is missing, malformed, stale, or not the actor's.
    Unauthorized(String),
    /// 400: not an activity we can read.
    BadRequest(String),
    /// 403: an activity the sender may not make (someone else's object).
    Forbidden(String),
    /// 503: we could not store it; the sender should retry.
    Unavailable(String),
}

/// A received request.
pub struct Incoming<'a> {
    pub method: &'a Method,
    pub path_and_query: &'a str,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

/// What became of an accepted activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    Processed,
    Duplicate,
    Ignored,
}

/// Verifies and processes one POST to an inbox.
pub async fn receive(fed: &Federation, req: Incoming<'_>) -> Result<Accepted, Refusal> {
    let ctx = fed.context();
    let scheme = ctx.urls.base().scheme().to_owned();
    // 1. The signature, before anything else: no fetch for an unsigned request.
    let claim = signature::inspect(&SignedRequest {
        method: req.method,
        path_and_query: req.path_and_query,
        scheme: &scheme,
        headers: req.headers,
        body: Some(req.body),
    })
    .map_err(Refusal::Unauthorized)?;

    // 2. The activity's shape and origin.
    let activity: IncomingActivity = serde_json::from_slice(req.body)
        .map_err(|e| Refusal::BadRequest(format!("not an activity: {e}")))?;
    let actor_url = match &activity.actor {
        Value::Array(_) => return Err(Refusal::BadRequest("an activity has one actor".into())),
        other => {
            id_of(other).ok_or_else(|| Refusal::BadRequest("the actor is not a URL".into()))?
        }
    };
    if !same_origin(&activity.id, &actor_url) {
        return Err(Refusal::BadRequest(
            "the activity id is not on its actor's host".into(),
        ));
    }
    super::check_remote_url(&actor_url, ctx.debug()).map_err(Refusal::BadRequest)?;
    if ctx.urls.is_local(&actor_url) {
        return Err(Refusal::Unauthorized("that actor is ours".into()));
    }
    if blocks::is_blocked(ctx, &actor_url)
        .await
        .map_err(internal)?
    {
        return Err(Refusal::Forbidden(format!(
            "this chapter does not federate with {}",
            actor_url.host_str().unwrap_or_default()
        )));
    }
    let key_url = Url::parse(&claim.key_id)
        .map_err(|_| Refusal::Unauthorized("the keyId is not a URL".into()))?;
    if !same_origin(&key_url, &actor_url) {
        return Err(Refusal::Unauthorized(
            "the signing key is not on the actor's host".into(),
        ));
    }

    // 3. The actor's key, with a deadline; then the signature itself.
    let data = fed.data();
    let actor = match tokio::time::timeout(KEY_FETCH_TIMEOUT, RemoteActor::fetch(&actor_url, &data))
        .await
    {
        Ok(Ok(actor)) => actor,
        Ok(Err(Error::Federation(activitypub_federation::error::Error::ObjectDeleted(_))))
            if activity.kind == "Delete" =>
        {
            // An account deletion: its actor is gone and cannot be verified (Mastodon sends these).
            forget_actor(ctx, &actor_url).await;
            return Ok(Accepted::Ignored);
        }
        Ok(Err(e)) => {
            return Err(Refusal::Unauthorized(format!(
                "cannot fetch the actor {actor_url}: {e}"
            )));
        }
        Err(_) => {
            return Err(Refusal::Unauthorized(format!(
                "fetching the actor {actor_url} timed out"
            )));
        }
    };
    let actor = if claim.verify(&actor.row.public_key_pem) && key_matches(&claim.key_id, &actor) {
        actor
    } else {
        // The key may have changed: fetch the actor once more.
        let fresh =
            tokio::time::timeout(KEY_FETCH_TIMEOUT, RemoteActor::refetch(&actor_url, &data))
                .await
                .map_err(|_| Refusal::Unauthorized("refetching the actor timed out".into()))?
                .map_err(|e| Refusal::Unauthorized(format!("cannot refetch the actor: {e}")))?;
        if !key_matches(&claim.key_id, &fresh) {
            return Err(Refusal::Unauthorized(
                "the request is not signed by the activity's actor".into(),
            ));
        }
        if !claim.verify(&fresh.row.public_key_pem) {
            return Err(Refusal::Unauthorized(
                "the signature does not verify".into(),
            ));
        }
        fresh
    };

    // 4. Once only; and the sender's host is up. Written with those of other activities
    // arriving at the same time, in one transaction, which also reads the sender's follow.
    let recorded = ctx
        .inbox
        .record(Receipt {
            ap_id: activity.id.to_string(),
            actor: actor_url.to_string(),
            actor_id: actor.row.id,
            kind: activity.kind.clone(),
            style: claim.style.as_str().to_owned(),
            host: outbox::host_of(&actor_url),
        })
        .await
        .map_err(Refusal::Unavailable)?;
    if !recorded.fresh {
        return Ok(Accepted::Duplicate);
    }

    let result = dispatch(fed, &activity, &actor, recorded.follow).await;
    if result.is_err() {
        // Let a corrected redelivery through.
        db::received::forget(&ctx.db, activity.id.as_str())
            .await
            .ok();
    }
    result
}

fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// The keyId names one of the actor's keys (`…#main-key`), or the actor itself.
fn key_matches(key_id: &str, actor: &RemoteActor) -> bool {
    key_id == actor.row.public_key_id || key_id.split('#').next() == Some(actor.row.ap_id.as_str())
}

async fn forget_actor(ctx: &Context, actor: &Url) {
    if let Err(e) = RemoteActor::forget(ctx, actor.as_str()).await {
        tracing::warn!(error = %e, "Cannot forget a deleted actor");
    }
}

/// Acts on a fresh activity; `followed` is the chapter's follow of its actor, if any.
async fn dispatch(
    fed: &Federation,
    activity: &IncomingActivity,
    actor: &RemoteActor,
    followed: Option<FollowRow>,
) -> Result<Accepted, Refusal> {
    let ctx = fed.context();
    match activity.kind.as_str() {
        "Follow" => follow(ctx, activity, actor).await,
        "Accept" | "Reject" => {
            match following::answer(ctx, &activity.kind, &activity.object, actor).await {
                Ok(Some(follow_id)) => {
                    if activity.kind == "Accept" {
                        // Fill the directory from the followed actor's outbox, in the background.
                        let fed = fed.clone();
                        tokio::spawn(async move {
                            if let Err(e) = sync::backfill(&fed, follow_id).await {
                                tracing::warn!(error = %e, "Backfill failed; the next sync resumes it");
                            }
                        });
                    }
                    Ok(Accepted::Processed)
                }
                Ok(None) => Ok(Accepted::Ignored),
                Err(Error::Invalid(why)) => Err(Refusal::Forbidden(why)),
                Err(e) => Err(Refusal::Unavailable(e.to_string())),
            }
        }
        "Undo" => undo(ctx, activity, actor).await,
        "Delete"
            if id_of(&activity.object).as_ref().map(Url::as_str)
                == Some(actor.row.ap_id.as_str()) =>
        {
            // The actor deleted itself: it follows us no more.
            RemoteActor::forget(ctx, &actor.row.ap_id)
                .await
                .map_err(|e| Refusal::Unavailable(e.to_string()))?;
            Ok(Accepted::Processed)
        }
        "Create" | "Update" | "Delete" | "Announce" => {
            from_followed(fed, activity, actor, followed).await
        }
        other => {
            tracing::debug!(kind = other, id = %activity.id, "Ignoring an activity we do not handle");
            Ok(Accepted::Ignored)
        }
    }
}

/// Content from an actor the chapter follows; from anyone else it is ignored (like Mastodon,
/// which drops a Create nobody local follows).
async fn from_followed(
    fed: &Federation,
    activity: &IncomingActivity,
    actor: &RemoteActor,
    followed: Option<FollowRow>,
) -> Result<Accepted, Refusal> {
    let ctx = fed.context();
    let Some(follow) = followed.filter(|f| f.state == "accepted") else {
        tracing::debug!(
            actor = actor.row.ap_id,
            "Ignoring content from an actor we do not follow"
        );
        return Ok(Accepted::Ignored);
    };
    let data = fed.data();
    match mirror::apply(ctx, &data, &activity.kind, &activity.object, actor, &follow).await {
        Ok(Some(stored)) => {
            tracing::info!(
                actor = actor.row.ap_id,
                kind = activity.kind,
                ?stored,
                "Mirrored an entry"
            );
            Ok(Accepted::Processed)
        }
        Ok(None) => Ok(Accepted::Ignored),
        Err(Error::Invalid(why)) => Err(Refusal::Forbidden(why)),
        Err(Error::Db(e)) => Err(internal(e)),
        Err(e) => Err(Refusal::BadRequest(format!("cannot read the object: {e}"))),
    }
}

/// Which of our actors a URL names.
fn local_actor(ctx: &Context, url: &Url) -> Option<LocalActor> {
    [LocalActor::Chapter, LocalActor::Application]
        .into_iter()
        .find(|a| ctx.urls.actor(*a) == *url)
}

/// Follow: recorded and accepted at once.
async fn follow(
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
        context: Some(super::protocol::context()),
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
async fn undo(
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

fn internal(e: sqlx::Error) -> Refusal {
    tracing::error!(error = %e, "Inbox database error");
    Refusal::Unavailable("the activity could not be stored; try again later".into())
}
