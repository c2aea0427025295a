//! The `initiatives` table: rows, writes and the filtered, paginated list.

use chrono::{DateTime, Utc};

use super::filters::{self, Near, Total};
use super::labels::{self, Lookup, Owner};
use super::origin::{self, OriginFilter};
use super::{Db, DbError, Engine, Mirror, OriginColumns, Sql, Tx, bind, on_db, on_tx, push_mirror};

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
    pub opening_hours: Option<String>,
    pub languages: String,
    pub image_url: Option<String>,
    pub status: String,
    pub sort_key: String,
    pub search_text: String,
    pub mirror: Option<Mirror>,
}

/// How a list is narrowed and ordered.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Folded words that must all appear.
    pub terms: Vec<String>,
    /// Any of these categories.
    pub categories: Vec<String>,
    /// Any of these folded tags.
    pub tags: Vec<String>,
    pub near: Option<Near>,
    pub status: Option<String>,
    pub origin: OriginFilter,
    /// Only entries in this review state (`published` for public lists).
    pub review: Option<String>,
    /// Only entries with opening hours.
    pub with_hours: bool,
    /// Only these entries.
    pub ids: Option<Vec<i64>>,
    pub limit: i64,
    pub offset: i64,
}

const COLUMNS: &str = "i.id, i.slug, i.name, i.summary, i.description, i.description_html, \
    i.categories, i.tags, i.location, i.website, i.email, i.phone, i.opening_hours, \
    i.languages, i.image_url, i.status, i.created_at, i.updated_at, i.origin_id, i.ap_id, \
    i.origin_url, i.review, o.ap_id AS origin_actor, o.name AS origin_name, \
    o.username AS origin_username";

const FROM: &str = " FROM initiatives i LEFT JOIN remote_actors o ON o.id = i.origin_id";

pub async fn insert(tx: &mut Tx, r: &InitiativeRecord, now: DateTime<Utc>) -> Result<i64, DbError> {
    let mut sql = Sql::new(
        "INSERT INTO initiatives (slug, name, summary, description, description_html, categories, \
         tags, location, latitude, longitude, website, email, phone, opening_hours, languages, \
         image_url, status, sort_key, search_text, origin_id, ap_id, origin_url, review, \
         created_at, updated_at) VALUES (",
    );
    push_values(&mut sql, r);
    sql.push(", ")
        .bind(now)
        .push(", ")
        .bind(now)
        .push(") RETURNING id");
    let id: i64 = on_tx!(tx, conn =>
        bind!(sqlx::query_scalar(sql.text()), sql).fetch_one(&mut *conn).await)?;
    labels::add(tx, Owner::Initiative, id, &r.categories, &r.tag_keys).await?;
    Ok(id)
}

