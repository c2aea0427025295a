//! `/admin/users` and `/admin/log`, for admins: who may sign in (invite someone, change a
//! role, remove an account) and what everyone did.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use super::super::Ui;
use super::super::components::pagination;
use super::entries;
use super::session::{AdminForm, AdminOnly, AdminOnlyForm, Signed, csrf_field};
use super::{done, failed, frame, log, problem, refused};
use crate::app::AppState;
use crate::db::filters::Total;
use crate::domain::account::{self, Role};
use crate::domain::{self, audit};

pub async fn list(State(state): State<AppState>, ui: Ui, AdminOnly(signed): AdminOnly) -> Response {
    page(&state, &ui, &signed, None).await
}

/// The users page; `invited` is a fresh invitation link to show once.
async fn page(
    state: &AppState,
    ui: &Ui,
    signed: &Signed,
    invited: Option<(String, Role)>,
) -> Response {
    let users = match account::list(&state.db).await {
        Ok(users) => users,
        Err(e) => return failed(state, ui, e),
    };
    let roles = |current: Role| -> Markup {
        html! {
            @for role in [Role::Editor, Role::Admin] {
                option value=(role.as_str()) selected[role == current] { (ui.t(&format!("role-{}", role.as_str()))) }
            }
        }
    };
    let main = html! {
        @if let Some((link, role)) = &invited {
            div.notice role="status" {
                p { (ui.locale.tr("users-invited", &[("role", ui.t(&format!("role-{}", role.as_str())).into_owned().into())])) }
                p { input.copy type="text" readonly value=(link) aria-label=(ui.t("users-invite-link")); }
            }
        }
        section {
            h2 { (ui.t("users-invite")) }
            p { (ui.t("users-invite-text")) }
            form method="post" action="/admin/users/invite" {
                (csrf_field(signed))
                label for="invite-role" { (ui.t("users-role")) } " "
                select #invite-role name="role" { (roles(Role::Editor)) }
                " " button type="submit" { (ui.t("users-invite-submit")) }
            }
            p.small { (ui.t("roles-explained")) }
        }
        h2 { (ui.t("admin-users")) }
        table.admin-list {
            thead { tr { th { (ui.t("form-username")) } th { (ui.t("users-role")) } th { (ui.t("users-since")) } th { span.visually-hidden { (ui.t("table-actions")) } } } }
            tbody { @for (user, since) in &users {
                tr {
                    td { (user.username) @if user.id == signed.user().id { " " span.badge { (ui.t("users-you")) } } }
                    td {
                        form.inline method="post" action={ "/admin/users/" (user.id) } {
                            (csrf_field(signed))
                            select name="role" aria-label=(ui.t("users-role")) { (roles(user.role)) }
                            " " button type="submit" name="action" value="role" { (ui.t("form-save")) }
                        }
                    }
                    td { (since.with_timezone(&state.timezone).format("%Y-%m-%d")) }
                    td {
                        form.inline method="post" action={ "/admin/users/" (user.id) } data-confirm=(ui.t("users-confirm-remove")) {
                            (csrf_field(signed))
                            button.danger type="submit" name="action" value="remove" { (ui.t("users-remove")) }
                        }
                    }
                }
            } }
        }
    };
    ui.respond(
        StatusCode::OK,
        frame(state, ui, signed, &ui.t("admin-users"), main),
    )
}

pub async fn invite(
    State(state): State<AppState>,
    ui: Ui,
    AdminOnlyForm(AdminForm { signed, form }): AdminOnlyForm,
) -> Response {
    let role = match Role::parse(form.get("role")) {
        Ok(role) => role,
        Err(why) => return refused(&state, &ui, domain::Error::Invalid(problem("role", why))),
    };
    match account::invite(&state.db, role, signed.user()).await {
        Ok(secret) => {
            log(&state, &signed, "user.invite", role.as_str()).await;
            let link = state.url(&format!("/admin/invite/{secret}"));
            page(&state, &ui, &signed, Some((link, role))).await
        }
        Err(e) => failed(&state, &ui, e),
    }
}

pub async fn update(
    State(state): State<AppState>,
    ui: Ui,
    Path(id): Path<i64>,
    AdminOnlyForm(AdminForm { signed, form }): AdminOnlyForm,
) -> Response {
    let role = match form.get("action") {
        "remove" => None,
        "role" => match Role::parse(form.get("role")) {
            Ok(role) => Some(role),
            Err(why) => return refused(&state, &ui, domain::Error::Invalid(problem("role", why))),
        },
        other => {
            return refused(
                &state,
                &ui,
                domain::Error::Invalid(problem(
                    "action",
                    format!("{other:?} is neither role nor remove"),
                )),
            );
        }
    };
    match account::set_role(&state.db, id, role).await {
        Ok(user) => {
            let (action, target) = match role {
                Some(role) => ("user.role", format!("{} {}", user.username, role.as_str())),
                None => ("user.remove", user.username.clone()),
            };
            log(&state, &signed, action, &target).await;
            if role.is_none() && user.id == signed.user().id {
                return done("/admin/signin", "removed");
            }
            done(
                "/admin/users",
                if role.is_some() { "role" } else { "removed" },
            )
        }
        Err(e) => refused(&state, &ui, e),
    }
}

pub async fn log_page(
    State(state): State<AppState>,
    ui: Ui,
    AdminOnly(signed): AdminOnly,
) -> Response {
    let page_number = entries::page_number(&ui);
    let per_page = entries::PER_PAGE;
    let rows = match audit::recent(&state.db, per_page + 1, (page_number - 1) * per_page).await {
        Ok(rows) => rows,
        Err(e) => return failed(&state, &ui, e),
    };
    // One row more than a page tells whether there is a next one.
    let fetched = rows.len() as i64;
    let total = Total {
        count: (page_number - 1) * per_page + fetched,
        exact: fetched <= per_page,
    };
    let main = html! {
        table.admin-list {
            thead { tr { th { (ui.t("log-when")) } th { (ui.t("log-who")) } th { (ui.t("log-action")) } th { (ui.t("log-target")) } } }
            tbody { @for r in rows.iter().take(per_page as usize) {
                tr { td { (r.at.with_timezone(&state.timezone).format("%Y-%m-%d %H:%M:%S")) } td { (r.username) } td { code { (r.action) } } td { (r.target) } }
            } }
        }
        (pagination(&ui, page_number, per_page, total))
    };
    ui.respond(
        StatusCode::OK,
        frame(&state, &ui, &signed, &ui.t("admin-log"), main),
    )
}
