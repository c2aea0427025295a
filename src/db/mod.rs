//! The database: one handle over SQLite or PostgreSQL; every dialect difference stays in here.
//!
//! Queries are written once with `$1`-style placeholders (both engines read them) and run on
//! either pool through [`on_db!`] (reads), [`on_write!`] (a write of its own) and [`on_tx!`]
//! (inside a transaction), which expand the same code for each engine. On SQLite the pool's
//! connections are read-only: every write goes through the write gate, so that no write ever
//! waits for SQLite's lock in its busy handler (where it starves, and fails after 10 s).

pub mod activities;
pub mod audit;
pub mod blocks;
pub mod carry;
pub mod choices;
pub mod cluster;
pub mod comments;
pub mod deliveries;
pub mod duplicates;
pub mod entries;
pub mod events;
pub mod filters;
pub mod followers;
pub mod follows;
pub mod freshness;
mod gate;
pub mod initiatives;
pub mod keys;
pub mod labels;
pub mod mail_links;
pub mod mails;
pub mod media;
pub mod notices;
pub mod origin;
pub mod outgoing;
pub mod published_state;
pub mod reactions;
pub mod received;
pub mod remote_actors;
pub mod reports;
pub mod sessions;
pub mod slugs;
pub mod sources;
pub mod sql;
pub mod subscriptions;
pub mod tokens;
pub mod tombstones;
pub mod users;
mod words;

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use sqlx::pool::PoolOptions;
use sqlx::postgres::{PgConnectOptions, PgPool};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqliteSynchronous};
use sqlx::{Postgres, Transaction};

pub use gate::{WriteGate, WriteTurn, WriteTx};

pub(crate) use sql::bind;
pub use sql::{Param, Sql};

/// A database error, from the driver or a migration.
pub type DbError = sqlx::Error;

/// SQLite reads the first GiB of its file through a memory map: every connection then shares
/// the system's page cache, where each kept 2 MB of its own and read pages again with a system
/// call, and the directory page serves 1,446 requests/s instead of 992 (docs/BENCHMARKS.md).
const MMAP_SIZE: &str = "1073741824";

/// A cheap-to-clone handle on the chapter's database.
#[derive(Clone, Debug)]
pub enum Db {
    /// The pool and the gate every SQLite write transaction passes, one at a time.
    Sqlite(SqlitePool, WriteGate),
    Postgres(PgPool),
}

/// Which engine a [`Db`] runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// An open transaction on either engine.
pub enum Tx {
    /// The transaction and its turn at the write gate, released when it ends.
    Sqlite(WriteTx),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs `$body` with `$pool` bound to the concrete pool of `$db`.
#[macro_export]
#[doc(hidden)]
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool, _) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` with `$conn` bound to a connection that may write, for a statement that
/// commits alone: on SQLite the write gate's, at its turn; on PostgreSQL the pool. `$body`
/// runs in a function returning `Result<_, DbError>`.
#[macro_export]
#[doc(hidden)]
macro_rules! on_write {
    ($db:expr, $conn:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite(_, gate) => {
                let mut turn = gate.turn().await?;
                let $conn = turn.connection();
                $body
            }
            $crate::db::Db::Postgres($conn) => $body,
        }
    };
}

/// Runs `$body` with `$conn` bound to the concrete connection of the transaction `$tx`.
#[macro_export]
#[doc(hidden)]
macro_rules! on_tx {
    ($tx:expr, $conn:ident => $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(tx) => {
                let $conn = tx.connection();
                $body
            }
            $crate::db::Tx::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}

pub(crate) use {on_db, on_tx, on_write};

/// The file a `sqlite:` URL opens, read exactly as [`Db::connect`] reads it, whatever its form
/// (`sqlite://`, `sqlite:`, relative or absolute, percent-encoded, with query parameters);
/// `None` for another engine. Every command that touches the file (restore, doctor) finds it
/// here, so none can miss the database `serve` opens.
pub fn sqlite_file(url: &str) -> Result<Option<PathBuf>, DbError> {
    if !url.starts_with("sqlite:") {
        return Ok(None);
    }
    let options = SqliteConnectOptions::from_str(url)?;
    let file = options.get_filename();
    let text = file.to_string_lossy();
    if text.starts_with("file:sqlx-in-memory") || url.contains("mode=memory") {
        return Err(DbError::Configuration(
            "a chapter's SQLite database must be a file, not :memory:".into(),
        ));
    }
    if url.contains("mode=ro") {
        return Err(DbError::Configuration(
            "a chapter's SQLite database must be writable (mode=ro)".into(),
        ));
    }
    Ok(Some(file.to_path_buf()))
}

