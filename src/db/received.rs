//! The `received_activities` table: activity ids already processed.

use chrono::{DateTime, Utc};

use super::{Db, DbError, Tx, on_db, on_tx};

/// Records an activity id; `false` when it was already there (a redelivery).
pub async fn record(
    tx: &mut Tx,
    ap_id: &str,
    actor: &str,
    kind: &str,
    style: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let n = on_tx!(tx, conn => sqlx::query(
        "INSERT INTO received_activities (ap_id, actor, kind, signature_style, received_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (ap_id) DO NOTHING")
        .bind(ap_id).bind(actor).bind(kind).bind(style).bind(now)
        .execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Forgets an id whose processing failed, so that a retry is processed.
pub async fn forget(db: &Db, ap_id: &str) -> Result<(), DbError> {
    on_db!(db, pool => sqlx::query("DELETE FROM received_activities WHERE ap_id = $1")
        .bind(ap_id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}
