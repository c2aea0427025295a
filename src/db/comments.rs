//! The `comments` table: replies from the fediverse to our entries, with their author's name
//! and handle read from `remote_actors`.

use chrono::{DateTime, Utc};

use super::origin::Entries;
use super::{Db, DbError, Tx, on_db, on_tx, on_write};

/// A comment as shown: with its author.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CommentRow {
    pub id: i64,
    pub entry_kind: String,
    pub entry_id: i64,
    pub ap_id: String,
    pub in_reply_to: String,
    pub depth: i32,
    pub content: String,
    pub url: Option<String>,
    pub language: Option<String>,
    pub visibility: String,
    pub state: String,
    pub published: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub actor_id: i64,
    pub actor_ap_id: String,
    pub actor_name: Option<String>,
    pub actor_username: Option<String>,
    /// The entry's address name and name.
    pub entry_slug: Option<String>,
    pub entry_name: Option<String>,
}

/// A reply to store: about one of our entries, or (`None`) a post mentioning the chapter
/// (stored as about `chapter`, 0).
#[derive(Debug, Clone)]
pub struct NewComment {
    pub about: Option<(Entries, i64)>,
    pub ap_id: String,
    pub actor_id: i64,
    pub in_reply_to: String,
    pub depth: i32,
    pub content: String,
    pub url: Option<String>,
    pub language: Option<String>,
    pub visibility: String,
    pub state: String,
    pub published: DateTime<Utc>,
}

const SELECT: &str = "SELECT c.id, c.entry_kind, c.entry_id, c.ap_id, c.in_reply_to, c.depth, \
    c.content, c.url, c.language, c.visibility, c.state, c.published, c.edited_at, c.actor_id, \
    a.ap_id AS actor_ap_id, a.name AS actor_name, a.username AS actor_username, \
    COALESCE(i.slug, e.slug) AS entry_slug, COALESCE(i.name, e.name) AS entry_name \
    FROM comments c JOIN remote_actors a ON a.id = c.actor_id \
    LEFT JOIN initiatives i ON c.entry_kind = 'initiatives' AND i.id = c.entry_id \
    LEFT JOIN events e ON c.entry_kind = 'events' AND e.id = c.entry_id";

/// Stores a reply; `None` when its id is already stored (a redelivery).
pub async fn insert(
    tx: &mut Tx,
    c: &NewComment,
    now: DateTime<Utc>,
) -> Result<Option<i64>, DbError> {
    on_tx!(tx, conn => sqlx::query_scalar(
        "INSERT INTO comments (entry_kind, entry_id, ap_id, actor_id, in_reply_to, depth, content, \
         url, language, visibility, state, published, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (ap_id) DO NOTHING RETURNING id")
        .bind(c.about.map_or("chapter", |(e, _)| e.table())).bind(c.about.map_or(0, |(_, id)| id))
        .bind(&c.ap_id).bind(c.actor_id)
        .bind(&c.in_reply_to).bind(c.depth).bind(&c.content).bind(&c.url).bind(&c.language)
        .bind(&c.visibility).bind(&c.state).bind(c.published).bind(now)
        .fetch_optional(&mut *conn).await)
}

pub async fn by_ap_id(db: &Db, ap_id: &str) -> Result<Option<CommentRow>, DbError> {
    let sql = format!("{SELECT} WHERE c.ap_id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(ap_id).fetch_optional(pool).await)
}

pub async fn by_id(db: &Db, id: i64) -> Result<Option<CommentRow>, DbError> {
    let sql = format!("{SELECT} WHERE c.id = $1");
    on_db!(db, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)
}

/// An entry's approved public comments, oldest first, a page at a time.
pub async fn shown(
    db: &Db,
    entries: Entries,
    entry_id: i64,
    limit: i64,
    offset: i64,
) -> Result<Vec<CommentRow>, DbError> {
    let sql = format!(
        "{SELECT} WHERE c.entry_kind = $1 AND c.entry_id = $2 AND c.state = 'approved' \
         AND c.visibility <> 'private' ORDER BY c.published, c.id LIMIT $3 OFFSET $4"
    );
    on_db!(db, pool => sqlx::query_as(&sql).bind(entries.table()).bind(entry_id)
        .bind(limit).bind(offset).fetch_all(pool).await)
}

/// The comments in `state`, the latest received first (for moderation).
pub async fn in_state(db: &Db, state: &str, limit: i64) -> Result<Vec<CommentRow>, DbError> {
    let sql =
        format!("{SELECT} WHERE c.state = $1 ORDER BY c.received_at DESC, c.id DESC LIMIT $2");
    on_db!(db, pool => sqlx::query_as(&sql).bind(state).bind(limit).fetch_all(pool).await)
}

pub async fn count_in_state(db: &Db, state: &str) -> Result<i64, DbError> {
    on_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM comments WHERE state = $1")
        .bind(state).fetch_one(pool).await)
}

