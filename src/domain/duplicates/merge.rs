//! One of our initiatives merged into another: what hangs off it is carried over (the events
//! it organises, its pictures while the other has room, comments, favourites, boosts and
//! reports), then it is deleted, leaving an address that redirects to the other.

use crate::db::initiatives::InitiativeRow;
use crate::db::origin::Entries;
use crate::db::{self, Tx};
use crate::domain::origin::Review;
use crate::domain::{Error, Outgoing, Rules, initiative, now};

/// Merges `from` into `into` in `tx`. A mirrored entry changes only at its origin: refused.
pub(super) async fn merge(
    tx: &mut Tx,
    from: InitiativeRow,
    into: &InitiativeRow,
    rules: &Rules,
) -> Result<(), Error> {
    if from.origin.origin_id.is_some() {
        return Err(Error::Conflict(
            "a mirrored entry changes only at its origin: link it instead".into(),
        ));
    }
    let carried = db::carry::carry(tx, Entries::Initiatives, from.id, into.id).await?;
    // A mirrored entry's pictures are its origin's: ours stay with the one merged, and go.
    let ours = into.origin.origin_id.is_none();
    let pictures = if ours {
        pictures(tx, from.id, into.id, rules.pictures_per_entry).await?
    } else {
        0
    };
    tracing::info!(
        from = %from.slug, into = %into.slug, pictures, events = carried.events,
        comments = carried.comments, reactions = carried.reactions, reports = carried.reports,
        "Merged an initiative"
    );
    initiative::remove(tx, from, Some(into.id)).await?;
    if pictures > 0 && Review::parse(&into.origin.review) == Review::Published {
        Outgoing::InitiativeUpdated { id: into.id }
            .record(tx)
            .await?;
    }
    Ok(())
}

/// Gives `into` the pictures of `from` after its own, up to `room` in all; answers how many
/// it took. Those left over are detached with the entry merged, and swept.
async fn pictures(tx: &mut Tx, from: i64, into: i64, room: usize) -> Result<usize, Error> {
    let kept = db::media::of_entry_in(tx, Entries::Initiatives, into).await?;
    let taken: Vec<String> = db::media::of_entry_in(tx, Entries::Initiatives, from)
        .await?
        .into_iter()
        .map(|m| m.key)
        .take(room.saturating_sub(kept.len()))
        .collect();
    if taken.is_empty() {
        return Ok(0);
    }
    let keys: Vec<String> = kept
        .into_iter()
        .map(|m| m.key)
        .chain(taken.iter().cloned())
        .collect();
    db::media::attach(tx, Entries::Initiatives, into, &keys, now()).await?;
    Ok(taken.len())
}
