//! HTTP: the one place where every route is listed, and the middleware around them.

pub mod activitypub;
pub mod api;
mod collections;
pub mod error;
pub mod extract;
pub mod feeds;
pub mod files;
pub mod headers;
pub mod health;
pub mod metrics;
mod public_reads;
mod replies;
pub mod throttle;
pub mod upload;
pub mod web;
pub mod wellknown;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::app::AppState;
use error::ApiError;

/// Every route of the chapter.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(upload::routes(state.settings.media.max_upload_bytes))
        .merge(activitypub::routes())
        .merge(wellknown::routes())
        .merge(web::routes())
        .merge(feeds::routes())
        .merge(files::routes())
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(metrics::metrics))
        .fallback(not_found)
        .layer(axum::middleware::from_fn(headers::secure))
        // Other websites read the API and the feeds (embeds): CORS, ETags, a minute's cache.
        .layer(axum::middleware::from_fn(public_reads::public_reads))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(DefaultBodyLimit::max(extract::MAX_BODY))
        // Brotli or gzip for whoever asks: every text type; pictures are left as they are.
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// What a worker process serves (`--role worker`): its health and its metrics, nothing else.
pub fn worker_router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(metrics::metrics))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// 404: a page for browsers, JSON for everything else.
async fn not_found(
    axum::extract::State(state): axum::extract::State<AppState>,
    ui: web::Ui,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let browser = headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if browser {
        return web::not_found(&state, &ui);
    }
    ApiError::NotFound("there is nothing at this address".into()).into_response()
}
