//! The home page: the chapter, how to follow it from Mastodon, upcoming events and the newest
//! initiatives.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use super::components::{agenda, category_name, initiative_card};
use super::error::{WebError, render};
use super::layout::{Head, page};
use super::{Ui, jsonld};
use crate::app::AppState;
use crate::db;
use crate::domain::category::CATEGORIES;
use crate::domain::event;
use crate::domain::initiative::Initiative;
use crate::domain::listing::ListParams;
use crate::federation::LocalActor;

pub async fn show(State(state): State<AppState>, ui: Ui) -> Response {
    let outcome = home(&state, &ui).await;
    render(&state, &ui, outcome)
}

async fn home(state: &AppState, ui: &Ui) -> Result<Response, WebError> {
    let urls = &state.federation.context().urls;
    let handle = format!("@{}@{}", urls.slug(), urls.domain());
    let instance = &state.settings.instance;
    let upcoming = ListParams {
        per_page: Some("8".into()),
        ..Default::default()
    };
    let (events, _, _) = event::search(&state.db, &upcoming, crate::domain::now()).await?;
    let mut newest: Vec<Initiative> = db::initiatives::recently_updated(&state.db, 6)
        .await?
        .into_iter()
        .map(Initiative::from_row)
        .collect();
    crate::domain::pictures::load(&state.db, &mut newest).await?;
    let languages: Vec<String> = instance
        .languages
        .iter()
        .map(|l| super::i18n::Locale::find(l).map_or(l.clone(), |x| x.name().into_owned()))
        .collect();
    let main = html! {
        section.hero {
            h1 { (instance.name) }
            p.lead { (instance.description) }
            p.small { (ui.t("home-languages")) " " (languages.join(", ")) }
            // Where people land: the directory's search, by words and category, or near them.
            form.search.home-search method="get" action="/initiatives" role="search" {
                label for="home-q" { (ui.t("home-search")) }
                input #home-q type="search" name="q" placeholder=(ui.t("filter-text-placeholder")) maxlength="200";
                select name="category" aria-label=(ui.t("filter-category")) {
                    option value="" { (ui.t("home-search-any")) }
                    @for c in CATEGORIES { option value=(c.id) { (category_name(ui, c.id)) } }
                }
                input #home-near type="hidden" name="near" value="";
                button type="submit" { (ui.t("filter-text")) }
                button.secondary type="button" data-near-me="home-near" hidden { (ui.t("filter-near-me")) }
            }
        }
        section.follow aria-labelledby="follow-title" {
            h2 #follow-title { (ui.t("home-follow-title")) }
            p { (ui.t("home-follow-text")) }
            p.handle {
                code #handle { (handle) }
                button.secondary type="button" data-copy=(handle) data-copied=(ui.t("home-copied")) hidden { (ui.t("home-copy")) }
            }
            form.inline method="get" action="/follow" {
                label for="instance" { (ui.t("home-follow-instance")) }
                input #instance type="text" name="instance" placeholder="mastodon.social" required maxlength="253";
                button type="submit" { (ui.t("home-follow-button")) }
            }
        }
        div.columns {
            section aria-labelledby="upcoming-title" {
                h2 #upcoming-title { (ui.t("home-upcoming")) }
                @if events.is_empty() {
                    p { (ui.t("events-none")) }
                } @else {
                    (agenda(ui, &state.media, &events))
                }
                p { a href="/events" { (ui.t("home-all-events")) " →" } }
            }
            section aria-labelledby="newest-title" {
                h2 #newest-title { (ui.t("home-newest")) }
                @if newest.is_empty() {
                    p { (ui.t("directory-none")) }
                } @else {
                    ul.cards { @for i in &newest { (initiative_card(state, ui, i, None)) } }
                }
                p { a href="/initiatives" { (ui.t("home-all-initiatives")) " →" } }
            }
        }
    };
    let head = Head {
        title: instance.name.clone(),
        description: instance.description.clone(),
        json_ld: Some(jsonld::chapter(state)),
        activity: Some(urls.actor(LocalActor::Chapter).to_string()),
        ..Head::default()
    };
    Ok(ui.respond(StatusCode::OK, page(state, ui, head, main)))
}
