//! The `follows` table: remote actors the chapter follows, and where each follow stands.

use chrono::{DateTime, Utc};

use super::{Db, DbError, Sql, Tx, bind, on_db, on_tx, on_write};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FollowRow {
    pub id: i64,
    pub actor_id: i64,
    pub actor_ap_id: String,
    pub actor_name: Option<String>,
    pub actor_username: Option<String>,
    pub follow_ap_id: String,
    pub state: String,
    pub created_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub last_activity_at: Option<DateTime<Utc>>,
    pub actor_outbox: Option<String>,
    pub policy: String,
    pub filter_categories: Option<String>,
    pub filter_south: Option<f64>,
    pub filter_west: Option<f64>,
    pub filter_north: Option<f64>,
    pub filter_east: Option<f64>,
    pub backfill_next: Option<String>,
    pub backfill_pages: i64,
    pub synced_at: Option<DateTime<Utc>>,
}

/// How a follow is curated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Curation {
    pub policy: String,
    pub categories: Option<String>,
    /// south, west, north, east
    pub bbox: Option<[f64; 4]>,
}

impl FollowRow {
    /// How what it publishes is curated.
    pub fn curation(&self) -> Curation {
        let bbox = match (
            self.filter_south,
            self.filter_west,
            self.filter_north,
            self.filter_east,
        ) {
            (Some(s), Some(w), Some(n), Some(e)) => Some([s, w, n, e]),
            _ => None,
        };
        Curation {
            policy: self.policy.clone(),
            categories: self.filter_categories.clone(),
            bbox,
        }
    }
}

const SELECT: &str = "SELECT f.id, f.actor_id, a.ap_id AS actor_ap_id, a.name AS actor_name, \
    a.username AS actor_username, f.follow_ap_id, f.state, f.created_at, f.accepted_at, \
    f.last_activity_at, a.outbox AS actor_outbox, f.policy, f.filter_categories, f.filter_south, \
    f.filter_west, f.filter_north, f.filter_east, f.backfill_next, f.backfill_pages, f.synced_at \
    FROM follows f JOIN remote_actors a ON a.id = f.actor_id";

/// Starts (or restarts) following an actor, pending its answer.
pub async fn upsert_pending(
    db: &Db,
    actor_id: i64,
    follow_ap_id: &str,
    now: DateTime<Utc>,
) -> Result<i64, DbError> {
    on_write!(db, pool => sqlx::query_scalar(
        "INSERT INTO follows (actor_id, follow_ap_id, state, created_at) VALUES ($1, $2, 'pending', $3) \
         ON CONFLICT (actor_id) DO UPDATE SET follow_ap_id = excluded.follow_ap_id, state = 'pending', \
         created_at = excluded.created_at, accepted_at = NULL RETURNING id")
        .bind(actor_id).bind(follow_ap_id).bind(now).fetch_one(pool).await)
}

pub async fn list(db: &Db) -> Result<Vec<FollowRow>, DbError> {
    let sql = format!("{SELECT} ORDER BY f.id");
    on_db!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<FollowRow>, DbError> {
    let sql = format!("{SELECT} WHERE f.id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

pub async fn by_follow_ap_id(db: &Db, follow_ap_id: &str) -> Result<Option<FollowRow>, DbError> {
    let sql = format!("{SELECT} WHERE f.follow_ap_id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(follow_ap_id).fetch_optional(pool).await)
}

pub async fn by_actor(db: &Db, actor_id: i64) -> Result<Option<FollowRow>, DbError> {
    let sql = format!("{SELECT} WHERE f.actor_id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(actor_id).fetch_optional(pool).await)
}

/// The follows of `actors`, read inside a transaction: one query per hundred actors.
pub async fn of_actors(tx: &mut Tx, actors: &[i64]) -> Result<Vec<FollowRow>, DbError> {
    if let Tx::Postgres(tx) = tx {
        // `= ANY` of one array: the same text whatever the number of actors.
        let sql = format!("{SELECT} WHERE f.actor_id = ANY($1)");
        return sqlx::query_as(&sql).bind(actors).fetch_all(&mut **tx).await;
    }
    let mut rows = Vec::new();
    for chunk in actors.chunks(100) {
        let mut sql = Sql::many(tx.engine(), &format!("{SELECT} WHERE f.actor_id IN "));
        sql.bind_list(chunk.iter().copied());
        let found: Vec<FollowRow> = on_tx!(tx, conn =>
            bind!(sqlx::query_as(sql.text()), sql).fetch_all(&mut *conn).await)?;
        rows.extend(found);
    }
    Ok(rows)
}

/// Records the followee's answer: `accepted` or `rejected`.
pub async fn answer(db: &Db, id: i64, state: &str, now: DateTime<Utc>) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query(
        "UPDATE follows SET state = $1, accepted_at = CASE WHEN $1 = 'accepted' THEN $2 ELSE accepted_at END WHERE id = $3")
        .bind(state).bind(now).bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The actors of these follows said something: their last activity becomes `now`.
pub async fn heard_from(tx: &mut Tx, follows: &[i64], now: DateTime<Utc>) -> Result<(), DbError> {
    if let Tx::Postgres(tx) = tx {
        sqlx::query("UPDATE follows SET last_activity_at = $1 WHERE id = ANY($2)")
            .bind(now)
            .bind(follows)
            .execute(&mut **tx)
            .await?;
        return Ok(());
    }
    for chunk in follows.chunks(200) {
        let mut sql = Sql::many(tx.engine(), "UPDATE follows SET last_activity_at = ");
        sql.bind(now)
            .push(" WHERE id IN ")
            .bind_list(chunk.iter().copied());
        on_tx!(tx, conn => bind!(sqlx::query(sql.text()), sql).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

pub async fn delete(db: &Db, id: i64) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query("DELETE FROM follows WHERE id = $1")
        .bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_curation(db: &Db, id: i64, c: &Curation) -> Result<(), DbError> {
    let b = c.bbox;
    on_write!(db, pool => sqlx::query(
        "UPDATE follows SET policy = $1, filter_categories = $2, filter_south = $3, filter_west = $4, \
         filter_north = $5, filter_east = $6 WHERE id = $7")
        .bind(&c.policy).bind(&c.categories).bind(b.map(|b| b[0])).bind(b.map(|b| b[1]))
        .bind(b.map(|b| b[2])).bind(b.map(|b| b[3])).bind(id)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Records how far a backfill got: the next page (`None` when done) and pages read.
pub async fn set_backfill(
    db: &Db,
    id: i64,
    next: Option<&str>,
    pages: i64,
    synced_at: Option<DateTime<Utc>>,
) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query(
        "UPDATE follows SET backfill_next = $1, backfill_pages = $2, synced_at = COALESCE($3, synced_at) WHERE id = $4")
        .bind(next).bind(pages).bind(synced_at).bind(id)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}