pub async fn update(
    tx: &mut Tx,
    id: i64,
    r: &InitiativeRecord,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let mut sql = Sql::new(
        "UPDATE initiatives SET (slug, name, summary, description, description_html, categories, \
         tags, location, latitude, longitude, website, email, phone, opening_hours, languages, \
         image_url, status, sort_key, search_text, origin_id, ap_id, origin_url, review, \
         updated_at) = (",
    );
    push_values(&mut sql, r);
    sql.push(", ").bind(now).push(") WHERE id = ").bind(id);
    on_tx!(tx, conn => bind!(sqlx::query(sql.text()), sql).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    labels::replace(tx, Owner::Initiative, id, &r.categories, &r.tag_keys).await
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
        .bind(json(&r.categories));
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
    sql.bind(r.phone.clone())
        .push(", ")
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

/// One page of initiatives and the number matching in all. Sorted by distance when `near` is
/// set, by relevance when searching, by name otherwise.
///
/// A list with more than [`filters::COUNT_LIMIT`] matches is broad, and ordering all of them to
/// show 20 would cost more than the page. Its page is then found without visiting every match:
/// the nearest in growing circles, the newest matches of a text (bm25 over so many rows costs
/// milliseconds per thousand, and barely ranks a word that common), and by name walking the name
/// index. See docs/BENCHMARKS.md.
pub async fn list(db: &Db, f: &Filter) -> Result<(Vec<InitiativeRow>, Total), DbError> {
    if f.near.is_none() && filters::searches(&f.terms) {
        return searched(db, f).await;
    }
    let total = count(db, f).await?;
    let rows = match (&f.near, total.exact) {
        (Some(near), false) => nearest(db, f, near).await?,
        (_, exact) => page(db, f, !exact).await?,
    };
    Ok((rows, total))
}

/// A page of rows with the number of matches, counted in the same query.
#[derive(sqlx::FromRow)]
struct Counted {
    #[sqlx(flatten)]
    row: InitiativeRow,
    matched: i64,
}

/// A text search without a circle. One pass over the text index counts the matches up to the
/// cap and takes the newest page of them, which is the page when they are more than the cap (a
/// prefix merges its words' lists, 3 ms for a common one: not twice). Fewer are ranked.
async fn searched(db: &Db, f: &Filter) -> Result<(Vec<InitiativeRow>, Total), DbError> {
    let engine = db.engine();
    let newest = filters::newest(engine, "initiatives", "i");
    let join = filters::fts_join(engine, "initiatives", "i", &f.terms, false);
    let mut sql = Sql::new(&format!(
        "SELECT {COLUMNS}, m.matched FROM (SELECT id, newest, COUNT(*) OVER () AS matched FROM \
         (SELECT i.id, {newest} AS newest{FROM}{join}"
    ));
    push_where(&mut sql, engine, f, Some(Lookup::PerRow));
    let cap = filters::count_cap(f.limit, f.offset);
    sql.push(&format!(" ORDER BY {newest} DESC LIMIT "))
        .bind(cap + 1);
    sql.push(") AS matches ORDER BY newest DESC LIMIT ")
        .bind(f.limit);
    sql.push(" OFFSET ").bind(f.offset);
    sql.push(
        ") AS m JOIN initiatives i ON i.id = m.id \
         LEFT JOIN remote_actors o ON o.id = i.origin_id ORDER BY m.newest DESC",
    );
    let newest: Vec<Counted> =
        on_db!(db, pool => bind!(sqlx::query_as(sql.text()), sql).fetch_all(pool).await)?;
    let total = match newest.first() {
        Some(first) => Total::of(first.matched, cap),
        // A page past the end: no row to carry the count.
        None => count(db, f).await?,
    };
    let rows = match total.exact {
        true => page(db, f, false).await?,
        false => newest.into_iter().map(|c| c.row).collect(),
    };
    Ok((rows, total))
}

/// How many match, up to what the page needs to know.
async fn count(db: &Db, f: &Filter) -> Result<Total, DbError> {
    let engine = db.engine();
    let join = filters::fts_join(engine, "initiatives", "i", &f.terms, false);
    // On SQLite, `IN (…)` collects every labelled entry before the count can stop at its cap;
    // joined labels stream (an entry with two of them comes twice, hence DISTINCT). PostgreSQL
    // plans both as the same semi-join, and DISTINCT would only make it sort every match.
    let joined = engine == Engine::Sqlite && !(f.categories.is_empty() && f.tags.is_empty());
    let distinct = if joined { "DISTINCT " } else { "" };
    let mut count = Sql::new(&format!(
        "SELECT COUNT(*) FROM (SELECT {distinct}i.id{FROM}{join}"
    ));
    let lookup = if joined {
        for (kind, values, join_alias) in
            [("category", &f.categories, "lc"), ("tag", &f.tags, "lt")]
        {
            labels::push_join(&mut count, Owner::Initiative, "i", kind, values, join_alias);
        }
        None
    } else {
        Some(Lookup::Set)
    };
    push_where(&mut count, engine, f, lookup);
    let cap = filters::end_count(&mut count, f.limit, f.offset);
    let counted: i64 =
        on_db!(db, pool => bind!(sqlx::query_scalar(count.text()), count).fetch_one(pool).await)?;
    Ok(Total::of(counted, cap))
}

/// The page of a broad list near a point, looked for in growing circles.
async fn nearest(db: &Db, f: &Filter, near: &Near) -> Result<Vec<InitiativeRow>, DbError> {
    let mut rows = Vec::new();
    for radius_km in filters::growing_radii(near.radius_km) {
        let nearer = Filter {
            near: Some(Near { radius_km, ..*near }),
            ..f.clone()
        };
        rows = page(db, &nearer, true).await?;
        // A full page within this radius: everything farther is after it.
        if rows.len() as i64 == f.limit {
            break;
        }
    }
    Ok(rows)
}

/// One page, by distance, relevance or name. A `broad` list (more than the count's cap) checks
/// labels per row in the page's order, and leads a circle's rows into the text index.
async fn page(db: &Db, f: &Filter, broad: bool) -> Result<Vec<InitiativeRow>, DbError> {
    let engine = db.engine();
    let lookup = if broad { Lookup::PerRow } else { Lookup::Set };
    let join = filters::fts_join(
        engine,
        "initiatives",
        "i",
        &f.terms,
        broad && f.near.is_some(),
    );
    let mut page = Sql::new(&format!("SELECT {COLUMNS}{FROM}{join}"));
    push_where(&mut page, engine, f, Some(lookup));
    page.push(" ORDER BY ");
    match &f.near {
        Some(near) => {
            filters::push_squared_distance(&mut page, "i", near);
            page.push(", i.sort_key, i.id");
        }
        None => {
            filters::push_rank(&mut page, engine, "initiatives", "i", &f.terms);
            page.push("i.sort_key, i.id");
        }
    }
    page.push(" LIMIT ").bind(f.limit);
    page.push(" OFFSET ").bind(f.offset);
    on_db!(db, pool => bind!(sqlx::query_as(page.text()), page).fetch_all(pool).await)
}

/// `lookup`: how label filters are checked; `None` when the query joined them already.
fn push_where(sql: &mut Sql, engine: Engine, f: &Filter, lookup: Option<Lookup>) {
    sql.push(" WHERE 1 = 1");
    filters::push_terms(sql, engine, "initiatives", "i", &f.terms);
    if let Some(lookup) = lookup {
        for (kind, values) in [("category", &f.categories), ("tag", &f.tags)] {
            labels::push_filter(sql, lookup, Owner::Initiative, "i", kind, values);
        }
    }
    if let Some(near) = &f.near {
        filters::push_near(sql, "i", near);
    }
    if let Some(status) = &f.status {
        sql.push(" AND i.status = ").bind(status.as_str());
    }
    origin::push_filter(sql, "i", &f.origin);
    if let Some(review) = &f.review {
        sql.push(" AND i.review = ").bind(review.as_str());
    }
    if f.with_hours {
        sql.push(" AND i.opening_hours IS NOT NULL");
    }
    if let Some(ids) = &f.ids {
        // Our own ids, as literals: a list of any length without a parameter per id.
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        match list.is_empty() {
            true => sql.push(" AND 1 = 0"),
            false => sql.push(&format!(" AND i.id IN ({})", list.join(","))),
        };
    }
}

/// The opening hours of every entry matching the filter (whatever its page), by id.
pub async fn hours(db: &Db, f: &Filter) -> Result<Vec<(i64, String)>, DbError> {
    let engine = db.engine();
    let join = filters::fts_join(engine, "initiatives", "i", &f.terms, false);
    let mut sql = Sql::new(&format!("SELECT i.id, i.opening_hours{FROM}{join}"));
    push_where(
        &mut sql,
        engine,
        &Filter {
            with_hours: true,
            ..f.clone()
        },
        Some(Lookup::Set),
    );
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
