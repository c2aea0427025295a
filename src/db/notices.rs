//! The `notices` and `notice_settings` tables, and the users' e-mail columns: what admins are
//! told, how each wants to hear of it, and up to where each was told.

use chrono::{DateTime, Utc};

use super::{Db, DbError, Tx, on_db, on_tx, on_write};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NoticeRow {
    pub id: i64,
    pub kind: String,
    pub subject: String,
    pub label: String,
    pub created_at: DateTime<Utc>,
}

/// A user with an address, and up to where they were told.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Recipient {
    pub id: i64,
    pub username: String,
    pub email: String,
    pub locale: String,
    pub notices_told: i64,
    pub notices_digested: i64,
    pub told_at: Option<DateTime<Utc>>,
    pub digested_at: Option<DateTime<Utc>>,
}

/// Records a notice in the transaction of its cause (once per cause).
pub async fn record(
    tx: &mut Tx,
    kind: &str,
    subject: &str,
    label: &str,
    cause: &str,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query(
        "INSERT INTO notices (kind, subject, label, cause, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (cause) DO NOTHING")
        .bind(kind).bind(subject).bind(label).bind(cause).bind(now)
        .execute(&mut *conn).await.map(drop))
}

/// Notices after `after` (by id), oldest first.
pub async fn after(db: &Db, after: i64, limit: i64) -> Result<Vec<NoticeRow>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT id, kind, subject, label, created_at FROM notices WHERE id > $1 ORDER BY id LIMIT $2")
        .bind(after).bind(limit).fetch_all(pool).await)
}

/// These notices, oldest first.
pub async fn by_ids(db: &Db, ids: &[i64]) -> Result<Vec<NoticeRow>, DbError> {
    let mut sql =
        super::Sql::new("SELECT id, kind, subject, label, created_at FROM notices WHERE id IN ");
    sql.bind_list(ids.iter().copied()).push(" ORDER BY id");
    on_db!(db, pool => super::bind!(sqlx::query_as(sql.text()), sql).fetch_all(pool).await)
}

pub async fn last_id(db: &Db) -> Result<i64, DbError> {
    on_db!(db, pool => sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM notices").fetch_one(pool).await)
}

/// Every user with an e-mail address.
pub async fn recipients(db: &Db) -> Result<Vec<Recipient>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT id, username, email, locale, notices_told, notices_digested, told_at, digested_at \
         FROM users WHERE email IS NOT NULL ORDER BY id")
        .fetch_all(pool).await)
}

/// A user's e-mail address and language.
pub async fn address(db: &Db, user_id: i64) -> Result<Option<(Option<String>, String)>, DbError> {
    on_db!(db, pool => sqlx::query_as("SELECT email, locale FROM users WHERE id = $1")
        .bind(user_id).fetch_optional(pool).await)
}

/// Sets a user's address and language. A first address starts after the notices already there.
pub async fn set_address(
    db: &Db,
    user_id: i64,
    email: Option<&str>,
    locale: &str,
) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query(
        "UPDATE users SET notices_told = CASE WHEN email IS NULL THEN (SELECT COALESCE(MAX(id), 0) FROM notices) ELSE notices_told END, \
         notices_digested = CASE WHEN email IS NULL THEN (SELECT COALESCE(MAX(id), 0) FROM notices) ELSE notices_digested END, \
         email = $1, locale = $2 WHERE id = $3")
        .bind(email).bind(locale).bind(user_id).execute(pool).await.map(drop))
}

/// How a user hears of each kind they changed: (kind, how).
pub async fn settings(db: &Db, user_id: i64) -> Result<Vec<(String, String)>, DbError> {
    on_db!(db, pool => sqlx::query_as("SELECT kind, how FROM notice_settings WHERE user_id = $1 ORDER BY kind")
        .bind(user_id).fetch_all(pool).await)
}

/// Every user's settings: (user, kind, how).
pub async fn all_settings(db: &Db) -> Result<Vec<(i64, String, String)>, DbError> {
    on_db!(db, pool => sqlx::query_as("SELECT user_id, kind, how FROM notice_settings")
        .fetch_all(pool).await)
}

pub async fn set(db: &Db, user_id: i64, kind: &str, how: &str) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query(
        "INSERT INTO notice_settings (user_id, kind, how) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, kind) DO UPDATE SET how = excluded.how")
        .bind(user_id).bind(kind).bind(how).execute(pool).await.map(drop))
}

/// The user was told at once of everything up to `up_to`.
pub async fn told(
    tx: &mut Tx,
    user_id: i64,
    up_to: i64,
    at: Option<DateTime<Utc>>,
) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE users SET notices_told = $1, told_at = COALESCE($2, told_at) WHERE id = $3")
        .bind(up_to).bind(at).bind(user_id).execute(&mut *conn).await.map(drop))
}

/// The user's daily digest covered everything up to `up_to`.
pub async fn digested(
    tx: &mut Tx,
    user_id: i64,
    up_to: i64,
    at: DateTime<Utc>,
) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query(
        "UPDATE users SET notices_digested = $1, digested_at = $2 WHERE id = $3")
        .bind(up_to).bind(at).bind(user_id).execute(&mut *conn).await.map(drop))
}
