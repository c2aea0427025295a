//! `/api/v1/review`: entries from `review` follows, waiting for an admin to approve them.

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};

use super::events::EventView;
use super::initiatives::InitiativeView;
use crate::app::AppState;
use crate::db::origin::Entries;
use crate::domain::review;
use crate::http::error::{ApiError, ErrorBody};
use crate::http::extract::{Admin, JsonBody};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReviewQueue {
    pub initiatives: Vec<InitiativeView>,
    pub events: Vec<EventView>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// `approve` (published in the directory) or `reject` (kept hidden).
    pub decision: String,
}

/// What waits for review (the oldest 100 of each kind): entries from `review` follows and
/// suggestions from the website.
#[utoipa::path(get, path = "/api/v1/review", tag = "federation", security(("token" = [])),
    responses((status = 200, body = ReviewQueue), (status = 401, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, _: Admin) -> Result<Json<ReviewQueue>, ApiError> {
    let (initiatives, events) = review::queue(&state.db, 100).await?;
    let mut views = Vec::with_capacity(initiatives.len());
    for i in initiatives {
        // A suggestion likely the same as an entry is marked so.
        let found = super::duplicates::DuplicateView::some_of(&state, i.id).await?;
        let mut view = InitiativeView::new(&state, i, None);
        view.possible_duplicates = found;
        views.push(view);
    }
    Ok(Json(ReviewQueue {
        initiatives: views,
        events: events
            .into_iter()
            .map(|e| EventView::new(&state, e))
            .collect(),
    }))
}

/// Approves or rejects an entry waiting for review (`kind` is `initiatives` or `events`). A
/// rejected suggestion is deleted; a rejected mirrored entry is kept hidden.
#[utoipa::path(post, path = "/api/v1/review/{kind}/{slug}", tag = "federation", request_body = Decision,
    security(("token" = [])),
    responses((status = 200, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide(
    State(state): State<AppState>,
    admin: Admin,
    Path((kind, slug)): Path<(String, String)>,
    JsonBody(input): JsonBody<Decision>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let decision = review::Decision::parse(&input.decision).map_err(|why| {
        let mut problems = crate::domain::Problems::default();
        problems.add("decision", why);
        ApiError::Invalid(problems)
    })?;
    let entries = match kind.as_str() {
        "initiatives" => Entries::Initiatives,
        "events" => Entries::Events,
        _ => return Err(ApiError::NotFound(format!("there is no {kind} to review"))),
    };
    let outcome = review::decide(&state.db, entries, &slug, decision).await?;
    state.publish_changes().await;
    let action = match decision {
        review::Decision::Approve => "review.approve",
        review::Decision::Reject => "review.reject",
    };
    admin.log(&state, action, &format!("{kind}/{slug}")).await;
    Ok(Json(serde_json::json!({ "slug": slug, "review": outcome })))
}
