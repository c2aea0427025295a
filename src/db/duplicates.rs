//! Likely duplicates among initiatives: the candidates of one (the rows in a box around its
//! point, and those with one of its contact keys, each an index range, never a scan), and the
//! `duplicates` table: pairs found (`first_id < second_id`), open until an admin decides.

use chrono::{DateTime, Utc};

use super::{Db, DbError, OriginColumns, Sql, Tx, bind, on_db, on_tx};

/// What to look around: a box of latitude and longitude, and contact keys.
#[derive(Debug, Clone, Default)]
pub struct Around {
    /// South, north, west, east.
    pub square: Option<(f64, f64, f64, f64)>,
    pub website_key: Option<String>,
    pub email_key: Option<String>,
    pub phone_key: Option<String>,
}

/// An initiative as the comparison needs it, with its origin.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CandidateRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub website_key: Option<String>,
    pub email_key: Option<String>,
    pub phone_key: Option<String>,
    #[sqlx(flatten)]
    pub origin: OriginColumns,
}

const CANDIDATE: &str = "SELECT i.id, i.slug, i.name, i.latitude, i.longitude, i.website_key, \
    i.email_key, i.phone_key, i.origin_id, i.ap_id, i.origin_url, i.review, \
    o.ap_id AS origin_actor, o.name AS origin_name, o.username AS origin_username \
    FROM initiatives i LEFT JOIN remote_actors o ON o.id = i.origin_id WHERE ";

/// At most this many candidates from the box (a town's centre where a file put all its rows),
/// and from each key (a network's website or e-mail, shared by hundreds): each part is capped
/// on its own, so that a crowded key never hides the entries next door.
const MOST_NEAR: i64 = 500;
const MOST_PER_KEY: i64 = 50;

/// The statement of [`candidates`]: the union of the index ranges, rejected entries left out.
fn around(a: &Around) -> Option<Sql> {
    let mut parts = Sql::new(&format!("{CANDIDATE}i.review <> 'rejected' AND i.id IN ("));
    let mut n = 0;
    let mut union = |sql: &mut Sql| {
        if n > 0 {
            sql.push(" UNION ");
        }
        n += 1;
        sql.push("SELECT id FROM (SELECT id FROM initiatives WHERE ");
        n
    };
    if let Some((south, north, west, east)) = a.square {
        let k = union(&mut parts);
        parts
            .push("latitude BETWEEN ")
            .bind(south)
            .push(" AND ")
            .bind(north);
        parts
            .push(" AND longitude BETWEEN ")
            .bind(west)
            .push(" AND ")
            .bind(east);
        parts
            .push(" LIMIT ")
            .bind(MOST_NEAR)
            .push(&format!(") AS part{k}"));
    }
    for (column, key) in [
        ("website_key", &a.website_key),
        ("email_key", &a.email_key),
        ("phone_key", &a.phone_key),
    ] {
        if let Some(key) = key {
            let k = union(&mut parts);
            parts.push(&format!("{column} = ")).bind(key.as_str());
            parts
                .push(" LIMIT ")
                .bind(MOST_PER_KEY)
                .push(&format!(") AS part{k}"));
        }
    }
    if n == 0 {
        return None;
    }
    parts.push(")");
    Some(parts)
}

/// The initiatives in the box or with one of the keys.
pub async fn candidates(db: &Db, a: &Around) -> Result<Vec<CandidateRow>, DbError> {
    let Some(sql) = around(a) else {
        return Ok(Vec::new());
    };
    on_db!(db, pool => bind!(sqlx::query_as(sql.text()), sql).fetch_all(pool).await)
}

/// Like [`candidates`], inside a transaction (what it wrote included).
pub async fn candidates_in(tx: &mut Tx, a: &Around) -> Result<Vec<CandidateRow>, DbError> {
    let Some(sql) = around(a) else {
        return Ok(Vec::new());
    };
    on_tx!(tx, conn => bind!(sqlx::query_as(sql.text()), sql).fetch_all(&mut *conn).await)
}

/// Initiatives by id, as candidates (the two sides of pairs).
pub async fn by_ids(db: &Db, ids: &[i64]) -> Result<Vec<CandidateRow>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(&format!("{CANDIDATE}i.id IN "));
    sql.bind_list(ids.iter().copied());
    on_db!(db, pool => bind!(sqlx::query_as(sql.text()), sql).fetch_all(pool).await)
}

/// Like [`by_ids`], inside a transaction.
pub async fn by_ids_in(tx: &mut Tx, ids: &[i64]) -> Result<Vec<CandidateRow>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(&format!("{CANDIDATE}i.id IN "));
    sql.bind_list(ids.iter().copied());
    on_tx!(tx, conn => bind!(sqlx::query_as(sql.text()), sql).fetch_all(&mut *conn).await)
}

