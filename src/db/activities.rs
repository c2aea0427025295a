//! The `activities` table: what we published, in order (the outbox).

use chrono::{DateTime, Utc};

use super::{Db, DbError, Tx, on_db, on_tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActivityRow {
    pub id: i64,
    pub ap_id: String,
    pub kind: String,
    pub payload: String,
    pub created_at: DateTime<Utc>,
}

pub struct NewActivity<'a> {
    pub ap_id: &'a str,
    pub local_actor: &'a str,
    pub kind: &'a str,
    pub payload: &'a str,
    pub public: bool,
}

pub async fn insert(tx: &mut Tx, a: &NewActivity<'_>, now: DateTime<Utc>) -> Result<i64, DbError> {
    on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO activities (ap_id, local_actor, kind, payload, public, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(a.ap_id).bind(a.local_actor).bind(a.kind).bind(a.payload).bind(a.public).bind(now)
        .fetch_one(&mut *conn).await)
}

pub async fn by_ap_id(db: &Db, ap_id: &str) -> Result<Option<ActivityRow>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT id, ap_id, kind, payload, created_at FROM activities WHERE ap_id = $1")
        .bind(ap_id).fetch_optional(pool).await)
}

/// Public activities of `local`, newest first.
pub async fn outbox_page(
    db: &Db,
    local: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<ActivityRow>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT id, ap_id, kind, payload, created_at FROM activities \
         WHERE local_actor = $1 AND public = $2 ORDER BY id DESC LIMIT $3 OFFSET $4")
        .bind(local).bind(true).bind(limit).bind(offset).fetch_all(pool).await)
}

pub async fn outbox_count(db: &Db, local: &str) -> Result<i64, DbError> {
    on_db!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM activities WHERE local_actor = $1 AND public = $2")
        .bind(local).bind(true).fetch_one(pool).await)
}
