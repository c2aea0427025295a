//! Discovery: WebFinger (and host-meta), NodeInfo 2.1 with the application actor (FEP-2677).

use axum::Json;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::json;

use super::error::ApiError;
use crate::app::AppState;
use crate::db;
use crate::federation::protocol::discovery::{NodeInfo, NodeInfoLinks, Webfinger, WebfingerLink};
use crate::federation::{LocalActor, protocol::ACTIVITY_JSON};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/.well-known/webfinger", get(webfinger))
        .route("/.well-known/host-meta", get(host_meta))
        .route("/.well-known/nodeinfo", get(nodeinfo_links))
        .route("/nodeinfo/2.1", get(nodeinfo))
}

#[derive(Debug, Deserialize)]
struct WebfingerQuery {
    resource: Option<String>,
}

/// `acct:slug@domain` or the actor's URL → the chapter; `acct:domain@domain` or `/actor` →
/// the application actor.
async fn webfinger(
    State(state): State<AppState>,
    Query(q): Query<WebfingerQuery>,
) -> Result<Response, ApiError> {
    let resource = q.resource.ok_or_else(|| {
        ApiError::BadRequest("the resource parameter is required, like acct:name@domain".into())
    })?;
    let urls = &state.federation.context().urls;
    let domain = urls.domain().to_lowercase();
    let actor = if let Some(acct) = resource
        .strip_prefix("acct:")
        .or_else(|| resource.strip_prefix("@"))
        .or(Some(resource.as_str()))
        .filter(|r| !r.starts_with("http"))
    {
        let (user, host) = acct
            .trim_start_matches('@')
            .rsplit_once('@')
            .ok_or_else(|| {
                ApiError::BadRequest(format!("{resource:?} is not of the form acct:name@domain"))
            })?;
        if host.to_lowercase() != domain {
            return Err(ApiError::NotFound(format!(
                "{host} is not this server ({domain})"
            )));
        }
        if user.eq_ignore_ascii_case(urls.slug()) {
            LocalActor::Chapter
        } else if user.eq_ignore_ascii_case(&domain) {
            LocalActor::Application
        } else {
            return Err(ApiError::NotFound(format!(
                "there is no {user}@{host} here"
            )));
        }
    } else if resource == urls.actor(LocalActor::Chapter).as_str() {
        LocalActor::Chapter
    } else if resource == urls.actor(LocalActor::Application).as_str() {
        LocalActor::Application
    } else {
        return Err(ApiError::NotFound(format!(
            "{resource} is not an actor of this server"
        )));
    };
    let username = match actor {
        LocalActor::Chapter => urls.slug().to_owned(),
        LocalActor::Application => domain.clone(),
    };
    let id = urls.actor(actor).to_string();
    let body = Webfinger {
        subject: format!("acct:{username}@{domain}"),
        aliases: vec![id.clone()],
        links: vec![
            WebfingerLink {
                rel: "self".into(),
                kind: Some(ACTIVITY_JSON.into()),
                href: Some(id),
                template: None,
            },
            WebfingerLink {
                rel: "http://webfinger.net/rel/profile-page".into(),
                kind: Some("text/html".into()),
                href: Some(urls.base().to_string()),
                template: None,
            },
        ],
    };
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/jrd+json"),
        )],
        Json(body),
    )
        .into_response())
}

async fn host_meta(State(state): State<AppState>) -> Response {
    let base = state.federation.context().urls.base();
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n  <Link rel=\"lrdd\" template=\"{base}.well-known/webfinger?resource={{uri}}\"/>\n</XRD>\n"
    );
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/xrd+xml; charset=utf-8"),
        )],
        xml,
    )
        .into_response()
}

async fn nodeinfo_links(State(state): State<AppState>) -> Json<NodeInfoLinks> {
    let urls = &state.federation.context().urls;
    Json(NodeInfoLinks {
        links: vec![
            WebfingerLink {
                rel: "http://nodeinfo.diaspora.software/ns/schema/2.1".into(),
                kind: None,
                href: Some(urls.nodeinfo().to_string()),
                template: None,
            },
            WebfingerLink {
                rel: "https://www.w3.org/ns/activitystreams#Application".into(),
                kind: None,
                href: Some(urls.actor(LocalActor::Application).to_string()),
                template: None,
            },
        ],
    })
}

async fn nodeinfo(State(state): State<AppState>) -> Result<Response, ApiError> {
    let initiatives = db::initiatives::count_own(&state.db).await?;
    let events = db::events::count_own(&state.db).await?;
    let instance = &state.settings.instance;
    let body = NodeInfo {
        version: "2.1",
        software: json!({
            "name": "partage",
            "version": env!("CARGO_PKG_VERSION"),
            "repository": env!("CARGO_PKG_REPOSITORY"),
        }),
        protocols: vec!["activitypub"],
        services: json!({"inbound": [], "outbound": []}),
        open_registrations: false,
        usage: json!({
            "users": {"total": 1, "activeHalfyear": 1, "activeMonth": 1},
            "localPosts": initiatives + events,
        }),
        metadata: json!({
            "nodeName": instance.name,
            "nodeDescription": instance.description,
            "languages": instance.languages,
            "initiatives": initiatives,
            "events": events,
        }),
    };
    let content_type = HeaderValue::from_static(
        "application/json; profile=\"http://nodeinfo.diaspora.software/ns/schema/2.1#\"",
    );
    Ok(([(header::CONTENT_TYPE, content_type)], Json(body)).into_response())
}
