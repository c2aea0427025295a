//! `GET /healthz`: 200 when the database answers, 503 otherwise.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::error::ApiError;
use crate::app::AppState;

pub async fn healthz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    match tokio::time::timeout(Duration::from_secs(3), state.db.ping()).await {
        Ok(Ok(())) => Ok(Json(
            json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }),
        )),
        Ok(Err(e)) => Err(ApiError::Unavailable(format!(
            "the database does not answer: {e}"
        ))),
        Err(_) => Err(ApiError::Unavailable(
            "the database did not answer in 3 s".into(),
        )),
    }
}
