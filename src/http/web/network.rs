//! The network: the chapters this one follows (and mirrors) and those that follow it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use fluent_bundle::FluentValue;
use maud::{Markup, html};

use super::Ui;
use super::error::{WebError, render};
use super::layout::{Head, page};
use crate::app::AppState;
use crate::http::api::network::{self, Peer};

pub async fn show(State(state): State<AppState>, ui: Ui) -> Response {
    let outcome = network_page(&state, &ui).await;
    render(&state, &ui, outcome)
}

async fn network_page(state: &AppState, ui: &Ui) -> Result<Response, WebError> {
    let network = network::load(state).await?;
    let main = html! {
        h1 { (ui.t("network-title")) }
        p.lead { (ui.t("network-intro")) }
        section aria-labelledby="following-title" {
            h2 #following-title { (ui.t("network-following")) }
            (peers(ui, &network.following, true))
        }
        section aria-labelledby="followers-title" {
            h2 #followers-title { (ui.t("network-followers")) }
            (peers(ui, &network.followers, false))
        }
    };
    let head = Head {
        title: ui.t("network-title").into_owned(),
        description: ui.t("network-intro").into_owned(),
        ..Head::default()
    };
    Ok(ui.respond(StatusCode::OK, page(state, ui, head, main)))
}

fn peers(ui: &Ui, list: &[Peer], following: bool) -> Markup {
    html! {
        @if list.is_empty() {
            p { (ui.t("network-none")) }
        } @else {
            ul.cards {
                @for peer in list {
                    li.card {
                        h3 { a href=(peer.actor) rel="nofollow noopener" { (peer.name.clone().unwrap_or_else(|| peer.domain.clone())) } }
                        p.meta {
                            @if let Some(username) = &peer.username { code { "@" (username) "@" (peer.domain) } }
                            @if following {
                                " · " (ui.locale.tr("network-counts", &[
                                    ("initiatives", FluentValue::from(peer.initiatives)),
                                    ("events", FluentValue::from(peer.events)),
                                ]))
                                " · " a href={ "/initiatives?origin=" (peer.domain) } { (ui.t("network-browse")) }
                            }
                            @if peer.state.as_deref() == Some("pending") { " · " (ui.t("network-pending")) }
                        }
                    }
                }
            }
        }
    }
}
