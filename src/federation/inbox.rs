//! The inbox, as strict as Mastodon's: every activity is signed by its actor, fresh, on its
//! actor's host, and processed once. Verification happens before any other work.

use std::future::Future;
use std::time::Duration;

use axum::http::{HeaderMap, Method};
use serde_json::Value;
use url::Url;

use super::fetch_limits::Refused;
use super::protocol::activities::IncomingActivity;
use super::protocol::id_of;
use super::remote::RemoteActor;
use super::signature::{self, SignedRequest};
use super::{
    Context, Error, Federation, blocks, conversation, followers, following, mirror, outbox, sync,
};
use crate::db::{self, follows::FollowRow, received::Receipt};
use crate::domain::comment::Reaction;
use crate::domain::mirror::MirroredEntry;
use crate::domain::origin::Stored;

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
    /// 429: its host made us fetch too much lately; retry after these seconds.
    TooMany(String, u64),
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

    // 3. The actor's key, with a deadline; then the signature itself. A key that does not
    // verify is refetched once (keys rotate), but at most once per few minutes whatever
    // arrives (`fetch_limits`), so that bad signatures cannot make us fetch over and over.
    let data = fed.data();
    let actor = match within_deadline(ctx.fetches.actor(&actor_url, &data)).await? {
        Ok(actor) => actor,
        Err(Refused::Fetch(Error::Federation(
            activitypub_federation::error::Error::ObjectDeleted(_),
        ))) if activity.kind == "Delete" => {
            // An account deletion: its actor is gone and cannot be verified (Mastodon sends these).
            forget_actor(ctx, &actor_url).await;
            return Ok(Accepted::Ignored);
        }
        Err(refused) => return Err(refusal(&actor_url, refused)),
    };
    let actor = if claim.verify(&actor.row.public_key_pem) && key_matches(&claim.key_id, &actor) {
        actor
    } else {
        let fresh = within_deadline(ctx.fetches.refetch(&actor_url, &data))
            .await?
            .map_err(|refused| refusal(&actor_url, refused))?;
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
    // arriving at the same time, in one transaction, which also reads the sender's follow and
    // stores the entry that the activity brings whole, if any.
    let receipt = Receipt {
        ap_id: activity.id.to_string(),
        actor: actor_url.to_string(),
        actor_id: actor.row.id,
        kind: activity.kind.clone(),
        style: claim.style.as_str().to_owned(),
        host: outbox::host_of(&actor_url),
    };
    let entry = brought_entry(ctx, &activity, &actor);
    let brings_entry = entry.is_some();
    let mirroring = ctx
        .inbox
        .record(receipt, entry)
        .await
        .map_err(Refusal::Unavailable)?;
    if !mirroring.recorded.fresh {
        return Ok(Accepted::Duplicate);
    }
    let result = if brings_entry {
        let stored = mirroring.stored.map(mirror::stored_as).transpose();
        mirrored(&activity, &actor, stored)
    } else {
        dispatch(fed, &activity, &actor, mirroring.recorded.follow).await
    };
    if result.is_err() {
        // Let a corrected redelivery through.
        db::received::forget(&ctx.db, activity.id.as_str())
            .await
            .ok();
    }
    result
}

/// The entry that a Create or an Update brings whole: an embedded `Page` or `Event` of its
/// actor's. Any other object goes the longer way, through [`dispatch`].
fn brought_entry(
    ctx: &Context,
    activity: &IncomingActivity,
    actor: &RemoteActor,
) -> Option<MirroredEntry> {
    let whole = activity.object.get("type").is_some();
    let creates = matches!(activity.kind.as_str(), "Create" | "Update");
    (whole && creates)
        .then(|| {
            mirror::entry_of(ctx, &activity.object, actor)
                .ok()
                .flatten()
        })
        .flatten()
}

/// A fetch for the inbox, given [`KEY_FETCH_TIMEOUT`].
async fn within_deadline<T>(fetch: impl Future<Output = T>) -> Result<T, Refusal> {
    tokio::time::timeout(KEY_FETCH_TIMEOUT, fetch)
        .await
        .map_err(|_| Refusal::Unauthorized("fetching the signer's key timed out".into()))
}

