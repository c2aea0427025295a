//! What the initiatives' and events' tables share: new rows inserted many to a statement, with
//! their labels; rows read by their ids, in the ids' order.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::FromRow;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;

use super::labels::{self, Owner};
use super::{Db, DbError, Sql, Tx, bind, on_tx};

/// A new row of an entry table, as its module writes it.
pub trait EntryRecord {
    fn slug(&self) -> &str;
    fn categories(&self) -> &[String];
    fn tag_keys(&self) -> &[String];
    /// The key its labels are ordered by: an initiative's sort key; events' labels have none.
    fn sort_key(&self) -> &str {
        ""
    }
    /// Binds the row's values, from `slug` to the last before `created_at, updated_at`.
    fn push_values(&self, sql: &mut Sql);
}

/// Inserts new rows with their labels, each created at its time, a hundred rows to a
/// statement; their ids come back in the order of `records`. `insert` is the statement's head,
/// up to `VALUES`, its columns ending with `created_at, updated_at`.
pub async fn insert_many<R: EntryRecord>(
    tx: &mut Tx,
    insert: &str,
    owner: Owner,
    records: &[(&R, DateTime<Utc>)],
) -> Result<Vec<i64>, DbError> {
    let mut ids = Vec::with_capacity(records.len());
    for chunk in records.chunks(100) {
        let mut sql = Sql::many(tx.engine(), insert);
        for (i, (r, now)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { " (" } else { ", (" });
            r.push_values(&mut sql);
            sql.push(", ").bind(*now).push(", ").bind(*now).push(")");
        }
        sql.push(" RETURNING id, slug");
        let rows: Vec<(i64, String)> = on_tx!(tx, conn =>
            bind!(sqlx::query_as(sql.text()), sql).fetch_all(&mut *conn).await)?;
        ids.extend(in_order(chunk.iter().map(|(r, _)| r.slug()), rows)?);
    }
    add_labels(tx, owner, records, &ids).await?;
    Ok(ids)
}

/// Adds the labels of rows just inserted, whose ids are `ids`, in the order of `records`.
pub async fn add_labels<R: EntryRecord>(
    tx: &mut Tx,
    owner: Owner,
    records: &[(&R, DateTime<Utc>)],
    ids: &[i64],
) -> Result<(), DbError> {
    let labelled: Vec<(i64, &str, &[String], &[String])> = records
        .iter()
        .zip(ids)
        .map(|((r, _), &id)| (id, r.sort_key(), r.categories(), r.tag_keys()))
        .collect();
    labels::add_many(tx, owner, &labelled).await
}

/// The ids of rows that a multi-row insert returned as `(id, slug)`, in the order of `slugs`:
/// RETURNING does not promise the order of VALUES, and slugs are unique.
pub fn in_order<'a>(
    slugs: impl Iterator<Item = &'a str>,
    rows: Vec<(i64, String)>,
) -> Result<Vec<i64>, DbError> {
    let ids: HashMap<String, i64> = rows.into_iter().map(|(id, slug)| (slug, id)).collect();
    slugs
        .map(|slug| ids.get(slug).copied().ok_or(DbError::RowNotFound))
        .collect()
}

/// The rows of `ids` in that order, read by `select` (a `SELECT … FROM` whose entry table is
/// aliased `alias`), those no longer there left out, and with `review` those no longer in that
/// state: the page whose ids a list found, or a map layer's entries a few hundred at a time.
/// `id` tells a row's id.
pub async fn by_ids<R>(
    db: &Db,
    select: &str,
    alias: &str,
    ids: &[i64],
    review: Option<&str>,
    id: fn(&R) -> i64,
) -> Result<Vec<R>, DbError>
where
    R: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let checked = match review {
        Some(_) => format!(" AND {alias}.review = $2"),
        None => String::new(),
    };
    // The ids as one parameter, an array: one statement, kept prepared, whatever their number
    // (a list of literals was a new statement each time, parsed and planned anew).
    let mut found: Vec<R> = match db {
        Db::Sqlite(pool, _) => {
            let sql =
                format!("{select} WHERE {alias}.id IN (SELECT value FROM json_each($1)){checked}");
            let query = sqlx::query_as(&sql).bind(serde_json::Value::from(ids).to_string());
            match review {
                Some(review) => query.bind(review),
                None => query,
            }
            .fetch_all(pool)
            .await?
        }
        Db::Postgres(pool) => {
            let sql = format!("{select} WHERE {alias}.id = ANY($1){checked}");
            let query = sqlx::query_as(&sql).bind(ids);
            match review {
                Some(review) => query.bind(review),
                None => query,
            }
            .fetch_all(pool)
            .await?
        }
    };
    // A map layer's chunk holds hundreds of ids: each one's place looked up, not searched for.
    let place: HashMap<i64, usize> = ids.iter().enumerate().map(|(n, id)| (*id, n)).collect();
    found.sort_by_key(|row| place.get(&id(row)).copied());
    Ok(found)
}
