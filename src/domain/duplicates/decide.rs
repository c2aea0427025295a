//! What an admin decides of two entries: the same (linked: one card with both origins, the
//! other listed under it), one merged into the other (ours only; its address redirects), or
//! different (never proposed again). A link is ours alone: nothing is sent to a mirrored
//! entry's origin; our own entry announces its new `sameAs`.

use super::{DIFFERENT, SAME};
use crate::db::duplicates::{self as pairs, Found};
use crate::db::initiatives::InitiativeRow;
use crate::db::origin::{self, Entries};
use crate::db::{self, Db, Tx};
use crate::domain::origin::Review;
use crate::domain::{Error, Outgoing, Rules, now};

/// What an admin decides of two entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// One entry listed twice: shown as one, with both origins.
    Same,
    /// The first merged into the second.
    Merge,
    Different,
}

impl Decision {
    pub fn parse(value: &str) -> Result<Decision, String> {
        match value.trim() {
            "same" => Ok(Decision::Same),
            "merge" => Ok(Decision::Merge),
            "different" => Ok(Decision::Different),
            other => Err(format!("{other:?} is not one of same, merge, different")),
        }
    }
}

/// Decides of the initiatives `slug` and `other`; for a merge, `slug` goes into `other`.
/// Answers the slug of the entry that stays shown (`other` after a merge).
pub async fn decide(
    db: &Db,
    slug: &str,
    other: &str,
    decision: Decision,
    rules: &Rules,
) -> Result<String, Error> {
    if slug == other {
        return Err(Error::Conflict(
            "an entry is not a duplicate of itself".into(),
        ));
    }
    let mut tx = db.begin().await?;
    let a = row(&mut tx, slug).await?;
    let b = row(&mut tx, other).await?;
    let pair = found(&mut tx, a.id, b.id).await?;
    let shown = match decision {
        Decision::Different => {
            pairs::decide(&mut tx, pair, DIFFERENT, now()).await?;
            // A link taken back: both are listed again.
            for r in [&a, &b] {
                if Review::parse(&r.origin.review) == Review::Linked {
                    origin::set_review(&mut tx, Entries::Initiatives, r.id, "published").await?;
                }
            }
            a.slug.clone()
        }
        Decision::Same => link(&mut tx, &a, &b, pair).await?,
        Decision::Merge => {
            super::merge::merge(&mut tx, a, &b, rules).await?;
            b.slug.clone()
        }
    };
    tx.commit().await?;
    Ok(shown)
}

async fn row(tx: &mut Tx, slug: &str) -> Result<InitiativeRow, Error> {
    db::initiatives::by_slug_in(tx, slug)
        .await?
        .ok_or(Error::NotFound("initiative"))
}

/// The pair as found, or as the admin sees it when it was not (score and distance unknown).
async fn found(tx: &mut Tx, a: i64, b: i64) -> Result<Found, Error> {
    let known = pairs::between(tx, a, b).await?;
    Ok(Found {
        a,
        b,
        score: known.as_ref().map_or(0.0, |p| p.score),
        distance_m: known.and_then(|p| p.distance_m),
    })
}

/// Links two entries: ours is the one shown (two of ours are merged, not linked), else the
/// older; the other is listed under it. Our own shown entry is announced again (`sameAs`).
async fn link(
    tx: &mut Tx,
    a: &InitiativeRow,
    b: &InitiativeRow,
    pair: Found,
) -> Result<String, Error> {
    let ours = |r: &InitiativeRow| r.origin.origin_id.is_none();
    let (shown, listed) = match (ours(a), ours(b)) {
        (true, true) => {
            return Err(Error::Conflict(
                "both are the chapter's own: merge one into the other".into(),
            ));
        }
        (true, false) => (a, b),
        (false, true) => (b, a),
        (false, false) if a.id < b.id => (a, b),
        (false, false) => (b, a),
    };
    pairs::decide(tx, pair, SAME, now()).await?;
    origin::set_review(tx, Entries::Initiatives, listed.id, Review::Linked.as_str()).await?;
    if ours(shown) && Review::parse(&shown.origin.review) == Review::Published {
        Outgoing::InitiativeUpdated { id: shown.id }
            .record(tx)
            .await?;
    }
    Ok(shown.slug.clone())
}
