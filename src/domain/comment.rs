//! Conversations: replies from the fediverse to our entries become their comments (held for
//! review, shown at once, or dropped, as `conversation.replies` says), and favourites and boosts
//! are counted, one of each per actor.

use chrono::{DateTime, Duration, Utc};

use super::audit::{self, Actor};
use super::{Error, notice, text};
use crate::config::{ConversationSettings, Replies};
use crate::db::comments::{CommentRow, NewComment};
use crate::db::origin::Entries;
use crate::db::reactions::Counts;
use crate::db::{self, Db};

/// Replies to replies are kept down to this depth.
pub const MAX_DEPTH: i32 = 50;
/// Comments shown on an entry's page, and in the API, per page.
pub const PER_PAGE: i64 = 20;

/// Who may see a reply, from its addressing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Addressed to the public.
    Public,
    /// The public in copy (Mastodon's "quiet public").
    Unlisted,
    /// Followers only, or the chapter alone: never shown publicly.
    Private,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Unlisted => "unlisted",
            Visibility::Private => "private",
        }
    }
}

/// A reply as received, its author verified.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The entry it answers; `None` for a post that mentions the chapter (it waits for the
    /// admins, who may answer it from their own account, and is never shown on a page).
    pub about: Option<(Entries, i64)>,
    pub ap_id: String,
    pub actor_id: i64,
    pub in_reply_to: String,
    pub depth: i32,
    /// As sent: cleaned here.
    pub html: String,
    pub url: Option<String>,
    pub language: Option<String>,
    pub visibility: Visibility,
    pub published: DateTime<Utc>,
}

/// Stores a reply as a comment: approved or pending as the settings say (a private one, or one
/// past the actor's hourly allowance, always waits); `None` when replies are off or the reply
/// was already stored.
pub async fn receive(
    db: &Db,
    reply: Reply,
    settings: &ConversationSettings,
) -> Result<Option<i64>, Error> {
    if settings.replies == Replies::Off {
        return Ok(None);
    }
    let now = super::now();
    let mut tx = db.begin().await?;
    let recent =
        db::comments::recent_by_actor(&mut tx, reply.actor_id, now - Duration::hours(1)).await?;
    let flood = recent >= i64::from(settings.max_replies_per_hour);
    let held = settings.replies == Replies::Review
        || reply.visibility == Visibility::Private
        || reply.about.is_none()
        || flood;
    let comment = NewComment {
        about: reply.about,
        ap_id: reply.ap_id,
        actor_id: reply.actor_id,
        in_reply_to: reply.in_reply_to,
        depth: reply.depth,
        content: text::sanitize_remote_html(&reply.html),
        url: reply.url,
        language: reply.language,
        visibility: reply.visibility.as_str().to_owned(),
        state: if held { "pending" } else { "approved" }.to_owned(),
        published: reply.published.min(now),
    };
    let Some(id) = db::comments::insert(&mut tx, &comment, now).await? else {
        return Ok(None);
    };
    if held {
        let label = text::html_to_text(&comment.content);
        let label: String = label.chars().take(80).collect();
        notice::record(
            &mut tx,
            notice::Kind::Comment,
            "/admin/comments",
            &label,
            &format!("comment:{id}"),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Some(id))
}

/// Its author changed it (only its author can).
pub async fn edit(db: &Db, ap_id: &str, actor_id: i64, html: &str) -> Result<bool, Error> {
    let content = text::sanitize_remote_html(html);
    Ok(db::comments::edit(db, ap_id, actor_id, &content, super::now()).await?)
}

/// Its author deleted it (only its author can).
pub async fn delete_by_author(db: &Db, ap_id: &str, actor_id: i64) -> Result<bool, Error> {
    Ok(db::comments::delete_by_author(db, ap_id, actor_id).await?)
}

/// A stored comment, if any.
pub async fn by_ap_id(db: &Db, ap_id: &str) -> Result<Option<CommentRow>, Error> {
    Ok(db::comments::by_ap_id(db, ap_id).await?)
}

pub async fn by_id(db: &Db, id: i64) -> Result<CommentRow, Error> {
    db::comments::by_id(db, id)
        .await?
        .ok_or(Error::NotFound("comment"))
}

/// What a moderator decides about a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Hide,
    Delete,
}

