//! `TestApp`: a chapter served on a loopback port, on SQLite or PostgreSQL, with an admin token.

use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Utc};
use partage::app::{self, AppState};
use partage::config::Settings;
use partage::db::Db;
use partage::domain::token;
use reqwest::{Client, RequestBuilder, Response};
use serde_json::Value;
use sqlx::postgres::{PgConnectOptions, PgPool};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The database a test runs on.
#[derive(Clone, Debug)]
pub enum Engine {
    Sqlite,
    /// A PostgreSQL server, from `PARTAGE_TEST_POSTGRES_URL`.
    Postgres(String),
}

impl Engine {
    /// PostgreSQL when `PARTAGE_TEST_POSTGRES_URL` is set. Without it the test is skipped,
    /// unless `PARTAGE_TEST_REQUIRE_POSTGRES` is set (CI), where it fails.
    pub fn postgres() -> Option<Engine> {
        match std::env::var("PARTAGE_TEST_POSTGRES_URL") {
            Ok(url) if !url.is_empty() => Some(Engine::Postgres(url)),
            _ if std::env::var_os("PARTAGE_TEST_REQUIRE_POSTGRES").is_some() => {
                panic!("PARTAGE_TEST_REQUIRE_POSTGRES is set but PARTAGE_TEST_POSTGRES_URL is not")
            }
            _ => {
                eprintln!("skipped: set PARTAGE_TEST_POSTGRES_URL to run the PostgreSQL suite");
                None
            }
        }
    }
}

/// Where a test's chapter keeps its pictures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaStore {
    Local,
    S3,
}

/// Generates one `#[tokio::test]` per engine and media store for each
/// `async fn name(engine: Engine, store: MediaStore)`.
#[macro_export]
macro_rules! on_both_engines_and_stores {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            mod local {
                $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::super::$name($crate::support::Engine::Sqlite, $crate::support::MediaStore::Local).await
                })*
            }
            mod s3 {
                $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::super::$name($crate::support::Engine::Sqlite, $crate::support::MediaStore::S3).await
                })*
            }
        }
        mod postgres {
            mod local {
                $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(engine) = $crate::support::Engine::postgres() {
                        super::super::$name(engine, $crate::support::MediaStore::Local).await
                    }
                })*
            }
            mod s3 {
                $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(engine) = $crate::support::Engine::postgres() {
                        super::super::$name(engine, $crate::support::MediaStore::S3).await
                    }
                })*
            }
        }
    };
}

/// Generates one `#[tokio::test]` per engine for each `async fn name(engine: Engine)`.
#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                super::$name($crate::support::Engine::Sqlite).await
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                if let Some(engine) = $crate::support::Engine::postgres() {
                    super::$name(engine).await
                }
            })*
        }
    };
}

/// Where a test's data lives, kept across restarts.
enum Store {
    Sqlite {
        _dir: tempfile::TempDir,
        url: String,
    },
    Postgres {
        options: Box<PgConnectOptions>,
    },
}

pub struct TestApp {
    pub address: String,
    /// The host name in our public URLs (`*.localhost` resolves to loopback in debug mode).
    pub host: String,
    /// Our public base URL, `http://{host}:{port}`.
    pub base: String,
    overrides: Vec<(String, String)>,
    /// The data directory (pictures of the local store live there).
    data: tempfile::TempDir,
    state: Option<AppState>,
    port: u16,
    pub db: Db,
    pub token: String,
    pub client: Client,
    store: Store,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
}

impl TestApp {
    pub async fn spawn(engine: Engine) -> TestApp {
        Self::spawn_as(engine, "localhost").await
    }

    /// A chapter whose public host is `host` (e.g. `berlin.localhost`).
    pub async fn spawn_as(engine: Engine, host: &str) -> TestApp {
        Self::spawn_with(engine, host, &[]).await
    }

    /// A chapter with some settings changed (`("federation.authorized_fetch", "true")`).
    pub async fn spawn_with(
        engine: Engine,
        host: &str,
        settings: &[(&'static str, &'static str)],
    ) -> TestApp {
        let owned: Vec<(String, String)> = settings
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Self::spawn_owned(engine, host, owned).await
    }

