//! What the admin's forms offer to choose from: the chapter's own initiatives by name, and the
//! places its entries already use.

use super::{Db, DbError, on_db};

/// The chapter's own published initiatives as (slug, name), by name; at most `limit`.
pub async fn own_initiatives(db: &Db, limit: i64) -> Result<Vec<(String, String)>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT slug, name FROM initiatives WHERE origin_id IS NULL AND review = 'published' \
         ORDER BY LOWER(name), id LIMIT $1")
        .bind(limit).fetch_all(pool).await)
}

/// The chapter's own published initiatives as (slug, name) whose address name is `typed` or
/// whose name is `typed`, case aside (ASCII case only on SQLite); a few at most.
pub async fn own_initiatives_named(db: &Db, typed: &str) -> Result<Vec<(String, String)>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT slug, name FROM initiatives WHERE origin_id IS NULL AND review = 'published' \
         AND (slug = $1 OR LOWER(name) = LOWER($1)) ORDER BY slug LIMIT 10")
        .bind(typed).fetch_all(pool).await)
}

/// The places (location JSON) of the chapter's own published events and initiatives, the most
/// used first, then the most recently used.
pub async fn places(db: &Db, limit: i64) -> Result<Vec<String>, DbError> {
    on_db!(db, pool => sqlx::query_scalar(
        "SELECT location FROM ( \
           SELECT location, updated_at FROM events \
           WHERE origin_id IS NULL AND review = 'published' AND location IS NOT NULL \
           UNION ALL \
           SELECT location, updated_at FROM initiatives \
           WHERE origin_id IS NULL AND review = 'published' AND location IS NOT NULL \
         ) used GROUP BY location ORDER BY COUNT(*) DESC, MAX(updated_at) DESC LIMIT $1")
        .bind(limit).fetch_all(pool).await)
}
