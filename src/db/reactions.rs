//! The `reactions` table: favourites and boosts of our entries, one of each per actor, and the
//! counts of an entry's reactions and approved comments.

use chrono::{DateTime, Utc};

use super::origin::Entries;
use super::{Db, DbError, on_db, on_write};

/// Records a favourite or a boost; `false` when the actor had already made it.
pub async fn add(
    db: &Db,
    entries: Entries,
    entry_id: i64,
    actor_id: i64,
    kind: &str,
    ap_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    on_write!(db, conn => sqlx::query(
        "INSERT INTO reactions (entry_kind, entry_id, actor_id, kind, ap_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
        .bind(entries.table()).bind(entry_id).bind(actor_id).bind(kind).bind(ap_id).bind(now)
        .execute(conn).await.map(|r| r.rows_affected() > 0))
}

/// Undoes a reaction by its activity's id; `false` when this actor made none with that id.
pub async fn remove_by_ap_id(db: &Db, ap_id: &str, actor_id: i64) -> Result<bool, DbError> {
    on_write!(db, conn => sqlx::query("DELETE FROM reactions WHERE ap_id = $1 AND actor_id = $2")
        .bind(ap_id).bind(actor_id).execute(conn).await.map(|r| r.rows_affected() > 0))
}

/// Undoes the actor's reaction of `kind` to an entry (an Undo naming the entry, not the id).
pub async fn remove(
    db: &Db,
    entries: Entries,
    entry_id: i64,
    actor_id: i64,
    kind: &str,
) -> Result<bool, DbError> {
    on_write!(db, conn => sqlx::query(
        "DELETE FROM reactions WHERE entry_kind = $1 AND entry_id = $2 AND actor_id = $3 AND kind = $4")
        .bind(entries.table()).bind(entry_id).bind(actor_id).bind(kind)
        .execute(conn).await.map(|r| r.rows_affected() > 0))
}

/// An entry's favourites, boosts and approved public comments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct Counts {
    pub likes: i64,
    pub boosts: i64,
    pub replies: i64,
}

pub async fn counts(db: &Db, entries: Entries, entry_id: i64) -> Result<Counts, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT \
           (SELECT COUNT(*) FROM reactions WHERE entry_kind = $1 AND entry_id = $2 AND kind = 'like') AS likes, \
           (SELECT COUNT(*) FROM reactions WHERE entry_kind = $1 AND entry_id = $2 AND kind = 'boost') AS boosts, \
           (SELECT COUNT(*) FROM comments WHERE entry_kind = $1 AND entry_id = $2 AND state = 'approved' \
              AND visibility <> 'private') AS replies")
        .bind(entries.table()).bind(entry_id).fetch_one(pool).await)
}
