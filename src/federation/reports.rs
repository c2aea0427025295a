//! Reports and the fediverse: a `Flag` received (Mastodon's "report", forwarded by the reporter's
//! server, signed by its instance actor) becomes a report when it names something of ours; and
//! an admin's resolution of a report, which may reach other servers (an entry's `Delete`, a
//! block of an actor or of its domain).

use serde_json::Value;
use url::Url;

use super::inbox::{Accepted, Refusal, internal};
use super::protocol::activities::IncomingActivity;
use super::protocol::id_of;
use super::remote::RemoteActor;
use super::{Context, Federation, LocalActor, ObjectKind, blocks};
use crate::db::{self, origin::Entries};
use crate::domain::audit::Actor;
use crate::domain::report::{self, Action, Flag, entries_of};
use crate::domain::{self, comment, event, initiative, review};

/// A Flag's objects past this many are not kept.
const MAX_OBJECTS: usize = 20;

/// The addresses a Flag names: `object` is one URL or object, or an array of them.
fn named(object: &Value) -> Vec<Url> {
    let all: Vec<Url> = match object {
        Value::Array(items) => items.iter().filter_map(id_of).collect(),
        other => id_of(other).into_iter().collect(),
    };
    let mut seen: Vec<Url> = Vec::new();
    for url in all {
        if !seen.contains(&url) && seen.len() < MAX_OBJECTS {
            seen.push(url);
        }
    }
    seen
}

/// One of our own entries, named by its object id.
async fn our_entry(ctx: &Context, url: &Url) -> Result<Option<(Entries, i64)>, domain::Error> {
    let Some((kind, id)) = ctx.urls.parse_object(url) else {
        return Ok(None);
    };
    Ok(match kind {
        ObjectKind::Initiative => initiative::get_by_id(&ctx.db, id)
            .await?
            .filter(|i| i.origin.is_none())
            .map(|_| (Entries::Initiatives, id)),
        ObjectKind::Event => event::get_by_id(&ctx.db, id)
            .await?
            .filter(|e| e.origin.is_none())
            .map(|_| (Entries::Events, id)),
    })
}

/// Flag: stored as a report when it names our chapter, one of our entries or a comment stored
/// here; ignored otherwise. The first entry or comment named is the one the report is about.
pub(super) async fn flag(
    ctx: &Context,
    activity: &IncomingActivity,
    actor: &RemoteActor,
) -> Result<Accepted, Refusal> {
    let objects = named(&activity.object);
    if objects.is_empty() {
        return Err(Refusal::BadRequest(
            "a Flag names what it reports in its object".into(),
        ));
    }
    let unavailable = |e: domain::Error| Refusal::Unavailable(e.to_string());
    let mut ours = false;
    let (mut entry, mut comment_id) = (None, None);
    for url in &objects {
        if [LocalActor::Chapter, LocalActor::Application]
            .into_iter()
            .any(|a| ctx.urls.actor(a) == *url)
        {
            ours = true;
        } else if let Some(found) = our_entry(ctx, url).await.map_err(unavailable)? {
            (ours, entry) = (true, Some(found));
            break;
        } else if let Some((id, kind, entry_id)) =
            db::reports::comment_by_ap_id(&ctx.db, url.as_str())
                .await
                .map_err(internal)?
        {
            (ours, comment_id) = (true, Some(id));
            entry = entries_of(&kind).map(|e| (e, entry_id));
            break;
        }
    }
    if !ours {
        tracing::debug!(id = %activity.id, "Ignoring a Flag about nothing of ours");
        return Ok(Accepted::Ignored);
    }
    let content = activity.content.as_str().unwrap_or_default();
    let sender = Url::parse(&actor.row.ap_id)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| actor.row.ap_id.clone());
    let flag = Flag {
        ap_id: activity.id.to_string(),
        actor_id: actor.row.id,
        message: domain::text::html_to_text(content),
        entry,
        comment_id,
        objects: objects.iter().map(Url::to_string).collect(),
        sender,
    };
    match report::receive_flag(&ctx.db, flag)
        .await
        .map_err(unavailable)?
    {
        Some(_) => Ok(Accepted::Processed),
        None => Ok(Accepted::Duplicate),
    }
}

/// Resolves an open report by `action`, closing with it the other open reports the action
/// settles (those about the same entry or comment); logged as `report.<action>`. The caller
/// publishes what changed (an entry's `Delete`).
pub async fn resolve(
    fed: &Federation,
    by: Actor<'_>,
    id: i64,
    action: Action,
) -> Result<(), domain::Error> {
    let ctx = fed.context();
    let db = &ctx.db;
    let r = report::by_id(db, id).await?;
    if r.state != "open" {
        return Err(domain::Error::Conflict(format!(
            "report {id} is not open any more"
        )));
    }
    let names_no = |what: &str| {
        domain::Error::Conflict(format!("report {id} names no {what} that is still here"))
    };
    let blocked = |e: super::Error| match e {
        super::Error::Db(e) => domain::Error::Db(e),
        other => domain::Error::Conflict(other.to_string()),
    };
    let (resolution, also) = match action {
        Action::RemoveEntry => {
            let kind = r.entry_kind.as_deref().and_then(entries_of);
            let (Some(kind), Some(entry_id), Some(slug)) = (kind, r.entry_id, &r.entry_slug) else {
                return Err(names_no("entry"));
            };
            let also = db::reports::open_about_entry(db, kind.table(), entry_id).await?;
            let done = if r.entry_origin.is_some() {
                // Not ours to delete: its origin keeps it, we stop showing it.
                review::decide(db, kind, slug, review::Decision::Reject).await?;
                "hidden (mirrored)"
            } else {
                match kind {
                    Entries::Initiatives => initiative::delete(db, slug).await?,
                    Entries::Events => event::delete(db, slug).await?,
                }
                "deleted"
            };
            (format!("{}/{slug} {done}", kind.table()), also)
        }
        Action::RemoveComment => {
            let (Some(comment_id), Some(ap_id)) = (r.comment_id, &r.comment_ap_id) else {
                return Err(names_no("comment"));
            };
            let also = db::reports::open_about_comment(db, comment_id).await?;
            comment::delete(db, comment_id).await?;
            (format!("comment {ap_id} removed"), also)
        }
        Action::BlockActor => {
            let actor = report::reported_actor(&r).ok_or_else(|| names_no("remote actor"))?;
            let reason = format!("report {id}");
            blocks::block_actor(fed, actor, &reason)
                .await
                .map_err(blocked)?;
            (format!("actor {actor} blocked"), Vec::new())
        }
        Action::BlockDomain => {
            let actor = report::reported_actor(&r).ok_or_else(|| names_no("remote actor"))?;
            let domain = blocks::normalize(actor).map_err(domain::Error::Conflict)?;
            let reason = format!("report {id}");
            blocks::block(fed, actor, &reason).await.map_err(blocked)?;
            (format!("domain {domain} blocked"), Vec::new())
        }
        Action::Dismiss => ("dismissed".to_owned(), Vec::new()),
    };
    report::close(db, by, id, action, &resolution, &also).await
}
