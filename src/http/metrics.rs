//! `GET /metrics`: Prometheus text format. Requests by route and status, inbox activities by
//! outcome, the delivery queue by state and host, its oldest item, and the database pool.

use std::sync::Arc;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use super::error::ApiError;
use crate::app::AppState;
use crate::db::{self, Db};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct InboxLabels {
    result: &'static str,
    reason: &'static str,
}

/// The counters the server keeps; the rest is read from the database at each scrape.
#[derive(Default)]
pub struct Metrics {
    requests: Family<RequestLabels, Counter>,
    inbox: Family<InboxLabels, Counter>,
}

impl Metrics {
    pub fn new() -> Arc<Metrics> {
        Arc::new(Metrics::default())
    }

    /// Counts an activity received: `accepted` or `refused`, and why.
    pub fn inbox(&self, result: &'static str, reason: &'static str) {
        self.inbox
            .get_or_create(&InboxLabels { result, reason })
            .inc();
    }
}

/// Middleware counting every request by its route template and status.
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let response = next.run(request).await;
    let labels = RequestLabels {
        method,
        route,
        status: response.status().as_u16(),
    };
    state.metrics.requests.get_or_create(&labels).inc();
    response
}

pub async fn metrics(State(state): State<AppState>) -> Result<Response, ApiError> {
    let mut registry = Registry::with_prefix("partage");
    registry.register(
        "http_requests",
        "HTTP requests by route and status",
        state.metrics.requests.clone(),
    );
    registry.register(
        "inbox_activities",
        "Activities received, accepted or refused, by reason",
        state.metrics.inbox.clone(),
    );

    let by_state: Family<Vec<(String, String)>, Gauge> = Family::default();
    for (delivery_state, n) in db::deliveries::counts(&state.db).await? {
        by_state
            .get_or_create(&vec![("state".into(), delivery_state)])
            .set(n);
    }
    registry.register("deliveries", "Deliveries by state", by_state);
    let by_host: Family<Vec<(String, String)>, Gauge> = Family::default();
    for (host, n) in db::deliveries::pending_by_host(&state.db, 50).await? {
        by_host.get_or_create(&vec![("host".into(), host)]).set(n);
    }
    registry.register(
        "deliveries_pending_by_host",
        "Pending deliveries of the 50 busiest hosts",
        by_host,
    );
    let failed_by_host: Family<Vec<(String, String)>, Gauge> = Family::default();
    for (host, n) in db::deliveries::failed_by_host(&state.db, 50).await? {
        failed_by_host
            .get_or_create(&vec![("host".into(), host)])
            .set(n);
    }
    registry.register(
        "deliveries_failed_by_host",
        "Failed deliveries of the 50 worst hosts",
        failed_by_host,
    );
    let oldest: Gauge = Gauge::default();
    if let Some(created) = db::deliveries::oldest_pending(&state.db).await? {
        oldest.set((chrono::Utc::now() - created).num_seconds().max(0));
    }
    registry.register(
        "delivery_queue_age_seconds",
        "Age of the oldest pending delivery",
        oldest,
    );
    let unavailable: Gauge = Gauge::default();
    unavailable.set(db::deliveries::unavailable_hosts(&state.db).await?.len() as i64);
    registry.register(
        "hosts_unavailable",
        "Hosts skipped for failing too long",
        unavailable,
    );

    let (size, idle) = pool_stats(&state.db);
    let pool: Family<Vec<(String, String)>, Gauge> = Family::default();
    pool.get_or_create(&vec![("state".into(), "open".into())])
        .set(size);
    pool.get_or_create(&vec![("state".into(), "idle".into())])
        .set(idle);
    registry.register("db_connections", "Database pool connections", pool);

    let mut body = String::new();
    encode(&mut body, &registry)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("encoding metrics: {e}")))?;
    let content_type =
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8");
    Ok(([(header::CONTENT_TYPE, content_type)], body).into_response())
}

fn pool_stats(db: &Db) -> (i64, i64) {
    match db {
        Db::Sqlite(p, _) => (i64::from(p.size()), p.num_idle() as i64),
        Db::Postgres(p) => (i64::from(p.size()), p.num_idle() as i64),
    }
}
