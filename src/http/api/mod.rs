//! The JSON API under `/api/v1`: reads are public, writes need an admin token.

pub mod categories;
pub mod comments;
pub mod deliveries;
pub mod duplicates;
pub mod events;
pub mod follows;
pub mod initiatives;
pub mod media;
pub mod network;
pub mod pagination;
pub mod reports;
pub mod review;
pub mod subscriptions;

use axum::Json;
use axum::Router;
use axum::routing::get;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::app::AppState;
use crate::domain::origin::Origin;

/// Where a mirrored entry comes from; `null` for the chapter's own.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct OriginView {
    /// The origin chapter's (or group's) name.
    pub name: Option<String>,
    /// Its host.
    pub domain: String,
    /// Its ActivityPub actor.
    pub actor: String,
    /// The entry's page there.
    pub url: Option<String>,
}

impl From<Origin> for OriginView {
    fn from(o: Origin) -> Self {
        OriginView {
            domain: o.domain(),
            name: o.name.or(o.username),
            actor: o.actor,
            url: o.url.or(Some(o.ap_id)),
        }
    }
}

/// The upload route (under the upload limit, `http::upload::routes`).
pub fn upload_routes() -> Router<AppState> {
    Router::new().route("/api/v1/media", axum::routing::post(media::create))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/initiatives",
            get(initiatives::list).post(initiatives::create),
        )
        .route(
            "/api/v1/initiatives/{slug}",
            get(initiatives::show)
                .patch(initiatives::update)
                .delete(initiatives::delete),
        )
        .route("/api/v1/events", get(events::list).post(events::create))
        .route(
            "/api/v1/events/{slug}",
            get(events::show)
                .patch(events::update)
                .delete(events::delete),
        )
        .route(
            "/api/v1/media/{id}",
            get(media::show).patch(media::update).delete(media::delete),
        )
        .route("/api/v1/categories", get(categories::list))
        .route(
            "/api/v1/subscriptions",
            axum::routing::post(subscriptions::create),
        )
        .route("/api/v1/deliveries", get(deliveries::list))
        .route("/api/v1/follows", get(follows::list).post(follows::create))
        .route(
            "/api/v1/follows/{id}",
            axum::routing::patch(follows::update).delete(follows::delete),
        )
        .route(
            "/api/v1/duplicates",
            get(duplicates::list).post(duplicates::decide),
        )
        .route("/api/v1/review", get(review::list))
        .route(
            "/api/v1/review/{kind}/{slug}",
            axum::routing::post(review::decide),
        )
        .route("/api/v1/network", get(network::show))
        .route("/api/v1/{kind}/{slug}/comments", get(comments::of_entry))
        .route("/api/v1/comments", get(comments::list))
        .route(
            "/api/v1/comments/{id}",
            axum::routing::post(comments::decide).delete(comments::delete),
        )
        .route("/api/v1/reports", get(reports::list).post(reports::create))
        .route(
            "/api/v1/reports/{id}/resolve",
            axum::routing::post(reports::resolve_one),
        )
        .route("/api/openapi.json", get(openapi))
}

/// The OpenAPI 3 description of this API, generated from the handlers and types.
#[derive(OpenApi)]
#[openapi(
    info(title = "Partage API", description = "The directory of a Partage chapter: its \
        initiatives and events. Reads are public; writes need `Authorization: Bearer <token>` \
        (`partage admin token create`)."),
    paths(
        initiatives::list, initiatives::show, initiatives::create, initiatives::update,
        initiatives::delete, events::list, events::show, events::create, events::update,
        events::delete, categories::list, deliveries::list, follows::list, follows::create,
        follows::update, follows::delete, review::list, review::decide, network::show,
        media::create, media::show, media::update, media::delete, subscriptions::create,
        comments::of_entry, comments::list, comments::decide, comments::delete,
        reports::create, reports::list, reports::resolve_one, duplicates::list,
        duplicates::decide,
    ),
    modifiers(&BearerToken),
    tags((name = "initiatives"), (name = "events"), (name = "media"), (name = "categories"),
        (name = "federation"), (name = "subscriptions"), (name = "conversations")),
)]
pub struct ApiDoc;

struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
