//! The `media` table: pictures, the entry each belongs to and its place there, and the remote
//! pictures still to fetch.

use chrono::{DateTime, Utc};

use super::origin::Entries;
use super::{Db, DbError, Sql, Tx, bind, on_db, on_tx, on_write};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MediaRow {
    pub id: i64,
    pub key: String,
    /// `ready`, `pending` (a remote picture to fetch) or `failed`.
    pub state: String,
    pub media_type: Option<String>,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub preview_width: Option<i32>,
    pub preview_height: Option<i32>,
    pub bytes: Option<i64>,
    pub blurhash: Option<String>,
    pub description: String,
    pub focus_x: Option<f64>,
    pub focus_y: Option<f64>,
    pub source_url: Option<String>,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub initiative_id: Option<i64>,
    pub event_id: Option<i64>,
    pub position: i32,
    pub created_at: DateTime<Utc>,
    pub attached_at: Option<DateTime<Utc>>,
    pub detached_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "id, key, state, media_type, width, height, preview_width, preview_height, \
    bytes, blurhash, description, focus_x, focus_y, source_url, attempts, last_error, \
    initiative_id, event_id, position, created_at, attached_at, detached_at";

/// The files of a processed picture, as a row records them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Files {
    pub media_type: String,
    pub width: i32,
    pub height: i32,
    pub preview_width: i32,
    pub preview_height: i32,
    pub bytes: i64,
    pub blurhash: String,
}

/// A new row: an upload (with its files) or a remote picture to fetch (without).
#[derive(Debug, Clone, Default)]
pub struct NewMedia {
    pub key: String,
    pub files: Option<Files>,
    pub description: String,
    pub focus: Option<(f64, f64)>,
    pub source_url: Option<String>,
}

fn column(entries: Entries) -> &'static str {
    match entries {
        Entries::Initiatives => "initiative_id",
        Entries::Events => "event_id",
    }
}

fn insert_sql(m: &NewMedia, now: DateTime<Utc>) -> Sql {
    let mut sql = Sql::new(
        "INSERT INTO media (key, state, media_type, width, height, preview_width, \
         preview_height, bytes, blurhash, description, focus_x, focus_y, source_url, \
         next_attempt_at, created_at) VALUES (",
    );
    let f = m.files.as_ref();
    sql.bind(m.key.clone()).push(", ");
    sql.bind(if f.is_some() { "ready" } else { "pending" })
        .push(", ");
    sql.bind(f.map(|f| f.media_type.clone())).push(", ");
    for value in [f.map(|f| f.width), f.map(|f| f.height)] {
        sql.bind(value.map(i64::from)).push(", ");
    }
    for value in [f.map(|f| f.preview_width), f.map(|f| f.preview_height)] {
        sql.bind(value.map(i64::from)).push(", ");
    }
    sql.bind(f.map(|f| f.bytes)).push(", ");
    sql.bind(f.map(|f| f.blurhash.clone())).push(", ");
    sql.bind(m.description.clone()).push(", ");
    sql.bind(m.focus.map(|f| f.0)).push(", ");
    sql.bind(m.focus.map(|f| f.1)).push(", ");
    sql.bind(m.source_url.clone()).push(", ");
    sql.bind(f.is_none().then_some(now)).push(", ");
    sql.bind(now).push(") RETURNING id");
    sql
}

pub async fn insert(db: &Db, m: &NewMedia, now: DateTime<Utc>) -> Result<i64, DbError> {
    let sql = insert_sql(m, now);
    on_write!(db, conn => bind!(sqlx::query_scalar(sql.text()), sql).fetch_one(conn).await)
}

pub async fn insert_in(tx: &mut Tx, m: &NewMedia, now: DateTime<Utc>) -> Result<i64, DbError> {
    let sql = insert_sql(m, now);
    on_tx!(tx, conn => bind!(sqlx::query_scalar(sql.text()), sql).fetch_one(&mut *conn).await)
}

pub async fn by_key(db: &Db, key: &str) -> Result<Option<MediaRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM media WHERE key = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(key).fetch_optional(pool).await)
}

pub async fn by_keys_in(tx: &mut Tx, keys: &[String]) -> Result<Vec<MediaRow>, DbError> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM media WHERE key IN "));
    sql.bind_list(keys.iter().cloned());
    on_tx!(tx, conn => bind!(sqlx::query_as(sql.text()), sql).fetch_all(&mut *conn).await)
}

/// The pictures of some entries, each entry's in order (a thousand entries a statement).
pub async fn of_entries(db: &Db, entries: Entries, ids: &[i64]) -> Result<Vec<MediaRow>, DbError> {
    let col = column(entries);
    let mut rows = Vec::new();
    for chunk in ids.chunks(1000) {
        let mut sql = Sql::many(
            db.engine(),
            &format!("SELECT {COLUMNS} FROM media WHERE {col} IN "),
        );
        sql.bind_list(chunk.iter().copied());
        sql.push(&format!(" ORDER BY {col}, position"));
        let found: Vec<MediaRow> =
            on_db!(db, pool => bind!(sqlx::query_as(sql.text()), sql).fetch_all(pool).await)?;
        rows.extend(found);
    }
    Ok(rows)
}

/// Like [`of_entries`], inside a transaction, for one entry.
pub async fn of_entry_in(tx: &mut Tx, entries: Entries, id: i64) -> Result<Vec<MediaRow>, DbError> {
    let col = column(entries);
    let sql = format!("SELECT {COLUMNS} FROM media WHERE {col} = $1 ORDER BY position");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_all(&mut *conn).await)
}