impl Db {
    /// Opens a pool on `url` (`sqlite:` or `postgres://`), creating a SQLite file if missing.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, DbError> {
        if sqlite_file(url)?.is_some() {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                .pragma("mmap_size", MMAP_SIZE);
            if let Some(dir) = options.get_filename().parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir)?;
            }
            // The writer first: it creates the file and puts it in WAL mode.
            let gate = WriteGate::open(&options).await?;
            // A SQLite connection is a file in this process: it cannot go stale as a socket
            // can, and the ping that checked it on every acquire cost a round trip to its thread.
            let readers = options
                .read_only(true)
                .create_if_missing(false)
                .journal_mode(SqliteJournalMode::Wal);
            let pool = PoolOptions::new()
                .max_connections(max_connections)
                .test_before_acquire(false)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(readers)
                .await?;
            Ok(Db::Sqlite(pool, gate))
        } else {
            let options = PgConnectOptions::from_str(url)?;
            Self::connect_postgres(options, max_connections).await
        }
    }

    /// Opens a PostgreSQL pool from explicit options (tests use this to pick a schema). Its
    /// statements run without parallel workers: a request's statements are short, and starting
    /// two workers cost more than they saved (a text in a circle at 1,000,000 entries counted
    /// in 8 to 12 ms alone, 21 to 26 ms with two workers; docs/BENCHMARKS.md).
    pub async fn connect_postgres(
        options: PgConnectOptions,
        max_connections: u32,
    ) -> Result<Db, DbError> {
        let options = options.options([("max_parallel_workers_per_gather", "0")]);
        let pool = PoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        Ok(Db::Postgres(pool))
    }

    /// A handle for a writer that takes connections in turn, one batch each: on PostgreSQL a
    /// pool of its own, of `size` connections opened when first used, which are not pinged
    /// when taken (the shared pool's ping was a round trip before each batch's `BEGIN`), and
    /// which the requests' queries never wait for. A connection that broke fails one batch,
    /// whose writes are then tried again on another. SQLite's writes have their gate already.
    pub fn for_writer(&self, size: u32) -> Db {
        match self {
            Db::Sqlite(..) => self.clone(),
            Db::Postgres(pool) => Db::Postgres(
                PoolOptions::new()
                    .max_connections(size)
                    .test_before_acquire(false)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_lazy_with((*pool.connect_options()).clone()),
            ),
        }
    }

    pub fn engine(&self) -> Engine {
        match self {
            Db::Sqlite(_, _) => Engine::Sqlite,
            Db::Postgres(_) => Engine::Postgres,
        }
    }

    /// Applies the migrations this binary knows, refusing a database from a newer version.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self {
            Db::Sqlite(_, gate) => {
                let mut turn = gate.turn().await?;
                sqlx::migrate!("migrations/sqlite")
                    .run(turn.connection())
                    .await?
            }
            Db::Postgres(pool) => sqlx::migrate!("migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Readies PostgreSQL for the many rows of a bulk import, as autovacuum would a while later:
    /// `VACUUM (ANALYZE)` refreshes the planner's statistics and marks the pages all-visible,
    /// without which counts from an index alone read every row's page again (the directory page
    /// answered 824 req/s before, 1,251 after; docs/BENCHMARKS.md). The narrow copy of the
    /// published initiatives too: without its statistics of words, every prefix was estimated at
    /// 6,714 matches and a rare word walked the whole copy (24 ms where 1.5 ms). SQLite plans
    /// these queries without statistics: `PRAGMA optimize` changed nothing measurable.
    pub async fn settle(&self) -> Result<(), DbError> {
        if let Db::Postgres(pool) = self {
            // Unprepared: VACUUM runs outside any transaction, on the simple protocol.
            sqlx::raw_sql(
                "VACUUM (ANALYZE) initiatives, initiative_words, initiative_labels, events, \
                 event_labels",
            )
            .execute(pool)
            .await?;
        }
        Ok(())
    }

    /// Answers when the database does.
    pub async fn ping(&self) -> Result<(), DbError> {
        on_db!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(drop))
    }

    /// Opens a transaction; on SQLite, at its turn at the write gate ([`WriteGate::begin`]).
    pub async fn begin(&self) -> Result<Tx, DbError> {
        Ok(match self {
            Db::Sqlite(_, gate) => Tx::Sqlite(gate.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Opens a transaction whose statements PostgreSQL plans for their values at each run, not
    /// from a plan it keeps for the connection: for batches on tables that grow under them (the
    /// inbox's writer prepared its look-ups while `events` was empty, and the plans it kept
    /// scanned the table whole once it held thousands of rows). One round trip, as `BEGIN`.
    pub async fn begin_planned(&self) -> Result<Tx, DbError> {
        Ok(match self {
            Db::Sqlite(_, gate) => Tx::Sqlite(gate.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(
                pool.begin_with("BEGIN; SET LOCAL plan_cache_mode = force_custom_plan")
                    .await?,
            ),
        })
    }

    /// Runs one statement that writes, with no parameters (operators' commands and tests).
    pub async fn execute(&self, sql: &str) -> Result<u64, DbError> {
        on_write!(self, conn => sqlx::query(sql).execute(conn).await.map(|r| r.rows_affected()))
    }

    pub async fn close(&self) {
        if let Db::Sqlite(_, gate) = self {
            gate.close().await;
        }
        on_db!(self, pool => pool.close().await)
    }
}

impl Tx {
    pub fn engine(&self) -> Engine {
        match self {
            Tx::Sqlite(..) => Engine::Sqlite,
            Tx::Postgres(_) => Engine::Postgres,
        }
    }

    pub async fn commit(self) -> Result<(), DbError> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        }
    }

    pub async fn rollback(self) -> Result<(), DbError> {
        match self {
            Tx::Sqlite(tx) => tx.rollback().await,
            Tx::Postgres(tx) => tx.rollback().await,
        }
    }
}

/// The origin columns of a mirrored entry, read with its row (all `None` for our own).
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct OriginColumns {
    pub origin_id: Option<i64>,
    pub ap_id: Option<String>,
    pub origin_url: Option<String>,
    pub review: String,
    pub origin_actor: Option<String>,
    pub origin_name: Option<String>,
    pub origin_username: Option<String>,
}

/// What a mirrored entry's row records of its origin.
#[derive(Debug, Clone, PartialEq)]
pub struct Mirror {
    pub origin_id: i64,
    pub ap_id: String,
    pub origin_url: Option<String>,
    pub review: String,
}

/// Appends `origin_id, ap_id, origin_url, review` values (NULLs and `published` for ours).
fn push_mirror(sql: &mut Sql, mirror: Option<&Mirror>) {
    sql.bind(mirror.map(|m| m.origin_id)).push(", ");
    sql.bind(mirror.map(|m| m.ap_id.clone())).push(", ");
    sql.bind(mirror.and_then(|m| m.origin_url.clone()))
        .push(", ");
    sql.bind(mirror.map_or("published".to_owned(), |m| m.review.clone()));
}

/// Whether an error is a unique-constraint violation (a slug or a hash already taken).
pub fn is_unique_violation(error: &DbError) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}
