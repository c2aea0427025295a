//! The `outgoing` table: what happened to the directory, for federation to act on.

use chrono::{DateTime, Utc};

use super::{Db, DbError, Tx, on_db, on_tx};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutgoingRow {
    pub id: i64,
    pub payload: String,
    pub created_at: DateTime<Utc>,
}

/// Records a change, inside the transaction that makes it.
pub async fn push(tx: &mut Tx, payload: &str, now: DateTime<Utc>) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query("INSERT INTO outgoing (payload, created_at) VALUES ($1, $2)")
        .bind(payload).bind(now).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The oldest changes not handled yet.
pub async fn pending(db: &Db, limit: i64) -> Result<Vec<OutgoingRow>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT id, payload, created_at FROM outgoing WHERE handled_at IS NULL ORDER BY id LIMIT $1")
        .bind(limit).fetch_all(pool).await)
}

/// Marks a change as turned into activities, in the transaction that stores them.
pub async fn mark_handled(tx: &mut Tx, id: i64, now: DateTime<Utc>) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query("UPDATE outgoing SET handled_at = $1 WHERE id = $2")
        .bind(now).bind(id).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(())
}
