//! Where entries come from: our own, or mirrored from an actor we follow.

use std::collections::HashMap;

use super::{Db, DbError, Sql, Tx, bind, on_db, on_tx, on_write};

/// Which entries a list shows, by origin.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum OriginFilter {
    #[default]
    All,
    Local,
    Network,
    /// Entries mirrored from actors on this host (`berlin.example` or `host:port`).
    Domain(String),
}

/// The `FROM` of a count or a list of ids over `table` (aliased `alias`): the origin actor is
/// joined only when the filter reads it. Left joined for nothing, it kept PostgreSQL from counting from an index
/// alone, and it read every counted row of the table.
pub fn count_from(table: &str, alias: &str, filter: &OriginFilter) -> String {
    match filter {
        OriginFilter::Domain(_) => {
            format!(" FROM {table} {alias} LEFT JOIN remote_actors o ON o.id = {alias}.origin_id")
        }
        _ => format!(" FROM {table} {alias}"),
    }
}

/// Appends the ` AND` clause of an origin filter; `origin` is the alias of the joined
/// `remote_actors` row.
pub fn push_filter(sql: &mut Sql, alias: &str, filter: &OriginFilter) {
    match filter {
        OriginFilter::All => {}
        OriginFilter::Local => {
            sql.push(&format!(" AND {alias}.origin_id IS NULL"));
        }
        OriginFilter::Network => {
            sql.push(&format!(" AND {alias}.origin_id IS NOT NULL"));
        }
        OriginFilter::Domain(domain) => {
            sql.push(" AND (o.ap_id LIKE ")
                .bind(format!("https://{domain}/%"));
            sql.push(" OR o.ap_id LIKE ")
                .bind(format!("http://{domain}/%"))
                .push(")");
        }
    }
}

/// The table of one kind of entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entries {
    Initiatives,
    Events,
}

impl Entries {
    pub fn table(self) -> &'static str {
        match self {
            Entries::Initiatives => "initiatives",
            Entries::Events => "events",
        }
    }
}