/// Gives an entry exactly these pictures, in this order; the others it had are detached.
pub async fn attach(
    tx: &mut Tx,
    entries: Entries,
    id: i64,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let col = column(entries);
    let mut detach = Sql::new(&format!("UPDATE media SET {col} = NULL, detached_at = "));
    detach.bind(now).push(&format!(" WHERE {col} = ")).bind(id);
    if !keys.is_empty() {
        detach
            .push(" AND key NOT IN ")
            .bind_list(keys.iter().cloned());
    }
    on_tx!(tx, conn => bind!(sqlx::query(detach.text()), detach).execute(&mut *conn).await.map(drop))?;
    let attach = format!(
        "UPDATE media SET {col} = $1, position = $2, attached_at = COALESCE(attached_at, $3) \
         WHERE key = $4"
    );
    for (position, key) in keys.iter().enumerate() {
        on_tx!(tx, conn => sqlx::query(&attach).bind(id).bind(position as i64).bind(now)
            .bind(key).execute(&mut *conn).await.map(drop))?;
    }
    Ok(())
}

pub async fn describe(
    db: &Db,
    key: &str,
    description: &str,
    focus: Option<(f64, f64)>,
) -> Result<(), DbError> {
    on_write!(db, conn => sqlx::query(
        "UPDATE media SET description = $1, focus_x = $2, focus_y = $3 WHERE key = $4")
        .bind(description).bind(focus.map(|f| f.0)).bind(focus.map(|f| f.1)).bind(key)
        .execute(conn).await.map(drop))
}

/// Remote pictures due to be fetched, oldest first, each taken once: their next attempt moves
/// to `lease_until`, so that a second round at the same moment (another worker) leaves them.
pub async fn take_due(
    db: &Db,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<MediaRow>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM media WHERE state = 'pending' AND next_attempt_at <= $1 \
         ORDER BY next_attempt_at, id LIMIT $2"
    );
    let mut due: Vec<MediaRow> =
        on_db!(db, pool => sqlx::query_as(&sql).bind(now).bind(limit).fetch_all(pool).await)?;
    if due.is_empty() {
        return Ok(due);
    }
    let mut lease = Sql::new("UPDATE media SET next_attempt_at = ");
    lease.bind(lease_until).push(" WHERE id IN ");
    lease.bind_list(due.iter().map(|m| m.id));
    lease
        .push(" AND state = 'pending' AND next_attempt_at <= ")
        .bind(now)
        .push(" RETURNING id");
    let taken: Vec<i64> = on_write!(db, conn => bind!(sqlx::query_scalar(lease.text()), lease).fetch_all(conn).await)?;
    due.retain(|m| taken.contains(&m.id));
    Ok(due)
}

/// A remote picture fetched and processed.
pub async fn fetched_in(tx: &mut Tx, id: i64, f: &Files) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE media SET state = 'ready', media_type = $1, width = $2, height = $3, \
         preview_width = $4, preview_height = $5, bytes = $6, blurhash = $7, last_error = NULL, \
         next_attempt_at = NULL WHERE id = $8")
        .bind(&f.media_type).bind(f.width).bind(f.height).bind(f.preview_width)
        .bind(f.preview_height).bind(f.bytes).bind(&f.blurhash).bind(id)
        .execute(&mut *conn).await.map(drop))
}

/// A remote picture that could not be had: tried again at `next`, or given up (`None`).
pub async fn not_fetched(
    db: &Db,
    id: i64,
    error: &str,
    next: Option<DateTime<Utc>>,
) -> Result<(), DbError> {
    on_write!(db, conn => sqlx::query(
        "UPDATE media SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2, \
         state = CASE WHEN $2 IS NULL THEN 'failed' ELSE state END WHERE id = $3")
        .bind(error).bind(next).bind(id).execute(conn).await.map(drop))
}

/// Marks the pictures whose entry is gone as detached now (a foreign key cleared their entry).
pub async fn mark_orphans(db: &Db, now: DateTime<Utc>) -> Result<u64, DbError> {
    on_write!(db, conn => sqlx::query(
        "UPDATE media SET detached_at = $1 WHERE detached_at IS NULL AND attached_at IS NOT NULL \
         AND initiative_id IS NULL AND event_id IS NULL")
        .bind(now).execute(conn).await.map(|r| r.rows_affected()))
}

/// Pictures whose files may go: uploads never attached since `unused_since`, and pictures
/// detached before every delivery still waiting was queued (the entry's `Delete` is out).
pub async fn removable(
    db: &Db,
    unused_since: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<MediaRow>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM media m WHERE initiative_id IS NULL AND event_id IS NULL AND ( \
         (attached_at IS NULL AND created_at < $1) OR (detached_at IS NOT NULL AND NOT EXISTS \
         (SELECT 1 FROM deliveries d WHERE d.state = 'pending' AND d.created_at <= m.detached_at))) \
         ORDER BY id LIMIT $2"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(unused_since).bind(limit).fetch_all(pool).await)
}

pub async fn delete(db: &Db, id: i64) -> Result<bool, DbError> {
    let n = on_write!(db, conn => sqlx::query("DELETE FROM media WHERE id = $1")
        .bind(id).execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Every picture with files (for backups and moving stores).
pub async fn ready(db: &Db) -> Result<Vec<MediaRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM media WHERE state = 'ready' ORDER BY id");
    on_db!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)
}

/// Initiatives with an `image_url` and no picture (imported, or older than pictures), up to
/// `limit`: their id, name and address.
pub async fn unadopted(db: &Db, limit: i64) -> Result<Vec<(i64, String, String)>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT i.id, i.name, i.image_url FROM initiatives i WHERE i.image_url IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM media m WHERE m.initiative_id = i.id) ORDER BY i.id LIMIT $1")
        .bind(limit).fetch_all(pool).await)
}
