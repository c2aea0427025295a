//! The `mails` table: messages waiting to be sent, rendered when they leave.

use chrono::{DateTime, Utc};

use super::{Db, DbError, Sql, Tx, bind, on_db, on_tx, on_write};

/// A message to queue: what to say, to whom, and the one cause it answers.
#[derive(Debug, Clone)]
pub struct NewMail<'a> {
    pub cause: &'a str,
    pub kind: &'a str,
    pub recipient: &'a str,
    pub locale: &'a str,
    /// JSON.
    pub params: &'a str,
}

/// A queued message, leased for sending.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MailRow {
    pub id: i64,
    pub cause: String,
    pub kind: String,
    pub recipient: String,
    pub locale: String,
    pub params: String,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
}

/// Queues a message in the transaction of what caused it; `false` when that cause already has
/// its message (queued or sent).
pub async fn enqueue(tx: &mut Tx, mail: &NewMail<'_>, now: DateTime<Utc>) -> Result<bool, DbError> {
    let done = on_tx!(tx, conn => sqlx::query(
        "INSERT INTO mails (cause, kind, recipient, locale, params, state, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6) ON CONFLICT (cause) DO NOTHING")
        .bind(mail.cause).bind(mail.kind).bind(mail.recipient).bind(mail.locale).bind(mail.params)
        .bind(now).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// Takes up to `limit` due messages, oldest first, and leases them until `lease_until`: each is
/// taken by one sender.
pub async fn lease_due(
    db: &Db,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<MailRow>, DbError> {
    let due: Vec<i64> = on_db!(db, pool => sqlx::query_scalar(
        "SELECT id FROM mails WHERE state = 'pending' AND next_attempt_at <= $1 \
         AND (leased_until IS NULL OR leased_until < $1) ORDER BY next_attempt_at, id LIMIT $2")
        .bind(now).bind(limit).fetch_all(pool).await)?;
    if due.is_empty() {
        return Ok(Vec::new());
    }
    let mut lease = Sql::new("UPDATE mails SET leased_until = ");
    lease.bind(lease_until).push(" WHERE id IN ");
    lease.bind_list(due);
    lease
        .push(" AND state = 'pending' AND (leased_until IS NULL OR leased_until < ")
        .bind(now)
        .push(") RETURNING id, cause, kind, recipient, locale, params, attempts, created_at");
    let mut leased: Vec<MailRow> =
        on_write!(db, pool => bind!(sqlx::query_as(lease.text()), lease).fetch_all(pool).await)?;
    leased.sort_by_key(|m| m.id);
    Ok(leased)
}

/// Frees the leases a previous run held (a crash): their messages are due again.
pub async fn release_leases(db: &Db) -> Result<u64, DbError> {
    on_write!(db, pool => sqlx::query("UPDATE mails SET leased_until = NULL WHERE leased_until IS NOT NULL AND state = 'pending'")
        .execute(pool).await.map(|r| r.rows_affected()))
}

/// The message left.
pub async fn sent(db: &Db, id: i64, now: DateTime<Utc>) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query(
        "UPDATE mails SET state = 'sent', sent_at = $1, attempts = attempts + 1, leased_until = NULL, \
         last_error = NULL WHERE id = $2")
        .bind(now).bind(id).execute(pool).await.map(drop))
}

/// The message did not leave: try again at `next`, or (`None`) never.
pub async fn not_sent(
    db: &Db,
    id: i64,
    error: &str,
    next: Option<DateTime<Utc>>,
) -> Result<(), DbError> {
    let state = if next.is_some() { "pending" } else { "failed" };
    on_write!(db, pool => sqlx::query(
        "UPDATE mails SET state = $1, attempts = attempts + 1, leased_until = NULL, last_error = $2, \
         next_attempt_at = COALESCE($3, next_attempt_at) WHERE id = $4")
        .bind(state).bind(error).bind(next).bind(id).execute(pool).await.map(drop))
}

/// The message waits, untried, until `next` (the hour's cap is reached).
pub async fn postpone(db: &Db, id: i64, next: DateTime<Utc>) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query(
        "UPDATE mails SET leased_until = NULL, next_attempt_at = $1 WHERE id = $2")
        .bind(next).bind(id).execute(pool).await.map(drop))
}

/// How many messages left since `since`, and when the first of them did.
pub async fn sent_since(
    db: &Db,
    since: DateTime<Utc>,
) -> Result<(i64, Option<DateTime<Utc>>), DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT COUNT(*), MIN(sent_at) FROM mails WHERE sent_at IS NOT NULL AND sent_at > $1")
        .bind(since).fetch_one(pool).await)
}

/// Messages per state.
pub async fn counts(db: &Db) -> Result<Vec<(String, i64)>, DbError> {
    on_db!(db, pool => sqlx::query_as("SELECT state, COUNT(*) FROM mails GROUP BY state ORDER BY state")
        .fetch_all(pool).await)
}

/// The message queued for a cause, if any: (kind, recipient, state).
pub async fn by_cause(db: &Db, cause: &str) -> Result<Option<(String, String, String)>, DbError> {
    on_db!(db, pool => sqlx::query_as("SELECT kind, recipient, state FROM mails WHERE cause = $1")
        .bind(cause).fetch_optional(pool).await)
}
