//! Pages for what went wrong: 400 with every problem of the query, 404, 410, and 500 without
//! details (those go to the log).

use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use super::Ui;
use super::layout::{Head, page};
use crate::app::AppState;
use crate::domain::{self, Problems};

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("bad query")]
    BadQuery(Problems),
    #[error("not found")]
    NotFound,
    #[error("gone")]
    Gone,
    #[error("internal error: {0}")]
    Internal(#[source] anyhow::Error),
}

impl From<domain::Error> for WebError {
    fn from(error: domain::Error) -> Self {
        match error {
            domain::Error::BadQuery(p) | domain::Error::Invalid(p) => WebError::BadQuery(p),
            domain::Error::NotFound(_) => WebError::NotFound,
            other => WebError::Internal(other.into()),
        }
    }
}

impl From<sqlx::Error> for WebError {
    fn from(error: sqlx::Error) -> Self {
        WebError::Internal(error.into())
    }
}

/// The response for a page's outcome: the page, or a page that says what went wrong.
pub fn render(state: &AppState, ui: &Ui, outcome: Result<Response, WebError>) -> Response {
    let error = match outcome {
        Ok(response) => return response,
        Err(error) => error,
    };
    let (status, title, body) = match &error {
        WebError::BadQuery(problems) => (
            StatusCode::BAD_REQUEST,
            ui.t("error-bad-query"),
            problem_list(ui, problems),
        ),
        WebError::NotFound => (
            StatusCode::NOT_FOUND,
            ui.t("error-not-found"),
            html! { p { (ui.t("error-not-found-text")) } },
        ),
        WebError::Gone => (
            StatusCode::GONE,
            ui.t("error-gone"),
            html! { p { (ui.t("error-gone-text")) } },
        ),
        WebError::Internal(cause) => {
            tracing::error!(error = ?cause, path = %ui.path, "page failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                ui.t("error-internal"),
                html! { p { (ui.t("error-internal-text")) } },
            )
        }
    };
    let head = Head {
        title: title.to_string(),
        ..Head::default()
    };
    let main = html! {
        h1 { (title) }
        (body)
        p { a href="/" { (ui.t("error-home")) } }
    };
    ui.respond(status, page(state, ui, head, main))
}

/// Every problem of a query, field by field, as an alert.
pub fn problem_list(ui: &Ui, problems: &Problems) -> Markup {
    html! {
        div.problems role="alert" {
            p { strong { (ui.t("error-bad-query-text")) } }
            ul {
                @for problem in problems.iter() {
                    li { code { (problem.field) } " " (problem.message) }
                }
            }
        }
    }
}

/// A page with a title and one sentence.
pub fn message_page(
    state: &AppState,
    ui: &Ui,
    status: StatusCode,
    title: &str,
    text: &str,
) -> Response {
    let head = Head {
        title: title.to_owned(),
        ..Head::default()
    };
    let main = html! {
        h1 { (title) }
        p { (text) }
        p { a href="/" { (ui.t("error-home")) } }
    };
    ui.respond(status, page(state, ui, head, main))
}
