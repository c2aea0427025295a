//! The `deliveries` and `hosts` tables: the persistent delivery queue and host health.

mod lease;

pub use lease::{lease_due, lease_due_by, lease_owners, release_leases, release_owner, unlease};

use chrono::{DateTime, Utc};

use super::{Db, DbError, Engine, Sql, Tx, bind, on_db, on_tx, on_write};

/// A delivery due now, with what it carries.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueDelivery {
    pub id: i64,
    pub inbox: String,
    pub host: String,
    pub attempts: i64,
    pub created_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub local_actor: String,
    pub payload: String,
    /// The host has been failing for a while (see `hosts.unavailable_since`).
    pub host_unavailable: bool,
}

/// A delivery that did not (yet) succeed, for admins.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeliveryProblem {
    pub id: i64,
    pub activity_ap_id: String,
    pub inbox: String,
    pub state: String,
    pub attempts: i64,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub next_attempt_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Queues one delivery per inbox (already deduplicated by the caller) of an activity about
/// `subject` (its object's id).
pub async fn enqueue(
    tx: &mut Tx,
    activity_id: i64,
    subject: &str,
    inboxes: &[(String, String)],
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    for chunk in inboxes.chunks(200) {
        let mut sql = Sql::new(
            "INSERT INTO deliveries (activity_id, subject, inbox, host, state, attempts, \
             next_attempt_at, created_at, updated_at) VALUES ",
        );
        for (i, (inbox, host)) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.push("(")
                .bind(activity_id)
                .push(", ")
                .bind(subject)
                .push(", ")
                .bind(inbox.as_str())
                .push(", ");
            sql.bind(host.as_str())
                .push(", 'pending', 0, ")
                .bind(now)
                .push(", ");
            sql.bind(now).push(", ").bind(now).push(")");
        }
        sql.push(" ON CONFLICT (activity_id, inbox) DO NOTHING");
        on_tx!(tx, conn => bind!(sqlx::query(sql.text()), sql).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Records the outcome of one attempt: `state` and, when pending, the next attempt.
pub async fn record_attempt(
    db: &Db,
    id: i64,
    state: &str,
    next_attempt_at: DateTime<Utc>,
    status: Option<i64>,
    error: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query(
        "UPDATE deliveries SET state = $1, attempts = attempts + 1, next_attempt_at = $2, \
         leased_until = NULL, last_status = $3, last_error = $4, updated_at = $5 WHERE id = $6")
        .bind(state).bind(next_attempt_at).bind(status).bind(error).bind(now).bind(id)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Records successful deliveries, and their hosts as available.
pub async fn record_delivered(
    tx: &mut Tx,
    ids: &[i64],
    hosts: &[&str],
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    for chunk in ids.chunks(500) {
        let mut sql = Sql::new(
            "UPDATE deliveries SET state = 'delivered', attempts = attempts + 1, \
             leased_until = NULL, last_status = 200, last_error = NULL, updated_at = ",
        );
        sql.bind(now)
            .push(" WHERE id IN ")
            .bind_list(chunk.iter().copied());
        on_tx!(tx, conn => bind!(sqlx::query(sql.text()), sql).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    }
    hosts_succeeded_in(tx, hosts, now).await
}

/// Moves a delivery to a later time without counting an attempt, saying why.
pub async fn defer(db: &Db, id: i64, until: DateTime<Utc>, why: &str) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query("UPDATE deliveries SET next_attempt_at = $1, leased_until = NULL, last_error = $2 WHERE id = $3")
        .bind(until).bind(why).bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// A delivery with a problem: failed for good, or still retrying after an error.
const PROBLEM: &str = "d.state = 'failed' \
    OR (d.state = 'pending' AND (d.attempts > 0 OR d.last_error IS NOT NULL))";

/// Deliveries with a problem, newest first.
pub async fn problems(db: &Db, limit: i64) -> Result<Vec<DeliveryProblem>, DbError> {
    let sql = format!(
        "SELECT d.id, a.ap_id AS activity_ap_id, d.inbox, d.state, d.attempts, d.last_status, \
         d.last_error, d.next_attempt_at, d.updated_at FROM deliveries d \
         JOIN activities a ON a.id = d.activity_id WHERE {PROBLEM} \
         ORDER BY d.updated_at DESC LIMIT $1"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(limit).fetch_all(pool).await)
}

/// How many deliveries have a problem, counted up to `cap`.
pub async fn count_problems(db: &Db, cap: i64) -> Result<i64, DbError> {
    let sql =
        format!("SELECT COUNT(*) FROM (SELECT 1 FROM deliveries d WHERE {PROBLEM} LIMIT $1) AS p");
    on_db!(db, pool => sqlx::query_scalar(&sql).bind(cap).fetch_one(pool).await)
}

/// How many deliveries are in each state.
pub async fn counts(db: &Db) -> Result<Vec<(String, i64)>, DbError> {
    on_db!(db, pool => sqlx::query_as("SELECT state, COUNT(*) FROM deliveries GROUP BY state ORDER BY state")
        .fetch_all(pool).await)
}

/// A host's health.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct HostRow {
    pub host: String,
    pub failures: i64,
    pub first_failure_at: Option<DateTime<Utc>>,
    pub unavailable_since: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
}

pub async fn host(db: &Db, host: &str) -> Result<Option<HostRow>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT host, failures, first_failure_at, unavailable_since, last_success_at FROM hosts WHERE host = $1")
        .bind(host).fetch_optional(pool).await)
}

pub async fn unavailable_hosts(db: &Db) -> Result<Vec<HostRow>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT host, failures, first_failure_at, unavailable_since, last_success_at FROM hosts \
         WHERE unavailable_since IS NOT NULL ORDER BY host")
        .fetch_all(pool).await)
}

