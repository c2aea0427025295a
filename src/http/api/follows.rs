//! `/api/v1/follows`: the actors the chapter follows (other chapters, Mobilizon groups, Gancio).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::db::{self, follows::FollowRow};
use crate::domain::Problems;
use crate::federation::{Error, following};
use crate::http::error::{ApiError, ErrorBody};
use crate::http::extract::{Admin, JsonBody};

/// A follow as admins see it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FollowView {
    pub id: i64,
    /// The followed actor's id (URL).
    pub actor: String,
    pub name: Option<String>,
    pub username: Option<String>,
    /// `pending` until the actor accepts; `accepted`; or `rejected`.
    pub state: String,
    pub created_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub last_activity_at: Option<DateTime<Utc>>,
}

impl From<FollowRow> for FollowView {
    fn from(f: FollowRow) -> Self {
        FollowView {
            id: f.id,
            actor: f.actor_ap_id,
            name: f.actor_name,
            username: f.actor_username,
            state: f.state,
            created_at: f.created_at,
            accepted_at: f.accepted_at,
            last_activity_at: f.last_activity_at,
        }
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowInput {
    /// A handle (`@berlin@berlin.example`) or an actor URL.
    pub target: String,
}

#[utoipa::path(get, path = "/api/v1/follows", tag = "federation", security(("token" = [])),
    responses((status = 200, body = Vec<FollowView>), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    _: Admin,
) -> Result<Json<Vec<FollowView>>, ApiError> {
    Ok(Json(
        db::follows::list(&state.db)
            .await?
            .into_iter()
            .map(FollowView::from)
            .collect(),
    ))
}

/// Follows an actor: the Follow is sent at once; the state turns `accepted` when it answers.
#[utoipa::path(post, path = "/api/v1/follows", tag = "federation", request_body = FollowInput,
    security(("token" = [])),
    responses((status = 202, body = FollowView), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    _: Admin,
    JsonBody(input): JsonBody<FollowInput>,
) -> Result<(StatusCode, Json<FollowView>), ApiError> {
    let invalid = |why: String| {
        let mut problems = Problems::default();
        problems.add("target", why);
        ApiError::Invalid(problems)
    };
    let actor = following::resolve(&state.federation, &input.target)
        .await
        .map_err(|e| match e {
            Error::Invalid(why) => invalid(why),
            other => invalid(format!("cannot find {:?}: {other}", input.target)),
        })?;
    let follow = following::follow(&state.federation, &actor)
        .await
        .map_err(|e| match e {
            Error::Invalid(why) => invalid(why),
            other => ApiError::Internal(other.into()),
        })?;
    Ok((StatusCode::ACCEPTED, Json(follow.into())))
}

/// Unfollows: sends Undo{Follow} and forgets the follow.
#[utoipa::path(delete, path = "/api/v1/follows/{id}", tag = "federation", security(("token" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    _: Admin,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let follow = db::follows::by_id(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("there is no follow {id}")))?;
    following::unfollow(&state.federation, &follow)
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    Ok(StatusCode::NO_CONTENT)
}
