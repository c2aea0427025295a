//! ActivityPub over HTTP: actors, objects, collections and inboxes, with content negotiation
//! (HTML for browsers, AS2 for servers) and optional authorized fetch.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Serialize;
use serde_json::Value;

use super::error::ApiError;
use super::extract::LimitedBody;
use crate::app::AppState;
use crate::db;
use crate::domain::origin::Review;
use crate::domain::{event, initiative};
use crate::federation::fetch_limits::Refused;
use crate::federation::inbox::{self, Incoming, Refusal};
use crate::federation::protocol::ACTIVITY_JSON;
use crate::federation::signature::{self, SignedRequest};
use crate::federation::{ObjectKind, actors, blocks, objects};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actor", get(application_actor))
        .route("/actor/inbox", post(receive))
        .route("/inbox", post(receive))
        .route("/actors/{slug}", get(chapter_actor))
        .route("/actors/{slug}/inbox", post(receive))
        .route("/ap/initiatives/{id}", get(initiative_by_id))
        .route("/ap/events/{id}", get(event_by_id))
        .route("/ap/activities/{token}", get(activity))
        .merge(super::collections::routes())
        .merge(super::replies::routes())
}

/// Whether the client asked for ActivityStreams rather than HTML.
pub fn wants_activity_json(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("application/activity+json") || v.contains("application/ld+json"))
}

/// An AS2 document, with the content type the client asked for.
pub fn activity_response(
    state: &AppState,
    request: &HeaderMap,
    status: StatusCode,
    body: &impl Serialize,
) -> Response {
    let ld = request
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.contains("application/ld+json") && !v.contains("application/activity+json")
        });
    let content_type = if ld {
        r#"application/ld+json; profile="https://www.w3.org/ns/activitystreams""#
    } else {
        ACTIVITY_JSON
    };
    let vary = if state.settings.federation.authorized_fetch {
        "Accept, Signature"
    } else {
        "Accept"
    };
    let body = serde_json::to_vec(body).expect("documents serialise");
    (
        status,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::VARY, HeaderValue::from_static(vary)),
        ],
        body,
    )
        .into_response()
}

/// In authorized-fetch mode, a GET must carry a valid signature of a remote actor.
pub async fn authorize(
    state: &AppState,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
) -> Result<(), ApiError> {
    if !state.settings.federation.authorized_fetch {
        return Ok(());
    }
    let scheme = state.base_url.scheme().to_owned();
    let path = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    let claim = signature::inspect(&SignedRequest {
        method,
        path_and_query: path,
        scheme: &scheme,
        headers,
        body: None,
    })
    .map_err(|why| ApiError::BadSignature(format!("this server requires signed fetches: {why}")))?;
    let owner = claim.key_id.split('#').next().unwrap_or_default();
    let owner = url::Url::parse(owner)
        .map_err(|_| ApiError::BadSignature("the keyId is not a URL".into()))?;
    if blocks::is_blocked(state.federation.context(), &owner).await? {
        return Err(ApiError::Forbidden(format!(
            "this chapter does not federate with {}",
            owner.host_str().unwrap_or_default()
        )));
    }
    let data = state.federation.data();
    let actor = state
        .federation
        .context()
        .fetches
        .actor(&owner, &data)
        .await
        .map_err(|refused| match refused {
            Refused::HostBusy(seconds) => ApiError::TooMany(
                format!("too many fetches for that host lately; try again in {seconds} s"),
                seconds,
            ),
            other => ApiError::BadSignature(format!("cannot fetch the signer: {other}")),
        })?;
    if claim.verify(&actor.row.public_key_pem) {
        Ok(())
    } else {
        Err(ApiError::BadSignature(
            "the signature does not verify".into(),
        ))
    }
}

pub(super) fn check_slug(state: &AppState, slug: &str) -> Result<(), ApiError> {
    if slug == state.settings.instance.slug {
        Ok(())
    } else {
        Err(ApiError::NotFound(format!(
            "there is no actor {slug:?} here"
        )))
    }
}

async fn chapter_actor(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    check_slug(&state, &slug)?;
    if !wants_activity_json(&headers) {
        return Ok(Redirect::to("/").into_response());
    }
    Ok(activity_response(
        &state,
        &headers,
        StatusCode::OK,
        &actors::chapter_document(state.federation.context()),
    ))
}

async fn application_actor(State(state): State<AppState>, headers: HeaderMap) -> Response {
    activity_response(
        &state,
        &headers,
        StatusCode::OK,
        &actors::application_document(state.federation.context()),
    )
}

