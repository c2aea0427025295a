//! The `reports` table: what the fediverse (a `Flag`) or a reader says is wrong, read with the
//! reporter, the entry and the comment it names.

use chrono::{DateTime, Utc};

use super::origin::Entries;
use super::{Db, DbError, Sql, Tx, bind, on_db, on_tx, on_write};

/// A report as listed: with who sent it and what it names, as they are now.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportRow {
    pub id: i64,
    pub ap_id: Option<String>,
    pub reason: String,
    pub message: String,
    pub email: Option<String>,
    pub entry_kind: Option<String>,
    pub entry_id: Option<i64>,
    pub comment_id: Option<i64>,
    /// JSON: the addresses it names.
    pub objects: String,
    pub state: String,
    pub resolution: Option<String>,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// The remote actor that sent it (a server's instance actor, for Mastodon).
    pub reporter_ap_id: Option<String>,
    pub reporter_username: Option<String>,
    pub reporter_name: Option<String>,
    /// The entry, while it exists.
    pub entry_slug: Option<String>,
    pub entry_name: Option<String>,
    /// The actor a mirrored entry comes from (`None` for our own).
    pub entry_origin: Option<String>,
    /// The comment, while it exists, and its author.
    pub comment_ap_id: Option<String>,
    pub comment_url: Option<String>,
    pub comment_content: Option<String>,
    pub comment_author: Option<String>,
    pub comment_author_username: Option<String>,
}

/// A report to store.
#[derive(Debug, Clone)]
pub struct NewReport {
    /// The Flag's id (unique), `None` for a reader's report.
    pub ap_id: Option<String>,
    pub actor_id: Option<i64>,
    pub email: Option<String>,
    pub reason: String,
    pub message: String,
    pub entry: Option<(Entries, i64)>,
    pub comment_id: Option<i64>,
    /// JSON array of URLs.
    pub objects: String,
}

const SELECT: &str = "SELECT r.id, r.ap_id, r.reason, r.message, r.email, r.entry_kind, \
    r.entry_id, r.comment_id, r.objects, r.state, r.resolution, r.created_at, r.resolved_at, \
    a.ap_id AS reporter_ap_id, a.username AS reporter_username, a.name AS reporter_name, \
    COALESCE(i.slug, e.slug) AS entry_slug, COALESCE(i.name, e.name) AS entry_name, \
    o.ap_id AS entry_origin, c.ap_id AS comment_ap_id, c.url AS comment_url, \
    c.content AS comment_content, ca.ap_id AS comment_author, \
    ca.username AS comment_author_username \
    FROM reports r LEFT JOIN remote_actors a ON a.id = r.actor_id \
    LEFT JOIN initiatives i ON r.entry_kind = 'initiatives' AND i.id = r.entry_id \
    LEFT JOIN events e ON r.entry_kind = 'events' AND e.id = r.entry_id \
    LEFT JOIN remote_actors o ON o.id = COALESCE(i.origin_id, e.origin_id) \
    LEFT JOIN comments c ON c.id = r.comment_id \
    LEFT JOIN remote_actors ca ON ca.id = c.actor_id";

/// Stores a report, open; `None` when its Flag is already stored (a redelivery).
pub async fn insert(
    tx: &mut Tx,
    r: &NewReport,
    now: DateTime<Utc>,
) -> Result<Option<i64>, DbError> {
    let (kind, entry_id) = r
        .entry
        .map_or((None, None), |(k, id)| (Some(k.table()), Some(id)));
    on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO reports (ap_id, actor_id, email, reason, message, entry_kind, entry_id, \
         comment_id, objects, state, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10) \
         ON CONFLICT (ap_id) DO NOTHING RETURNING id")
        .bind(&r.ap_id).bind(r.actor_id).bind(&r.email).bind(&r.reason).bind(&r.message)
        .bind(kind).bind(entry_id).bind(r.comment_id).bind(&r.objects).bind(now)
        .fetch_optional(&mut *conn).await)
}

/// A stored comment named by its id: (comment, entry kind, entry id).
pub async fn comment_by_ap_id(db: &Db, ap_id: &str) -> Result<Option<(i64, String, i64)>, DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT id, entry_kind, entry_id FROM comments WHERE ap_id = $1")
        .bind(ap_id).fetch_optional(pool).await)
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<ReportRow>, DbError> {
    let sql = format!("{SELECT} WHERE r.id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// The reports in one of `states`, the latest changed first.
pub async fn in_states(db: &Db, states: &[&str], limit: i64) -> Result<Vec<ReportRow>, DbError> {
    let mut sql = Sql::new(SELECT);
    sql.push(" WHERE r.state IN ")
        .bind_list(states.iter().copied())
        .push(" ORDER BY COALESCE(r.resolved_at, r.created_at) DESC, r.id DESC LIMIT ")
        .bind(limit);
    on_db!(db, pool => bind!(sqlx::query_as(sql.text()), sql).fetch_all(pool).await)
}

pub async fn count_open(db: &Db) -> Result<i64, DbError> {
    on_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM reports WHERE state = 'open'")
        .fetch_one(pool).await)
}

/// The open reports about an entry (or one of its comments).
pub async fn open_about_entry(db: &Db, kind: &str, entry_id: i64) -> Result<Vec<i64>, DbError> {
    on_db!(db, pool => sqlx::query_scalar(
        "SELECT id FROM reports WHERE state = 'open' AND entry_kind = $1 AND entry_id = $2")
        .bind(kind).bind(entry_id).fetch_all(pool).await)
}

/// The open reports about a comment.
pub async fn open_about_comment(db: &Db, comment_id: i64) -> Result<Vec<i64>, DbError> {
    on_db!(db, pool => sqlx::query_scalar(
        "SELECT id FROM reports WHERE state = 'open' AND comment_id = $1")
        .bind(comment_id).fetch_all(pool).await)
}

/// Closes the open ones of these reports (`resolved` or `dismissed`); how many were open.
pub async fn close(
    db: &Db,
    ids: &[i64],
    state: &str,
    resolution: &str,
    now: DateTime<Utc>,
) -> Result<u64, DbError> {
    if ids.is_empty() {
        return Ok(0);
    }
    let mut sql = Sql::new("UPDATE reports SET state = ");
    sql.bind(state)
        .push(", resolution = ")
        .bind(resolution)
        .push(", resolved_at = ")
        .bind(now)
        .push(" WHERE state = 'open' AND id IN ")
        .bind_list(ids.iter().copied());
    on_write!(db, conn => bind!(sqlx::query(sql.text()), sql)
        .execute(conn).await.map(|r| r.rows_affected()))
}
