//! The `mail_links` table: secrets of the links we send by e-mail, stored hashed.

use chrono::{DateTime, Utc};

use super::{Db, DbError, Tx, on_db, on_tx, on_write};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinkRow {
    pub purpose: String,
    pub subject_id: i64,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

pub async fn insert(
    db: &Db,
    hash: &str,
    purpose: &str,
    subject_id: i64,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query(
        "INSERT INTO mail_links (token_hash, purpose, subject_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(hash).bind(purpose).bind(subject_id).bind(now).bind(expires_at).execute(pool).await.map(drop))
}

pub async fn find(db: &Db, hash: &str) -> Result<Option<LinkRow>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT purpose, subject_id, expires_at, used_at FROM mail_links WHERE token_hash = $1")
        .bind(hash).fetch_optional(pool).await)
}

/// Marks a link used; `false` when it already was (the other of two clicks at once).
pub async fn use_once(tx: &mut Tx, hash: &str, now: DateTime<Utc>) -> Result<bool, DbError> {
    let done = on_tx!(tx, conn => sqlx::query(
        "UPDATE mail_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
        .bind(now).bind(hash).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Forgets links expired before `before`.
pub async fn sweep(db: &Db, before: DateTime<Utc>) -> Result<u64, DbError> {
    on_write!(db, pool => sqlx::query("DELETE FROM mail_links WHERE expires_at < $1")
        .bind(before).execute(pool).await.map(|r| r.rows_affected()))
}