/// Applies a moderator's decision, written to the activity log. A private reply cannot be
/// approved: it was never meant for the public.
pub async fn decide(db: &Db, by: Actor<'_>, id: i64, decision: Decision) -> Result<(), Error> {
    let comment = by_id(db, id).await?;
    if decision == Decision::Approve && comment.visibility == Visibility::Private.as_str() {
        return Err(Error::Conflict(
            "a reply addressed only to the chapter cannot be shown publicly".into(),
        ));
    }
    if decision == Decision::Approve && comment.entry_kind == "chapter" {
        return Err(Error::Conflict(
            "a post mentioning the chapter is answered from an account, not shown on a page".into(),
        ));
    }
    let mut tx = db.begin().await?;
    let (done, action) = match decision {
        Decision::Approve => (
            db::comments::set_state(&mut tx, id, "approved").await?,
            "comment.approve",
        ),
        Decision::Hide => (
            db::comments::set_state(&mut tx, id, "hidden").await?,
            "comment.hide",
        ),
        Decision::Delete => (db::comments::delete(&mut tx, id).await?, "comment.delete"),
    };
    if !done {
        return Err(Error::NotFound("comment"));
    }
    tx.commit().await?;
    audit::record(db, by, action, &comment.ap_id).await?;
    Ok(())
}

/// Removes a comment (a report about it was upheld).
pub async fn delete(db: &Db, id: i64) -> Result<(), Error> {
    let mut tx = db.begin().await?;
    if !db::comments::delete(&mut tx, id).await? {
        return Err(Error::NotFound("comment"));
    }
    tx.commit().await?;
    Ok(())
}

/// An entry's comments as shown, page `page` (from 1).
pub async fn shown(
    db: &Db,
    entries: Entries,
    entry_id: i64,
    page: i64,
) -> Result<Vec<CommentRow>, Error> {
    let offset = (page.max(1) - 1) * PER_PAGE;
    Ok(db::comments::shown(db, entries, entry_id, PER_PAGE, offset).await?)
}

/// The comments waiting for a moderator (or hidden, or approved), the latest first.
pub async fn in_state(db: &Db, state: &str, limit: i64) -> Result<Vec<CommentRow>, Error> {
    Ok(db::comments::in_state(db, state, limit).await?)
}

pub async fn waiting(db: &Db) -> Result<i64, Error> {
    Ok(db::comments::count_in_state(db, "pending").await?)
}

/// A favourite (`like`) or a boost (`boost`) of one of our entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reaction {
    Like,
    Boost,
}

impl Reaction {
    pub fn as_str(self) -> &'static str {
        match self {
            Reaction::Like => "like",
            Reaction::Boost => "boost",
        }
    }
}

/// Counts a reaction, once per actor; `false` when it was already counted.
pub async fn react(
    db: &Db,
    entries: Entries,
    entry_id: i64,
    actor_id: i64,
    reaction: Reaction,
    ap_id: &str,
) -> Result<bool, Error> {
    let now = super::now();
    Ok(db::reactions::add(
        db,
        entries,
        entry_id,
        actor_id,
        reaction.as_str(),
        ap_id,
        now,
    )
    .await?)
}

/// Undoes a reaction, named by its activity's id or by its entry.
pub async fn unreact(
    db: &Db,
    ap_id: Option<&str>,
    entry: Option<(Entries, i64)>,
    actor_id: i64,
    reaction: Reaction,
) -> Result<bool, Error> {
    if let Some(ap_id) = ap_id
        && db::reactions::remove_by_ap_id(db, ap_id, actor_id).await?
    {
        return Ok(true);
    }
    match entry {
        Some((entries, id)) => {
            Ok(db::reactions::remove(db, entries, id, actor_id, reaction.as_str()).await?)
        }
        None => Ok(false),
    }
}

/// An entry's favourites, boosts and shown comments.
pub async fn counts(db: &Db, entries: Entries, entry_id: i64) -> Result<Counts, Error> {
    Ok(db::reactions::counts(db, entries, entry_id).await?)
}
