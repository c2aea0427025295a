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
    // One favourite and one boost per actor and entry: someone who favourited both keeps one.
    let reactions = on_tx!(tx, conn => sqlx::query(
        "INSERT INTO reactions (entry_kind, entry_id, actor_id, kind, ap_id, created_at) \
         SELECT entry_kind, $1, actor_id, kind, ap_id || '#merged', created_at FROM reactions \
         WHERE entry_kind = $2 AND entry_id = $3 ON CONFLICT DO NOTHING")
        .bind(to).bind(kind).bind(from)
        .execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    // The originals go, and the copies take back their activities' ids (an Undo names them).
    on_tx!(tx, conn => sqlx::query(
        "DELETE FROM reactions WHERE entry_kind = $1 AND entry_id = $2")
        .bind(kind).bind(from).execute(&mut *conn).await.map(drop))?;
    on_tx!(tx, conn => sqlx::query(
        "UPDATE reactions SET ap_id = substr(ap_id, 1, length(ap_id) - 7) \
         WHERE entry_kind = $1 AND entry_id = $2 AND ap_id LIKE '%#merged'")
        .bind(kind).bind(to).execute(&mut *conn).await.map(drop))?;
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
