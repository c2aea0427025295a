//! Several `partage serve` processes on one PostgreSQL database, behind any load balancer.
//!
//! What one process used to keep to itself is shared through the database: [`locks`] (advisory
//! locks, so that one process at a time publishes the outbox, sends e-mail or syncs a follow),
//! [`schedule`] (each periodic job run once per period across the cluster, claimed in
//! `scheduled_jobs`) and [`signals`] (`LISTEN`/`NOTIFY`: caches emptied and workers woken in
//! every process). On SQLite one process serves, and all of this stays within it.

pub mod locks;
pub mod schedule;
pub mod signals;

use crate::db::{self, Db, DbError};
pub use locks::{Held, Lock, Locks};
pub use signals::{Message, Signals, Wake};

/// What a process does: serve HTTP, run the background work, or both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Role {
    /// Serves HTTP (the website, the API, the inbox) and runs no background work.
    Web,
    /// Runs the background work (deliveries, e-mail, syncs, sweeps) and serves `/healthz`.
    Worker,
    /// Both: a chapter on one process.
    #[default]
    All,
}

impl Role {
    /// Whether this process serves the website, the API and the inbox.
    pub fn serves(self) -> bool {
        matches!(self, Role::Web | Role::All)
    }

    /// Whether this process runs the background work.
    pub fn works(self) -> bool {
        matches!(self, Role::Worker | Role::All)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Web => "web",
            Role::Worker => "worker",
            Role::All => "all",
        }
    }
}

/// This process's part in the cluster: its role, its locks and its signals. Cheap to clone.
#[derive(Clone)]
pub struct Cluster {
    pub db: Db,
    pub role: Role,
    pub locks: Locks,
    pub signals: Signals,
    /// Names this process in `scheduled_jobs.last_runner` and in the signals it sends.
    pub runner: std::sync::Arc<str>,
}

impl Cluster {
    /// Joins the cluster of `db`'s processes as `role`.
    pub async fn new(db: Db, role: Role) -> Result<Cluster, DbError> {
        let runner: std::sync::Arc<str> = format!(
            "{}-{}-{:08x}",
            role.as_str(),
            std::process::id(),
            rand::random::<u32>()
        )
        .into();
        let channel = db::cluster::channel(&db).await?;
        let locks = Locks::new(db.clone());
        locks
            .hold_for_life(Lock::Alive(locks::alive_key(&runner)))
            .await?;
        Ok(Cluster {
            locks,
            signals: Signals::new(db.clone(), channel, runner.clone(), role),
            db,
            role,
            runner,
        })
    }

    /// Whether the process named `runner` (in `deliveries.leased_by`) still runs: it holds its
    /// lock for life, and a process that died released it with its session.
    pub async fn alive(&self, runner: &str) -> Result<bool, DbError> {
        if runner == &*self.runner {
            return Ok(true);
        }
        let lock = Lock::Alive(locks::alive_key(runner));
        Ok(self.locks.try_lock(lock).await?.is_none())
    }

    /// Whether other processes may share the database (PostgreSQL).
    pub fn shared(&self) -> bool {
        self.db.engine() == db::Engine::Postgres
    }
}
