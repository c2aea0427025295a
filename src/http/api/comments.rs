//! `/api/v1/…/comments`: what the fediverse says about an entry (its approved comments, its
//! favourites, boosts and comments counted), and their moderation.

use axum::Json;
use axum::extract::{Path, Query, State};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::db::comments::CommentRow;
use crate::db::origin::Entries;
use crate::domain::audit::Actor;
use crate::domain::comment::{self, Decision};
use crate::domain::{Problems, event, initiative};
use crate::http::error::{ApiError, ErrorBody};
use crate::http::extract::{Admin, JsonBody};
use crate::http::web::comments::author;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CommentView {
    pub id: i64,
    /// The reply's ActivityPub id, and the address of its page on its server.
    pub ap_id: String,
    pub url: Option<String>,
    pub author_name: String,
    /// `@user@server`.
    pub author_handle: String,
    pub author_actor: String,
    /// Sanitised HTML (Mastodon's strict set).
    pub content: String,
    pub language: Option<String>,
    pub in_reply_to: String,
    pub published: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    /// `pending`, `approved`, `hidden` (moderators see all three).
    pub state: String,
    /// `public`, `unlisted`, `private` (addressed to the chapter alone: never shown).
    pub visibility: String,
    /// `initiatives` or `events`, and the entry's address name.
    pub entry_kind: String,
    pub entry_slug: Option<String>,
}

impl From<CommentRow> for CommentView {
    fn from(c: CommentRow) -> Self {
        let (author_handle, author_name) = author(&c);
        CommentView {
            id: c.id,
            ap_id: c.ap_id,
            url: c.url,
            author_name,
            author_handle,
            author_actor: c.actor_ap_id,
            content: c.content,
            language: c.language,
            in_reply_to: c.in_reply_to,
            published: c.published,
            edited_at: c.edited_at,
            state: c.state,
            visibility: c.visibility,
            entry_kind: c.entry_kind,
            entry_slug: c.entry_slug,
        }
    }
}

/// An entry's favourites, boosts and shown comments.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Counts {
    pub likes_count: i64,
    pub boosts_count: i64,
    pub replies_count: i64,
}

impl Counts {
    /// Those of the entry `id`; `None` for a mirrored one (they are at its origin).
    pub async fn of(
        state: &AppState,
        entries: Entries,
        id: i64,
        mirrored: bool,
    ) -> Result<Option<Counts>, ApiError> {
        if mirrored {
            return Ok(None);
        }
        let c = comment::counts(&state.db, entries, id).await?;
        Ok(Some(Counts {
            likes_count: c.likes,
            boosts_count: c.boosts,
            replies_count: c.replies,
        }))
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Conversation {
    pub likes_count: i64,
    pub boosts_count: i64,
    pub replies_count: i64,
    /// The approved comments, oldest first, 20 a page.
    pub items: Vec<CommentView>,
    pub page: i64,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// From 1.
    pub page: Option<i64>,
}

/// An entry's favourites, boosts and approved comments (`kind`: `initiatives` or `events`).
#[utoipa::path(get, path = "/api/v1/{kind}/{slug}/comments", tag = "conversations",
    params(PageQuery), responses((status = 200, body = Conversation), (status = 404, body = ErrorBody)))]
pub async fn of_entry(
    State(state): State<AppState>,
    Path((kind, slug)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> Result<Json<Conversation>, ApiError> {
    let (entries, id) = match kind.as_str() {
        "initiatives" => (
            Entries::Initiatives,
            initiative::get_published(&state.db, &slug).await?.id,
        ),
        "events" => (
            Entries::Events,
            event::get_published(&state.db, &slug).await?.id,
        ),
        _ => return Err(ApiError::NotFound(format!("there are no {kind}"))),
    };
    let page = q.page.unwrap_or(1).clamp(1, 10_000);
    let counts = comment::counts(&state.db, entries, id).await?;
    let items = comment::shown(&state.db, entries, id, page).await?;
    Ok(Json(Conversation {
        likes_count: counts.likes,
        boosts_count: counts.boosts,
        replies_count: counts.replies,
        items: items.into_iter().map(CommentView::from).collect(),
        page,
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct StateQuery {
    /// `pending` (the default), `approved` or `hidden`.
    pub state: Option<String>,
}

/// Comments for moderators, the latest first (200 at most).
#[utoipa::path(get, path = "/api/v1/comments", tag = "conversations", params(StateQuery),
    security(("token" = [])),
    responses((status = 200, body = [CommentView]), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    _: Admin,
    Query(q): Query<StateQuery>,
) -> Result<Json<Vec<CommentView>>, ApiError> {
    let wanted = q.state.as_deref().unwrap_or("pending");
    if !["pending", "approved", "hidden"].contains(&wanted) {
        let mut problems = Problems::default();
        problems.add("state", "must be pending, approved or hidden");
        return Err(ApiError::Invalid(problems));
    }
    let rows = comment::in_state(&state.db, wanted, 200).await?;
    Ok(Json(rows.into_iter().map(CommentView::from).collect()))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentDecision {
    /// `approve` (shown under its entry) or `hide`.
    pub decision: String,
}

/// Approves or hides a comment. A private reply cannot be approved (409).
#[utoipa::path(post, path = "/api/v1/comments/{id}", tag = "conversations",
    request_body = CommentDecision, security(("token" = [])),
    responses((status = 200, body = CommentView), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<i64>,
    JsonBody(input): JsonBody<CommentDecision>,
) -> Result<Json<CommentView>, ApiError> {
    let decision = match input.decision.as_str() {
        "approve" => Decision::Approve,
        "hide" => Decision::Hide,
        _ => {
            let mut problems = Problems::default();
            problems.add("decision", "must be approve or hide");
            return Err(ApiError::Invalid(problems));
        }
    };
    comment::decide(
        &state.db,
        Actor::Token(admin.token, &admin.name),
        id,
        decision,
    )
    .await?;
    Ok(Json(comment::by_id(&state.db, id).await?.into()))
}

/// Deletes a comment here (its author's post stays theirs: nothing is sent).
#[utoipa::path(delete, path = "/api/v1/comments/{id}", tag = "conversations",
    security(("token" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<i64>,
) -> Result<axum::http::StatusCode, ApiError> {
    let by = Actor::Token(admin.token, &admin.name);
    comment::decide(&state.db, by, id, Decision::Delete).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
