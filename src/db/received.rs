//! The `received_activities` table: activity ids already processed.

use chrono::{DateTime, Utc};

use std::collections::HashSet;

use super::{Db, DbError, Sql, Tx, bind, on_tx, on_write};

/// A received activity, as recorded.
#[derive(Debug, Clone)]
pub struct Receipt {
    pub ap_id: String,
    pub actor: String,
    /// The actor's row in `remote_actors`.
    pub actor_id: i64,
    pub kind: String,
    /// `cavage` or `rfc9421`.
    pub style: String,
    /// The sender's host, for its health.
    pub host: String,
}

/// Records activity ids, and marks the hosts of those not recorded yet available; returns
/// those ids (the others are redeliveries). `receipts` come in the order of their ids, so
/// that two batches written at once that share some wait for each other in one order.
///
/// On PostgreSQL, one statement: the ids' insert and the hosts' upsert, which takes the hosts
/// in order too, and leaves alone (neither written nor locked) a host without failures whose
/// last success is under a minute old: a host that sends was otherwise rewritten by every
/// batch, for the same answer.
pub async fn record(
    tx: &mut Tx,
    receipts: &[&Receipt],
    now: DateTime<Utc>,
) -> Result<HashSet<String>, DbError> {
    if let Tx::Postgres(tx) = tx {
        // One array per column: the statement's text, and so its prepared statement and
        // plan, are the same whatever the number of receipts.
        let column = |f: fn(&Receipt) -> &str| receipts.iter().map(|r| f(r)).collect::<Vec<_>>();
        let ids: Vec<String> = sqlx::query_scalar(
            "WITH fresh AS (INSERT INTO received_activities \
             (ap_id, actor, kind, signature_style, received_at) \
             SELECT r.ap_id, r.actor, r.kind, r.style, $6 \
             FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[]) \
             AS r(ap_id, actor, kind, style) \
             ON CONFLICT (ap_id) DO NOTHING RETURNING ap_id), \
             available AS (INSERT INTO hosts (host, failures, last_success_at) \
             SELECT DISTINCT s.host, 0, $6::timestamptz \
             FROM UNNEST($1::text[], $5::text[]) AS s(ap_id, host) JOIN fresh USING (ap_id) \
             WHERE NOT EXISTS (SELECT 1 FROM hosts h WHERE h.host = s.host \
             AND h.failures = 0 AND h.unavailable_since IS NULL \
             AND h.last_success_at > $6::timestamptz - interval '1 minute') \
             ORDER BY s.host \
             ON CONFLICT (host) DO UPDATE SET failures = 0, first_failure_at = NULL, \
             unavailable_since = NULL, last_success_at = excluded.last_success_at) \
             SELECT ap_id FROM fresh",
        )
        .bind(column(|r| &r.ap_id))
        .bind(column(|r| &r.actor))
        .bind(column(|r| &r.kind))
        .bind(column(|r| &r.style))
        .bind(column(|r| &r.host))
        .bind(now)
        .fetch_all(&mut **tx)
        .await?;
        return Ok(ids.into_iter().collect());
    }
    let mut fresh = HashSet::new();
    for chunk in receipts.chunks(200) {
        let mut sql = Sql::many(
            tx.engine(),
            "INSERT INTO received_activities (ap_id, actor, kind, signature_style, received_at) VALUES ",
        );
        for (i, r) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" });
            sql.bind(r.ap_id.as_str()).push(", ").bind(r.actor.as_str());
            sql.push(", ").bind(r.kind.as_str()).push(", ");
            sql.bind(r.style.as_str()).push(", ").bind(now).push(")");
        }
        sql.push(" ON CONFLICT (ap_id) DO NOTHING RETURNING ap_id");
        let ids: Vec<String> = on_tx!(tx, conn =>
            bind!(sqlx::query_scalar(sql.text()), sql).fetch_all(&mut *conn).await)?;
        fresh.extend(ids);
    }
    let hosts: Vec<&str> = receipts
        .iter()
        .filter(|r| fresh.contains(&r.ap_id))
        .map(|r| r.host.as_str())
        .collect();
    super::deliveries::hosts_succeeded_in(tx, &hosts, now).await?;
    Ok(fresh)
}

/// Forgets an id whose processing failed, so that a retry is processed.
pub async fn forget(db: &Db, ap_id: &str) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query("DELETE FROM received_activities WHERE ap_id = $1")
        .bind(ap_id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}
