//! What initiatives and events share as entries: choosing and renaming slugs, tombstones,
//! and the rule that mirrored entries change only at their origin.

use super::origin::{Origin, Review};
use super::text;
use super::{Error, Outgoing, notice};
use crate::db::origin::Entries;
use crate::db::slugs::{self, Table};
use crate::db::tombstones::TombstoneRow;
use crate::db::{self, Tx};

/// The slug of a new entry: the one asked for (409 when taken), or a free one made from its name.
pub async fn choose_slug(
    tx: &mut Tx,
    table: Table,
    explicit: Option<String>,
    name: &str,
) -> Result<String, Error> {
    match explicit {
        Some(slug) if slugs::taken(tx, table, &slug).await? => Err(taken(&slug)),
        Some(slug) => Ok(slug),
        None => Ok(slugs::free(tx, table, &text::slugify(name)).await?),
    }
}

/// The slug after an edit: unchanged, or the new one when it is free (409 otherwise).
pub async fn rename(
    tx: &mut Tx,
    table: Table,
    current: &str,
    new: Option<String>,
) -> Result<String, Error> {
    match new {
        Some(slug) if slug != current && slugs::taken(tx, table, &slug).await? => Err(taken(&slug)),
        Some(slug) => Ok(slug),
        None => Ok(current.to_owned()),
    }
}

fn taken(slug: &str) -> Error {
    Error::Conflict(format!("the slug {slug:?} is already taken"))
}

/// Remembers a deleted entry, so that its URLs answer 410 Gone.
pub async fn leave_tombstone(
    tx: &mut Tx,
    kind: &str,
    id: i64,
    slug: &str,
    former_type: &str,
) -> Result<(), Error> {
    leave_tombstone_to(tx, (kind, id, slug, former_type), None).await
}

/// Like [`leave_tombstone`], for an entry merged into the one of id `merged_into`: its page
/// then redirects there.
pub async fn leave_tombstone_to(
    tx: &mut Tx,
    (kind, id, slug, former_type): (&str, i64, &str, &str),
    merged_into: Option<i64>,
) -> Result<(), Error> {
    let tombstone = TombstoneRow {
        kind: kind.to_owned(),
        object_id: id,
        slug: slug.to_owned(),
        former_type: former_type.to_owned(),
        deleted_at: super::now(),
        merged_into,
    };
    db::tombstones::insert(tx, &tombstone).await?;
    Ok(())
}

/// Announces one of our entries to followers, or holds it for review (`Review::Pending`)
/// without a word outside, telling the admins that `name` waits for them.
pub async fn publish_or_hold(
    tx: &mut Tx,
    entries: Entries,
    id: i64,
    name: &str,
    review: Review,
) -> Result<(), Error> {
    match (review, entries) {
        (Review::Published, Entries::Initiatives) => {
            Outgoing::InitiativePublished { id }.record(tx).await?
        }
        (Review::Published, Entries::Events) => Outgoing::EventPublished { id }.record(tx).await?,
        (held, _) => {
            db::origin::set_review(tx, entries, id, held.as_str()).await?;
            let cause = format!("suggestion:{}:{id}", entries.table());
            notice::record(tx, notice::Kind::Suggestion, "/admin/review", name, &cause).await?;
        }
    }
    Ok(())
}

/// Mirrored entries change only at their origin.
pub fn refuse_mirrored(origin: Option<&Origin>) -> Result<(), Error> {
    match origin {
        Some(o) => Err(Error::Conflict(format!(
            "this entry is mirrored from {}: it changes only there (review it instead)",
            o.domain()
        ))),
        None => Ok(()),
    }
}

/// Maps a unique violation (a concurrent writer took the slug) to a conflict.
pub fn slug_conflict(slug: &str) -> impl FnOnce(sqlx::Error) -> Error + '_ {
    move |e| {
        if db::is_unique_violation(&e) {
            Error::Conflict(format!("the slug {slug:?} is already taken"))
        } else {
            Error::Db(e)
        }
    }
}
