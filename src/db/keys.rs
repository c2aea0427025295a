//! The `actor_keys` table: our actors' RSA key pairs, made on first start.

use chrono::{DateTime, Utc};

use super::{Db, DbError, on_db, on_write};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KeyRow {
    pub actor: String,
    pub public_key_pem: String,
    pub private_key_pem: String,
    pub created_at: DateTime<Utc>,
}

pub async fn get(db: &Db, actor: &str) -> Result<Option<KeyRow>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT actor, public_key_pem, private_key_pem, created_at FROM actor_keys WHERE actor = $1")
        .bind(actor).fetch_optional(pool).await)
}

/// Stores a key pair unless one exists already (a concurrent start made it first).
pub async fn insert(db: &Db, row: &KeyRow) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query(
        "INSERT INTO actor_keys (actor, public_key_pem, private_key_pem, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (actor) DO NOTHING")
        .bind(&row.actor).bind(&row.public_key_pem).bind(&row.private_key_pem).bind(row.created_at)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}
