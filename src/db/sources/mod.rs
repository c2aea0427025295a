//! The `sources` table: URLs read on a schedule (`domain::sources`); the entries each brought
//! are in `entries.rs`, its runs' log in `runs.rs`.

pub mod entries;
pub mod runs;

use chrono::{DateTime, Utc};

use super::{Db, DbError, Tx, on_db, on_tx, on_write};

/// One source as stored; `mapping` and `ignored` are JSON the domain wrote.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SourceRow {
    pub id: i64,
    pub url: String,
    pub format: String,
    pub mapping: String,
    pub name: String,
    pub licence: Option<String>,
    pub link: Option<String>,
    pub every_seconds: i64,
    pub ignored: String,
    pub next_run_at: DateTime<Utc>,
    pub last_run_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    /// A run under way since then.
    pub running_since: Option<DateTime<Utc>>,
    pub failures: i64,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// What an admin sets of a source.
#[derive(Debug, Clone)]
pub struct SourceRecord {
    pub url: String,
    pub format: String,
    pub mapping: String,
    pub name: String,
    pub licence: Option<String>,
    pub link: Option<String>,
    pub every_seconds: i64,
}

const COLUMNS: &str = "id, url, format, mapping, name, licence, link, every_seconds, ignored, \
    next_run_at, last_run_at, last_success_at, running_since, failures, error, created_at";

/// A new source, due at `next_run_at`.
pub async fn insert(
    db: &Db,
    r: &SourceRecord,
    now: DateTime<Utc>,
    next_run_at: DateTime<Utc>,
) -> Result<i64, DbError> {
    on_write!(db, conn => sqlx::query_scalar(
        "INSERT INTO sources (url, format, mapping, name, licence, link, every_seconds, \
         next_run_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
        .bind(&r.url).bind(&r.format).bind(&r.mapping).bind(&r.name).bind(&r.licence)
        .bind(&r.link).bind(r.every_seconds).bind(next_run_at).bind(now)
        .fetch_one(conn).await)
}

/// Changes what an admin sets; `false` when there is no such source.
pub async fn update(db: &Db, id: i64, r: &SourceRecord) -> Result<bool, DbError> {
    let n = on_write!(db, conn => sqlx::query(
        "UPDATE sources SET url = $1, format = $2, mapping = $3, name = $4, licence = $5, \
         link = $6, every_seconds = $7 WHERE id = $8")
        .bind(&r.url).bind(&r.format).bind(&r.mapping).bind(&r.name).bind(&r.licence)
        .bind(&r.link).bind(r.every_seconds).bind(id)
        .execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Removes a source, its links and its runs (the entries it brought stay, as ours).
pub async fn delete(db: &Db, id: i64) -> Result<bool, DbError> {
    let n = on_write!(db, conn => sqlx::query("DELETE FROM sources WHERE id = $1")
        .bind(id).execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn get(db: &Db, id: i64) -> Result<Option<SourceRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM sources WHERE id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

pub async fn get_in(tx: &mut Tx, id: i64) -> Result<Option<SourceRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM sources WHERE id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await)
}

/// Every source, failing ones first, then by name.
pub async fn list(db: &Db) -> Result<Vec<SourceRow>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM sources ORDER BY CASE WHEN failures > 0 THEN 0 ELSE 1 END, name, id"
    );
    on_db!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)
}

/// How many sources are failing now.
pub async fn count_failing(db: &Db) -> Result<i64, DbError> {
    on_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM sources WHERE failures > 0")
        .fetch_one(pool).await)
}

/// The ids of the sources due by `now`, the most overdue first.
pub async fn due(db: &Db, now: DateTime<Utc>) -> Result<Vec<i64>, DbError> {
    on_db!(db, pool => sqlx::query_scalar(
        "SELECT id FROM sources WHERE next_run_at <= $1 ORDER BY next_run_at, id")
        .bind(now).fetch_all(pool).await)
}

/// Takes a source's run: only when it is due (or `forced`) and no run of it is under way
/// (one older than `stale` is taken for dead), so that two processes never run one source at
/// once. `false`: not due, or running elsewhere.
pub async fn claim(
    db: &Db,
    id: i64,
    now: DateTime<Utc>,
    stale: DateTime<Utc>,
    forced: bool,
) -> Result<bool, DbError> {
    let n = on_write!(db, conn => sqlx::query(
        "UPDATE sources SET running_since = $1, last_run_at = $1 WHERE id = $2 \
         AND ($3 OR next_run_at <= $1) AND (running_since IS NULL OR running_since < $4)")
        .bind(now).bind(id).bind(forced).bind(stale).execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A run went through: the source is well again, next due at `next`.
pub async fn succeeded(
    tx: &mut Tx,
    id: i64,
    now: DateTime<Utc>,
    next: DateTime<Utc>,
) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE sources SET failures = 0, error = NULL, last_success_at = $1, next_run_at = $2, \
         running_since = NULL WHERE id = $3")
        .bind(now).bind(next).bind(id).execute(&mut *conn).await.map(|_| ()))
}

/// A run failed: counted, its error kept, tried again at `next`.
pub async fn failed(tx: &mut Tx, id: i64, error: &str, next: DateTime<Utc>) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE sources SET failures = failures + 1, error = $1, next_run_at = $2, \
         running_since = NULL WHERE id = $3")
        .bind(error).bind(next).bind(id).execute(&mut *conn).await.map(|_| ()))
}

/// Sets the ids a source's rows are left out by (a JSON array).
pub async fn set_ignored(db: &Db, id: i64, ignored: &str) -> Result<(), DbError> {
    on_write!(db, conn => sqlx::query("UPDATE sources SET ignored = $1 WHERE id = $2")
        .bind(ignored).bind(id).execute(conn).await.map(|_| ()))
}
