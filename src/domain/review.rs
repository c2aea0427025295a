//! The review queue: entries held for an admin's decision. Network entries arrive there from
//! `review` follows; public suggestions from the website's suggestion form.

use serde::Serialize;

use super::event::Event;
use super::initiative::Initiative;
use super::origin::Review;
use super::{Error, entry};
use crate::db::origin::{Entries, OriginFilter};
use crate::db::{self, Db};

/// What an admin decides about an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
}

impl Decision {
    pub fn parse(value: &str) -> Result<Decision, String> {
        match value.trim() {
            "approve" => Ok(Decision::Approve),
            "reject" => Ok(Decision::Reject),
            other => Err(format!("{other:?} is neither approve nor reject")),
        }
    }
}

/// What became of a decided entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// In the directory (and, for our own, announced to followers).
    Published,
    /// A mirrored entry kept hidden (a later decision can publish it).
    Rejected,
    /// A suggestion thrown away.
    Deleted,
}

/// The oldest `limit` entries of each kind waiting for review.
pub async fn queue(db: &Db, limit: i64) -> Result<(Vec<Initiative>, Vec<Event>), Error> {
    let pending = Some(Review::Pending.as_str().to_owned());
    let filter = db::initiatives::Filter {
        origin: OriginFilter::All,
        review: pending.clone(),
        limit,
        ..Default::default()
    };
    let (rows, _) = db::initiatives::list(db, &filter).await?;
    let mut initiatives: Vec<Initiative> = rows.into_iter().map(Initiative::from_row).collect();
    super::pictures::load(db, &mut initiatives).await?;
    let filter = db::events::Filter {
        origin: OriginFilter::All,
        review: pending,
        limit,
        ..Default::default()
    };
    let (rows, _) = db::events::list(db, &filter).await?;
    let mut events: Vec<Event> = rows.into_iter().map(Event::from_row).collect();
    super::pictures::load(db, &mut events).await?;
    Ok((initiatives, events))
}

/// How many entries wait.
pub async fn waiting(db: &Db) -> Result<i64, Error> {
    Ok(db::origin::pending(db).await?)
}

/// Decides about an entry. A mirrored entry may be decided again at any time; a suggestion
/// only while it waits: approved, it is published like any of ours; rejected, it is deleted.
pub async fn decide(
    db: &Db,
    entries: Entries,
    slug: &str,
    decision: Decision,
) -> Result<Outcome, Error> {
    let not_found = Error::NotFound(match entries {
        Entries::Initiatives => "initiative",
        Entries::Events => "event",
    });
    let mut tx = db.begin().await?;
    let found = match entries {
        Entries::Initiatives => db::initiatives::by_slug_in(&mut tx, slug)
            .await?
            .map(|r| (r.id, r.origin)),
        Entries::Events => db::events::by_slug_in(&mut tx, slug)
            .await?
            .map(|r| (r.id, r.origin)),
    };
    let Some((id, origin)) = found else {
        return Err(not_found);
    };
    let mirrored = origin.origin_id.is_some();
    let waiting = Review::parse(&origin.review) == Review::Pending;
    let outcome = match (mirrored, decision) {
        (false, _) if !waiting => return Err(not_found),
        (_, Decision::Approve) => {
            db::origin::set_review(&mut tx, entries, id, Review::Published.as_str()).await?;
            if !mirrored {
                db::origin::published_now(&mut tx, entries, id, super::now()).await?;
                entry::publish_or_hold(&mut tx, entries, id, "", Review::Published).await?;
            }
            Outcome::Published
        }
        (true, Decision::Reject) => {
            db::origin::set_review(&mut tx, entries, id, Review::Rejected.as_str()).await?;
            Outcome::Rejected
        }
        (false, Decision::Reject) => {
            match entries {
                Entries::Initiatives => db::initiatives::delete(&mut tx, id).await?,
                Entries::Events => db::events::delete(&mut tx, id).await?,
            }
            Outcome::Deleted
        }
    };
    tx.commit().await?;
    Ok(outcome)
}