async fn receive(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    LimitedBody(body): LimitedBody,
) -> Result<StatusCode, ApiError> {
    let path = uri
        .path_and_query()
        .map_or(uri.path(), |p| p.as_str())
        .to_owned();
    let incoming = Incoming {
        method: &method,
        path_and_query: &path,
        headers: &headers,
        body: &body,
    };
    match inbox::receive(&state.federation, incoming).await {
        Ok(accepted) => {
            let reason = match accepted {
                inbox::Accepted::Processed => "processed",
                inbox::Accepted::Duplicate => "duplicate",
                inbox::Accepted::Ignored => "ignored",
            };
            state.metrics.inbox("accepted", reason);
            Ok(StatusCode::ACCEPTED)
        }
        Err(refusal) => {
            tracing::info!(?refusal, "Refused an incoming activity");
            let reason = match &refusal {
                Refusal::Unauthorized(_) => "signature",
                Refusal::BadRequest(_) => "malformed",
                Refusal::Forbidden(_) => "forbidden",
                Refusal::Unavailable(_) => "unavailable",
                Refusal::TooMany(..) => "busy",
            };
            state.metrics.inbox("refused", reason);
            Err(match refusal {
                Refusal::Unauthorized(why) => ApiError::BadSignature(why),
                Refusal::BadRequest(why) => ApiError::BadRequest(why),
                Refusal::Forbidden(why) => ApiError::Forbidden(why),
                Refusal::Unavailable(why) => ApiError::Unavailable(why),
                Refusal::TooMany(why, seconds) => ApiError::TooMany(why, seconds),
            })
        }
    }
}

async fn initiative_by_id(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    object_by_id(&state, ObjectKind::Initiative, id, &method, &uri, &headers).await
}

async fn event_by_id(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    object_by_id(&state, ObjectKind::Event, id, &method, &uri, &headers).await
}

/// One of our objects by its stable id: the document for ActivityPub clients (410 with a
/// Tombstone once deleted), a redirect to its page for browsers. Mirrored entries are not ours
/// and have no id here.
async fn object_by_id(
    state: &AppState,
    kind: ObjectKind,
    id: i64,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
) -> Result<Response, ApiError> {
    let ctx = state.federation.context();
    let found = match kind {
        ObjectKind::Initiative => initiative::get_by_id(&state.db, id)
            .await?
            .filter(|i| i.origin.is_none() && i.review == Review::Published)
            .map(|i| {
                (
                    format!("/initiatives/{}", i.slug),
                    json(&objects::initiative_object(ctx, &i, true)),
                )
            }),
        ObjectKind::Event => event::get_by_id(&state.db, id)
            .await?
            .filter(|e| e.origin.is_none() && e.review == Review::Published)
            .map(|e| {
                (
                    format!("/events/{}", e.slug),
                    json(&objects::event_object(ctx, &e, true)),
                )
            }),
    };
    if !wants_activity_json(headers) {
        return match found {
            Some((page, _)) => Ok(Redirect::to(&page).into_response()),
            None => Err(gone_or_missing(state, kind, id).await?),
        };
    }
    authorize(state, method, uri, headers).await?;
    match found {
        Some((_, object)) => Ok(activity_response(state, headers, StatusCode::OK, &object)),
        None => tombstone_response(state, headers, kind, id).await,
    }
}

fn json(value: &impl Serialize) -> Value {
    serde_json::to_value(value).expect("documents serialise")
}

/// 410 with a `Tombstone` for what we deleted, 404 for what never was.
pub async fn tombstone_response(
    state: &AppState,
    headers: &HeaderMap,
    kind: ObjectKind,
    id: i64,
) -> Result<Response, ApiError> {
    match db::tombstones::by_id(&state.db, kind.as_str(), id).await? {
        Some(t) => {
            let body = objects::tombstone(state.federation.context(), kind, id, t.deleted_at);
            Ok(activity_response(state, headers, StatusCode::GONE, &body))
        }
        None => Err(ApiError::NotFound(format!(
            "there is no {} {id}",
            kind.as_str()
        ))),
    }
}

async fn gone_or_missing(
    state: &AppState,
    kind: ObjectKind,
    id: i64,
) -> Result<ApiError, ApiError> {
    Ok(
        match db::tombstones::by_id(&state.db, kind.as_str(), id).await? {
            Some(_) => ApiError::Gone(format!("this {} was deleted", kind.as_str())),
            None => ApiError::NotFound(format!("there is no {} {id}", kind.as_str())),
        },
    )
}

async fn activity(
    State(state): State<AppState>,
    Path(token): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorize(&state, &method, &uri, &headers).await?;
    let id = state.federation.context().urls.activity(&token);
    let row = db::activities::by_ap_id(&state.db, id.as_str())
        .await?
        .ok_or_else(|| ApiError::NotFound("there is no such activity".into()))?;
    let body: Value =
        serde_json::from_str(&row.payload).map_err(|e| ApiError::Internal(e.into()))?;
    Ok(activity_response(&state, &headers, StatusCode::OK, &body))
}
