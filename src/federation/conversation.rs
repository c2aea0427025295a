//! Conversations arriving in the inbox: replies to our entries (a `Create`, `Update` or
//! `Delete` of a `Note`), favourites (`Like`), boosts (`Announce`) and their `Undo`. The
//! activity's signature and actor are verified before any of this (`inbox`).

use serde_json::Value;
use url::Url;

use super::inbox::{Accepted, Refusal, internal};
use super::protocol::activities::IncomingActivity;
use super::protocol::{id_of, is_public, one_or_many};
use super::remote::RemoteActor;
use super::{Context, ObjectKind};
use crate::db::origin::Entries;
use crate::domain::comment::{self, MAX_DEPTH, Reaction, Reply, Visibility};
use crate::domain::origin::Review;
use crate::domain::{Error, event, initiative};

/// An embedded post that may be a reply.
pub(super) fn is_note(object: &Value) -> bool {
    matches!(
        object.get("type").and_then(Value::as_str),
        Some("Note" | "Article" | "Question")
    )
}

/// One of our own published entries, named by its object id.
async fn our_entry(ctx: &Context, url: &Url) -> Result<Option<(Entries, i64)>, Refusal> {
    let Some((kind, id)) = ctx.urls.parse_object(url) else {
        return Ok(None);
    };
    let found = match kind {
        ObjectKind::Initiative => initiative::get_by_id(&ctx.db, id)
            .await
            .map(|i| i.filter(|i| i.origin.is_none() && i.review == Review::Published))
            .map(|i| i.map(|_| Entries::Initiatives)),
        ObjectKind::Event => event::get_by_id(&ctx.db, id)
            .await
            .map(|e| e.filter(|e| e.origin.is_none() && e.review == Review::Published))
            .map(|e| e.map(|_| Entries::Events)),
    };
    Ok(found.map_err(domain)?.map(|entries| (entries, id)))
}

/// A reply (`Create`) or its edit (`Update`), from its author only.
pub(super) async fn note(
    ctx: &Context,
    activity: &IncomingActivity,
    actor: &RemoteActor,
) -> Result<Accepted, Refusal> {
    let object = &activity.object;
    let Some(id) = id_of(object) else {
        return Err(Refusal::BadRequest("the post has no id".into()));
    };
    let author = object.get("attributedTo").and_then(id_of);
    if author.as_ref().map(Url::as_str) != Some(actor.row.ap_id.as_str())
        || id.host_str()
            != Url::parse(&actor.row.ap_id)
                .ok()
                .as_ref()
                .and_then(Url::host_str)
    {
        return Err(Refusal::Forbidden(
            "a post can only be sent by its author, from its server".into(),
        ));
    }
    let html = content(object);
    if activity.kind == "Update" {
        let edited = comment::edit(&ctx.db, id.as_str(), actor.row.id, &html)
            .await
            .map_err(domain)?;
        return Ok(if edited {
            Accepted::Processed
        } else {
            Accepted::Ignored
        });
    }
    let parent = object.get("inReplyTo").and_then(id_of);
    let answered = match &parent {
        Some(parent) => answers(ctx, parent).await?,
        None => None,
    };
    let (about, depth) = match answered {
        Some(found) => found,
        None if mentions_chapter(ctx, object) => (None, 1),
        None => return Ok(Accepted::Ignored),
    };
    if depth > MAX_DEPTH {
        return Ok(Accepted::Ignored);
    }
    let reply = Reply {
        about,
        ap_id: id.to_string(),
        actor_id: actor.row.id,
        in_reply_to: parent.map_or_else(String::new, |p| p.to_string()),
        depth,
        html,
        url: object.get("url").and_then(super::mirror::first_url),
        language: object
            .get("contentMap")
            .and_then(Value::as_object)
            .and_then(|m| m.keys().next().cloned()),
        visibility: visibility(activity, object),
        published: object
            .get("published")
            .and_then(Value::as_str)
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map_or_else(crate::domain::now, |t| t.with_timezone(&chrono::Utc)),
    };
    let settings = &ctx.settings.conversation;
    match comment::receive(&ctx.db, reply, settings)
        .await
        .map_err(domain)?
    {
        Some(id) => {
            tracing::info!(comment = id, actor = actor.row.ap_id, "Stored a reply");
            Ok(Accepted::Processed)
        }
        None => Ok(Accepted::Ignored),
    }
}

