//! `/api/v1/network`: the chapters (and groups) we follow and that follow us, with their
//! counts and health.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::app::AppState;
use crate::db;
use crate::http::error::ApiError;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Network {
    pub following: Vec<Peer>,
    pub followers: Vec<Peer>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Peer {
    pub actor: String,
    pub name: Option<String>,
    pub username: Option<String>,
    pub domain: String,
    /// ActivityPub type: `Group` for chapters, `Person` for people…
    pub kind: String,
    /// For follows: `pending`, `accepted` or `rejected`.
    pub state: Option<String>,
    pub initiatives: i64,
    pub events: i64,
    /// For follows: when its actor last sent us a signed activity (of any kind), to the minute.
    pub last_activity_at: Option<DateTime<Utc>>,
    /// `ok`, or `unavailable` when deliveries to it keep failing.
    pub health: &'static str,
}

/// The network around the chapter. Followers are listed only when they are chapters, groups or
/// instances, not people.
#[utoipa::path(get, path = "/api/v1/network", tag = "federation", responses((status = 200, body = Network)))]
pub async fn show(State(state): State<AppState>) -> Result<Json<Network>, ApiError> {
    Ok(Json(load(&state).await?))
}

/// The chapters we follow and the non-person actors that follow us.
pub async fn load(state: &AppState) -> Result<Network, sqlx::Error> {
    let counts: HashMap<i64, (i64, i64)> = db::origin::counts(&state.db)
        .await?
        .into_iter()
        .map(|(id, i, e)| (id, (i, e)))
        .collect();
    let unavailable: Vec<String> = db::deliveries::unavailable_hosts(&state.db)
        .await?
        .into_iter()
        .map(|h| h.host)
        .collect();
    let domain = |actor: &str| {
        url::Url::parse(actor)
            .map(|u| crate::federation::outbox::host_of(&u))
            .unwrap_or_default()
    };
    let health = |d: &str| {
        if unavailable.iter().any(|h| h == d) {
            "unavailable"
        } else {
            "ok"
        }
    };
    let following = db::follows::list(&state.db)
        .await?
        .into_iter()
        .map(|f| {
            let d = domain(&f.actor_ap_id);
            let (initiatives, events) = counts.get(&f.actor_id).copied().unwrap_or_default();
            Peer {
                health: health(&d),
                domain: d,
                actor: f.actor_ap_id,
                name: f.actor_name,
                username: f.actor_username,
                kind: "Group".into(),
                state: Some(f.state),
                initiatives,
                events,
                last_activity_at: f.last_activity_at,
            }
        })
        .collect();
    let followers = db::followers::actors(&state.db, "chapter")
        .await?
        .into_iter()
        .filter(|a| a.kind != "Person")
        .map(|a| {
            let d = domain(&a.ap_id);
            let (initiatives, events) = counts.get(&a.id).copied().unwrap_or_default();
            Peer {
                health: health(&d),
                domain: d,
                actor: a.ap_id,
                name: a.name,
                username: a.username,
                kind: a.kind,
                state: None,
                initiatives,
                events,
                last_activity_at: None,
            }
        })
        .collect();
    Ok(Network {
        following,
        followers,
    })
}
