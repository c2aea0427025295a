//! The `followers` table: remote actors following one of our actors.

use chrono::{DateTime, Utc};

use super::{Db, DbError, on_db, on_write};

/// Where to deliver to one follower.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FollowerInbox {
    pub inbox: String,
    pub shared_inbox: Option<String>,
}

/// Records a follow; a repeated Follow keeps the first row but remembers the newest id.
pub async fn add(
    db: &Db,
    local: &str,
    actor_id: i64,
    follow_ap_id: &str,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query(
        "INSERT INTO followers (local_actor, actor_id, follow_ap_id, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (local_actor, actor_id) DO UPDATE SET follow_ap_id = excluded.follow_ap_id")
        .bind(local).bind(actor_id).bind(follow_ap_id).bind(now)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Removes a follow; `false` when there was none.
pub async fn remove(db: &Db, local: &str, actor_id: i64) -> Result<bool, DbError> {
    let n = on_write!(db, pool => sqlx::query("DELETE FROM followers WHERE local_actor = $1 AND actor_id = $2")
        .bind(local).bind(actor_id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

pub async fn count(db: &Db, local: &str) -> Result<i64, DbError> {
    on_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM followers WHERE local_actor = $1")
        .bind(local).fetch_one(pool).await)
}

/// The inboxes of every follower of `local`.
pub async fn inboxes(db: &Db, local: &str) -> Result<Vec<FollowerInbox>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT a.inbox, a.shared_inbox FROM followers f JOIN remote_actors a ON a.id = f.actor_id \
         WHERE f.local_actor = $1")
        .bind(local).fetch_all(pool).await)
}

/// The id of the Follow that made `actor_id` a follower of `local`.
pub async fn follow_id(db: &Db, local: &str, actor_id: i64) -> Result<Option<String>, DbError> {
    on_db!(db, pool => sqlx::query_scalar(
        "SELECT follow_ap_id FROM followers WHERE local_actor = $1 AND actor_id = $2")
        .bind(local).bind(actor_id).fetch_optional(pool).await)
}

/// The actors following `local`.
pub async fn actors(
    db: &Db,
    local: &str,
) -> Result<Vec<super::remote_actors::RemoteActorRow>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT a.id, a.ap_id, a.kind, a.username, a.name, a.inbox, a.shared_inbox, a.outbox, \
         a.public_key_id, a.public_key_pem, a.fetched_at FROM followers f \
         JOIN remote_actors a ON a.id = f.actor_id WHERE f.local_actor = $1 ORDER BY a.ap_id")
        .bind(local).fetch_all(pool).await)
}
