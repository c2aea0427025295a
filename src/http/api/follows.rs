//! `/api/v1/follows`: the actors the chapter follows (other chapters, Mobilizon groups, Gancio),
//! and how what they publish is curated.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::db::{self, follows::Curation, follows::FollowRow};
use crate::domain::{Problems, category};
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
    /// `auto` publishes what arrives; `review` holds it in `GET /api/v1/review`.
    pub policy: String,
    /// Only entries in these categories (none: all).
    pub categories: Vec<String>,
    /// Only entries inside `[south, west, north, east]`.
    pub bbox: Option<[f64; 4]>,
    /// Entries mirrored from it.
    pub initiatives: i64,
    pub events: i64,
    /// Whether its outbox was read to the end (the backfill), and when it was last synced.
    pub backfilled: bool,
    pub synced_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    /// When its actor last sent us a signed activity (of any kind), to the minute.
    pub last_activity_at: Option<DateTime<Utc>>,
}

impl FollowView {
    fn new(f: FollowRow, counts: &HashMap<i64, (i64, i64)>) -> Self {
        let bbox = match (f.filter_south, f.filter_west, f.filter_north, f.filter_east) {
            (Some(s), Some(w), Some(n), Some(e)) => Some([s, w, n, e]),
            _ => None,
        };
        let (initiatives, events) = counts.get(&f.actor_id).copied().unwrap_or_default();
        FollowView {
            id: f.id,
            actor: f.actor_ap_id,
            name: f.actor_name,
            username: f.actor_username,
            state: f.state,
            policy: f.policy,
            categories: f
                .filter_categories
                .as_deref()
                .and_then(|c| serde_json::from_str(c).ok())
                .unwrap_or_default(),
            bbox,
            initiatives,
            events,
            backfilled: f.synced_at.is_some() && f.backfill_next.is_none(),
            synced_at: f.synced_at,
            created_at: f.created_at,
            accepted_at: f.accepted_at,
            last_activity_at: f.last_activity_at,
        }
    }
}

/// What to follow, and how to curate it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowInput {
    /// A handle (`@berlin@berlin.example`) or an actor URL.
    pub target: String,
    #[serde(flatten)]
    pub curation: CurationInput,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CurationInput {
    /// `auto` (default) or `review`.
    pub policy: Option<String>,
    /// Category ids: only entries in one of them.
    pub categories: Option<Vec<String>>,
    /// `[south, west, north, east]` in degrees: only entries inside.
    pub bbox: Option<Vec<f64>>,
}

impl CurationInput {
    pub fn check(self, current: Curation) -> Result<Curation, ApiError> {
        let mut problems = Problems::default();
        let policy = match self.policy.as_deref() {
            None => current.policy,
            Some(p @ ("auto" | "review")) => p.to_owned(),
            Some(other) => {
                problems.add("policy", format!("{other:?} is neither auto nor review"));
                current.policy
            }
        };
        let categories = match self.categories {
            None => current.categories,
            Some(list) if list.is_empty() => None,
            Some(list) => match category::parse_list(list) {
                Ok(ids) => Some(serde_json::to_string(&ids).expect("strings serialise")),
                Err(why) => {
                    problems.add("categories", why);
                    None
                }
            },
        };
        let bbox = match self.bbox {
            None => current.bbox,
            Some(b) if b.is_empty() => None,
            Some(b) => {
                match b[..] {
                    [s, w, n, e]
                        if (-90.0..=90.0).contains(&s)
                            && (-90.0..=90.0).contains(&n)
                            && s <= n
                            && (-180.0..=180.0).contains(&w)
                            && (-180.0..=180.0).contains(&e)
                            && w <= e =>
                    {
                        Some([s, w, n, e])
                    }
                    _ => {
                        problems.add("bbox", "must be [south, west, north, east] in degrees, south ≤ north, west ≤ east");
                        None
                    }
                }
            }
        };
        problems
            .into_result(Curation {
                policy,
                categories,
                bbox,
            })
            .map_err(ApiError::Invalid)
    }
}

async fn counts(state: &AppState) -> Result<HashMap<i64, (i64, i64)>, ApiError> {
    Ok(db::origin::counts(&state.db)
        .await?
        .into_iter()
        .map(|(id, i, e)| (id, (i, e)))
        .collect())
}

#[utoipa::path(get, path = "/api/v1/follows", tag = "federation", security(("token" = [])),
    responses((status = 200, body = Vec<FollowView>), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    _: Admin,
) -> Result<Json<Vec<FollowView>>, ApiError> {
    let counts = counts(&state).await?;
    Ok(Json(
        db::follows::list(&state.db)
            .await?
            .into_iter()
            .map(|f| FollowView::new(f, &counts))
            .collect(),
    ))
}

/// Follows an actor: the Follow is sent at once; the state turns `accepted` when it answers,
/// and its existing entries are then read from its outbox.
#[utoipa::path(post, path = "/api/v1/follows", tag = "federation", request_body = FollowInput,
    security(("token" = [])),
    responses((status = 202, body = FollowView), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    admin: Admin,
    JsonBody(input): JsonBody<FollowInput>,
) -> Result<(StatusCode, Json<FollowView>), ApiError> {
    let curation = input.curation.check(Curation {
        policy: "auto".into(),
        ..Default::default()
    })?;
    let invalid = |why: String| {
        let mut problems = Problems::default();
        problems.add("target", why);
        ApiError::Invalid(problems)
    };
    let follow = following::follow_target(&state.federation, &input.target, &curation)
        .await
        .map_err(|e| match e {
            Error::Invalid(why) => invalid(why),
            other => ApiError::Internal(other.into()),
        })?;
    admin.log(&state, "follow", &follow.actor_ap_id).await;
    Ok((
        StatusCode::ACCEPTED,
        Json(FollowView::new(follow, &counts(&state).await?)),
    ))
}

/// Changes how a follow is curated.
#[utoipa::path(patch, path = "/api/v1/follows/{id}", tag = "federation", request_body = CurationInput,
    security(("token" = [])),
    responses((status = 200, body = FollowView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<CurationInput>,
) -> Result<Json<FollowView>, ApiError> {
    let follow = db::follows::by_id(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("there is no follow {id}")))?;
    let curation = input.check(follow.curation())?;
    db::follows::set_curation(&state.db, id, &curation).await?;
    let follow = db::follows::by_id(&state.db, id).await?.expect("it exists");
    admin
        .log(
            &state,
            "follow.policy",
            &format!("{} {}", follow.actor_ap_id, follow.policy),
        )
        .await;
    Ok(Json(FollowView::new(follow, &counts(&state).await?)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UnfollowParams {
    /// What to do with the entries mirrored from it: `keep` (default) or `remove`.
    pub mirrored: Option<String>,
}

/// Unfollows: sends Undo{Follow}, forgets the follow, and keeps or removes its entries.
#[utoipa::path(delete, path = "/api/v1/follows/{id}", tag = "federation", params(UnfollowParams),
    security(("token" = [])),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<i64>,
    Query(params): Query<UnfollowParams>,
) -> Result<StatusCode, ApiError> {
    let remove = match params.mirrored.as_deref() {
        None | Some("keep") => false,
        Some("remove") => true,
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "mirrored={other:?}: use keep or remove"
            )));
        }
    };
    let follow = db::follows::by_id(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("there is no follow {id}")))?;
    following::unfollow(&state.federation, &follow, remove)
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    admin.log(&state, "unfollow", &follow.actor_ap_id).await;
    Ok(StatusCode::NO_CONTENT)
}
