//! The `sessions` table: who is signed in to the web admin, by the hash of their cookie.

use chrono::{DateTime, Utc};

use super::{Db, DbError, on_db, on_write};

/// A live session and its user.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub user_id: i64,
    pub username: String,
    pub role: String,
    pub csrf: String,
    pub seen_at: DateTime<Utc>,
}

pub async fn insert(
    db: &Db,
    id_hash: &str,
    user_id: i64,
    csrf: &str,
    user_agent: &str,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, csrf, created_at, seen_at, user_agent) \
         VALUES ($1, $2, $3, $4, $4, $5)")
        .bind(id_hash).bind(user_id).bind(csrf).bind(now).bind(user_agent)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The session with this hash, if it was seen after `since`.
pub async fn live(
    db: &Db,
    id_hash: &str,
    since: DateTime<Utc>,
) -> Result<Option<SessionRow>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT s.user_id, u.username, u.role, s.csrf, s.seen_at FROM sessions s \
         JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1 AND s.seen_at > $2")
        .bind(id_hash).bind(since).fetch_optional(pool).await)
}

pub async fn touch(db: &Db, id_hash: &str, now: DateTime<Utc>) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query("UPDATE sessions SET seen_at = $1 WHERE id_hash = $2")
        .bind(now).bind(id_hash).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn delete(db: &Db, id_hash: &str) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Ends every session of a user but `keep` (when given); returns how many ended.
pub async fn delete_for_user(db: &Db, user_id: i64, keep: Option<&str>) -> Result<u64, DbError> {
    on_write!(db, pool => sqlx::query(
        "DELETE FROM sessions WHERE user_id = $1 AND id_hash <> COALESCE($2, '')")
        .bind(user_id).bind(keep).execute(pool).await.map(|r| r.rows_affected()))
}

/// Forgets sessions idle since before `before`.
pub async fn delete_idle(db: &Db, before: DateTime<Utc>) -> Result<u64, DbError> {
    on_write!(db, pool => sqlx::query("DELETE FROM sessions WHERE seen_at <= $1")
        .bind(before).execute(pool).await.map(|r| r.rows_affected()))
}
