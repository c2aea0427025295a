//! The `initiatives` table: rows, writes and look-ups; its filtered list is in `list.rs` (a text
//! without a circle in `searched.rs`), its conditions in `conditions.rs` (on PostgreSQL searched
//! in the narrow copy of `narrow.rs`, whose grid of places is `cells.rs`), what imports need in
//! `imports.rs`.

mod by_label;
mod cells;
mod conditions;
pub mod imports;
mod list;
mod narrow;
mod searched;

use chrono::{DateTime, Utc};

pub use conditions::{Filter, hours};
pub use list::{found, list, rows};

use super::entries::{self, EntryRecord};
use super::labels::{self, Owner};
use super::{Db, DbError, Mirror, OriginColumns, Sql, Tx, bind, on_db, on_tx, push_mirror};

/// One initiative as stored. JSON columns stay text here; the domain parses them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InitiativeRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub description: String,
    pub description_html: String,
    pub categories: String,
    pub tags: String,
    pub location: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub opening_hours: Option<String>,
    pub languages: String,
    pub image_url: Option<String>,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Its contact last said it is still true.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Its contact did not answer two reminders (cleared by an edit or a confirmation).
    pub unconfirmed_since: Option<DateTime<Utc>>,
    #[sqlx(flatten)]
    pub origin: OriginColumns,
}

/// Everything written for an initiative, ready for the columns.
#[derive(Debug, Clone)]
pub struct InitiativeRecord {
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub description: String,
    pub description_html: String,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    /// Folded tags, stored as labels for filtering.
    pub tag_keys: Vec<String>,
    pub location: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The contacts as keys for finding duplicates (`domain::duplicates::ContactKeys`).
    pub website_key: Option<String>,
    pub email_key: Option<String>,
    pub phone_key: Option<String>,
    pub opening_hours: Option<String>,
    pub languages: String,
    pub image_url: Option<String>,
    pub status: String,
    pub sort_key: String,
    pub search_text: String,
    pub mirror: Option<Mirror>,
}

const COLUMNS: &str = "i.id, i.slug, i.name, i.summary, i.description, i.description_html, \
    i.categories, i.tags, i.location, i.website, i.email, i.phone, i.opening_hours, \
    i.languages, i.image_url, i.status, i.created_at, i.updated_at, i.confirmed_at, \
    i.unconfirmed_since, i.origin_id, i.ap_id, \
    i.origin_url, i.review, o.ap_id AS origin_actor, o.name AS origin_name, \
    o.username AS origin_username";

const FROM: &str = " FROM initiatives i LEFT JOIN remote_actors o ON o.id = i.origin_id";

/// The head of an insert, up to `VALUES`.
const INSERT: &str = "INSERT INTO initiatives (slug, name, summary, description, \
    description_html, categories, category_bits, tags, location, latitude, longitude, website, email, phone, \
    website_key, email_key, phone_key, unchecked, opening_hours, languages, image_url, status, sort_key, search_text, origin_id, ap_id, \
    origin_url, review, created_at, updated_at) VALUES";

pub async fn insert(tx: &mut Tx, r: &InitiativeRecord, now: DateTime<Utc>) -> Result<i64, DbError> {
    Ok(insert_many(tx, &[(r, now)]).await?[0])
}

/// Inserts new initiatives with their labels (see [`entries::insert_many`]).
pub async fn insert_many(
    tx: &mut Tx,
    records: &[(&InitiativeRecord, DateTime<Utc>)],
) -> Result<Vec<i64>, DbError> {
    entries::insert_many(tx, INSERT, Owner::Initiative, records).await
}

