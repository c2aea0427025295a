//! "Follow from your server": sends the reader to their own instance's follow dialog
//! (Mastodon's `authorize_interaction`) for this chapter's handle.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::Ui;
use super::error::{WebError, render};
use crate::app::AppState;
use crate::domain::Problems;

#[derive(Deserialize)]
pub struct FollowQuery {
    instance: Option<String>,
}

pub async fn redirect(
    State(state): State<AppState>,
    ui: Ui,
    query: Result<Query<FollowQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let typed = query.ok().and_then(|q| q.0.instance).unwrap_or_default();
    // People type `@me@mastodon.social`, `mastodon.social` or `https://mastodon.social/`.
    let host = typed
        .trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .rsplit('@')
        .next()
        .unwrap_or("")
        .trim_end_matches('/')
        .to_lowercase();
    let valid = !host.is_empty()
        && host.len() <= 253
        && url::Url::parse(&format!("https://{host}/"))
            .is_ok_and(|u| u.host_str() == Some(host.as_str()) && u.path() == "/");
    if !valid {
        let mut problems = Problems::default();
        problems.add(
            "instance",
            "must be the address of your server, like mastodon.social",
        );
        return render(&state, &ui, Err(WebError::BadQuery(problems)));
    }
    let urls = &state.federation.context().urls;
    let handle = format!("{}@{}", urls.slug(), urls.domain());
    let target = format!(
        "https://{host}/authorize_interaction?uri={}",
        super::components::urlencode(&handle)
    );
    Redirect::to(&target).into_response()
}
