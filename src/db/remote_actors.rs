//! The `remote_actors` table: actors of other servers we have fetched, with their keys.

use chrono::{DateTime, Utc};

use super::{Db, DbError, on_db, on_write};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RemoteActorRow {
    pub id: i64,
    pub ap_id: String,
    pub kind: String,
    pub username: Option<String>,
    pub name: Option<String>,
    pub inbox: String,
    pub shared_inbox: Option<String>,
    pub outbox: Option<String>,
    pub public_key_id: String,
    pub public_key_pem: String,
    pub fetched_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, ap_id, kind, username, name, inbox, shared_inbox, outbox, \
    public_key_id, public_key_pem, fetched_at";

pub async fn by_ap_id(db: &Db, ap_id: &str) -> Result<Option<RemoteActorRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM remote_actors WHERE ap_id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(ap_id).fetch_optional(pool).await)
}

/// Inserts or refreshes an actor by its `ap_id`, returning the stored row.
pub async fn upsert(db: &Db, a: &RemoteActorRow) -> Result<RemoteActorRow, DbError> {
    let sql = format!(
        "INSERT INTO remote_actors (ap_id, kind, username, name, inbox, shared_inbox, outbox, \
         public_key_id, public_key_pem, fetched_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (ap_id) DO UPDATE SET kind = excluded.kind, username = excluded.username, \
         name = excluded.name, inbox = excluded.inbox, shared_inbox = excluded.shared_inbox, \
         outbox = excluded.outbox, public_key_id = excluded.public_key_id, \
         public_key_pem = excluded.public_key_pem, fetched_at = excluded.fetched_at \
         RETURNING {COLUMNS}"
    );
    on_write!(db, pool => sqlx::query_as(&sql)
        .bind(&a.ap_id).bind(&a.kind).bind(&a.username).bind(&a.name).bind(&a.inbox)
        .bind(&a.shared_inbox).bind(&a.outbox).bind(&a.public_key_id).bind(&a.public_key_pem)
        .bind(a.fetched_at).fetch_one(pool).await)
}

pub async fn delete(db: &Db, ap_id: &str) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query("DELETE FROM remote_actors WHERE ap_id = $1")
        .bind(ap_id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Every known actor's id and URL (an admin blocking a domain picks its actors from these).
pub async fn ids(db: &Db) -> Result<Vec<(i64, String)>, DbError> {
    on_db!(db, pool => sqlx::query_as("SELECT id, ap_id FROM remote_actors ORDER BY id")
        .fetch_all(pool).await)
}

/// Forgets an actor by id, and with it its follows, its following us and what it published.
pub async fn delete_by_id(db: &Db, id: i64) -> Result<(), DbError> {
    on_write!(db, pool => sqlx::query("DELETE FROM remote_actors WHERE id = $1")
        .bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}
