//! The `domain_blocks` and `actor_blocks` tables: hosts, and single actors, the chapter
//! refuses to federate with.

use chrono::{DateTime, Utc};

use super::{Db, DbError, Tx, on_db, on_tx, on_write};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BlockRow {
    pub domain: String,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

/// Records a block; `false` when the domain was already blocked.
pub async fn insert(
    tx: &mut Tx,
    domain: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let n = on_tx!(tx, conn => sqlx::query(
        "INSERT INTO domain_blocks (domain, reason, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (domain) DO NOTHING")
        .bind(domain).bind(reason).bind(now).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn delete(db: &Db, domain: &str) -> Result<bool, DbError> {
    let n = on_write!(db, pool => sqlx::query("DELETE FROM domain_blocks WHERE domain = $1")
        .bind(domain).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn list(db: &Db) -> Result<Vec<BlockRow>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT domain, reason, created_at FROM domain_blocks ORDER BY domain")
        .fetch_all(pool).await)
}

/// Records a block of one actor; `false` when it was already blocked.
pub async fn insert_actor(
    db: &Db,
    actor: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let n = on_write!(db, conn => sqlx::query(
        "INSERT INTO actor_blocks (actor, reason, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (actor) DO NOTHING")
        .bind(actor).bind(reason).bind(now).execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

pub async fn delete_actor(db: &Db, actor: &str) -> Result<bool, DbError> {
    let n = on_write!(db, conn => sqlx::query("DELETE FROM actor_blocks WHERE actor = $1")
        .bind(actor).execute(conn).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// A blocked actor.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActorBlockRow {
    pub actor: String,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

pub async fn actors(db: &Db) -> Result<Vec<ActorBlockRow>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT actor, reason, created_at FROM actor_blocks ORDER BY actor")
        .fetch_all(pool).await)
}
