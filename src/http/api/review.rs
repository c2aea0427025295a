//! `/api/v1/review`: entries from `review` follows, waiting for an admin to approve them.

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};

use super::events::EventView;
use super::initiatives::InitiativeView;
use crate::app::AppState;
use crate::db::origin::{self, Entries, OriginFilter};
use crate::db::{events, initiatives};
use crate::domain::event::Event;
use crate::domain::initiative::Initiative;
use crate::domain::origin::Review;
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

/// What waits for review (the oldest 100 of each kind).
#[utoipa::path(get, path = "/api/v1/review", tag = "federation", security(("token" = [])),
    responses((status = 200, body = ReviewQueue), (status = 401, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, _: Admin) -> Result<Json<ReviewQueue>, ApiError> {
    let pending = Some(Review::Pending.as_str().to_owned());
    let filter = initiatives::Filter {
        origin: OriginFilter::Network,
        review: pending.clone(),
        limit: 100,
        ..Default::default()
    };
    let (rows, _) = initiatives::list(&state.db, &filter).await?;
    let initiatives = rows
        .into_iter()
        .map(|r| InitiativeView::new(&state, Initiative::from_row(r), None))
        .collect();
    let filter = events::Filter {
        origin: OriginFilter::Network,
        review: pending,
        limit: 100,
        ..Default::default()
    };
    let (rows, _) = events::list(&state.db, &filter).await?;
    let events = rows
        .into_iter()
        .map(|r| EventView::new(&state, Event::from_row(r)))
        .collect();
    Ok(Json(ReviewQueue {
        initiatives,
        events,
    }))
}

/// Approves or rejects a mirrored entry (`kind` is `initiatives` or `events`).
#[utoipa::path(post, path = "/api/v1/review/{kind}/{slug}", tag = "federation", request_body = Decision,
    security(("token" = [])),
    responses((status = 200, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide(
    State(state): State<AppState>,
    _: Admin,
    Path((kind, slug)): Path<(String, String)>,
    JsonBody(input): JsonBody<Decision>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let review = match input.decision.as_str() {
        "approve" => Review::Published,
        "reject" => Review::Rejected,
        other => {
            let mut problems = crate::domain::Problems::default();
            problems.add(
                "decision",
                format!("{other:?} is neither approve nor reject"),
            );
            return Err(ApiError::Invalid(problems));
        }
    };
    let not_found = || ApiError::NotFound(format!("there is no mirrored {kind} {slug:?}"));
    let (entries, id) = match kind.as_str() {
        "initiatives" => (
            Entries::Initiatives,
            initiatives::by_slug(&state.db, &slug).await?.map(|r| r.id),
        ),
        "events" => (
            Entries::Events,
            events::by_slug(&state.db, &slug).await?.map(|r| r.id),
        ),
        _ => return Err(not_found()),
    };
    let id = id.ok_or_else(not_found)?;
    if !origin::set_review(&state.db, entries, id, review.as_str()).await? {
        return Err(not_found());
    }
    Ok(Json(serde_json::json!({ "slug": slug, "review": review })))
}
