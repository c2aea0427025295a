//! Sources kept in sync, on both engines: a local HTTP server (started by each test, on
//! loopback) serves a source in each format, changed between runs (`formats.rs`); every way a
//! source fails (`failing.rs`); source rows among the duplicates of local and mirrored entries
//! (`duplicates.rs`); the worker's schedule and the command line (`schedule.rs`). `bench.rs`
//! measures a 10,000-row source re-run with 1 % changes (ignored).

mod bench;
mod calendar;
mod duplicates;
mod failing;
mod formats;
mod schedule;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use partage::domain::sources::{self, Mapping, Run, SourceInput};
use partage::ops::sources::{Fetcher, Limits};

use crate::support::TestApp;

/// What the source server answers at a path.
#[derive(Clone, Debug)]
pub enum Served {
    /// A body of that content type.
    Data(&'static str, String),
    /// An empty answer of that status.
    Status(u16),
    /// Nothing for that long, then an empty CSV.
    Slow(Duration),
    /// That many bytes of CSV, streamed without a length.
    Huge(usize),
}

/// A source's server: what it answers is changed by the test between runs.
pub struct SourceServer {
    pub base: String,
    served: Arc<Mutex<HashMap<String, Served>>>,
}

type Shared = Arc<Mutex<HashMap<String, Served>>>;

async fn answer(State(served): State<Shared>, Path(path): Path<String>) -> Response {
    let found = served.lock().unwrap().get(&path).cloned();
    match found {
        None => StatusCode::NOT_FOUND.into_response(),
        Some(Served::Data(kind, body)) => ([(header::CONTENT_TYPE, kind)], body).into_response(),
        Some(Served::Status(code)) => StatusCode::from_u16(code).unwrap().into_response(),
        Some(Served::Slow(wait)) => {
            tokio::time::sleep(wait).await;
            ([(header::CONTENT_TYPE, "text/csv")], "name\n").into_response()
        }
        Some(Served::Huge(bytes)) => {
            let line = "name,city\nTroc,Paris\n".repeat(1 << 14);
            let chunk = bytes::Bytes::from(line);
            let n = bytes / chunk.len() + 1;
            let stream =
                futures::stream::iter((0..n).map(move |_| Ok::<_, std::io::Error>(chunk.clone())));
            (
                [(header::CONTENT_TYPE, "text/csv")],
                Body::from_stream(stream),
            )
                .into_response()
        }
    }
}

impl SourceServer {
    pub async fn start() -> SourceServer {
        let served: Shared = Arc::default();
        let app = axum::Router::new()
            .route("/{*path}", axum::routing::get(answer))
            .with_state(served.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        SourceServer { base, served }
    }

    pub fn serve(&self, path: &str, what: Served) {
        self.served.lock().unwrap().insert(path.to_owned(), what);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/{path}", self.base)
    }
}

/// The client a test reads sources with: the chapter's limits, a short timeout.
pub fn fetcher() -> Fetcher {
    let limits = Limits {
        timeout: Duration::from_secs(3),
        ..Limits::default()
    };
    Fetcher::new("partage-test", limits).unwrap()
}

/// A chapter whose worker leaves sources alone: each test runs them itself, as `partage source
/// run` does, so that each run's counts are its own (`schedule.rs` tests the worker's).
pub async fn chapter(engine: crate::support::Engine) -> TestApp {
    TestApp::spawn_with(engine, "localhost", &[("sources.check_seconds", "0")]).await
}

/// Adds a source as `partage source add` does.
pub async fn add(app: &TestApp, url: &str, format: &str, mapping: Mapping) -> i64 {
    let input = SourceInput {
        url: url.to_owned(),
        format: format.to_owned(),
        name: "Près de chez nous".to_owned(),
        licence: "ODbL".to_owned(),
        link: "https://presdecheznous.example/".to_owned(),
        every: "24h".to_owned(),
        mapping,
    };
    sources::add(&app.db, &input)
        .await
        .expect("a valid source")
        .id
}

/// Runs a source now, as `partage source run` does (waiting for a run of the worker's, if it
/// took the source first).
pub async fn run(app: &TestApp, id: i64) -> Run {
    for _ in 0..100 {
        let ran = partage::ops::sources::run(&app.db, &fetcher(), id, true)
            .await
            .expect("the run is logged");
        if let Some(run) = ran {
            return run;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("source {id} stayed taken");
}

/// (created, updated, unchanged, closed, rejected) of a run.
pub fn counts(run: &Run) -> (i64, i64, i64, i64, i64) {
    (
        run.created,
        run.updated,
        run.unchanged,
        run.closed,
        run.rejected,
    )
}
