//! `GET /healthz`: this process's role, and whether the database and the media store answer:
//! 200 when both do, 503 otherwise. Web and worker processes both serve it.

use std::future::Future;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::error::ApiError;
use crate::app::AppState;

pub async fn healthz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let (database, media) = tokio::join!(
        answers("the database", state.db.ping()),
        answers("the media store", state.media.store.ping()),
    );
    if let Err(why) = database.and(media) {
        return Err(ApiError::Unavailable(why));
    }
    Ok(Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "role": state.cluster.role.as_str(),
        "database": "ok",
        "media": "ok",
    })))
}

/// Whether `ping` answers within 3 s; otherwise why not, naming `what`.
async fn answers<E: std::fmt::Display>(
    what: &str,
    ping: impl Future<Output = Result<(), E>>,
) -> Result<(), String> {
    match tokio::time::timeout(Duration::from_secs(3), ping).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(format!("{what} does not answer: {e}")),
        Err(_) => Err(format!("{what} did not answer in 3 s")),
    }
}
