//! Followed chapters for the hub benchmark: loopback servers that serve what a Partage chapter
//! serves to a hub backfilling it (its `Group` actor with its key, its outbox as an
//! `OrderedCollection` of pages of 20 `Create{Page}`, newest first, each `Page` also at its own
//! id), with entries generated on demand from their number (benches/support/hub/texts.rs).
//! Each is `chapterN.localhost` (which the hub resolves to loopback in debug mode). Deliveries
//! to their inboxes are accepted and dropped; signatures are not checked.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::texts;

/// Entries in a page of an outbox, as Partage serves them.
const PAGE_SIZE: usize = 20;
const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

/// One stub chapter as the hub knows it.
pub struct Chapter {
    pub slug: String,
    pub base: String,
    pub actor: String,
    pub outbox: String,
    pub inbox: String,
    pub shared_inbox: String,
    pub key_id: String,
}

struct Served {
    number: usize,
    slug: String,
    base: String,
    entries: usize,
    public_key_pem: String,
}

/// Starts `count` chapters of `entries` entries each, every one on a port of its own.
pub async fn serve(count: usize, entries: usize, public_key_pem: &str) -> Vec<Chapter> {
    let mut chapters = Vec::with_capacity(count);
    for number in 0..count {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let slug = texts::slug(number);
        let base = format!("http://{slug}.localhost:{port}");
        let served = Arc::new(Served {
            number,
            slug: slug.clone(),
            base: base.clone(),
            entries,
            public_key_pem: public_key_pem.to_owned(),
        });
        let app = Router::new()
            .route("/actors/{slug}", get(actor))
            .route("/actors/{slug}/outbox", get(outbox))
            .route("/ap/initiatives/{id}", get(initiative))
            .route("/actors/{slug}/inbox", post(accepted))
            .route("/inbox", post(accepted))
            .with_state(served);
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let actor = format!("{base}/actors/{slug}");
        chapters.push(Chapter {
            outbox: format!("{actor}/outbox"),
            inbox: format!("{actor}/inbox"),
            shared_inbox: format!("{base}/inbox"),
            key_id: format!("{actor}#main-key"),
            actor,
            slug,
            base,
        });
    }
    chapters
}

fn activity_json(body: &Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/activity+json")],
        body.to_string(),
    )
        .into_response()
}

async fn accepted() -> StatusCode {
    StatusCode::ACCEPTED
}

async fn actor(State(s): State<Arc<Served>>, Path(slug): Path<String>) -> Response {
    if slug != s.slug {
        return StatusCode::NOT_FOUND.into_response();
    }
    let actor = format!("{}/actors/{}", s.base, s.slug);
    let (city, _, _, _) = texts::home(s.number);
    activity_json(&json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": actor,
        "type": "Group",
        "preferredUsername": s.slug,
        "name": format!("Partage {city} #{}", s.number),
        "summary": "<p>A local chapter of the collaborative economy: initiatives and events around us.</p>",
        "url": format!("{}/", s.base),
        "inbox": format!("{actor}/inbox"),
        "outbox": format!("{actor}/outbox"),
        "followers": format!("{actor}/followers"),
        "following": format!("{actor}/following"),
        "endpoints": {"sharedInbox": format!("{}/inbox", s.base)},
        "publicKey": {
            "id": format!("{actor}#main-key"),
            "owner": actor,
            "publicKeyPem": s.public_key_pem,
        },
        "manuallyApprovesFollowers": false,
        "discoverable": true,
        "indexable": true,
        "published": "2026-01-01T00:00:00Z",
    }))
}

#[derive(serde::Deserialize)]
struct PageQuery {
    page: Option<usize>,
}

