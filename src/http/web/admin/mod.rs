//! The web admin under `/admin`: sign-in, the directory's content, the review queue, and
//! (admins only) federation controls, accounts and the audit log. Every page is server
//! rendered and works without JavaScript; the map picker and previews add to it.

mod account;
mod blocks;
mod comments;
mod dashboard;
mod deliveries;
mod duplicates;
pub(super) mod entries;
mod event_choices;
mod event_form;
mod events;
mod followers;
mod follows;
pub(super) mod form;
pub(super) mod initiative_form;
mod initiatives;
mod notices;
mod owner_edits;
mod pictures;
mod reports;
mod review;
pub(super) mod session;
mod signin;
mod source_form;
mod sources;
mod users;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::{Markup, html};

use super::Ui;
use super::layout::{Head, page};
use crate::app::AppState;
use crate::domain::audit::{self, Actor};
use crate::domain::{self, Problems};
use session::Signed;

/// The admin's uploads (under the upload limit, `http::upload::routes`).
pub fn upload_routes() -> Router<AppState> {
    Router::new()
        .route("/admin/media", post(pictures::upload))
        .route("/admin/{list}/{slug}/pictures", post(pictures::add))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(dashboard::show))
        .route("/admin/signin", get(signin::form).post(signin::submit))
        .route("/admin/signout", post(signin::signout))
        .route(
            "/admin/invite/{secret}",
            get(signin::invitation).post(signin::accept),
        )
        .route("/admin/account", get(account::show))
        .route("/admin/account/password", post(account::password))
        .route("/admin/account/email", post(notices::save))
        .route(
            "/admin/notices/{secret}/off",
            get(notices::off_page).post(notices::off),
        )
        .route(
            "/admin/account/signout-everywhere",
            post(account::signout_everywhere),
        )
        .route(
            "/admin/initiatives",
            get(initiatives::list).post(initiatives::create),
        )
        .route("/admin/initiatives/new", get(initiatives::new))
        .route(
            "/admin/initiatives/{slug}",
            get(initiatives::edit).post(initiatives::update),
        )
        .route(
            "/admin/initiatives/{slug}/delete",
            post(initiatives::delete),
        )
        .route("/admin/events", get(events::list).post(events::create))
        .route("/admin/events/new", get(events::new))
        .route(
            "/admin/events/{slug}",
            get(events::edit).post(events::update),
        )
        .route("/admin/events/{slug}/delete", post(events::delete))
        .route("/admin/preview", post(form::preview))
        .route("/admin/centre", get(entries::centre))
        .route(
            "/admin/duplicates",
            get(duplicates::list).post(duplicates::decide),
        )
        .route("/admin/review", get(review::show))
        .route("/admin/review/{kind}/{slug}", post(review::decide))
        .route("/admin/owner-edits/{id}", post(owner_edits::decide))
        .route("/admin/stale", get(owner_edits::stale))
        .route("/admin/comments", get(comments::list))
        .route("/admin/comments/approve", post(comments::approve_selected))
        .route("/admin/comments/{id}", post(comments::decide))
        .route("/admin/reports", get(reports::list))
        .route("/admin/reports/{id}", post(reports::decide))
        .route("/admin/followers", get(followers::list))
        .route("/admin/followers/remove", post(followers::remove))
        .route("/admin/follows", get(follows::list).post(follows::follow))
        .route("/admin/follows/{id}", post(follows::update))
        .route("/admin/blocks", get(blocks::list).post(blocks::block))
        .route("/admin/blocks/remove", post(blocks::unblock))
        .route("/admin/sources", get(sources::list).post(sources::create))
        .route("/admin/sources/new", get(sources::new))
        .route(
            "/admin/sources/{id}",
            get(sources::show).post(sources::update),
        )
        .route("/admin/sources/{id}/{action}", post(sources::act))
        .route("/admin/deliveries", get(deliveries::list))
        .route("/admin/deliveries/retry", post(deliveries::retry))
        .route("/admin/users", get(users::list))
        .route("/admin/users/invite", post(users::invite))
        .route("/admin/users/{id}", post(users::update))
        .route("/admin/log", get(users::log_page))
}

/// The admin's menu: address, label key, admins only.
const MENU: &[(&str, &str, bool)] = &[
    ("/admin", "admin-dashboard", false),
    ("/admin/initiatives", "admin-initiatives", false),
    ("/admin/events", "admin-events", false),
    ("/admin/review", "admin-review", false),
    ("/admin/duplicates", "admin-duplicates", false),
    ("/admin/stale", "admin-stale", false),
    ("/admin/comments", "admin-comments", false),
    ("/admin/reports", "admin-reports", false),
    ("/admin/followers", "admin-followers", true),
    ("/admin/follows", "admin-follows", true),
    ("/admin/blocks", "admin-blocks", true),
    ("/admin/sources", "admin-sources", true),
    ("/admin/deliveries", "admin-deliveries", true),
    ("/admin/users", "admin-users", true),
    ("/admin/log", "admin-log", true),
    ("/admin/account", "admin-account", false),
];

