//! Partage on other websites: widgets made to be framed (the agenda, the directory, the map,
//! one entry's card), the builder that writes their snippets, and oEmbed for pasted links. The
//! `<partage-*>` components are `assets/embed.js`; reads from other origins, `public_reads`.

mod builder;
mod entry;
mod frame;
mod lists;
mod oembed;

use axum::Router;
use axum::routing::get;

use crate::app::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/embed", get(builder::show))
        .route("/embed/agenda", get(lists::agenda_widget))
        .route("/embed/directory", get(lists::directory_widget))
        .route("/embed/map", get(lists::map_widget))
        .route("/embed/events/{slug}", get(entry::event_widget))
        .route("/embed/initiatives/{slug}", get(entry::initiative_widget))
        .route("/oembed", get(oembed::show))
}