async fn outbox(
    State(s): State<Arc<Served>>,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    if slug != s.slug {
        return StatusCode::NOT_FOUND.into_response();
    }
    let id = format!("{}/actors/{}/outbox", s.base, s.slug);
    let pages = s.entries.div_ceil(PAGE_SIZE).max(1);
    let Some(page) = q.page else {
        return activity_json(&json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": id,
            "type": "OrderedCollection",
            "totalItems": s.entries,
            "first": format!("{id}?page=1"),
            "last": format!("{id}?page={pages}"),
        }));
    };
    if !(1..=pages).contains(&page) {
        return StatusCode::NOT_FOUND.into_response();
    }
    // Newest first: the page's first item is the entry numbered highest.
    let items: Vec<Value> = ((page - 1) * PAGE_SIZE..(page * PAGE_SIZE).min(s.entries))
        .map(|k| create(&s, s.entries - 1 - k))
        .collect();
    let mut body = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{id}?page={page}"),
        "type": "OrderedCollectionPage",
        "partOf": id,
        "totalItems": s.entries,
        "orderedItems": items,
    });
    if page < pages {
        body["next"] = json!(format!("{id}?page={}", page + 1));
    }
    if page > 1 {
        body["prev"] = json!(format!("{id}?page={}", page - 1));
    }
    activity_json(&body)
}

async fn initiative(State(s): State<Arc<Served>>, Path(id): Path<usize>) -> Response {
    if id >= s.entries {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut page = page_object(&s, id);
    page["@context"] = json!("https://www.w3.org/ns/activitystreams");
    activity_json(&page)
}

/// The `Create` of entry `n`, as the chapter's outbox lists it (without its `@context`).
fn create(s: &Served, n: usize) -> Value {
    let actor = format!("{}/actors/{}", s.base, s.slug);
    let page = page_object(s, n);
    json!({
        "id": format!("{}/ap/activities/{n:016x}", s.base),
        "type": "Create",
        "actor": actor,
        "published": page["published"],
        "object": page,
        "to": [PUBLIC],
        "cc": [format!("{actor}/followers")],
    })
}

/// Entry `n` as the chapter's `Page`: its text in the chapter's language, its place, its
/// categories as ours and as hashtags.
fn page_object(s: &Served, n: usize) -> Value {
    let actor = format!("{}/actors/{}", s.base, s.slug);
    let e = texts::entry(s.number, s.entries, n);
    let url = format!("{}/initiatives/{}", s.base, e.slug);
    let place = format!("{}, {} {}", e.street, e.postal_code, e.locality);
    let facts = format!(
        "<p>{}<br>📍 {place}<br>🕒 {}</p>",
        e.summary, e.opening_hours
    );
    let content = format!(
        "<p><strong>{}</strong></p>{facts}<p>🔗 <a href=\"{url}\">{url}</a></p><p>{}</p>\n",
        e.name, e.description
    );
    let tags: Vec<Value> = e
        .categories
        .iter()
        .chain(&e.tags)
        .map(|t| {
            json!({"type": "Hashtag", "name": format!("#{t}"),
                   "href": format!("{}/initiatives?tag={}", s.base, t.to_lowercase())})
        })
        .collect();
    let lang = e.language;
    json!({
        "id": format!("{}/ap/initiatives/{n}", s.base),
        "type": "Page",
        "nameMap": {lang: e.name},
        "summaryMap": {lang: facts},
        "content": content,
        "contentMap": {lang: content},
        "mediaType": "text/html",
        "source": {"content": e.description, "mediaType": "text/markdown"},
        "description": e.description,
        "url": url,
        "attributedTo": actor,
        "audience": actor,
        "to": [PUBLIC],
        "cc": [format!("{actor}/followers")],
        "published": e.published,
        "tag": tags,
        "attachment": [],
        "location": {
            "type": "Place",
            "name": e.locality,
            "address": {
                "type": "PostalAddress",
                "streetAddress": e.street,
                "postalCode": e.postal_code,
                "addressLocality": e.locality,
                "addressCountry": e.country,
            },
            "latitude": e.latitude,
            "longitude": e.longitude,
        },
        "categories": e.categories,
        "headline": e.summary,
        "openingHours": e.opening_hours,
        "website": format!("https://{}.example/", e.slug),
        "initiativeStatus": "active",
        "languages": [lang],
    })
}
