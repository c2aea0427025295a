//! The `audit_log` table: every admin action, with who and when.

use chrono::{DateTime, Utc};

use super::{Db, DbError, on_db, on_write};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub username: String,
    pub action: String,
    pub target: String,
    pub at: DateTime<Utc>,
}

pub async fn insert(
    db: &Db,
    user_id: Option<i64>,
    username: &str,
    action: &str,
    target: &str,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query(
        "INSERT INTO audit_log (user_id, username, action, target, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(user_id).bind(username).bind(action).bind(target).bind(now)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The newest entries first.
pub async fn recent(db: &Db, limit: i64, offset: i64) -> Result<Vec<AuditRow>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT username, action, target, at FROM audit_log ORDER BY id DESC LIMIT $1 OFFSET $2")
        .bind(limit).bind(offset).fetch_all(pool).await)
}
