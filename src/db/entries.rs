//! What the initiatives' and events' tables share: new rows inserted many to a statement, with
//! their labels.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::labels::{self, Owner};
use super::{DbError, Sql, Tx, bind, on_tx};

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