/// Locks entries' rows until the transaction ends, so that the versions read next are the
/// latest: two transactions updating one entry at once (two batches of the inbox's writer, or
/// two processes) take turns, and the second sees what the first wrote instead of overwriting a
/// newer version with an older one. The rows are locked in the order of their ids, whatever
/// the order of `ids`: two batches sharing entries then wait in one order, never for each
/// other (PostgreSQL broke such a cycle after a second, failing one batch). SQLite's write
/// transactions take turns already.
pub async fn lock(tx: &mut Tx, entries: Entries, ids: &[i64]) -> Result<(), DbError> {
    if let Tx::Postgres(tx) = tx
        && !ids.is_empty()
    {
        let sql = format!(
            "SELECT id FROM {} WHERE id = ANY($1) ORDER BY id FOR UPDATE",
            entries.table()
        );
        sqlx::query(&sql).bind(ids).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Sets the review state of an entry.
pub async fn set_review(
    tx: &mut Tx,
    entries: Entries,
    id: i64,
    review: &str,
) -> Result<(), DbError> {
    let sql = format!("UPDATE {} SET review = $1 WHERE id = $2", entries.table());
    on_tx!(tx, conn => sqlx::query(&sql).bind(review).bind(id).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Dates an approved suggestion from now: it joins the directory (and the fediverse) today.
/// Mastodon puts a post in home timelines only when its `published` is under 6 hours old, and
/// Akkoma delists one over 7 days old.
pub async fn published_now(
    tx: &mut Tx,
    entries: Entries,
    id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), DbError> {
    let sql = format!(
        "UPDATE {} SET created_at = $1, updated_at = $1 WHERE id = $2",
        entries.table()
    );
    on_tx!(tx, conn => sqlx::query(&sql).bind(now).bind(id).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Moves the `updated_at` of one of our published entries to `now`; whether it is one.
pub async fn touch_own_published(
    tx: &mut Tx,
    entries: Entries,
    id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, DbError> {
    let sql = format!(
        "UPDATE {} SET updated_at = $1 WHERE id = $2 AND origin_id IS NULL AND review = 'published'",
        entries.table()
    );
    let n = on_tx!(tx, conn => sqlx::query(&sql).bind(now).bind(id).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// How many entries wait for review.
pub async fn pending(db: &Db) -> Result<i64, DbError> {
    on_db!(db, pool => sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM initiatives WHERE review = 'pending') \
         + (SELECT COUNT(*) FROM events WHERE review = 'pending')").fetch_one(pool).await)
}

/// Removes everything mirrored from one actor.
pub async fn delete_from(db: &Db, origin_id: i64) -> Result<u64, DbError> {
    let mut removed = 0;
    for table in ["events", "initiatives"] {
        let sql = format!("DELETE FROM {table} WHERE origin_id = $1");
        removed += on_write!(db, pool => sqlx::query(&sql).bind(origin_id).execute(pool).await.map(|r| r.rows_affected()))?;
    }
    Ok(removed)
}

/// Deletes the mirrored entry `ap_id` if `origin_id` owns it; `false` otherwise.
pub async fn delete_mirrored(
    db: &Db,
    entries: Entries,
    ap_id: &str,
    origin_id: i64,
) -> Result<bool, DbError> {
    let sql = format!(
        "DELETE FROM {} WHERE ap_id = $1 AND origin_id = $2",
        entries.table()
    );
    let n = on_write!(db, pool => sqlx::query(&sql).bind(ap_id).bind(origin_id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// The id and owner of a mirrored entry, by its ActivityPub id.
pub async fn owner(db: &Db, entries: Entries, ap_id: &str) -> Result<Option<(i64, i64)>, DbError> {
    let sql = owner_sql(entries);
    on_db!(db, pool => sqlx::query_as(&sql).bind(ap_id).fetch_optional(pool).await)
}

/// The owners of mirrored entries by id, as `ap_id → (id, origin id)`: those not here are
/// missing from the map. One query per hundred ids.
pub async fn owners_in(
    tx: &mut Tx,
    entries: Entries,
    ap_ids: &[&str],
) -> Result<HashMap<String, (i64, i64)>, DbError> {
    let mut owners = HashMap::with_capacity(ap_ids.len());
    if let Tx::Postgres(tx) = tx {
        // `= ANY` of one array: the same text whatever the number of ids.
        let sql = format!(
            "SELECT ap_id, id, origin_id FROM {} WHERE origin_id IS NOT NULL AND ap_id = ANY($1)",
            entries.table()
        );
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(&sql)
            .bind(ap_ids)
            .fetch_all(&mut **tx)
            .await?;
        owners.extend(
            rows.into_iter()
                .map(|(ap_id, id, origin)| (ap_id, (id, origin))),
        );
        return Ok(owners);
    }
    for chunk in ap_ids.chunks(100) {
        let mut sql = Sql::many(
            tx.engine(),
            &format!(
                "SELECT ap_id, id, origin_id FROM {} WHERE origin_id IS NOT NULL AND ap_id IN ",
                entries.table()
            ),
        );
        sql.bind_list(chunk.iter().copied());
        let rows: Vec<(String, i64, i64)> = on_tx!(tx, conn =>
            bind!(sqlx::query_as(sql.text()), sql).fetch_all(&mut *conn).await)?;
        owners.extend(
            rows.into_iter()
                .map(|(ap_id, id, origin)| (ap_id, (id, origin))),
        );
    }
    Ok(owners)
}

fn owner_sql(entries: Entries) -> String {
    format!(
        "SELECT id, origin_id FROM {} WHERE ap_id = $1 AND origin_id IS NOT NULL",
        entries.table()
    )
}

/// How many published entries each origin has: (origin id, initiatives, events).
pub async fn counts(db: &Db) -> Result<Vec<(i64, i64, i64)>, DbError> {
    let sql = "SELECT origin_id, SUM(i), SUM(e) FROM ( \
        SELECT origin_id, 1 AS i, 0 AS e FROM initiatives WHERE origin_id IS NOT NULL \
        UNION ALL SELECT origin_id, 0 AS i, 1 AS e FROM events WHERE origin_id IS NOT NULL) t \
        GROUP BY origin_id";
    on_db!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)
}

/// For the admin's dashboard: published initiatives (ours, mirrored), and upcoming events
/// (ours, mirrored), ending after `now`.
pub async fn summary(
    db: &Db,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(i64, i64, i64, i64), DbError> {
    on_db!(db, pool => sqlx::query_as(
        "SELECT \
         (SELECT COUNT(*) FROM initiatives WHERE origin_id IS NULL AND review = 'published'), \
         (SELECT COUNT(*) FROM initiatives WHERE origin_id IS NOT NULL AND review = 'published'), \
         (SELECT COUNT(*) FROM events WHERE origin_id IS NULL AND review = 'published' \
            AND COALESCE(ends_at, starts_at) >= $1), \
         (SELECT COUNT(*) FROM events WHERE origin_id IS NOT NULL AND review = 'published' \
            AND COALESCE(ends_at, starts_at) >= $1)")
        .bind(now).fetch_one(pool).await)
}
