//! The `users` and `invites` tables: who may sign in to the web admin, and the one-time links
//! that create accounts.

use chrono::{DateTime, Utc};

use super::{Db, DbError, Tx, on_db, on_tx, on_write};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub role: String,
    pub created_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, username, password_hash, role, created_at";

pub async fn insert(
    tx: &mut Tx,
    username: &str,
    password_hash: &str,
    role: &str,
    now: DateTime<Utc>,
) -> Result<i64, DbError> {
    on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO users (username, password_hash, role, created_at, password_changed_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING id")
        .bind(username).bind(password_hash).bind(role).bind(now).fetch_one(&mut *conn).await)
}

pub async fn by_username(db: &Db, username: &str) -> Result<Option<UserRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE username = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(username).fetch_optional(pool).await)
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<UserRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

pub async fn list(db: &Db) -> Result<Vec<UserRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM users ORDER BY username");
    on_db!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)
}

/// Locks the admins' rows until the transaction ends, so that two changes of role cannot both
/// count the other admin (PostgreSQL; SQLite has one writer at a time already).
pub async fn lock_admins(tx: &mut Tx) -> Result<(), DbError> {
    if let Tx::Postgres(conn) = tx {
        sqlx::query("SELECT id FROM users WHERE role = 'admin' FOR UPDATE")
            .execute(&mut **conn)
            .await?;
    }
    Ok(())
}

pub async fn count_admins(tx: &mut Tx) -> Result<i64, DbError> {
    on_tx!(tx, conn => sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin'")
        .fetch_one(&mut *conn).await)
}

pub async fn any(db: &Db) -> Result<bool, DbError> {
    let n: i64 =
        on_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(pool).await)?;
    Ok(n > 0)
}

pub async fn set_password(
    db: &Db,
    id: i64,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query(
        "UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
        .bind(password_hash).bind(now).bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_role(tx: &mut Tx, id: i64, role: &str) -> Result<bool, DbError> {
    let n = on_tx!(tx, conn => sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
        .bind(role).bind(id).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Removes an account; its sessions and invitations go with it.
pub async fn delete(tx: &mut Tx, id: i64) -> Result<bool, DbError> {
    let n = on_tx!(tx, conn => sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(id).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A live invitation: its role, and who made it (`None` for the set-up link).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InviteRow {
    pub role: String,
    pub created_by: Option<i64>,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert_invite(
    db: &Db,
    token_hash: &str,
    role: &str,
    created_by: Option<i64>,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query(
        "INSERT INTO invites (token_hash, role, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)")
        .bind(token_hash).bind(role).bind(created_by).bind(now).bind(expires_at)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn invite(
    db: &Db,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<InviteRow>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT role, created_by, expires_at FROM invites WHERE token_hash = $1 AND expires_at > $2")
        .bind(token_hash).bind(now).fetch_optional(pool).await)
}

/// Uses up an invitation; `false` when it was already used (by a concurrent request).
pub async fn consume_invite(tx: &mut Tx, token_hash: &str) -> Result<bool, DbError> {
    let n = on_tx!(tx, conn => sqlx::query("DELETE FROM invites WHERE token_hash = $1")
        .bind(token_hash).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Forgets the set-up links made at earlier starts.
pub async fn delete_setup_invites(db: &Db) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query("DELETE FROM invites WHERE created_by IS NULL")
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}
