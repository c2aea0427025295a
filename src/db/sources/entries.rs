//! Which entry a source's id is, what the source last said of it (a digest), the fields an
//! admin edited here since, and when it left the source: `source_entries` for initiatives,
//! `source_events` for events (an iCalendar source's).

use chrono::{DateTime, Utc};

use super::super::origin::Entries;
use super::super::{Db, DbError, Tx, on_db, on_tx};

/// The table of the entries of that kind a source brought, and its column of their ids.
fn table(entries: Entries) -> (&'static str, &'static str) {
    match entries {
        Entries::Initiatives => ("source_entries", "initiative_id"),
        Entries::Events => ("source_events", "event_id"),
    }
}

/// One entry a source brought.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinkRow {
    pub source_key: String,
    pub entry_id: i64,
    pub digest: String,
    /// A JSON array of field names.
    pub edited: String,
    pub left_at: Option<DateTime<Utc>>,
}

/// Every entry of that kind a source brought, in one read.
pub async fn of_source(
    tx: &mut Tx,
    entries: Entries,
    source: i64,
) -> Result<Vec<LinkRow>, DbError> {
    let (table, id) = table(entries);
    let sql = format!(
        "SELECT source_key, {id} AS entry_id, digest, edited, left_at FROM {table} \
         WHERE source_id = $1"
    );
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(source).fetch_all(&mut *conn).await)
}

/// Records that the source's `key` is the entry `id`.
pub async fn insert(
    tx: &mut Tx,
    entries: Entries,
    (source, key): (i64, &str),
    id: i64,
    digest: &str,
) -> Result<(), DbError> {
    let (table, column) = table(entries);
    let sql = format!(
        "INSERT INTO {table} (source_id, source_key, {column}, digest) VALUES ($1, $2, $3, $4)"
    );
    on_tx!(tx, conn => sqlx::query(&sql)
        .bind(source).bind(key).bind(id).bind(digest).execute(&mut *conn).await.map(|_| ()))
}

/// What the source now says of `key` (its digest), and whether it left (`left_at`).
pub async fn set(
    tx: &mut Tx,
    entries: Entries,
    (source, key): (i64, &str),
    digest: &str,
    left_at: Option<DateTime<Utc>>,
) -> Result<(), DbError> {
    let (table, _) = table(entries);
    let sql = format!(
        "UPDATE {table} SET digest = $1, left_at = $2 WHERE source_id = $3 AND source_key = $4"
    );
    on_tx!(tx, conn => sqlx::query(&sql)
        .bind(digest).bind(left_at).bind(source).bind(key).execute(&mut *conn).await.map(|_| ()))
}

/// The fields edited here of an entry a source brought (`None`: no source brought it).
pub async fn edited_in(tx: &mut Tx, entries: Entries, id: i64) -> Result<Option<String>, DbError> {
    let (table, column) = table(entries);
    let sql = format!("SELECT edited FROM {table} WHERE {column} = $1");
    on_tx!(tx, conn => sqlx::query_scalar(&sql).bind(id).fetch_optional(&mut *conn).await)
}

/// Sets the fields edited here (a JSON array).
pub async fn set_edited(
    tx: &mut Tx,
    entries: Entries,
    id: i64,
    edited: &str,
) -> Result<(), DbError> {
    let (table, column) = table(entries);
    let sql = format!("UPDATE {table} SET edited = $1 WHERE {column} = $2");
    on_tx!(tx, conn => sqlx::query(&sql).bind(edited).bind(id).execute(&mut *conn).await.map(|_| ()))
}

/// Where an entry came from, for its page: the source's id, name, licence and link, and when
/// it left the source.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttributionRow {
    pub source_id: i64,
    pub name: String,
    pub licence: Option<String>,
    pub link: Option<String>,
    pub left_at: Option<DateTime<Utc>>,
}

pub async fn attribution(
    db: &Db,
    entries: Entries,
    id: i64,
) -> Result<Option<AttributionRow>, DbError> {
    let (table, column) = table(entries);
    let sql = format!(
        "SELECT s.id AS source_id, s.name, s.licence, s.link, e.left_at FROM {table} e \
         JOIN sources s ON s.id = e.source_id WHERE e.{column} = $1"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// How many entries each source brought, and how many of them left it: (source, all, left).
pub async fn counts(db: &Db) -> Result<Vec<(i64, i64, i64)>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT source_id, COUNT(*), COUNT(left_at) FROM ( \
           SELECT source_id, left_at FROM source_entries \
           UNION ALL SELECT source_id, left_at FROM source_events) b GROUP BY source_id")
        .fetch_all(pool).await)
}
