//! Taking due deliveries: each one leased by one worker among every process on the database,
//! until its outcome is recorded or its lease runs out (its worker died).

use chrono::{DateTime, Utc};

use super::DueDelivery;
use crate::db::{Db, DbError, Sql, bind, on_write};

/// What a due delivery is: pending, its time come, nobody's lease on it, and for its inbox and
/// subject the oldest pending one, so that every inbox receives our activities about an object
/// in order (a Delete never overtakes its Create), and a retrying delivery holds back the later
/// ones about the same object, not those about others.
const DUE: &str = "d.state = 'pending' AND d.next_attempt_at <= $1 \
    AND (d.leased_until IS NULL OR d.leased_until < $1) \
    AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.inbox = d.inbox AND e.subject = d.subject \
    AND e.state = 'pending' AND e.id < d.id)";

/// What a worker needs of a delivery.
const COLUMNS: &str = "d.id, d.inbox, d.host, d.attempts, d.created_at, d.last_error, \
    a.local_actor, a.payload, h.unavailable_since IS NOT NULL AS host_unavailable";

const FROM: &str = "FROM deliveries d JOIN activities a ON a.id = d.activity_id \
    LEFT JOIN hosts h ON h.host = d.host";

/// Takes up to `limit` due deliveries and leases them until `lease_until`, for no process in
/// particular (see [`lease_due_by`]).
pub async fn lease_due(
    db: &Db,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<DueDelivery>, DbError> {
    lease_due_by(db, None, now, lease_until, limit).await
}

/// Takes up to `limit` due deliveries and leases them to `owner` until `lease_until`. Each
/// lease is taken once, and so each delivery sent once, however many workers ask at the same
/// moment: on PostgreSQL in one statement that skips the rows another worker is leasing (`FOR
/// UPDATE SKIP LOCKED`), so that N processes share the queue instead of queueing on the same
/// rows; on SQLite (one process) by a read, then an update of those nobody leased since.
pub async fn lease_due_by(
    db: &Db,
    owner: Option<&str>,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<DueDelivery>, DbError> {
    if let Db::Postgres(pool) = db {
        let sql = format!(
            "WITH due AS (SELECT {COLUMNS} {FROM} WHERE {DUE} \
             ORDER BY d.next_attempt_at, d.id LIMIT $2 FOR UPDATE OF d SKIP LOCKED) \
             UPDATE deliveries SET leased_until = $3, leased_by = $4 FROM due \
             WHERE deliveries.id = due.id RETURNING due.*"
        );
        let mut due: Vec<DueDelivery> = sqlx::query_as(&sql)
            .bind(now)
            .bind(limit)
            .bind(lease_until)
            .bind(owner)
            .fetch_all(pool)
            .await?;
        due.sort_by_key(|d| d.id);
        return Ok(due);
    }
    let select =
        format!("SELECT {COLUMNS} {FROM} WHERE {DUE} ORDER BY d.next_attempt_at, d.id LIMIT $2");
    let mut due: Vec<DueDelivery> = crate::db::on_db!(db, pool =>
        sqlx::query_as(&select).bind(now).bind(limit).fetch_all(pool).await)?;
    if !due.is_empty() {
        let mut lease = Sql::new("UPDATE deliveries SET leased_until = ");
        lease.bind(lease_until).push(", leased_by = ");
        lease.bind(owner.map(str::to_owned)).push(" WHERE id IN ");
        lease.bind_list(due.iter().map(|d| d.id));
        lease
            .push(" AND state = 'pending' AND (leased_until IS NULL OR leased_until < ")
            .bind(now)
            .push(") RETURNING id");
        let leased: Vec<i64> = on_write!(db, pool => bind!(sqlx::query_scalar(lease.text()), lease).fetch_all(pool).await)?;
        due.retain(|d| leased.contains(&d.id));
    }
    Ok(due)
}

/// The processes holding leases now.
pub async fn lease_owners(db: &Db, now: DateTime<Utc>) -> Result<Vec<String>, DbError> {
    crate::db::on_db!(db, pool => sqlx::query_scalar(
        "SELECT DISTINCT leased_by FROM deliveries WHERE leased_until >= $1 \
         AND leased_by IS NOT NULL AND state = 'pending'")
        .bind(now).fetch_all(pool).await)
}

/// Frees the leases of `owner`, a process that is gone; answers how many.
pub async fn release_owner(db: &Db, owner: &str) -> Result<u64, DbError> {
    on_write!(db, pool => sqlx::query(
        "UPDATE deliveries SET leased_until = NULL, leased_by = NULL WHERE leased_by = $1 \
         AND leased_until IS NOT NULL")
        .bind(owner).execute(pool).await.map(|r| r.rows_affected()))
}

/// Gives back leased deliveries not sent (their lease would run out before they could be):
/// due again at once, for any worker.
pub async fn unlease(db: &Db, ids: &[i64]) -> Result<(), DbError> {
    for chunk in ids.chunks(500) {
        let mut sql = Sql::new("UPDATE deliveries SET leased_until = NULL WHERE id IN ");
        sql.bind_list(chunk.iter().copied());
        on_write!(db, pool => bind!(sqlx::query(sql.text()), sql).execute(pool).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// Frees the leases a previous run left (a crash, `kill -9`): their deliveries are due again.
/// On SQLite every lease, since the process starting is the only one; on PostgreSQL those of
/// no process in particular, since other processes may hold theirs (those of a process that
/// is gone are freed by [`release_owner`]).
pub async fn release_leases(db: &Db) -> Result<u64, DbError> {
    let sql = match db {
        Db::Sqlite(..) => {
            "UPDATE deliveries SET leased_until = NULL WHERE leased_until IS NOT NULL"
        }
        Db::Postgres(_) => {
            "UPDATE deliveries SET leased_until = NULL \
             WHERE leased_until IS NOT NULL AND leased_by IS NULL"
        }
    };
    on_write!(db, pool => sqlx::query(sql).execute(pool).await.map(|r| r.rows_affected()))
}