/// A host answered: it is available again.
pub async fn host_succeeded(db: &Db, host: &str, now: DateTime<Utc>) -> Result<(), DbError> {
    let sql = hosts_succeeded(db.engine(), &[host], now);
    on_write!(db, pool => bind!(sqlx::query(sql.text()), sql).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Marks `hosts` available (each once, however often it is named), inside a transaction.
pub async fn hosts_succeeded_in(
    tx: &mut Tx,
    hosts: &[&str],
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    // One row per host: an upsert may not touch a row twice.
    let mut hosts = hosts.to_vec();
    hosts.sort_unstable();
    hosts.dedup();
    if let Tx::Postgres(tx) = tx {
        // The hosts as one array: one text, one prepared statement, whatever their number.
        sqlx::query(
            "INSERT INTO hosts (host, failures, last_success_at) \
             SELECT h, 0, $2 FROM UNNEST($1::text[]) AS h ON CONFLICT (host) DO UPDATE \
             SET failures = 0, first_failure_at = NULL, unavailable_since = NULL, \
             last_success_at = excluded.last_success_at",
        )
        .bind(&hosts)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        return Ok(());
    }
    for chunk in hosts.chunks(200) {
        let sql = hosts_succeeded(tx.engine(), chunk, now);
        on_tx!(tx, conn => bind!(sqlx::query(sql.text()), sql).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// The upsert marking distinct `hosts` available, as of `now`.
fn hosts_succeeded(engine: Engine, hosts: &[&str], now: DateTime<Utc>) -> Sql {
    let mut sql = Sql::many(
        engine,
        "INSERT INTO hosts (host, failures, last_success_at) VALUES ",
    );
    for (i, host) in hosts.iter().enumerate() {
        sql.push(if i == 0 { "(" } else { ", (" });
        sql.bind(*host).push(", 0, ").bind(now).push(")");
    }
    sql.push(
        " ON CONFLICT (host) DO UPDATE SET failures = 0, first_failure_at = NULL, \
         unavailable_since = NULL, last_success_at = excluded.last_success_at",
    );
    sql
}

/// A host failed; it becomes unavailable after `threshold` failures spread over `window`.
pub async fn host_failed(
    db: &Db,
    host: &str,
    now: DateTime<Utc>,
    threshold: i64,
    since: DateTime<Utc>,
) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query(
        "INSERT INTO hosts (host, failures, first_failure_at) VALUES ($1, 1, $2) \
         ON CONFLICT (host) DO UPDATE SET failures = hosts.failures + 1, \
         first_failure_at = COALESCE(hosts.first_failure_at, excluded.first_failure_at), \
         unavailable_since = CASE WHEN hosts.unavailable_since IS NOT NULL THEN hosts.unavailable_since \
           WHEN hosts.failures + 1 >= $3 AND hosts.first_failure_at <= $4 THEN $2 ELSE NULL END")
        .bind(host).bind(now).bind(threshold).bind(since).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Pending deliveries per host, busiest first.
pub async fn pending_by_host(db: &Db, limit: i64) -> Result<Vec<(String, i64)>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT host, COUNT(*) AS n FROM deliveries WHERE state = 'pending' GROUP BY host ORDER BY n DESC, host LIMIT $1")
        .bind(limit).fetch_all(pool).await)
}

/// Failed deliveries per host, worst first.
pub async fn failed_by_host(db: &Db, limit: i64) -> Result<Vec<(String, i64)>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT host, COUNT(*) AS n FROM deliveries WHERE state = 'failed' GROUP BY host ORDER BY n DESC, host LIMIT $1")
        .bind(limit).fetch_all(pool).await)
}

/// When the oldest pending delivery was queued.
pub async fn oldest_pending(db: &Db) -> Result<Option<DateTime<Utc>>, DbError> {
    on_db!(db, pool => sqlx::query_scalar("SELECT MIN(created_at) FROM deliveries WHERE state = 'pending'")
        .fetch_one(pool).await)
}

/// Sends a host's pending deliveries now, and failed ones once more: an admin's "retry now".
/// The host counts as available again. Returns how many deliveries were re-queued.
pub async fn retry_host(db: &Db, host: &str, now: DateTime<Utc>) -> Result<u64, DbError> {
    let n = on_write!(db, pool => sqlx::query(
        "UPDATE deliveries SET state = 'pending', next_attempt_at = $1, leased_until = NULL, \
         attempts = CASE WHEN state = 'failed' THEN 0 ELSE attempts END, updated_at = $1 \
         WHERE host = $2 AND state IN ('pending', 'failed')")
        .bind(now).bind(host).execute(pool).await.map(|r| r.rows_affected()))?;
    on_write!(db, pool => sqlx::query(
        "UPDATE hosts SET failures = 0, first_failure_at = NULL, unavailable_since = NULL WHERE host = $1")
        .bind(host).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(n)
}

/// The hosts with deliveries pending or failed.
pub async fn hosts_waiting(db: &Db) -> Result<Vec<String>, DbError> {
    on_db!(db, pool => sqlx::query_scalar(
        "SELECT DISTINCT host FROM deliveries WHERE state IN ('pending', 'failed') ORDER BY host")
        .fetch_all(pool).await)
}

/// Drops what waits for a host (a blocked one); returns how many deliveries.
pub async fn drop_for_host(db: &Db, host: &str) -> Result<u64, DbError> {
    on_write!(db, pool => sqlx::query(
        "DELETE FROM deliveries WHERE host = $1 AND state IN ('pending', 'failed')")
        .bind(host).execute(pool).await.map(|r| r.rows_affected()))
}
