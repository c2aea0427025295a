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
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::post;
use chrono::Utc;
use partage::db::Db;
use serde_json::Value;
use sqlx::postgres::{PgConnectOptions, PgPool};

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
        let log: Log = Arc::default();
        for server in 0..servers {
            let port = stub(server, log.clone(), answer_after).await;
            let base = format!("http://s{server}.localhost:{port}");
            let actor = partage::db::remote_actors::RemoteActorRow {
                id: 0,
                ap_id: format!("{base}/users/u"),
                kind: "Person".into(),
                username: Some("u".into()),
                name: None,
                inbox: format!("{base}/users/u/inbox"),
                shared_inbox: Some(format!("{base}/inbox")),
                outbox: None,
                public_key_id: format!("{base}/users/u#main-key"),
                public_key_pem: String::new(),
                fetched_at: Utc::now(),
            };
            let row = partage::db::remote_actors::upsert(&self.db, &actor)
                .await
                .unwrap();
            let follow = format!("{base}/f");
            partage::db::followers::add(&self.db, "chapter", row.id, &follow, Utc::now())
                .await
                .unwrap();
        }
        log
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

/// Each POST a stub server received: (server, activity id, when).
pub type Log = Arc<Mutex<Vec<(usize, String, Instant)>>>;

/// How many times each server received each activity.
pub fn by_server(log: &Log) -> HashMap<(usize, String), usize> {
    let mut received = HashMap::new();
    for (server, id, _) in log.lock().unwrap().iter() {
        *received.entry((*server, id.clone())).or_default() += 1;
    }
    received
}

/// A server whose shared inbox takes `answer_after` to accept each delivery.
async fn stub(server: usize, log: Log, answer_after: Duration) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox = Router::new().route(
        "/inbox",
        post(move |body: axum::body::Bytes| {
            let log = log.clone();
            async move {
                tokio::time::sleep(answer_after).await;
                let activity: Value = serde_json::from_slice(&body).unwrap_or_default();
                let id = activity["id"].as_str().unwrap_or_default().to_owned();
                log.lock().unwrap().push((server, id, Instant::now()));
                StatusCode::ACCEPTED
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, inbox).await.unwrap() });
    port
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
