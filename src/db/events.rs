//! The `events` table: rows, writes and the filtered, paginated list.

use chrono::{DateTime, Utc};

mod arrays;

use super::entries::{self, EntryRecord};
use super::filters::{self, Near, Total, Words};
use super::labels::{self, Lookup, Owner};
use super::origin::{self, OriginFilter};
use super::{Db, DbError, Engine, Mirror, OriginColumns, Sql, Tx, bind, on_db, on_tx, push_mirror};

/// One event as stored, with the slug of its initiative when it has one.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub description_html: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub timezone: String,
    pub location: Option<String>,
    pub online_url: Option<String>,
    pub initiative_id: Option<i64>,
    pub initiative_slug: Option<String>,
    pub categories: String,
    pub tags: String,
    pub capacity: Option<i64>,
    pub join_mode: String,
    pub registration_url: Option<String>,
    pub status: String,
    pub language: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[sqlx(flatten)]
    pub origin: OriginColumns,
}

/// Everything written for an event, ready for the columns.
#[derive(Debug, Clone)]
pub struct EventRecord {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub description_html: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub timezone: String,
    pub location: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub online_url: Option<String>,
    pub initiative_id: Option<i64>,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub tag_keys: Vec<String>,
    pub capacity: Option<i64>,
    pub join_mode: String,
    pub registration_url: Option<String>,
    pub status: String,
    pub language: Option<String>,
    pub search_text: String,
    pub mirror: Option<Mirror>,
}

/// How a list of events is narrowed. Always ordered by start time.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub terms: Vec<String>,
    /// Any of these categories.
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub near: Option<Near>,
    /// Events not finished by then.
    pub from: Option<DateTime<Utc>>,
    /// Events started by then.
    pub to: Option<DateTime<Utc>>,
    pub initiative_id: Option<i64>,
    pub origin: OriginFilter,
    pub review: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

const SELECT: &str = "SELECT e.id, e.slug, e.name, e.description, e.description_html, \
    e.starts_at, e.ends_at, e.timezone, e.location, e.online_url, e.initiative_id, \
    i.slug AS initiative_slug, e.categories, e.tags, e.capacity, e.join_mode, \
    e.registration_url, e.status, e.language, e.created_at, e.updated_at, e.origin_id, e.ap_id, \
    e.origin_url, e.review, o.ap_id AS origin_actor, o.name AS origin_name, \
    o.username AS origin_username \
    FROM events e LEFT JOIN initiatives i ON i.id = e.initiative_id \
    LEFT JOIN remote_actors o ON o.id = e.origin_id";

/// The head of an insert, up to `VALUES`.
const INSERT: &str = "INSERT INTO events (slug, name, description, description_html, \
    starts_at, ends_at, finishes_at, timezone, location, latitude, longitude, online_url, \
    initiative_id, categories, category_bits, tags, capacity, join_mode, registration_url, status, language, \
    search_text, origin_id, ap_id, origin_url, review, created_at, updated_at) VALUES";

pub async fn insert(tx: &mut Tx, r: &EventRecord, now: DateTime<Utc>) -> Result<i64, DbError> {
    Ok(insert_many(tx, &[(r, now)]).await?[0])
}

/// Inserts new events with their labels (see [`entries::insert_many`]); on PostgreSQL, the
/// rows as one array per column ([`arrays`]).
pub async fn insert_many(
    tx: &mut Tx,
    records: &[(&EventRecord, DateTime<Utc>)],
) -> Result<Vec<i64>, DbError> {
    let Tx::Postgres(conn) = tx else {
        return entries::insert_many(tx, INSERT, Owner::Event, records).await;
    };
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let rows = arrays::insert(conn, records).await?;
    let ids = entries::in_order(records.iter().map(|(r, _)| r.slug.as_str()), rows)?;
    entries::add_labels(tx, Owner::Event, records, &ids).await?;
    Ok(ids)
}

