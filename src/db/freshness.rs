//! Whether initiatives are still true: the columns of their reminders and confirmations, and the
//! `owner_edits` table (changes their owners proposed, waiting for an admin).

use chrono::{DateTime, Utc};

use super::{Db, DbError, Tx, on_db, on_tx, on_write};

/// An initiative to ask, or to mark unconfirmed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Stale {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub email: Option<String>,
    pub reminders: i32,
    pub reminded_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub unconfirmed_since: Option<DateTime<Utc>>,
}

const STALE: &str = "SELECT id, slug, name, email, reminders, reminded_at, updated_at, confirmed_at, \
    unconfirmed_since FROM initiatives";

/// Our own published initiatives with a contact address, neither updated nor confirmed since
/// `cutoff`, not closed nor already unconfirmed, and not reminded since `again` (or never).
pub async fn due(
    db: &Db,
    cutoff: DateTime<Utc>,
    again: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Stale>, DbError> {
    let sql = format!(
        "{STALE} WHERE origin_id IS NULL AND review = 'published' AND status <> 'closed' \
         AND email IS NOT NULL AND updated_at < $1 AND (confirmed_at IS NULL OR confirmed_at < $1) \
         AND unconfirmed_since IS NULL AND (reminders = 0 OR reminded_at < $2) ORDER BY id LIMIT $3"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(cutoff).bind(again).bind(limit).fetch_all(pool).await)
}

/// Those reminded or unconfirmed, for admins: the unconfirmed first, then the oldest.
pub async fn waiting(db: &Db, limit: i64) -> Result<Vec<Stale>, DbError> {
    let sql = format!(
        "{STALE} WHERE origin_id IS NULL AND (reminders > 0 OR unconfirmed_since IS NOT NULL) \
         ORDER BY unconfirmed_since IS NULL, updated_at, id LIMIT $1"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(limit).fetch_all(pool).await)
}

pub async fn reminded(tx: &mut Tx, id: i64, now: DateTime<Utc>) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE initiatives SET reminders = reminders + 1, reminded_at = $1 WHERE id = $2")
        .bind(now).bind(id).execute(&mut *conn).await.map(drop))
}

/// No answer to the reminders: shown as unconfirmed from now (a change others are told of).
pub async fn unconfirmed(tx: &mut Tx, id: i64, now: DateTime<Utc>) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE initiatives SET unconfirmed_since = $1, updated_at = $1 WHERE id = $2")
        .bind(now).bind(id).execute(&mut *conn).await.map(drop))
}

/// Its contact says it is still true; `true` when it was shown unconfirmed until now.
pub async fn confirmed(tx: &mut Tx, id: i64, now: DateTime<Utc>) -> Result<bool, DbError> {
    let was: Option<Option<DateTime<Utc>>> = on_tx!(tx, conn => sqlx::query_scalar(
        "SELECT unconfirmed_since FROM initiatives WHERE id = $1")
        .bind(id).fetch_optional(&mut *conn).await)?;
    on_tx!(tx, conn => sqlx::query(
        "UPDATE initiatives SET confirmed_at = $1, reminders = 0, reminded_at = NULL, \
         unconfirmed_since = NULL, updated_at = CASE WHEN unconfirmed_since IS NULL THEN updated_at ELSE $1 END \
         WHERE id = $2")
        .bind(now).bind(id).execute(&mut *conn).await.map(drop))?;
    Ok(was.flatten().is_some())
}

/// A mirrored initiative's confirmation, as its origin shows it.
pub async fn as_origin_says(
    tx: &mut Tx,
    id: i64,
    confirmed_at: Option<DateTime<Utc>>,
    unconfirmed_since: Option<DateTime<Utc>>,
) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE initiatives SET confirmed_at = $1, unconfirmed_since = $2 WHERE id = $3")
        .bind(confirmed_at).bind(unconfirmed_since).bind(id).execute(&mut *conn).await.map(drop))
}

/// A proposed change, waiting.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OwnerEdit {
    pub id: i64,
    pub initiative_id: i64,
    pub patch: String,
    pub state: String,
    pub created_at: DateTime<Utc>,
}

pub async fn propose(
    tx: &mut Tx,
    initiative_id: i64,
    patch: &str,
    now: DateTime<Utc>,
) -> Result<i64, DbError> {
    on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO owner_edits (initiative_id, patch, state, created_at) VALUES ($1, $2, 'pending', $3) RETURNING id")
        .bind(initiative_id).bind(patch).bind(now).fetch_one(&mut *conn).await)
}

pub async fn pending_edits(db: &Db, limit: i64) -> Result<Vec<OwnerEdit>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT id, initiative_id, patch, state, created_at FROM owner_edits WHERE state = 'pending' ORDER BY created_at, id LIMIT $1")
        .bind(limit).fetch_all(pool).await)
}

pub async fn edit(db: &Db, id: i64) -> Result<Option<OwnerEdit>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT id, initiative_id, patch, state, created_at FROM owner_edits WHERE id = $1")
        .bind(id).fetch_optional(pool).await)
}

/// Decides a pending edit; `false` when it was decided already.
pub async fn decide(db: &Db, id: i64, state: &str, now: DateTime<Utc>) -> Result<bool, DbError> {
    let n = on_write!(db, pool => sqlx::query(
        "UPDATE owner_edits SET state = $1, decided_at = $2 WHERE id = $3 AND state = 'pending'")
        .bind(state).bind(now).bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A decided edit waits again (applying it failed).
pub async fn reopen(db: &Db, id: i64) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query("UPDATE owner_edits SET state = 'pending', decided_at = NULL WHERE id = $1")
        .bind(id).execute(pool).await.map(drop))
}
