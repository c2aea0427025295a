//! The pairs kept: an entry's open ones (what a write answers, what the review queue marks),
//! all the open ones (the admin's list), and the links shown on cards and pages.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{Listed, Possible, SAME};
use crate::db::Db;
use crate::db::duplicates::{self as pairs, PairRow};
use crate::domain::Error;
use crate::domain::initiative::Initiative;

/// Two initiatives likely the same, not decided yet.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub first: Listed,
    pub second: Listed,
    pub score: f64,
    pub distance_m: Option<f64>,
    pub found_at: DateTime<Utc>,
}

/// The entries of these ids by id.
async fn entries(db: &Db, ids: &[i64]) -> Result<HashMap<i64, Listed>, Error> {
    let rows = pairs::by_ids(db, ids).await?;
    Ok(rows.into_iter().map(|r| (r.id, Listed::new(r))).collect())
}

/// The other side of each of `id`'s pairs in `rows`.
async fn others(db: &Db, id: i64, rows: Vec<PairRow>) -> Result<Vec<Possible>, Error> {
    let other = |p: &PairRow| p.first_id + p.second_id - id;
    let ids: Vec<i64> = rows.iter().map(other).collect();
    let mut found = entries(db, &ids).await?;
    Ok(rows
        .iter()
        .filter_map(|p| {
            Some(Possible {
                entry: found.remove(&other(p))?,
                score: p.score,
                distance_m: p.distance_m,
                found_at: Some(p.found_at),
            })
        })
        .collect())
}

/// The open pairs of one initiative: the others likely the same, the most alike first.
pub async fn open_for(db: &Db, id: i64) -> Result<Vec<Possible>, Error> {
    let rows = pairs::of(db, &[id], None).await?;
    others(db, id, rows).await
}

/// A page of the open pairs, the most recently found first.
pub async fn open(db: &Db, limit: i64, offset: i64) -> Result<Vec<Pair>, Error> {
    let rows = pairs::open(db, limit, offset).await?;
    let ids: Vec<i64> = rows
        .iter()
        .flat_map(|p| [p.first_id, p.second_id])
        .collect();
    let found = entries(db, &ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(|p| {
            Some(Pair {
                first: found.get(&p.first_id)?.clone(),
                second: found.get(&p.second_id)?.clone(),
                score: p.score,
                distance_m: p.distance_m,
                found_at: p.found_at,
            })
        })
        .collect())
}

pub async fn count_open(db: &Db) -> Result<i64, Error> {
    Ok(pairs::count_open(db).await?)
}

/// Fills each initiative's `same_as`: the entries an admin linked to it.
pub async fn load_links(db: &Db, items: &mut [Initiative]) -> Result<(), Error> {
    let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    let rows = pairs::of(db, &ids, Some(SAME)).await?;
    if rows.is_empty() {
        return Ok(());
    }
    let all: Vec<i64> = rows
        .iter()
        .flat_map(|p| [p.first_id, p.second_id])
        .collect();
    let found = entries(db, &all).await?;
    for item in items.iter_mut() {
        item.same_as = rows
            .iter()
            .filter(|p| p.first_id == item.id || p.second_id == item.id)
            .filter_map(|p| found.get(&(p.first_id + p.second_id - item.id)).cloned())
            .collect();
    }
    Ok(())
}
