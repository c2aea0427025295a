//! `/api/v1/duplicates`: the pairs of initiatives likely the same that no admin decided yet,
//! and the decisions (the same: linked; one merged into the other; different). Each write of
//! an initiative answers its own likely duplicates (`possible_duplicates`).

use axum::Json;
use axum::extract::{Query, State};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::OriginView;
use crate::app::AppState;
use crate::domain::duplicates::{self, Decision, Listed, Pair, Possible};
use crate::domain::{self, Problems};
use crate::http::error::{ApiError, ErrorBody};
use crate::http::extract::{Admin, JsonBody};

/// Another initiative likely the same.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DuplicateView {
    pub slug: String,
    pub name: String,
    /// Where it comes from; `null` for the chapter's own.
    pub origin: Option<OriginView>,
    /// How far apart, in metres, when both have a place.
    pub distance_m: Option<f64>,
    /// How alike the names are, 0 to 1.
    pub score: f64,
    /// Its page.
    pub url: String,
}

impl DuplicateView {
    pub fn new(state: &AppState, p: Possible) -> Self {
        DuplicateView {
            distance_m: p.distance_m.map(f64::round),
            score: (p.score * 100.0).round() / 100.0,
            ..entry_fields(state, p.entry)
        }
    }

    /// The likely duplicates of one initiative, as its write answers them: `None` when
    /// there are none.
    pub async fn some_of(
        state: &AppState,
        id: i64,
    ) -> Result<Option<Vec<DuplicateView>>, ApiError> {
        let found = duplicates::open_for(&state.db, id).await?;
        let views: Vec<_> = found.into_iter().map(|p| Self::new(state, p)).collect();
        Ok((!views.is_empty()).then_some(views))
    }
}

fn entry_fields(state: &AppState, e: Listed) -> DuplicateView {
    DuplicateView {
        url: state.url(&format!("/initiatives/{}", e.slug)),
        slug: e.slug,
        name: e.name,
        origin: e.origin.map(OriginView::from),
        distance_m: None,
        score: 0.0,
    }
}

/// Two initiatives likely the same.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PairView {
    pub first: DuplicateView,
    pub second: DuplicateView,
    pub distance_m: Option<f64>,
    pub score: f64,
    pub found_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PairList {
    pub items: Vec<PairView>,
    /// How many pairs are open in all.
    pub total: i64,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct PairQuery {
    /// At most 200; 50 when absent.
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// The likely duplicates no admin decided yet, the most recently found first.
#[utoipa::path(get, path = "/api/v1/duplicates", tag = "initiatives", params(PairQuery),
    security(("token" = [])),
    responses((status = 200, body = PairList), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    _: Admin,
    Query(q): Query<PairQuery>,
) -> Result<Json<PairList>, ApiError> {
    let limit = q.limit.unwrap_or(50).clamp(1, 200);
    let pairs = duplicates::open(&state.db, limit, q.offset.unwrap_or(0).max(0)).await?;
    let items = pairs.into_iter().map(|p| pair_view(&state, p)).collect();
    let total = duplicates::count_open(&state.db).await?;
    Ok(Json(PairList { items, total }))
}

fn pair_view(state: &AppState, p: Pair) -> PairView {
    let (score, distance_m) = (
        (p.score * 100.0).round() / 100.0,
        p.distance_m.map(f64::round),
    );
    PairView {
        first: entry_fields(state, p.first),
        second: entry_fields(state, p.second),
        distance_m,
        score,
        found_at: p.found_at,
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    /// An initiative's slug.
    pub entry: String,
    /// The other's slug.
    pub other: String,
    /// `same` (linked: one card with both origins), `merge` (`entry`, one of ours, merged
    /// into `other`: its address redirects there) or `different` (never proposed again).
    pub decision: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Decided {
    /// The slug of the entry shown (the one kept, after a merge).
    pub shown: String,
}

/// Decides of two initiatives.
#[utoipa::path(post, path = "/api/v1/duplicates", tag = "initiatives", request_body = DecisionInput,
    security(("token" = [])),
    responses((status = 200, body = Decided), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn decide(
    State(state): State<AppState>,
    admin: Admin,
    JsonBody(input): JsonBody<DecisionInput>,
) -> Result<Json<Decided>, ApiError> {
    let decision = Decision::parse(&input.decision).map_err(|why| {
        let mut problems = Problems::default();
        problems.add("decision", why);
        ApiError::from(domain::Error::Invalid(problems))
    })?;
    let shown = duplicates::decide(
        &state.db,
        &input.entry,
        &input.other,
        decision,
        &state.rules,
    )
    .await?;
    state.publish_changes().await;
    let target = format!("{} {}", input.entry, input.other);
    admin
        .log(
            &state,
            &format!("duplicates.{}", input.decision.trim()),
            &target,
        )
        .await;
    Ok(Json(Decided { shown }))
}