pub async fn update(
    tx: &mut Tx,
    id: i64,
    r: &EventRecord,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let mut sql = Sql::new(
        "UPDATE events SET (slug, name, description, description_html, starts_at, ends_at, \
         finishes_at, timezone, location, latitude, longitude, online_url, initiative_id, \
         categories, category_bits, tags, capacity, join_mode, registration_url, status, language, search_text, \
         origin_id, ap_id, origin_url, review, updated_at) = (",
    );
    push_values(&mut sql, r);
    sql.push(", ").bind(now).push(") WHERE id = ").bind(id);
    on_tx!(tx, conn => bind!(sqlx::query(sql.text()), sql).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    labels::replace(tx, Owner::Event, id, "", &r.categories, &r.tag_keys).await
}

impl EntryRecord for EventRecord {
    fn slug(&self) -> &str {
        &self.slug
    }
    fn categories(&self) -> &[String] {
        &self.categories
    }
    fn tag_keys(&self) -> &[String] {
        &self.tag_keys
    }
    fn push_values(&self, sql: &mut Sql) {
        push_values(sql, self);
    }
}

fn push_values(sql: &mut Sql, r: &EventRecord) {
    let json = |v: &[String]| serde_json::to_string(v).expect("strings serialise");
    sql.bind(r.slug.as_str())
        .push(", ")
        .bind(r.name.as_str())
        .push(", ");
    sql.bind(r.description.as_str())
        .push(", ")
        .bind(r.description_html.as_str());
    sql.push(", ")
        .bind(r.starts_at)
        .push(", ")
        .bind(r.ends_at)
        .push(", ");
    sql.bind(r.ends_at.unwrap_or(r.starts_at)).push(", ");
    sql.bind(r.timezone.as_str())
        .push(", ")
        .bind(r.location.clone())
        .push(", ");
    sql.bind(r.latitude).push(", ").bind(r.longitude).push(", ");
    sql.bind(r.online_url.clone())
        .push(", ")
        .bind(r.initiative_id)
        .push(", ");
    sql.bind(json(&r.categories))
        .push(", ")
        .bind(labels::category_bits(&r.categories))
        .push(", ")
        .bind(json(&r.tags))
        .push(", ");
    sql.bind(r.capacity)
        .push(", ")
        .bind(r.join_mode.as_str())
        .push(", ");
    sql.bind(r.registration_url.clone())
        .push(", ")
        .bind(r.status.as_str());
    sql.push(", ")
        .bind(r.language.clone())
        .push(", ")
        .bind(r.search_text.as_str())
        .push(", ");
    push_mirror(sql, r.mirror.as_ref());
}

pub async fn delete(tx: &mut Tx, id: i64) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query("DELETE FROM events WHERE id = $1")
        .bind(id).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<EventRow>, DbError> {
    let sql = format!("{SELECT} WHERE e.id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// Like [`by_id`], inside a transaction.
pub async fn by_id_in(tx: &mut Tx, id: i64) -> Result<Option<EventRow>, DbError> {
    let sql = format!("{SELECT} WHERE e.id = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await)
}

pub async fn by_slug(db: &Db, slug: &str) -> Result<Option<EventRow>, DbError> {
    let sql = format!("{SELECT} WHERE e.slug = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(slug).fetch_optional(pool).await)
}

pub async fn by_slug_in(tx: &mut Tx, slug: &str) -> Result<Option<EventRow>, DbError> {
    let sql = format!("{SELECT} WHERE e.slug = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(slug).fetch_optional(&mut *conn).await)
}

/// One page of events, by start time, and the number matching in all: the rows of [`found`]'s
/// ids.
pub async fn list(db: &Db, f: &Filter) -> Result<(Vec<EventRow>, Total), DbError> {
    let (ids, total) = found(db, f).await?;
    Ok((rows(db, &ids, f.review.as_deref()).await?, total))
}

/// The rows of `ids` in that order, those no longer in the `review` state left out.
pub async fn rows(db: &Db, ids: &[i64], review: Option<&str>) -> Result<Vec<EventRow>, DbError> {
    entries::by_ids(db, SELECT, "e", ids, review, |row: &EventRow| row.id).await
}

/// The ids of one page of events, by start time, and the number matching in all.
pub async fn found(db: &Db, f: &Filter) -> Result<(Vec<i64>, Total), DbError> {
    let words = Words::choose(db, "events", &f.terms, f.near.is_some()).await?;
    let join = filters::fts_join(db.engine(), "events", "e", &f.terms, words);
    let from = origin::count_from("events", "e", &f.origin);
    let mut count = Sql::new(&format!("SELECT COUNT(*) FROM (SELECT 1{from}{join}"));
    push_where(&mut count, db.engine(), f, words);
    let cap = filters::end_count(&mut count, f.limit, f.offset);
    let counted: i64 =
        on_db!(db, pool => bind!(sqlx::query_scalar(count.text()), count).fetch_one(pool).await)?;
    let total = Total::of(counted, cap);

    let mut page = Sql::new(&format!("SELECT e.id{from}{join}"));
    push_where(&mut page, db.engine(), f, words);
    page.push(" ORDER BY e.starts_at, e.id LIMIT ")
        .bind(f.limit);
    page.push(" OFFSET ").bind(f.offset);
    let ids =
        on_db!(db, pool => bind!(sqlx::query_scalar(page.text()), page).fetch_all(pool).await)?;
    Ok((ids, total))
}

fn push_where(sql: &mut Sql, engine: Engine, f: &Filter, words: Words) {
    sql.push(" WHERE 1 = 1");
    filters::push_terms(sql, engine, "events", "e", &f.terms, words);
    labels::push_filter(sql, Lookup::Set, Owner::Event, "e", "tag", &f.tags);
    match &f.near {
        // A circle's rows are checked for their categories from the point index.
        Some(near) => {
            filters::push_category_bits(sql, "e", &f.categories);
            filters::push_near(sql, "e", near);
        }
        None => {
            let categories = &f.categories;
            labels::push_filter(sql, Lookup::Set, Owner::Event, "e", "category", categories);
        }
    }
    if let Some(from) = f.from {
        sql.push(" AND e.finishes_at >= ").bind(from);
    }
    if let Some(to) = f.to {
        sql.push(" AND e.starts_at <= ").bind(to);
    }
    if let Some(id) = f.initiative_id {
        sql.push(" AND e.initiative_id = ").bind(id);
    }
    origin::push_filter(sql, "e", &f.origin);
    if let Some(review) = &f.review {
        sql.push(" AND e.review = ").bind(review.as_str());
    }
}

/// Our own published events not finished by `now`, the most recently added first (the
/// application actor's outbox), and how many there are.
pub async fn agenda(
    db: &Db,
    now: DateTime<Utc>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<EventRow>, i64), DbError> {
    const WHERE: &str =
        "WHERE e.origin_id IS NULL AND e.review = 'published' AND e.finishes_at >= $1";
    let count = format!("SELECT COUNT(*) FROM events e {WHERE}");
    let total: i64 =
        on_db!(db, pool => sqlx::query_scalar(&count).bind(now).fetch_one(pool).await)?;
    let page = format!("{SELECT} {WHERE} ORDER BY e.created_at DESC, e.id DESC LIMIT $2 OFFSET $3");
    let rows = on_db!(db, pool => sqlx::query_as(&page).bind(now).bind(limit).bind(offset).fetch_all(pool).await)?;
    Ok((rows, total))
}

/// How many of our own are published (NodeInfo's local posts).
pub async fn count_own(db: &Db) -> Result<i64, DbError> {
    on_db!(db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM events WHERE origin_id IS NULL AND review = 'published'")
        .fetch_one(pool).await)
}

/// How many are published (ours and mirrored).
pub async fn count_published(db: &Db) -> Result<i64, DbError> {
    on_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE review = 'published'").fetch_one(pool).await)
}

/// The event imported with this iCalendar UID.
pub async fn by_source_uid(tx: &mut Tx, uid: &str) -> Result<Option<EventRow>, DbError> {
    let sql = format!("{SELECT} WHERE e.source_uid = $1");
    on_tx!(tx, conn => sqlx::query_as(&sql).bind(uid).fetch_optional(&mut *conn).await)
}

pub async fn set_source_uid(tx: &mut Tx, id: i64, uid: &str) -> Result<(), DbError> {
    on_tx!(tx, conn => sqlx::query("UPDATE events SET source_uid = $1 WHERE id = $2")
        .bind(uid).bind(id).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The most recently created or updated, published ones, for feeds.
pub async fn recently_updated(db: &Db, limit: i64) -> Result<Vec<EventRow>, DbError> {
    let sql = format!(
        "{SELECT} WHERE e.review = 'published' ORDER BY e.updated_at DESC, e.id DESC LIMIT $1"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(limit).fetch_all(pool).await)
}