/// Why the signer's key could not be had, as the sender is told.
fn refusal(actor: &Url, refused: Refused) -> Refusal {
    match refused {
        Refused::Fetch(e) => Refusal::Unauthorized(format!("cannot fetch the actor {actor}: {e}")),
        Refused::FailedLately => Refusal::Unauthorized(format!(
            "the actor {actor} could not be fetched moments ago; not asking again yet"
        )),
        Refused::HostBusy(seconds) => Refusal::TooMany(
            format!(
                "{} made this chapter fetch too many actors lately; try again in {seconds} s",
                actor.host_str().unwrap_or_default()
            ),
            seconds,
        ),
    }
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
        "Follow" => followers::follow(ctx, activity, actor).await,
        "Accept" | "Reject" => {
            match following::answer(ctx, &activity.kind, &activity.object, actor).await {
                Ok(Some(follow_id)) => {
                    if activity.kind == "Accept" && ctx.cluster.role.works() {
                        // Fill the directory from the followed actor's outbox, in the background.
                        let fed = fed.clone();
                        tokio::spawn(async move {
                            if let Err(e) = sync::backfill(&fed, follow_id).await {
                                tracing::warn!(error = %e, "Backfill failed; the next sync resumes it");
                            }
                        });
                    } else if activity.kind == "Accept" {
                        // A web process runs no background work: a worker backfills.
                        ctx.sync_due.notify_one();
                    }
                    Ok(Accepted::Processed)
                }
                Ok(None) => Ok(Accepted::Ignored),
                Err(Error::Invalid(why)) => Err(Refusal::Forbidden(why)),
                Err(e) => Err(Refusal::Unavailable(e.to_string())),
            }
        }
        "Flag" => super::reports::flag(ctx, activity, actor).await,
        "Undo" => match conversation::undone_reaction(&activity.object) {
            Some(reaction) => conversation::unreact(ctx, activity, actor, reaction).await,
            None => followers::undo(ctx, activity, actor).await,
        },
        "Like" => Ok(conversation::react(ctx, activity, actor, Reaction::Like)
            .await?
            .unwrap_or(Accepted::Ignored)),
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
        "Update"
            if id_of(&activity.object).as_ref().map(Url::as_str)
                == Some(actor.row.ap_id.as_str()) =>
        {
            // The actor changed its profile (or its key): read it again from its origin, not
            // from the activity, at most once per few minutes.
            let url =
                Url::parse(&actor.row.ap_id).map_err(|e| Refusal::BadRequest(e.to_string()))?;
            if let Err(e) = ctx.fetches.refetch(&url, &fed.data()).await {
                tracing::debug!(actor = %url, error = %e, "Not refreshing an updated actor");
            }
            Ok(Accepted::Processed)
        }
        "Create" | "Update" if conversation::is_note(&activity.object) => {
            conversation::note(ctx, activity, actor).await
        }
        "Delete" => match conversation::delete(ctx, activity, actor).await? {
            Some(done) => Ok(done),
            None => from_followed(fed, activity, actor, followed).await,
        },
        "Announce" => match conversation::react(ctx, activity, actor, Reaction::Boost).await? {
            Some(done) => Ok(done),
            None => from_followed(fed, activity, actor, followed).await,
        },
        "Create" | "Update" => from_followed(fed, activity, actor, followed).await,
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
    let stored = mirror::apply(ctx, &data, &activity.kind, &activity.object, actor, &follow).await;
    mirrored(activity, actor, stored)
}

/// What mirroring an activity's object did, as the inbox answers it.
fn mirrored(
    activity: &IncomingActivity,
    actor: &RemoteActor,
    stored: Result<Option<Stored>, Error>,
) -> Result<Accepted, Refusal> {
    match stored {
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

pub(super) fn internal(e: sqlx::Error) -> Refusal {
    tracing::error!(error = %e, "Inbox database error");
    Refusal::Unavailable("the activity could not be stored; try again later".into())
}
