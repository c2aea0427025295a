//! The `source_runs` table: each run of a source, what it read and did or why it failed.

use chrono::{DateTime, Utc};

use super::super::{Db, DbError, Tx, on_db, on_tx};

/// One run as stored; `notes` is a JSON array of texts.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct RunRow {
    pub id: i64,
    pub source_id: i64,
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub error: Option<String>,
    pub rows_read: i64,
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub closed: i64,
    pub ignored: i64,
    pub rejected: i64,
    pub notes: String,
}

/// Logs a run (its `id` is chosen by the database).
pub async fn insert(tx: &mut Tx, r: &RunRow) -> Result<i64, DbError> {
    on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO source_runs (source_id, started_at, finished_at, error, rows_read, created, \
         updated, unchanged, closed, ignored, rejected, notes) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id")
        .bind(r.source_id).bind(r.started_at).bind(r.finished_at).bind(&r.error)
        .bind(r.rows_read).bind(r.created).bind(r.updated).bind(r.unchanged).bind(r.closed)
        .bind(r.ignored).bind(r.rejected).bind(&r.notes)
        .fetch_one(&mut *conn).await)
}

/// A source's last runs, the newest first.
pub async fn of_source(db: &Db, source: i64, limit: i64) -> Result<Vec<RunRow>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT id, source_id, started_at, finished_at, error, rows_read, created, updated, \
         unchanged, closed, ignored, rejected, notes FROM source_runs WHERE source_id = $1 \
         ORDER BY id DESC LIMIT $2")
        .bind(source).bind(limit).fetch_all(pool).await)
}
