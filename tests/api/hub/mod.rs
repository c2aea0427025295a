//! A hub: several real `partage serve` processes of the built binary on one PostgreSQL schema,
//! as behind a load balancer (one public domain, one port each), with stub servers following
//! the chapter. Skipped without `PARTAGE_TEST_POSTGRES_URL`.

mod fanout;
mod processes;
mod sqlite;

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::str::FromStr;
use std::time::{Duration, Instant};

use chrono::Utc;
use partage::db::Db;
use sqlx::postgres::{PgConnectOptions, PgPool};

use crate::stubs;
pub use crate::support::free_port;
use crate::support::{Engine, rand_u32};

/// One PostgreSQL schema that processes share, its data folder (pictures), and the public
/// domain they answer for together.
pub struct Hub {
    /// `postgres://…?options=-c search_path=…`: the schema, for the processes.
    pub url: String,
    pub db: Db,
    pub dir: tempfile::TempDir,
    /// `localhost:{port}`: what the load balancer would serve.
    pub domain: String,
}

/// A running process of the hub.
pub struct Process {
    pub child: Child,
    pub port: u16,
    pub log: PathBuf,
}

impl Hub {
    /// A fresh schema, migrated when `migrated` (otherwise the first process does it); `None`
    /// without PostgreSQL.
    pub async fn new(migrated: bool) -> Option<Hub> {
        partage::federation::install_crypto_provider();
        let Engine::Postgres(base) = Engine::postgres()? else {
            return None;
        };
        let schema = format!("partage_test_{}_{:08x}", Utc::now().timestamp(), rand_u32());
        let admin = PgPool::connect(&base).await.expect("PostgreSQL answers");
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&admin)
            .await
            .unwrap();
        admin.close().await;
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
        let options = PgConnectOptions::from_str(&url).unwrap();
        let db = Db::connect_postgres(options, 4).await.unwrap();
        if migrated {
            db.migrate().await.unwrap();
        }
        Some(Hub {
            url,
            db,
            dir: tempfile::tempdir().unwrap(),
            domain: format!("localhost:{}", free_port()),
        })
    }

    /// Starts `partage serve --role {role}` on a port of its own, and waits until it answers.
    pub async fn start(&self, role: &str, env: &[(&str, &str)]) -> Process {
        let process = self.spawn(role, env);
        wait_healthy(&process).await;
        process
    }

    /// Starts a process without waiting for it.
    pub fn spawn(&self, role: &str, env: &[(&str, &str)]) -> Process {
        let port = free_port();
        let log = self.dir.path().join(format!("{role}-{port}.log"));
        let mut command = Command::new(env!("CARGO_BIN_EXE_partage"));
        command
            .env("PARTAGE_DATABASE__URL", &self.url)
            .env("PARTAGE_HTTP__LISTEN", format!("127.0.0.1:{port}"))
            .env("PARTAGE_INSTANCE__DOMAIN", &self.domain)
            .env("PARTAGE_FEDERATION__DEBUG", "true")
            .env("PARTAGE_WEBSITE__GEOCODER", "")
            .env("PARTAGE_DATA__DIR", self.dir.path())
            .env("RUST_LOG", "info,sqlx=warn")
            .env_remove("PARTAGE_CONFIG");
        for (k, v) in env {
            command.env(k, v);
        }
        let out = std::fs::File::create(&log).unwrap();
        let child = command
            .args(["serve", "--role", role])
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .stdin(Stdio::null())
            .spawn()
            .unwrap();
        Process { child, port, log }
    }

    /// An admin token, written in the database.
    pub async fn token(&self) -> String {
        partage::domain::token::create(&self.db, "hub")
            .await
            .unwrap()
            .secret
    }

    /// `servers` stub servers following the chapter, each with one follower, answering each
    /// POST after `answer_after`; returns their log of received activity ids.
    pub async fn followers(&self, servers: usize, answer_after: Duration) -> Log {
        stubs::followers(&self.db, servers, answer_after).await
    }

    /// One value of the shared database.
    pub async fn scalar(&self, sql: &str) -> i64 {
        match &self.db {
            Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
            Db::Sqlite(..) => unreachable!(),
        }
    }
}

impl Process {
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// What the process logged, for failure messages.
    pub fn logged(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Waits (at most 60 s) until `process` answers `/healthz`.
pub async fn wait_healthy(process: &Process) {
    let deadline = Instant::now() + Duration::from_secs(60);
    let health = process.url("/healthz");
    while !reqwest::get(&health)
        .await
        .is_ok_and(|r| r.status().is_success())
    {
        assert!(
            Instant::now() < deadline,
            "the process did not start:\n{}",
            process.logged()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub use crate::stubs::Log;

/// How many times each server received each activity.
pub fn by_server(log: &Log) -> HashMap<(usize, String), usize> {
    let mut received = HashMap::new();
    for (server, id, _) in log.lock().unwrap().iter() {
        *received.entry((*server, id.clone())).or_default() += 1;
    }
    received
}
