//! What an import reads and writes beside an initiative's fields: our own initiatives' names,
//! places and import keys, and the key a file gave one.

use super::super::{DbError, Tx, on_tx};

/// One of our own initiatives, as an import matches rows against it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KnownRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub location: Option<String>,
    pub import_key: Option<String>,
}

/// Every initiative of ours (mirrored ones are never an import's to change), in one read.
pub async fn known(tx: &mut Tx) -> Result<Vec<KnownRow>, DbError> {
    let sql = "SELECT id, slug, name, location, import_key FROM initiatives \
               WHERE origin_id IS NULL ORDER BY id";
    on_tx!(tx, conn => sqlx::query_as(sql).fetch_all(&mut *conn).await)
}

/// Records the key of the file's row an initiative came from.
pub async fn set_key(tx: &mut Tx, id: i64, key: &str) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query("UPDATE initiatives SET import_key = $1 WHERE id = $2")
        .bind(key).bind(id).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(())
}
