//! `/api/v1/reports`: what the website's "Report a problem" does, for other front ends (anyone,
//! throttled), and the admins' side: the reports in a state, and resolving one.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::db::reports::ReportRow;
use crate::domain::Problems;
use crate::domain::audit::Actor;
use crate::domain::report::{self, Action, ReportInput, STATES};
use crate::federation::reports::resolve;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::extract::{Admin, ClientIp, JsonBody};
use crate::http::throttle::client_key;

/// The answer to a report.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReportReceived {
    /// Always `received`: the chapter's team sees it on its Reports page.
    pub status: &'static str,
}

/// A report, as admins see it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReportView {
    pub id: i64,
    /// `closed`, `wrong`, `duplicate`, `inappropriate` (a reader), or `fediverse` (a `Flag`).
    pub reason: String,
    pub message: String,
    /// The actor that sent a `Flag` (often its server's instance actor).
    pub reporter_actor: Option<String>,
    /// The address a reader left to be answered.
    pub email: Option<String>,
    /// `initiatives` or `events`, and the entry's address name (while it exists).
    pub entry_kind: Option<String>,
    pub entry_slug: Option<String>,
    pub entry_name: Option<String>,
    /// The comment reported (its ActivityPub id, while it exists).
    pub comment_id: Option<i64>,
    pub comment_ap_id: Option<String>,
    /// The remote actor that blocking would block: the comment's author, or the origin of a
    /// mirrored entry.
    pub reported_actor: Option<String>,
    /// Every address a `Flag` named.
    pub objects: Vec<String>,
    /// `open`, `resolved` or `dismissed`.
    pub state: String,
    pub resolution: Option<String>,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

impl From<ReportRow> for ReportView {
    fn from(r: ReportRow) -> Self {
        ReportView {
            reported_actor: report::reported_actor(&r).map(str::to_owned),
            objects: serde_json::from_str(&r.objects).unwrap_or_default(),
            id: r.id,
            reason: r.reason,
            message: r.message,
            reporter_actor: r.reporter_ap_id,
            email: r.email,
            entry_kind: r.entry_kind,
            entry_slug: r.entry_slug,
            entry_name: r.entry_name,
            comment_id: r.comment_id,
            comment_ap_id: r.comment_ap_id,
            state: r.state,
            resolution: r.resolution,
            created_at: r.created_at,
            resolved_at: r.resolved_at,
        }
    }
}

/// Reports a problem with a published entry, as the website's form does (10 an hour per
/// address).
#[utoipa::path(post, path = "/api/v1/reports", tag = "conversations", request_body = ReportInput,
    responses((status = 201, body = ReportReceived), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    JsonBody(input): JsonBody<ReportInput>,
) -> Result<(StatusCode, Json<ReportReceived>), ApiError> {
    if let Err(wait) = state.throttles.report.take(&client_key(ip)) {
        return Err(ApiError::TooMany(
            "too many reports from this address".into(),
            wait.as_secs().max(1),
        ));
    }
    report::submit(&state.db, input).await?;
    let received = ReportReceived { status: "received" };
    Ok((StatusCode::CREATED, Json(received)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct StateQuery {
    /// `open` (the default), `resolved` or `dismissed`.
    pub state: Option<String>,
}

/// Reports in a state, the latest changed first (200 at most).
#[utoipa::path(get, path = "/api/v1/reports", tag = "conversations", params(StateQuery),
    security(("token" = [])),
    responses((status = 200, body = [ReportView]), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    _: Admin,
    Query(q): Query<StateQuery>,
) -> Result<Json<Vec<ReportView>>, ApiError> {
    let wanted = q.state.as_deref().unwrap_or("open");
    if !STATES.contains(&wanted) {
        let mut problems = Problems::default();
        problems.add("state", "must be open, resolved or dismissed");
        return Err(ApiError::Invalid(problems));
    }
    let rows = report::list(&state.db, &[wanted], 200).await?;
    Ok(Json(rows.into_iter().map(ReportView::from).collect()))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    /// `remove_entry` (ours deleted, and a `Delete` sent; a mirrored one hidden),
    /// `remove_comment`, `block_actor`, `block_domain` (the comment's author or the mirrored
    /// entry's origin) or `dismiss`.
    pub action: String,
}

/// Resolves an open report (409 when it is not open, or names nothing the action can act on).
#[utoipa::path(post, path = "/api/v1/reports/{id}/resolve", tag = "conversations",
    request_body = Resolution, security(("token" = [])),
    responses((status = 200, body = ReportView), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn resolve_one(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<Resolution>,
) -> Result<Json<ReportView>, ApiError> {
    let Some(action) = Action::parse(&input.action) else {
        let mut problems = Problems::default();
        problems.add(
            "action",
            "must be remove_entry, remove_comment, block_actor, block_domain or dismiss",
        );
        return Err(ApiError::Invalid(problems));
    };
    resolve(
        &state.federation,
        Actor::Token(admin.token, &admin.name),
        id,
        action,
    )
    .await?;
    state.publish_changes().await;
    Ok(Json(report::by_id(&state.db, id).await?.into()))
}