/// How many replies this actor sent since `since` (a flood is held for review).
pub async fn recent_by_actor(
    tx: &mut Tx,
    actor_id: i64,
    since: DateTime<Utc>,
) -> Result<i64, DbError> {
    on_tx!(tx, conn => sqlx::query_scalar(
        "SELECT COUNT(*) FROM comments WHERE actor_id = $1 AND received_at >= $2")
        .bind(actor_id).bind(since).fetch_one(&mut *conn).await)
}

/// Its author's edit; `false` when the comment is not this actor's.
pub async fn edit(
    db: &Db,
    ap_id: &str,
    actor_id: i64,
    content: &str,
    at: DateTime<Utc>,
) -> Result<bool, DbError> {
    on_write!(db, conn => sqlx::query(
        "UPDATE comments SET content = $1, edited_at = $2 WHERE ap_id = $3 AND actor_id = $4")
        .bind(content).bind(at).bind(ap_id).bind(actor_id)
        .execute(conn).await.map(|r| r.rows_affected() > 0))
}

/// Its author deleted it; `false` when it is not this actor's (or not here).
pub async fn delete_by_author(db: &Db, ap_id: &str, actor_id: i64) -> Result<bool, DbError> {
    on_write!(db, conn => sqlx::query("DELETE FROM comments WHERE ap_id = $1 AND actor_id = $2")
        .bind(ap_id).bind(actor_id).execute(conn).await.map(|r| r.rows_affected() > 0))
}

/// An admin's decision; `false` when there is no such comment.
pub async fn set_state(tx: &mut Tx, id: i64, state: &str) -> Result<bool, DbError> {
    on_tx!(tx, conn => sqlx::query("UPDATE comments SET state = $1 WHERE id = $2")
        .bind(state).bind(id).execute(&mut *conn).await.map(|r| r.rows_affected() > 0))
}

pub async fn delete(tx: &mut Tx, id: i64) -> Result<bool, DbError> {
    on_tx!(tx, conn => sqlx::query("DELETE FROM comments WHERE id = $1")
        .bind(id).execute(&mut *conn).await.map(|r| r.rows_affected() > 0))
}

/// An actor's comments, all at once (the actor or its domain was blocked).
pub async fn delete_by_actors(tx: &mut Tx, actor_ids: &[i64]) -> Result<u64, DbError> {
    let mut sql = super::Sql::new("DELETE FROM comments WHERE actor_id IN ");
    sql.bind_list(actor_ids.iter().copied());
    on_tx!(tx, conn => super::bind!(sqlx::query(sql.text()), sql).execute(&mut *conn).await.map(|r| r.rows_affected()))
}

/// What hangs off a deleted entry: its comments and reactions go with it.
pub async fn delete_for_entry(tx: &mut Tx, entries: Entries, entry_id: i64) -> Result<(), DbError> {
    for table in ["comments", "reactions"] {
        let sql = format!("DELETE FROM {table} WHERE entry_kind = $1 AND entry_id = $2");
        on_tx!(tx, conn => sqlx::query(&sql).bind(entries.table()).bind(entry_id)
            .execute(&mut *conn).await.map(drop))?;
    }
    Ok(())
}