/// What a redirect after a change tells the next page (`?notice=`); others are ignored.
const NOTICES: &[&str] = &[
    "saved",
    "created",
    "deleted",
    "approved",
    "rejected",
    "followed",
    "unfollowed",
    "blocked",
    "unblocked",
    "removed",
    "retried",
    "password",
    "signed-out-everywhere",
    "role",
    "series",
    "picture-added",
    "dismissed",
    "linked",
    "merged",
    "distinct",
    "ran",
];

/// An admin page: the menu beside `main`, a notice if one was passed on.
fn frame(state: &AppState, ui: &Ui, signed: &Signed, title: &str, main: Markup) -> Markup {
    framed(state, ui, signed, title, false, main)
}

/// An entry's form: an admin page with the map picker.
fn form_frame(state: &AppState, ui: &Ui, signed: &Signed, title: &str, main: Markup) -> Markup {
    framed(state, ui, signed, title, true, main)
}

fn framed(
    state: &AppState,
    ui: &Ui,
    signed: &Signed,
    title: &str,
    map_picker: bool,
    main: Markup,
) -> Markup {
    let notice = ui.param("notice").filter(|n| NOTICES.contains(n));
    let head = Head {
        title: title.to_owned(),
        admin: true,
        map_picker,
        ..Head::default()
    };
    let body = html! {
        div.admin {
            nav.admin-menu aria-label=(ui.t("admin-menu")) {
                p.small { (ui.t("admin-signed-in-as")) " " strong { (signed.user().username) }
                    " (" (ui.t(&format!("role-{}", signed.user().role.as_str()))) ")" }
                ul {
                    @for (href, key, admin_only) in MENU {
                        @if !admin_only || signed.is_admin() {
                            @let current = ui.path == *href || (*href != "/admin" && ui.path.starts_with(href));
                            li { a href=(href) aria-current=[current.then_some("page")] { (ui.t(key)) } }
                        }
                    }
                }
                form method="post" action="/admin/signout" {
                    (session::csrf_field(signed))
                    button.link type="submit" { (ui.t("admin-signout")) }
                }
            }
            div.admin-main {
                @if let Some(key) = notice {
                    p.notice role="status" { (ui.t(&format!("notice-{key}"))) }
                }
                h1 { (title) }
                (main)
            }
        }
    };
    page(state, ui, head, body)
}

/// 303 to `to` with a notice for the next page.
fn done(to: &str, notice: &str) -> Response {
    let join = if to.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{to}{join}notice={notice}")).into_response()
}

/// Logs an admin action; a failure to log is reported, not hidden.
async fn log(state: &AppState, signed: &Signed, action: &str, target: &str) {
    if let Err(e) = audit::record(&state.db, Actor::User(signed.user()), action, target).await {
        tracing::error!(error = %e, action, target, "Cannot write the audit log");
    }
}

/// The page for an unexpected failure.
fn failed(state: &AppState, ui: &Ui, error: impl Into<anyhow::Error>) -> Response {
    super::error::render(state, ui, Err(super::WebError::Internal(error.into())))
}

/// The response for a domain error outside a form (not found, conflict, database).
fn refused(state: &AppState, ui: &Ui, error: domain::Error) -> Response {
    match error {
        domain::Error::NotFound(_) => super::not_found(state, ui),
        domain::Error::Conflict(why) => {
            let title = ui.t("error-conflict");
            super::error::message_page(state, ui, StatusCode::CONFLICT, &title, &why)
        }
        domain::Error::Invalid(problems) => {
            let main = super::error::problem_list(ui, &problems);
            let head = Head {
                title: ui.t("form-refused").into_owned(),
                ..Head::default()
            };
            ui.respond(
                StatusCode::UNPROCESSABLE_ENTITY,
                page(state, ui, head, main),
            )
        }
        other => super::error::render(state, ui, Err(other.into())),
    }
}

/// One problem, for a form that was refused.
fn problem(field: &str, why: impl Into<String>) -> Problems {
    let mut problems = Problems::default();
    problems.add(field, why);
    problems
}

/// A time in the chapter's zone, for lists.
fn when(state: &AppState, at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&state.timezone)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}
