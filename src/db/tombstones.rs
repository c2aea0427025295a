//! The `tombstones` table: what was deleted, so that its URL answers 410 Gone.

use chrono::{DateTime, Utc};

use super::{Db, DbError, Tx, on_db, on_tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TombstoneRow {
    pub kind: String,
    pub object_id: i64,
    pub slug: String,
    pub former_type: String,
    pub deleted_at: DateTime<Utc>,
    /// The entry it was merged into, whose address its own now redirects to.
    pub merged_into: Option<i64>,
}

pub async fn insert(tx: &mut Tx, t: &TombstoneRow) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO tombstones (kind, object_id, slug, former_type, deleted_at, merged_into) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (kind, object_id) DO NOTHING")
        .bind(&t.kind).bind(t.object_id).bind(&t.slug).bind(&t.former_type).bind(t.deleted_at)
        .bind(t.merged_into)
        .execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn by_id(db: &Db, kind: &str, object_id: i64) -> Result<Option<TombstoneRow>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT kind, object_id, slug, former_type, deleted_at, merged_into FROM tombstones WHERE kind = $1 AND object_id = $2")
        .bind(kind).bind(object_id).fetch_optional(pool).await)
}

/// The newest tombstone left by a slug (a slug may be reused by a later entry).
pub async fn by_slug(db: &Db, kind: &str, slug: &str) -> Result<Option<TombstoneRow>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT kind, object_id, slug, former_type, deleted_at, merged_into FROM tombstones WHERE kind = $1 AND slug = $2 \
         ORDER BY deleted_at DESC LIMIT 1")
        .bind(kind).bind(slug).fetch_optional(pool).await)
}