    /// A chapter keeping its pictures in `store`: its own folder, or a bucket of the suite's
    /// SeaweedFS server (`None` when there is none and it is not required: skip the test).
    pub async fn spawn_storing(engine: Engine, store: MediaStore) -> Option<TestApp> {
        let settings = match store {
            MediaStore::Local => Vec::new(),
            MediaStore::S3 => crate::s3::bucket_settings().await?,
        };
        Some(Self::spawn_owned(engine, "localhost", settings).await)
    }

    /// A chapter sending its e-mail through the suite's SMTP server, with some settings
    /// changed (`None`: there is no server and it is not required; skip the test).
    pub async fn spawn_mailing(engine: Engine, more: &[(&str, &str)]) -> Option<TestApp> {
        let mut settings = crate::smtp::settings().await?;
        settings.extend(more.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Some(Self::spawn_owned(engine, "localhost", settings).await)
    }

    /// The data directory (local pictures, mail files).
    pub fn data_dir(&self) -> &std::path::Path {
        self.data.path()
    }

    /// Plans what is owed and sends what is due now, instead of waiting for the mail worker.
    pub async fn send_mail_now(&self) -> partage::mail::SendReport {
        let mailer = &self.state().mailer;
        partage::mail::worker::plan(mailer)
            .await
            .expect("planning runs");
        partage::mail::send_due(mailer).await.expect("sending runs")
    }

    async fn spawn_owned(engine: Engine, host: &str, settings: Vec<(String, String)>) -> TestApp {
        partage::federation::install_crypto_provider();
        partage::telemetry::init("warn", partage::config::LogFormat::Text);
        let store = match engine {
            Engine::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary directory");
                let url = format!("sqlite://{}", dir.path().join("partage.sqlite").display());
                Store::Sqlite { _dir: dir, url }
            }
            Engine::Postgres(url) => Store::Postgres {
                options: Box::new(fresh_schema(&url).await),
            },
        };
        let db = open(&store).await;
        db.migrate().await.expect("migrations run");
        install_test_keys(&db, host).await;
        let token = token::create(&db, "test").await.expect("a token").secret;
        let mut app = TestApp {
            address: String::new(),
            host: host.into(),
            overrides: settings,
            data: tempfile::tempdir().expect("a temporary directory"),
            state: None,
            port: 0,
            base: String::new(),
            db,
            token,
            client: Client::new(),
            store,
            shutdown: None,
            server: None,
        };
        app.start().await;
        app
    }