/// What a reply answers: one of our entries (depth 1), or a stored comment (one deeper, about
/// the same entry, or the chapter); `None` when it is nothing of ours.
async fn answers(
    ctx: &Context,
    parent: &Url,
) -> Result<Option<(Option<(Entries, i64)>, i32)>, Refusal> {
    if let Some(entry) = our_entry(ctx, parent).await? {
        return Ok(Some((Some(entry), 1)));
    }
    let Some(parent) = comment::by_ap_id(&ctx.db, parent.as_str())
        .await
        .map_err(domain)?
    else {
        return Ok(None);
    };
    let about = match parent.entry_kind.as_str() {
        "events" => Some((Entries::Events, parent.entry_id)),
        "initiatives" => Some((Entries::Initiatives, parent.entry_id)),
        _ => None,
    };
    Ok(Some((about, parent.depth + 1)))
}

/// Whether a post mentions the chapter (`@paris@…`, a `Mention` of its actor).
fn mentions_chapter(ctx: &Context, object: &Value) -> bool {
    let chapter = ctx.urls.actor(super::LocalActor::Chapter);
    object
        .get("tag")
        .map(|t| one_or_many::<_, Value>(t.clone()).unwrap_or_default())
        .unwrap_or_default()
        .iter()
        .any(|t| {
            t.get("type").and_then(Value::as_str) == Some("Mention")
                && t.get("href").and_then(id_of).as_ref() == Some(&chapter)
        })
}

/// The post's HTML: `content`, else its first `contentMap` value.
fn content(object: &Value) -> String {
    object
        .get("content")
        .and_then(Value::as_str)
        .or_else(|| {
            object
                .get("contentMap")
                .and_then(Value::as_object)
                .and_then(|m| m.values().find_map(Value::as_str))
        })
        .unwrap_or_default()
        .to_owned()
}

/// Public when the public is addressed, unlisted when it is in copy, private otherwise.
fn visibility(activity: &IncomingActivity, object: &Value) -> Visibility {
    let field = |key: &str| -> Vec<String> {
        object
            .get(key)
            .map(|v| one_or_many_strings(v.clone()))
            .unwrap_or_default()
    };
    let (to, cc) = (field("to"), field("cc"));
    let (to, cc) = if to.is_empty() && cc.is_empty() {
        (activity.to.clone(), activity.cc.clone())
    } else {
        (to, cc)
    };
    if is_public(&to) {
        Visibility::Public
    } else if is_public(&cc) {
        Visibility::Unlisted
    } else {
        Visibility::Private
    }
}

fn one_or_many_strings(value: Value) -> Vec<String> {
    one_or_many::<_, String>(value).unwrap_or_default()
}

/// A `Delete` of a stored reply, by its author; `None` when it names no reply of ours.
pub(super) async fn delete(
    ctx: &Context,
    activity: &IncomingActivity,
    actor: &RemoteActor,
) -> Result<Option<Accepted>, Refusal> {
    let Some(id) = id_of(&activity.object) else {
        return Ok(None);
    };
    let Some(stored) = comment::by_ap_id(&ctx.db, id.as_str())
        .await
        .map_err(domain)?
    else {
        return Ok(None);
    };
    if stored.actor_id != actor.row.id {
        return Err(Refusal::Forbidden(
            "only its author can delete a post".into(),
        ));
    }
    comment::delete_by_author(&ctx.db, id.as_str(), actor.row.id)
        .await
        .map_err(domain)?;
    Ok(Some(Accepted::Processed))
}

