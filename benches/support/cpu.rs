//! What a load cost, and who paid: CPU seconds of the server, of this process (the load
//! generator) and of the PostgreSQL processes that serve the benchmark's database, read from
//! `/proc`; and PostgreSQL's own counters (transactions, WAL written and flushed). Figures per
//! activity hold whatever else shares the machine, where a rate does not.

use std::collections::HashMap;

use sqlx::PgPool;

/// The kernel's clock ticks per second (`USER_HZ`, 100 on Linux).
const TICKS: f64 = 100.0;

/// CPU seconds (user and system) that process `pid` has used; 0 when it cannot be read.
pub fn seconds(pid: u32) -> f64 {
    stat_seconds(&format!("/proc/{pid}/stat"))
}

/// CPU seconds this process has used.
pub fn own() -> f64 {
    stat_seconds("/proc/self/stat")
}

fn stat_seconds(path: &str) -> f64 {
    let stat = std::fs::read_to_string(path).unwrap_or_default();
    // The fields after the command (which may hold spaces) in parentheses: utime is the 14th
    // field of the line, stime the 15th.
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (tick(11) + tick(12)) / TICKS
}

/// CPU seconds of the PostgreSQL processes serving `database` (its backends) and of those
/// writing for every database (the WAL writer, the checkpointer, the background writer), by
/// pid. Runs where PostgreSQL does: the CPU is read from this machine's `/proc`.
pub async fn postgres(pool: &PgPool, database: &str) -> HashMap<u32, f64> {
    let pids: Vec<i32> = sqlx::query_scalar(
        "SELECT pid FROM pg_stat_activity WHERE (datname = $1 AND pid <> pg_backend_pid()) \
         OR backend_type IN ('walwriter', 'checkpointer', 'background writer')",
    )
    .bind(database)
    .fetch_all(pool)
    .await
    .unwrap_or_default();
    pids.into_iter()
        .map(|pid| (pid as u32, seconds(pid as u32)))
        .collect()
}

/// The CPU seconds PostgreSQL's processes used between two readings of [`postgres`] (one
/// started since counts from 0).
pub fn postgres_since(after: &HashMap<u32, f64>, before: &HashMap<u32, f64>) -> f64 {
    after
        .iter()
        .map(|(pid, s)| s - before.get(pid).copied().unwrap_or(0.0))
        .sum()
}

/// PostgreSQL's counters: transactions committed in `database`, and the WAL records, bytes
/// and flushes to disk of the whole server. A backend reports its counters when it ends or
/// has been idle a while: read them after the server stopped.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counters {
    pub commits: i64,
    pub wal_records: i64,
    pub wal_bytes: f64,
    pub wal_syncs: i64,
}

impl Counters {
    pub async fn read(pool: &PgPool, database: &str) -> Counters {
        let (commits, wal_records, wal_bytes, wal_syncs) = sqlx::query_as(
            "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = $1), \
             wal_records, wal_bytes::float8, wal_sync FROM pg_stat_wal",
        )
        .bind(database)
        .fetch_one(pool)
        .await
        .unwrap_or_default();
        Counters {
            commits,
            wal_records,
            wal_bytes,
            wal_syncs,
        }
    }

    pub fn since(&self, before: &Counters) -> Counters {
        Counters {
            commits: self.commits - before.commits,
            wal_records: self.wal_records - before.wal_records,
            wal_bytes: self.wal_bytes - before.wal_bytes,
            wal_syncs: self.wal_syncs - before.wal_syncs,
        }
    }
}

/// What each party used during a load of `activities` that lasted `wall` seconds on `cores`.
#[derive(Debug, Clone, Default)]
pub struct Split {
    pub server: f64,
    pub load: f64,
    /// `None` on SQLite, which runs inside the server.
    pub postgres: Option<(f64, Counters)>,
}

impl Split {
    /// Markdown rows for docs/BENCHMARKS.md.
    pub fn print(&self, engine: &str, activities: usize, wall: f64, cores: f64) {
        let n = activities as f64;
        let row = |who: &str, s: f64| {
            println!(
                "| {who} | {:.0} µs | {:.0} % |",
                1e6 * s / n,
                100.0 * s / (wall * cores)
            )
        };
        println!("\n| CPU during the load ({engine}) | per activity | share of {cores} cores |");
        println!("|---|---|---|");
        row("the server", self.server);
        let pg = self.postgres.as_ref().map_or(0.0, |(s, _)| *s);
        if self.postgres.is_some() {
            row(
                "PostgreSQL (the database's backends, WAL writer, checkpointer, background writer)",
                pg,
            );
        }
        row("the load generator (this bench's 64 senders)", self.load);
        row("all", self.server + pg + self.load);
        if let Some((_, c)) = &self.postgres {
            println!(
                "\n| PostgreSQL, per activity | transactions | WAL records | WAL bytes | WAL flushes |"
            );
            println!("|---|---|---|---|---|");
            println!(
                "| {engine} | {:.3} | {:.1} | {:.0} | {:.3} |",
                c.commits as f64 / n,
                c.wal_records as f64 / n,
                c.wal_bytes / n,
                c.wal_syncs as f64 / n
            );
        }
    }
}