/// A pair of initiatives likely the same, and what was decided of it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PairRow {
    pub first_id: i64,
    pub second_id: i64,
    pub score: f64,
    pub distance_m: Option<f64>,
    pub found_at: DateTime<Utc>,
    /// `None` while open; `same` (linked) or `different`.
    pub decision: Option<String>,
}

const PAIR: &str =
    "SELECT first_id, second_id, score, distance_m, found_at, decision FROM duplicates WHERE ";

/// One pair found: the two ids in either order, how alike, how far apart.
#[derive(Debug, Clone, Copy)]
pub struct Found {
    pub a: i64,
    pub b: i64,
    pub score: f64,
    pub distance_m: Option<f64>,
}

/// Replaces the open pairs of `id` with those just found; decided pairs stay as decided.
pub async fn replace_open(
    tx: &mut Tx,
    id: i64,
    found: &[Found],
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query(
        "DELETE FROM duplicates WHERE decision IS NULL AND (first_id = $1 OR second_id = $1)")
        .bind(id).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    if found.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::many(
        tx.engine(),
        "INSERT INTO duplicates (first_id, second_id, score, distance_m, found_at) VALUES ",
    );
    for (i, f) in found.iter().enumerate() {
        sql.push(if i == 0 { "(" } else { ", (" });
        sql.bind(f.a.min(f.b))
            .push(", ")
            .bind(f.a.max(f.b))
            .push(", ");
        sql.bind(f.score).push(", ").bind(f.distance_m).push(", ");
        sql.bind(now).push(")");
    }
    sql.push(" ON CONFLICT (first_id, second_id) DO NOTHING");
    on_tx!(tx, conn => bind!(sqlx::query(sql.text()), sql).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Records a decision on a pair, found or not.
pub async fn decide(
    tx: &mut Tx,
    pair: Found,
    decision: &str,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO duplicates (first_id, second_id, score, distance_m, found_at, decision, decided_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $5) ON CONFLICT (first_id, second_id) \
         DO UPDATE SET decision = excluded.decision, decided_at = excluded.decided_at")
        .bind(pair.a.min(pair.b)).bind(pair.a.max(pair.b)).bind(pair.score).bind(pair.distance_m)
        .bind(now).bind(decision)
        .execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The pairs of these initiatives with this decision (`None`: the open ones).
pub async fn of(db: &Db, ids: &[i64], decision: Option<&str>) -> Result<Vec<PairRow>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(PAIR);
    match decision {
        Some(d) => sql.push("decision = ").bind(d),
        None => sql.push("decision IS NULL"),
    };
    sql.push(" AND (first_id IN ")
        .bind_list(ids.iter().copied());
    sql.push(" OR second_id IN ").bind_list(ids.iter().copied());
    sql.push(") ORDER BY score DESC");
    on_db!(db, pool => bind!(sqlx::query_as(sql.text()), sql).fetch_all(pool).await)
}

/// The open pairs, the most recently found first.
pub async fn open(db: &Db, limit: i64, offset: i64) -> Result<Vec<PairRow>, DbError> {
    let sql = format!(
        "{PAIR}decision IS NULL ORDER BY found_at DESC, first_id, second_id LIMIT $1 OFFSET $2"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(limit).bind(offset).fetch_all(pool).await)
}

/// How many pairs are open.
pub async fn count_open(db: &Db) -> Result<i64, DbError> {
    on_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM duplicates WHERE decision IS NULL")
        .fetch_one(pool).await)
}

/// The pair of these two initiatives, if kept.
pub async fn between(tx: &mut Tx, a: i64, b: i64) -> Result<Option<PairRow>, DbError> {
    let sql = format!("{PAIR}first_id = $1 AND second_id = $2");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(a.min(b)).bind(a.max(b)).fetch_optional(&mut *conn).await)
}

/// Up to `limit` initiatives whose duplicates are still to be looked for, oldest first.
pub async fn unchecked(db: &Db, limit: i64) -> Result<Vec<i64>, DbError> {
    on_db!(db, pool => sqlx::query_scalar(
        "SELECT id FROM initiatives WHERE unchecked = 1 ORDER BY id LIMIT $1")
        .bind(limit).fetch_all(pool).await)
}

/// Marks these initiatives' duplicates looked for.
pub async fn checked(tx: &mut Tx, ids: &[i64]) -> Result<(), DbError> {
    if ids.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::new("UPDATE initiatives SET unchecked = 0 WHERE id IN ");
    sql.bind_list(ids.iter().copied());
    on_tx!(tx, conn => bind!(sqlx::query(sql.text()), sql).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(())
}