    async fn start(&mut self) {
        // The same port across restarts: it is part of the chapter's identity.
        let listener = TcpListener::bind(("127.0.0.1", self.port))
            .await
            .expect("a free port");
        self.port = listener.local_addr().unwrap().port();
        let port = listener.local_addr().unwrap().port();
        let domain = format!("{}:{port}", self.host);
        let data = self.data.path().display().to_string();
        let mut settings = vec![
            ("data.dir", data.as_str()),
            ("instance.domain", domain.as_str()),
            ("instance.slug", "paris"),
            ("instance.name", "Partage Paris"),
            ("federation.debug", "true"),
            // No geocoder on the internet: the directory's own places only.
            ("website.geocoder", ""),
        ];
        settings.extend(self.overrides.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let settings = Settings::defaults_with(&settings).expect("test settings are valid");
        let state = AppState::new(self.db.clone(), settings)
            .await
            .expect("the state builds");
        self.state = Some(state.clone());
        let (tx, rx) = oneshot::channel::<()>();
        self.server = Some(tokio::spawn(app::run(listener, state, async {
            let _ = rx.await;
        })));
        self.shutdown = Some(tx);
        self.address = format!("http://127.0.0.1:{port}");
        self.base = format!("http://{}:{port}", self.host);
    }

    /// Stops the server (requests in flight finish; queued deliveries stay queued) and closes
    /// the database, as a shutdown would.
    pub async fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server
                .await
                .expect("the server task")
                .expect("the server stops cleanly");
        }
        self.state = None;
        self.db.close().await;
    }

    /// Starts a stopped chapter again, on the same port and data.
    pub async fn start_again(&mut self) {
        self.db = open(&self.store).await;
        self.db.migrate().await.expect("migrations are idempotent");
        self.start().await;
    }

    /// Stops and starts again.
    pub async fn restart(&mut self) {
        self.stop().await;
        self.start_again().await;
    }

    /// The running chapter's state (its federation, to drive workers directly).
    pub fn state(&self) -> &AppState {
        self.state.as_ref().expect("started")
    }

    /// The running chapter's federation context, to drive its workers directly.
    pub fn federation(&self) -> &partage::federation::Context {
        self.state.as_ref().expect("started").federation.context()
    }

    /// Runs one delivery round now, instead of waiting for the worker's next pass.
    pub async fn deliver_now(&self) -> usize {
        partage::federation::delivery::send_due(self.federation())
            .await
            .expect("a delivery round")
    }

    /// Makes every pending delivery due now.
    pub async fn make_deliveries_due(&self) {
        self.exec("UPDATE deliveries SET next_attempt_at = created_at WHERE state = 'pending'")
            .await;
    }

    /// Runs a statement on the database.
    pub async fn exec(&self, sql: &str) {
        self.db.execute(sql).await.expect("statement runs");
    }

    /// The state, attempts and last status of every delivery, oldest first.
    pub async fn deliveries(&self) -> Vec<(String, i64, Option<i64>)> {
        let sql = "SELECT state, attempts, last_status FROM deliveries ORDER BY id";
        match &self.db {
            Db::Sqlite(pool, _) => sqlx::query_as(sql).fetch_all(pool).await,
            Db::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await,
        }
        .expect("deliveries read")
    }

    /// `GET` with the admin token, as JSON.
    pub async fn admin_json(&self, path: &str) -> Value {
        self.admin(reqwest::Method::GET, path)
            .send()
            .await
            .expect("request sent")
            .json()
            .await
            .expect("a JSON body")
    }

    /// The signature style of every activity received, in order.
    pub async fn signature_styles(&self) -> Vec<String> {
        let sql = "SELECT signature_style FROM received_activities ORDER BY received_at";
        match &self.db {
            Db::Sqlite(pool, _) => sqlx::query_scalar(sql).fetch_all(pool).await,
            Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
        }
        .expect("received activities read")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.client.get(self.url(path))
    }

    /// A request with the admin token.
    pub fn admin(&self, method: reqwest::Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(&self.token)
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.admin(reqwest::Method::POST, path)
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn patch_json(&self, path: &str, body: &Value) -> Response {
        self.admin(reqwest::Method::PATCH, path)
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn delete(&self, path: &str) -> Response {
        self.admin(reqwest::Method::DELETE, path)
            .send()
            .await
            .expect("request sent")
    }

    /// A page's HTML, whatever its status.
    pub async fn page_text(&self, path: &str) -> String {
        let response = self.get(path).send().await.expect("request sent");
        response.text().await.expect("a body")
    }

    /// A document as ActivityPub servers ask for it (`path` or a full URL of this app).
    pub async fn get_as2(&self, path: &str) -> Value {
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            self.url(path)
        };
        let response = self
            .client
            .get(url)
            .header("accept", "application/activity+json")
            .send()
            .await
            .expect("request sent");
        response.json().await.unwrap_or(Value::Null)
    }

    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let response = self.get(path).send().await.expect("request sent");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Creates an initiative and returns its JSON, failing the test if it is refused.
    pub async fn create_initiative(&self, body: Value) -> Value {
        let response = self.post_json("/api/v1/initiatives", &body).await;
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
        response.json().await.unwrap()
    }

    pub async fn create_event(&self, body: Value) -> Value {
        let response = self.post_json("/api/v1/events", &body).await;
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
        response.json().await.unwrap()
    }

    /// Everything stored, to assert that a refused request changed nothing.
    pub async fn snapshot(&self) -> Snapshot {
        let mut counts = Vec::new();
        for table in [
            "initiatives",
            "events",
            "initiative_labels",
            "event_labels",
            "outgoing",
            "admin_tokens",
        ] {
            counts.push(self.count(table).await);
        }
        let rows = "SELECT slug, name, updated_at FROM initiatives \
                    UNION ALL SELECT slug, name, updated_at FROM events ORDER BY 1, 3";
        let entries = match &self.db {
            Db::Sqlite(pool, _) => sqlx::query_as(rows).fetch_all(pool).await,
            Db::Postgres(pool) => sqlx::query_as(rows).fetch_all(pool).await,
        }
        .expect("rows read");
        Snapshot { counts, entries }
    }

    pub async fn count(&self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        match &self.db {
            Db::Sqlite(pool, _) => sqlx::query_scalar(&sql).fetch_one(pool).await,
            Db::Postgres(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await,
        }
        .expect("count read")
    }

    /// Every queued message: (recipient, state, attempts, last error, next attempt), oldest first.
    pub async fn mails(&self) -> Vec<(String, String, i32, Option<String>, DateTime<Utc>)> {
        let sql =
            "SELECT recipient, state, attempts, last_error, next_attempt_at FROM mails ORDER BY id";
        match &self.db {
            Db::Sqlite(pool, _) => sqlx::query_as(sql).fetch_all(pool).await,
            Db::Postgres(pool) => sqlx::query_as(sql).fetch_all(pool).await,
        }
        .expect("mails read")
    }

    /// The `type` of every outgoing record, oldest first.
    pub async fn outgoing_types(&self) -> Vec<String> {
        let sql = "SELECT payload FROM outgoing ORDER BY id";
        let payloads: Vec<String> = match &self.db {
            Db::Sqlite(pool, _) => sqlx::query_scalar(sql).fetch_all(pool).await,
            Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
        }
        .expect("outgoing read");
        payloads
            .iter()
            .map(|p| {
                serde_json::from_str::<Value>(p).unwrap()["type"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

#[derive(Debug, PartialEq)]
pub struct Snapshot {
    counts: Vec<i64>,
    entries: Vec<(String, String, DateTime<Utc>)>,
}

/// Key pairs made once per test run and host, so that each chapter does not spend time on
/// RSA key generation, while two chapters of one test never share keys.
pub fn keypair(name: &str) -> activitypub_federation::http_signatures::Keypair {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static POOL: OnceLock<
        Mutex<HashMap<String, activitypub_federation::http_signatures::Keypair>>,
    > = OnceLock::new();
    let mut pool = POOL.get_or_init(Default::default).lock().unwrap();
    pool.entry(name.to_owned())
        .or_insert_with(|| {
            activitypub_federation::http_signatures::generate_actor_keypair().unwrap()
        })
        .clone()
}

async fn install_test_keys(db: &Db, host: &str) {
    for actor in ["chapter", "application"] {
        let pair = keypair(&format!("{host}/{actor}"));
        let row = partage::db::keys::KeyRow {
            actor: actor.into(),
            public_key_pem: pair.public_key,
            private_key_pem: pair.private_key,
            created_at: Utc::now(),
        };
        partage::db::keys::insert(db, &row)
            .await
            .expect("keys stored");
    }
}

async fn open(store: &Store) -> Db {
    match store {
        Store::Sqlite { url, .. } => Db::connect(url, 4).await.expect("SQLite opens"),
        Store::Postgres { options } => Db::connect_postgres(PgConnectOptions::clone(options), 4)
            .await
            .expect("PostgreSQL opens"),
    }
}

/// A new, empty schema for one test, so that tests run in parallel; schemas left by earlier
/// runs over an hour ago are dropped.
async fn fresh_schema(url: &str) -> PgConnectOptions {
    let base = PgConnectOptions::from_str(url).expect("PARTAGE_TEST_POSTGRES_URL parses");
    let admin = PgPool::connect_with(base.clone())
        .await
        .expect("PostgreSQL is reachable");
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let stale: Vec<String> = sqlx::query_scalar(
        "SELECT nspname::text FROM pg_namespace WHERE nspname LIKE 'partage_test_%'",
    )
    .fetch_all(&admin)
    .await
    .expect("schemas listed");
    for schema in stale {
        let created = schema.split('_').nth(2).and_then(|t| t.parse::<u64>().ok());
        if created.is_some_and(|t| t + 3600 < now) {
            let _ = sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                .execute(&admin)
                .await;
        }
    }
    let schema = format!("partage_test_{now}_{:08x}", rand_u32());
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&admin)
        .await
        .expect("schema created");
    admin.close().await;
    base.options([("search_path", schema.as_str())])
}

pub fn rand_u32() -> u32 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::Instant::now()) as u32
}

/// Waits (at most 15 s) until `check` holds, failing the test with `what` otherwise.
pub async fn eventually<F: AsyncFn() -> bool>(what: &str, check: F) {
    for _ in 0..300 {
        if check().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

/// A time as a SQL literal of the test's engine, `days` ago.
pub fn days_ago(app: &TestApp, days: i64) -> String {
    let at = partage::domain::now() - chrono::Duration::days(days);
    match app.db.engine() {
        partage::db::Engine::Sqlite => format!("'{}'", at.format("%Y-%m-%dT%H:%M:%S%.6fZ")),
        partage::db::Engine::Postgres => format!("'{}'", at.to_rfc3339()),
    }
}

/// A port free on loopback now (from the system's ephemeral range).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
