//! `/api/v1/subscriptions`: what the website's "Get what is new here by e-mail" does, for other
//! front ends. Anyone may ask; the answer is the same whether the address is new or known.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;

use crate::app::AppState;
use crate::domain::subscription::{self, SubscriptionInput};
use crate::http::error::{ApiError, ErrorBody};
use crate::http::extract::{ClientIp, JsonBody};
use crate::http::throttle::client_key;

/// The answer to a subscription.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SubscriptionAsked {
    /// Always `confirmation_sent`: a message with a confirmation link goes to the address
    /// (unless it asked within the last day); nothing else is sent before it is followed.
    pub status: &'static str,
}

#[utoipa::path(post, path = "/api/v1/subscriptions", tag = "subscriptions",
    request_body = SubscriptionInput,
    responses((status = 202, body = SubscriptionAsked), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    JsonBody(input): JsonBody<SubscriptionInput>,
) -> Result<(StatusCode, Json<SubscriptionAsked>), ApiError> {
    let ip = client_key(ip);
    if let Err(wait) = state.throttles.subscribe.take(&ip) {
        return Err(ApiError::TooMany(
            "too many subscriptions from this address".into(),
            wait.as_secs().max(1),
        ));
    }
    let fallback = state
        .settings
        .instance
        .languages
        .first()
        .map_or("en", String::as_str);
    let fallback = crate::i18n::Locale::find(fallback).map_or("en", |l| l.tag);
    let row = subscription::check(input, fallback)?;
    subscription::subscribe(&state.db, row).await?;
    state.mailer.wake();
    Ok((
        StatusCode::ACCEPTED,
        Json(SubscriptionAsked {
            status: "confirmation_sent",
        }),
    ))
}
