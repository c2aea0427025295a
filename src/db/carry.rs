//! What hangs off an entry, carried over to another when an admin merges the first into the
//! second: the events it organises, what the fediverse said under it (comments, favourites,
//! boosts) and the reports about it. Pictures are carried by [`super::media::attach`].

use super::origin::Entries;
use super::{DbError, Tx, on_tx};

/// What was carried over, for the admin's log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Carried {
    pub events: u64,
    pub comments: u64,
    pub reactions: u64,
    pub reports: u64,
}

/// Carries what hangs off the entry `from` over to `to`, both of the kind `entries`.
pub async fn carry(tx: &mut Tx, entries: Entries, from: i64, to: i64) -> Result<Carried, DbError> {
    let events = match entries {
        Entries::Initiatives => {
            update(
                tx,
                "UPDATE events SET initiative_id = $1 WHERE initiative_id = $2",
                to,
                from,
            )
            .await?
        }
        Entries::Events => 0,
    };
    let kind = entries.table();
    let comments = on_tx!(tx, conn => sqlx::query(
        "UPDATE comments SET entry_id = $1 WHERE entry_kind = $2 AND entry_id = $3")
        .bind(to).bind(kind).bind(from)
        .execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    // One favourite and one boost per actor and entry: someone who favourited both keeps the
    // other's, and this one's goes.
    let reactions = on_tx!(tx, conn => sqlx::query(
        "UPDATE reactions SET entry_id = $1 WHERE entry_kind = $2 AND entry_id = $3 \
         AND NOT EXISTS (SELECT 1 FROM reactions r WHERE r.entry_kind = $2 AND r.entry_id = $1 \
         AND r.kind = reactions.kind AND r.actor_id = reactions.actor_id)")
        .bind(to).bind(kind).bind(from)
        .execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    on_tx!(tx, conn => sqlx::query(
        "DELETE FROM reactions WHERE entry_kind = $1 AND entry_id = $2")
        .bind(kind).bind(from).execute(&mut *conn).await.map(drop))?;
    let reports = on_tx!(tx, conn => sqlx::query(
        "UPDATE reports SET entry_id = $1 WHERE entry_kind = $2 AND entry_id = $3")
        .bind(to).bind(kind).bind(from)
        .execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(Carried {
        events,
        comments,
        reactions,
        reports,
    })
}

async fn update(tx: &mut Tx, sql: &str, to: i64, from: i64) -> Result<u64, DbError> {
    on_tx!(tx, conn => sqlx::query(sql).bind(to).bind(from)
        .execute(&mut *conn).await.map(|r| r.rows_affected()))
}