/// A `Like` or an `Announce` of one of our entries; `None` when it names none of ours.
pub(super) async fn react(
    ctx: &Context,
    activity: &IncomingActivity,
    actor: &RemoteActor,
    reaction: Reaction,
) -> Result<Option<Accepted>, Refusal> {
    let Some(target) = id_of(&activity.object) else {
        return Ok(None);
    };
    let Some((entries, entry_id)) = our_entry(ctx, &target).await? else {
        return Ok(None);
    };
    comment::react(
        &ctx.db,
        entries,
        entry_id,
        actor.row.id,
        reaction,
        activity.id.as_str(),
    )
    .await
    .map_err(domain)?;
    Ok(Some(Accepted::Processed))
}

/// The reaction an `Undo` takes back, if it is one.
pub(super) fn undone_reaction(object: &Value) -> Option<Reaction> {
    match object.get("type").and_then(Value::as_str) {
        Some("Like") => Some(Reaction::Like),
        Some("Announce") => Some(Reaction::Boost),
        _ => None,
    }
}

/// Takes back a favourite or a boost: its author's only.
pub(super) async fn unreact(
    ctx: &Context,
    activity: &IncomingActivity,
    actor: &RemoteActor,
    reaction: Reaction,
) -> Result<Accepted, Refusal> {
    let inner = &activity.object;
    if let Some(by) = inner.get("actor").and_then(id_of)
        && by.as_str() != actor.row.ap_id
    {
        return Err(Refusal::Forbidden("only its author can undo it".into()));
    }
    let entry = match inner.get("object").and_then(id_of) {
        Some(target) => our_entry(ctx, &target).await?,
        None => None,
    };
    let ap_id = id_of(inner).map(|u| u.to_string());
    let undone = comment::unreact(&ctx.db, ap_id.as_deref(), entry, actor.row.id, reaction)
        .await
        .map_err(domain)?;
    Ok(if undone {
        Accepted::Processed
    } else {
        Accepted::Ignored
    })
}

fn domain(e: Error) -> Refusal {
    match e {
        Error::Db(e) => internal(e),
        other => Refusal::BadRequest(other.to_string()),
    }
}

/// Reports a comment to its author's server, as Mastodon forwards a report: a `Flag` from our
/// application actor naming the author and the post, with the moderator's words.
pub async fn report_to_origin(
    fed: &super::Federation,
    comment_id: i64,
    reason: &str,
) -> Result<(), super::Error> {
    let ctx = fed.context();
    let comment = comment::by_id(&ctx.db, comment_id)
        .await
        .map_err(|e| match e {
            Error::Db(e) => super::Error::Db(e),
            other => super::Error::Invalid(other.to_string()),
        })?;
    let Some(author) = crate::db::remote_actors::by_ap_id(&ctx.db, &comment.actor_ap_id).await?
    else {
        return Err(super::Error::Invalid(
            "its author is no longer known here".into(),
        ));
    };
    let from = super::LocalActor::Application;
    let flag = super::protocol::activities::Activity {
        context: Some(super::protocol::context()),
        id: ctx.urls.activity(&super::outbox::new_token()),
        kind: "Flag",
        actor: ctx.urls.actor(from),
        object: serde_json::json!([author.ap_id, comment.ap_id]),
        to: vec![author.ap_id.clone()],
        cc: Vec::new(),
        published: Some(crate::domain::now()),
    };
    let mut flag = serde_json::to_value(&flag).expect("activities serialise");
    flag["content"] = Value::String(reason.trim().chars().take(1_000).collect());
    let inbox = author.shared_inbox.clone().unwrap_or(author.inbox.clone());
    let mut tx = ctx.db.begin().await?;
    super::outbox::store_json_and_send(ctx, &mut tx, from, &flag, [inbox]).await?;
    tx.commit().await?;
    ctx.deliveries_queued.notify_one();
    Ok(())
}
