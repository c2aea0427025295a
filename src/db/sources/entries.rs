//! The `source_entries` table: which initiative a source's id is, what the source last said of
//! it (a digest), the fields an admin edited here since, and when it left the source.

use chrono::{DateTime, Utc};

use super::super::{Db, DbError, Tx, on_db, on_tx};

/// One entry a source brought.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinkRow {
    pub source_key: String,
    pub initiative_id: i64,
    pub digest: String,
    /// A JSON array of field names.
    pub edited: String,
    pub left_at: Option<DateTime<Utc>>,
}

/// Every entry a source brought, in one read.
pub async fn of_source(tx: &mut Tx, source: i64) -> Result<Vec<LinkRow>, DbError> {
    on_tx!(tx, conn => sqlx::query_as(
        "SELECT source_key, initiative_id, digest, edited, left_at FROM source_entries \
         WHERE source_id = $1")
        .bind(source).fetch_all(&mut *conn).await)
}

/// Records that the source's `key` is the initiative `id`.
pub async fn insert(
    tx: &mut Tx,
    source: i64,
    key: &str,
    id: i64,
    digest: &str,
) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO source_entries (source_id, source_key, initiative_id, digest) \
         VALUES ($1, $2, $3, $4)")
        .bind(source).bind(key).bind(id).bind(digest).execute(&mut *conn).await.map(|_| ()))
}

/// What the source now says of `key` (its digest), and whether it left (`left_at`).
pub async fn set(
    tx: &mut Tx,
    source: i64,
    key: &str,
    digest: &str,
    left_at: Option<DateTime<Utc>>,
) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE source_entries SET digest = $1, left_at = $2 WHERE source_id = $3 AND source_key = $4")
        .bind(digest).bind(left_at).bind(source).bind(key).execute(&mut *conn).await.map(|_| ()))
}

/// The fields edited here of an initiative a source brought (`None`: no source brought it).
pub async fn edited_in(tx: &mut Tx, id: i64) -> Result<Option<String>, DbError> {
    on_tx!(tx, conn => sqlx::query_scalar(
        "SELECT edited FROM source_entries WHERE initiative_id = $1")
        .bind(id).fetch_optional(&mut *conn).await)
}

/// Sets the fields edited here (a JSON array).
pub async fn set_edited(tx: &mut Tx, id: i64, edited: &str) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query("UPDATE source_entries SET edited = $1 WHERE initiative_id = $2")
        .bind(edited).bind(id).execute(&mut *conn).await.map(|_| ()))
}

/// Where an initiative came from, for its page: the source's id, name, licence and link, and
/// when it left the source.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttributionRow {
    pub source_id: i64,
    pub name: String,
    pub licence: Option<String>,
    pub link: Option<String>,
    pub left_at: Option<DateTime<Utc>>,
}

pub async fn attribution(db: &Db, id: i64) -> Result<Option<AttributionRow>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT s.id AS source_id, s.name, s.licence, s.link, e.left_at FROM source_entries e \
         JOIN sources s ON s.id = e.source_id WHERE e.initiative_id = $1")
        .bind(id).fetch_optional(pool).await)
}

/// How many entries each source brought, and how many of them left it: (source, all, left).
pub async fn counts(db: &Db) -> Result<Vec<(i64, i64, i64)>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT source_id, COUNT(*), COUNT(left_at) FROM source_entries GROUP BY source_id")
        .fetch_all(pool).await)
}