pub async fn update(
    tx: &mut Tx,
    id: i64,
    r: &InitiativeRecord,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let mut sql = Sql::new(
        "UPDATE initiatives SET (slug, name, summary, description, description_html, categories, \
         category_bits, tags, location, latitude, longitude, website, email, phone, website_key, email_key, \
         phone_key, unchecked, opening_hours, languages, \
         image_url, status, sort_key, search_text, origin_id, ap_id, origin_url, review, \
         updated_at) = (",
    );
    push_values(&mut sql, r);
    // An edit answers the "still active?" question: the reminders start again.
    sql.push(", ")
        .bind(now)
        .push("), reminders = 0, reminded_at = NULL, unconfirmed_since = NULL WHERE id = ");
    sql.bind(id);
    on_tx!(tx, conn => bind!(sqlx::query(sql.text()), sql).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    labels::replace(
        tx,
        Owner::Initiative,
        id,
        &r.sort_key,
        &r.categories,
        &r.tag_keys,
    )
    .await
}

impl EntryRecord for InitiativeRecord {
    fn slug(&self) -> &str {
        &self.slug
    }
    fn categories(&self) -> &[String] {
        &self.categories
    }
    fn tag_keys(&self) -> &[String] {
        &self.tag_keys
    }
    fn sort_key(&self) -> &str {
        &self.sort_key
    }
    fn push_values(&self, sql: &mut Sql) {
        push_values(sql, self);
    }
}

fn push_values(sql: &mut Sql, r: &InitiativeRecord) {
    let json = |v: &[String]| serde_json::to_string(v).expect("strings serialise");
    sql.bind(r.slug.as_str())
        .push(", ")
        .bind(r.name.as_str())
        .push(", ");
    sql.bind(r.summary.as_str())
        .push(", ")
        .bind(r.description.as_str())
        .push(", ");
    sql.bind(r.description_html.as_str())
        .push(", ")
        .bind(json(&r.categories))
        .push(", ")
        .bind(labels::category_bits(&r.categories));
    sql.push(", ")
        .bind(json(&r.tags))
        .push(", ")
        .bind(r.location.clone());
    sql.push(", ")
        .bind(r.latitude)
        .push(", ")
        .bind(r.longitude)
        .push(", ");
    sql.bind(r.website.clone())
        .push(", ")
        .bind(r.email.clone())
        .push(", ");
    sql.bind(r.phone.clone()).push(", ");
    sql.bind(r.website_key.clone())
        .push(", ")
        .bind(r.email_key.clone())
        .push(", ")
        .bind(r.phone_key.clone())
        // Its duplicates to be looked for again (`domain::duplicates`).
        .push(", 1, ")
        .bind(r.opening_hours.clone())
        .push(", ");
    sql.bind(r.languages.as_str())
        .push(", ")
        .bind(r.image_url.clone())
        .push(", ");
    sql.bind(r.status.as_str())
        .push(", ")
        .bind(r.sort_key.as_str())
        .push(", ");
    sql.bind(r.search_text.as_str()).push(", ");
    push_mirror(sql, r.mirror.as_ref());
}

pub async fn delete(tx: &mut Tx, id: i64) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query("DELETE FROM initiatives WHERE id = $1")
        .bind(id).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<InitiativeRow>, DbError> {
    let sql = format!("SELECT {COLUMNS}{FROM} WHERE i.id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// Like [`by_id`], inside a transaction.
pub async fn by_id_in(tx: &mut Tx, id: i64) -> Result<Option<InitiativeRow>, DbError> {
    let sql = format!("SELECT {COLUMNS}{FROM} WHERE i.id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await)
}

pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<InitiativeRow>, DbError> {
    let sql = format!("SELECT {COLUMNS}{FROM} WHERE i.slug = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(slug).fetch_optional(pool).await)
}

pub async fn by_slug_in(tx: &mut Tx, slug: &str) -> Result<Option<InitiativeRow>, DbError> {
    let sql = format!("SELECT {COLUMNS}{FROM} WHERE i.slug = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(slug).fetch_optional(&mut *conn).await)
}

/// The slugs of initiatives by id, for linking events to them.
pub async fn slugs(db: &Db, ids: &[i64]) -> Result<Vec<(i64, String)>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new("SELECT id, slug FROM initiatives WHERE id IN ");
    sql.bind_list(ids.iter().copied());
    on_db!(db, pool => bind!(sqlx::query_as(sql.text()), sql).fetch_all(pool).await)
}

/// The mean point of our own published initiatives that have one (where the chapter is,
/// roughly).
pub async fn centre(db: &Db) -> Result<Option<(f64, f64)>, DbError> {
    let (lat, lon): (Option<f64>, Option<f64>) = on_db!(db, pool => sqlx::query_as(
        "SELECT AVG(latitude), AVG(longitude) FROM initiatives \
         WHERE origin_id IS NULL AND review = 'published' \
         AND latitude IS NOT NULL AND longitude IS NOT NULL")
        .fetch_one(pool).await)?;
    Ok(lat.zip(lon))
}

/// How many of our own are published (NodeInfo's local posts).
pub async fn count_own(db: &Db) -> Result<i64, DbError> {
    on_db!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM initiatives WHERE origin_id IS NULL AND review = 'published'")
        .fetch_one(pool).await)
}

/// How many are published (ours and mirrored).
pub async fn count_published(db: &Db) -> Result<i64, DbError> {
    on_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM initiatives WHERE review = 'published'").fetch_one(pool).await)
}

/// The most recently created or updated, published ones, for feeds.
pub async fn recently_updated(db: &Db, limit: i64) -> Result<Vec<InitiativeRow>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS}{FROM} WHERE i.review = 'published' ORDER BY i.updated_at DESC, i.id DESC LIMIT $1"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(limit).fetch_all(pool).await)
}

/// Places (location JSON, latitude, longitude) of published entries whose location mentions
/// `needle` (lowercase), for finding a typed locality or postcode.
pub async fn places_like(db: &Db, needle: &str) -> Result<Vec<(String, f64, f64)>, DbError> {
    let pattern = format!(
        "%{}%",
        needle
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let sql = "SELECT location, latitude, longitude FROM initiatives \
               WHERE latitude IS NOT NULL AND longitude IS NOT NULL AND review = 'published' \
               AND LOWER(location) LIKE $1 ESCAPE '\\' LIMIT 500";
    on_db!(db, pool => sqlx::query_as(sql).bind(&pattern).fetch_all(pool).await)
}
