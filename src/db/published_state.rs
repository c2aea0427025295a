//! The `published_state` table: what the chapter last told its followers about itself.

use chrono::{DateTime, Utc};

use super::{Db, DbError, Tx, on_db, on_tx};

pub async fn get(db: &Db, key: &str) -> Result<Option<String>, DbError> {
    on_db!(db, pool => sqlx::query_scalar("SELECT value FROM published_state WHERE key = $1")
        .bind(key).fetch_optional(pool).await)
}

pub async fn set(tx: &mut Tx, key: &str, value: &str, now: DateTime<Utc>) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO published_state (key, value, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")
        .bind(key).bind(value).bind(now).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(())
}
