//! The `subscriptions` table: readers who get what is new in an area by e-mail; and the entries
//! their digests are made of.

use chrono::{DateTime, Utc};

use super::{Db, DbError, Tx, on_db, on_tx, on_write};

#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct SubscriptionRow {
    pub id: i64,
    pub email: String,
    pub locale: String,
    pub kinds: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub radius_km: Option<f64>,
    pub place: String,
    pub categories: String,
    pub origin: String,
    pub frequency: String,
    pub state: String,
    pub digest_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "id, email, locale, kinds, latitude, longitude, radius_km, place, categories, \
    origin, frequency, state, digest_at";

/// Inserts a subscription waiting for its confirmation; its id.
pub async fn insert(tx: &mut Tx, s: &SubscriptionRow, now: DateTime<Utc>) -> Result<i64, DbError> {
    on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO subscriptions (email, email_key, locale, kinds, latitude, longitude, radius_km, place, \
         categories, origin, frequency, state, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12) RETURNING id")
        .bind(&s.email).bind(s.email.to_lowercase()).bind(&s.locale).bind(&s.kinds)
        .bind(s.latitude).bind(s.longitude).bind(s.radius_km).bind(&s.place).bind(&s.categories)
        .bind(&s.origin).bind(&s.frequency).bind(now).fetch_one(&mut *conn).await)
}

pub async fn get(db: &Db, id: i64) -> Result<Option<SubscriptionRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM subscriptions WHERE id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// How many subscriptions of this address were asked for since `since`.
pub async fn asked_since(db: &Db, email: &str, since: DateTime<Utc>) -> Result<i64, DbError> {
    on_db!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM subscriptions WHERE email_key = $1 AND created_at > $2")
        .bind(email.to_lowercase()).bind(since).fetch_one(pool).await)
}

/// Confirms a subscription (again: nothing changes); `false` when it has ended.
pub async fn confirm(db: &Db, id: i64, now: DateTime<Utc>) -> Result<bool, DbError> {
    let done = on_write!(db, pool => sqlx::query(
        "UPDATE subscriptions SET state = 'active', confirmed_at = COALESCE(confirmed_at, $1), \
         digest_at = COALESCE(digest_at, $1) WHERE id = $2 AND state <> 'ended'")
        .bind(now).bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Ends a subscription (again: nothing changes).
pub async fn end(db: &Db, id: i64, now: DateTime<Utc>) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query(
        "UPDATE subscriptions SET state = 'ended', ended_at = COALESCE(ended_at, $1) WHERE id = $2")
        .bind(now).bind(id).execute(pool).await.map(drop))
}

pub async fn set_frequency(db: &Db, id: i64, frequency: &str) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query("UPDATE subscriptions SET frequency = $1 WHERE id = $2 AND state <> 'ended'")
        .bind(frequency).bind(id).execute(pool).await.map(drop))
}

/// Active subscriptions whose last digest is older than their frequency allows, after `after`
/// (by id), in id order.
pub async fn due(
    db: &Db,
    now: DateTime<Utc>,
    after: i64,
    limit: i64,
) -> Result<Vec<SubscriptionRow>, DbError> {
    let daily = now - chrono::Duration::hours(23);
    let weekly = now - chrono::Duration::days(7) + chrono::Duration::hours(1);
    let sql = format!(
        "SELECT {COLUMNS} FROM subscriptions WHERE state = 'active' AND id > $1 AND \
         ((frequency = 'daily' AND digest_at <= $2) OR (frequency = 'weekly' AND digest_at <= $3)) \
         ORDER BY id LIMIT $4"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(after).bind(daily).bind(weekly).bind(limit).fetch_all(pool).await)
}

/// The digest up to `at` is queued (or there was nothing new).
pub async fn digested(tx: &mut Tx, id: i64, at: DateTime<Utc>) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query("UPDATE subscriptions SET digest_at = $1 WHERE id = $2")
        .bind(at).bind(id).execute(&mut *conn).await.map(drop))
}

/// Subscriptions per state.
pub async fn counts(db: &Db) -> Result<Vec<(String, i64)>, DbError> {
    on_db!(db, pool => sqlx::query_as("SELECT state, COUNT(*) FROM subscriptions GROUP BY state ORDER BY state")
        .fetch_all(pool).await)
}

/// A published entry new or changed since a time: what a digest is made of.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Change {
    pub id: i64,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub category_bits: i64,
    /// Mirrored from another chapter.
    pub mirrored: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Initiatives published and changed since `since`, the newest first.
pub async fn changed_initiatives(
    db: &Db,
    since: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Change>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT id, latitude, longitude, category_bits, origin_id IS NOT NULL AS mirrored, created_at, updated_at \
         FROM initiatives WHERE updated_at > $1 AND review = 'published' ORDER BY updated_at DESC, id DESC LIMIT $2")
        .bind(since).bind(limit).fetch_all(pool).await)
}

/// Events published, changed since `since` and not finished at `now`, the newest first.
pub async fn changed_events(
    db: &Db,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Change>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT id, latitude, longitude, category_bits, origin_id IS NOT NULL AS mirrored, created_at, updated_at \
         FROM events WHERE updated_at > $1 AND review = 'published' AND finishes_at > $2 \
         ORDER BY updated_at DESC, id DESC LIMIT $3")
        .bind(since).bind(now).bind(limit).fetch_all(pool).await)
}
