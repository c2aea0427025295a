//! `/api/v1/deliveries`: for admins, what federation could not deliver, and hosts skipped.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::app::AppState;
use crate::db;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::extract::Admin;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeliveriesView {
    /// How many deliveries are pending, delivered and failed.
    pub counts: BTreeMap<String, i64>,
    /// Deliveries that failed for good, or are retrying after an error (newest first).
    pub problems: Vec<DeliveryView>,
    /// Hosts skipped for failing too long, until they answer again.
    pub unavailable_hosts: Vec<HostView>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DeliveryView {
    pub activity: String,
    pub inbox: String,
    /// `pending` (will retry) or `failed` (given up).
    pub state: String,
    pub attempts: i64,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HostView {
    pub host: String,
    pub failures: i64,
    pub unavailable_since: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
}

/// Delivery health, for admins.
#[utoipa::path(get, path = "/api/v1/deliveries", tag = "federation", security(("token" = [])),
    responses((status = 200, body = DeliveriesView), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    _: Admin,
) -> Result<Json<DeliveriesView>, ApiError> {
    let counts = db::deliveries::counts(&state.db)
        .await?
        .into_iter()
        .collect();
    let problems = db::deliveries::problems(&state.db, 100)
        .await?
        .into_iter()
        .map(|d| DeliveryView {
            activity: d.activity_ap_id,
            inbox: d.inbox,
            next_attempt_at: (d.state == "pending").then_some(d.next_attempt_at),
            state: d.state,
            attempts: d.attempts,
            last_status: d.last_status,
            last_error: d.last_error,
            updated_at: d.updated_at,
        })
        .collect();
    let unavailable_hosts = db::deliveries::unavailable_hosts(&state.db)
        .await?
        .into_iter()
        .map(|h| HostView {
            host: h.host,
            failures: h.failures,
            unavailable_since: h.unavailable_since,
            last_success_at: h.last_success_at,
        })
        .collect();
    Ok(Json(DeliveriesView {
        counts,
        problems,
        unavailable_hosts,
    }))
}
