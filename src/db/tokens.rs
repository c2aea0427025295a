//! The `admin_tokens` table: hashed API tokens for the chapter's admins.

use chrono::{DateTime, Utc};

use super::{Db, DbError, on_db, on_write};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

pub async fn insert(db: &Db, name: &str, hash: &str, now: DateTime<Utc>) -> Result<i64, DbError> {
    on_write!(db, pool => sqlx::query_scalar(
        "INSERT INTO admin_tokens (name, token_hash, created_at) VALUES ($1, $2, $3) RETURNING id")
        .bind(name).bind(hash).bind(now).fetch_one(pool).await)
}

/// The live token with this hash (its id and name), marking it used. Its last use is written
/// at most once a minute: a burst of API calls then costs no write each.
pub async fn use_hash(
    db: &Db,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(i64, String)>, DbError> {
    let found: Option<(i64, String, Option<DateTime<Utc>>)> = on_db!(db, pool => sqlx::query_as(
        "SELECT id, name, last_used_at FROM admin_tokens WHERE token_hash = $1 AND revoked_at IS NULL")
        .bind(hash).fetch_optional(pool).await)?;
    let Some((id, name, last_used)) = found else {
        return Ok(None);
    };
    if last_used.is_none_or(|at| now - at >= chrono::Duration::minutes(1)) {
        on_write!(db, conn => sqlx::query("UPDATE admin_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(now).bind(id).execute(conn).await.map(drop))?;
    }
    Ok(Some((id, name)))
}

/// Revokes a token; `false` when there is no live token with that id.
pub async fn revoke(db: &Db, id: i64, now: DateTime<Utc>) -> Result<bool, DbError> {
    let done = on_write!(db, pool => sqlx::query(
        "UPDATE admin_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now).bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

pub async fn list(db: &Db) -> Result<Vec<TokenRow>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT id, name, created_at, last_used_at, revoked_at FROM admin_tokens ORDER BY id")
        .fetch_all(pool).await)
}

/// Whether any token was ever created (the first start creates one).
pub async fn any(db: &Db) -> Result<bool, DbError> {
    let n: i64 = on_db!(db, pool =>
        sqlx::query_scalar("SELECT COUNT(*) FROM admin_tokens").fetch_one(pool).await)?;
    Ok(n > 0)
}
