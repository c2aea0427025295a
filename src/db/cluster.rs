//! What processes sharing one PostgreSQL database coordinate through: advisory locks (held on
//! a connection of their own), the runs of scheduled jobs (one row each, claimed once per
//! period), and notifications (`LISTEN`/`NOTIFY`). Locks and channels are named after the
//! schema, so that chapters (and tests) sharing a database never meet. SQLite serves one
//! process: there is nothing to lock nor to tell, and these answer at once.

use chrono::{DateTime, Utc};
use sqlx::postgres::{PgConnection, PgListener};
use sqlx::{ConnectOptions, Connection};

use super::{Db, DbError, on_write};

/// A connection of its own for advisory locks: a session lock lives as long as its
/// connection, so a process that dies releases its locks with it. `None` on SQLite.
pub async fn lock_connection(db: &Db) -> Result<Option<PgConnection>, DbError> {
    match db {
        Db::Sqlite(..) => Ok(None),
        Db::Postgres(pool) => pool.connect_options().connect().await.map(Some),
    }
}

/// Takes the advisory lock `key` of the class `class` (both within this schema) without
/// waiting; `false` when another session holds it.
pub async fn try_advisory_lock(
    conn: &mut PgConnection,
    class: &str,
    key: i32,
) -> Result<bool, DbError> {
    sqlx::query_scalar("SELECT pg_try_advisory_lock(hashtext(current_schema() || $1), $2)")
        .bind(class)
        .bind(key)
        .fetch_one(conn)
        .await
}

/// Releases one hold of the advisory lock `key`; `false` when this session did not hold it.
pub async fn advisory_unlock(
    conn: &mut PgConnection,
    class: &str,
    key: i32,
) -> Result<bool, DbError> {
    sqlx::query_scalar("SELECT pg_advisory_unlock(hashtext(current_schema() || $1), $2)")
        .bind(class)
        .bind(key)
        .fetch_one(conn)
        .await
}

/// Whether the lock connection still answers.
pub async fn ping(conn: &mut PgConnection) -> Result<(), DbError> {
    conn.ping().await
}

/// Claims the run of the job `name` due at `now`: moves its next run to `next` and counts it,
/// only if it was due (or never ran). One process's claim wins per period, whatever the
/// others do at the same moment: on PostgreSQL the second upsert waits for the first and then
/// finds the row no longer due. Answers the number of this run, or `None` when not due.
pub async fn claim_run(
    db: &Db,
    name: &str,
    now: DateTime<Utc>,
    next: DateTime<Utc>,
    runner: &str,
) -> Result<Option<i64>, DbError> {
    on_write!(db, conn => sqlx::query_scalar(
        "INSERT INTO scheduled_jobs (name, next_run_at, runs, last_run_at, last_runner) \
         VALUES ($1, $2, 1, $3, $4) ON CONFLICT (name) DO UPDATE SET \
         next_run_at = excluded.next_run_at, runs = scheduled_jobs.runs + 1, \
         last_run_at = excluded.last_run_at, last_runner = excluded.last_runner \
         WHERE scheduled_jobs.next_run_at <= excluded.last_run_at RETURNING runs")
        .bind(name).bind(next).bind(now).bind(runner).fetch_optional(conn).await)
}

/// How many times the job `name` ran, and which process ran it last.
pub async fn runs(db: &Db, name: &str) -> Result<(i64, Option<String>), DbError> {
    let row: Option<(i64, Option<String>)> = super::on_db!(db, pool => sqlx::query_as(
        "SELECT runs, last_runner FROM scheduled_jobs WHERE name = $1")
        .bind(name).fetch_optional(pool).await)?;
    Ok(row.unwrap_or((0, None)))
}

/// The channel this schema's processes talk on (`partage.{schema}`); `None` on SQLite.
pub async fn channel(db: &Db) -> Result<Option<String>, DbError> {
    match db {
        Db::Sqlite(..) => Ok(None),
        Db::Postgres(pool) => sqlx::query_scalar("SELECT 'partage.' || current_schema()")
            .fetch_one(pool)
            .await
            .map(Some),
    }
}

/// Tells every process listening on `channel` (this one too) `payload`.
pub async fn notify(db: &Db, channel: &str, payload: &str) -> Result<(), DbError> {
    if let Db::Postgres(pool) = db {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(channel)
            .bind(payload)
            .execute(pool)
            .await?;
    }
    Ok(())
}

/// A listener on `channel`, on a connection of its own; `None` on SQLite.
pub async fn listen(db: &Db, channel: &str) -> Result<Option<PgListener>, DbError> {
    match db {
        Db::Sqlite(..) => Ok(None),
        Db::Postgres(pool) => {
            let mut listener = PgListener::connect_with(pool).await?;
            listener.listen(channel).await?;
            Ok(Some(listener))
        }
    }
}

/// SQLite serves one process: `partage serve` holds a lock on `{file}.serve-lock` for as long
/// as it runs, and a second one on the same file stops at once, saying why. `None` for
/// PostgreSQL, which any number of processes share.
pub fn claim_sqlite(url: &str) -> anyhow::Result<Option<std::fs::File>> {
    let Some(file) = super::sqlite_file(url)? else {
        return Ok(None);
    };
    let mut name = file.clone().into_os_string();
    name.push(".serve-lock");
    let path = std::path::PathBuf::from(name);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", path.display()))?;
    // fs4's, as std's needs Rust 1.89.
    match fs4::FileExt::try_lock(&lock) {
        Ok(()) => Ok(Some(lock)),
        Err(fs4::TryLockError::WouldBlock) => anyhow::bail!(
            "another `partage serve` is using {}: a SQLite database serves one process. Stop \
             it first, or move to PostgreSQL to run several processes (docs/DEPLOY.md, \
             \"Running a hub\")",
            file.display()
        ),
        Err(fs4::TryLockError::Error(e)) => {
            anyhow::bail!("cannot lock {}: {e}", path.display())
        }
    }
}
