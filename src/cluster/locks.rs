//! Advisory locks across the cluster: one holder at a time among every process and task.
//!
//! A lock is first taken within the process (a set of held keys), then on PostgreSQL as a
//! session advisory lock on one connection of the process's own, outside the pool, so that
//! holding locks never starves the pool, and a process that dies (SIGKILL included) releases
//! every lock it held when PostgreSQL notices its connection closed. Should that connection
//! fail while a lock is held, the lock is gone: the next use reconnects, and a job running then
//! may overlap another's; the work they share is claimed row by row (deliveries, messages,
//! pictures) or harmless to repeat.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::postgres::PgConnection;

use crate::db::{self, Db, DbError};

/// What a lock protects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lock {
    /// A process's start: the first one makes the keys and the first token, the others wait.
    Startup,
    /// Turning recorded changes into activities and deliveries, and the pinned events.
    Outbox,
    /// Planning admins' notices and sending e-mail, within the hourly cap.
    Mail,
    /// A periodic job, by its name (`scheduled_jobs.name`).
    Job(&'static str),
    /// Reading a followed actor's outbox (a backfill or a re-sync), by the follow's id.
    Follow(i64),
    /// A process is alive, by its name ([`alive_key`]): held from its start to its end.
    Alive(i32),
}

impl Lock {
    /// The lock's class and key, as `pg_try_advisory_lock(class, key)` takes them.
    fn key(self) -> (&'static str, i32) {
        match self {
            Lock::Startup => ("", 1),
            Lock::Outbox => ("", 2),
            Lock::Mail => ("", 3),
            Lock::Job(name) => (":job", fnv(name)),
            // Follows beyond 2^31 would share keys with others: a sync waits, nothing breaks.
            Lock::Follow(id) => (":follow", (id & 0x7fff_ffff) as i32),
            Lock::Alive(key) => (":alive", key),
        }
    }
}

/// The key of the lock a process named `runner` holds while it lives.
pub fn alive_key(runner: &str) -> i32 {
    fnv(runner)
}

/// FNV-1a, 32 bits: a job's name as a key that stays the same across builds.
fn fnv(name: &str) -> i32 {
    let hash = name.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    hash as i32
}

/// The locks of this process. Cheap to clone.
#[derive(Clone)]
pub struct Locks(Arc<Inner>);

struct Inner {
    db: Db,
    held: Mutex<HashSet<(&'static str, i32)>>,
    /// The session the advisory locks belong to (PostgreSQL); opened on first use.
    connection: tokio::sync::Mutex<Option<PgConnection>>,
    /// This process's own lock ([`Lock::Alive`]), taken again on a new session.
    alive: Mutex<Option<(&'static str, i32)>>,
}

/// A lock held until dropped.
pub struct Held {
    locks: Locks,
    key: (&'static str, i32),
    /// Held on PostgreSQL too, to be released there.
    remote: bool,
}

impl Locks {
    pub fn new(db: Db) -> Locks {
        Locks(Arc::new(Inner {
            db,
            held: Mutex::default(),
            connection: tokio::sync::Mutex::new(None),
            alive: Mutex::default(),
        }))
    }

    /// The session, opened (and this process's own lock taken again) if needed.
    async fn session<'c>(
        &self,
        connection: &'c mut Option<PgConnection>,
    ) -> Result<&'c mut PgConnection, DbError> {
        if connection.is_none() {
            let mut conn = db::cluster::lock_connection(&self.0.db)
                .await?
                .ok_or(DbError::PoolClosed)?;
            let alive = *self.0.alive.lock().expect("locks");
            if let Some((class, key)) = alive {
                db::cluster::try_advisory_lock(&mut conn, class, key).await?;
            }
            *connection = Some(conn);
        }
        Ok(connection.as_mut().expect("connected above"))
    }

    /// Holds `lock` for as long as this process lives (on every session it opens).
    pub async fn hold_for_life(&self, lock: Lock) -> Result<(), DbError> {
        let key = lock.key();
        self.0.held.lock().expect("locks").insert(key);
        if self.0.db.engine() == db::Engine::Postgres {
            *self.0.alive.lock().expect("locks") = Some(key);
            let mut connection = self.0.connection.lock().await;
            let conn = self.session(&mut connection).await?;
            db::cluster::try_advisory_lock(conn, key.0, key.1).await?;
        }
        Ok(())
    }

    /// Takes `lock` if nobody holds it, in this process or another; `None` otherwise.
    pub async fn try_lock(&self, lock: Lock) -> Result<Option<Held>, DbError> {
        let key = lock.key();
        if !self.0.held.lock().expect("locks").insert(key) {
            return Ok(None);
        }
        // From here the key is ours in this process: a guard gives it back, whatever happens.
        let mut held = Held {
            locks: self.clone(),
            key,
            remote: false,
        };
        if self.0.db.engine() == db::Engine::Sqlite {
            return Ok(Some(held));
        }
        let mut connection = self.0.connection.lock().await;
        let locked = match self.session(&mut connection).await {
            Ok(conn) => db::cluster::try_advisory_lock(conn, key.0, key.1).await,
            Err(e) => Err(e),
        };
        match locked {
            Ok(true) => {
                held.remote = true;
                Ok(Some(held))
            }
            Ok(false) => Ok(None),
            Err(e) => {
                // The session is gone, and every lock it held with it.
                *connection = None;
                Err(e)
            }
        }
    }

    /// Waits until `lock` is free, then takes it (checking every 20 ms).
    pub async fn lock(&self, lock: Lock) -> Result<Held, DbError> {
        loop {
            if let Some(held) = self.try_lock(lock).await? {
                return Ok(held);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Whether the lock connection answers (PostgreSQL), opening it if needed.
    pub async fn ping(&self) -> Result<(), DbError> {
        if self.0.db.engine() == db::Engine::Sqlite {
            return Ok(());
        }
        let mut connection = self.0.connection.lock().await;
        let result = match self.session(&mut connection).await {
            Ok(conn) => db::cluster::ping(conn).await,
            Err(e) => Err(e),
        };
        if result.is_err() {
            *connection = None;
        }
        result
    }

    async fn unlock(&self, key: (&'static str, i32)) {
        if self.0.db.engine() == db::Engine::Postgres {
            let mut connection = self.0.connection.lock().await;
            if let Some(conn) = connection.as_mut() {
                match db::cluster::advisory_unlock(conn, key.0, key.1).await {
                    Ok(true) => {}
                    Ok(false) => tracing::warn!(?key, "An advisory lock was no longer held"),
                    Err(e) => {
                        tracing::warn!(error = %e, "The lock connection failed");
                        *connection = None;
                    }
                }
            }
        }
        self.0.held.lock().expect("locks").remove(&key);
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let (locks, key) = (self.locks.clone(), self.key);
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) if self.remote => {
                runtime.spawn(async move { locks.unlock(key).await });
            }
            // Never taken on PostgreSQL; or no runtime left: the process, and its session, end.
            _ => {
                locks.0.held.lock().expect("locks").remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_keys_are_stable_and_distinct() {
        assert_eq!(fnv(""), 0x811c_9dc5_u32 as i32);
        assert_ne!(Lock::Job("digests").key(), Lock::Job("resync").key());
        assert_eq!(Lock::Follow(7).key(), (":follow", 7));
    }
}
