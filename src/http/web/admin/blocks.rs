//! `/admin/blocks`, for admins: blocking a domain (its actors and all they brought are
//! removed, its activities refused) and lifting a block, of a domain or of one actor (blocked
//! from the Reports page).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use super::super::Ui;
use super::form::{Input, other_problems};
use super::session::{AdminForm, AdminOnly, AdminOnlyForm, Signed, csrf_field};
use super::{done, failed, frame, log, problem, refused, when};
use crate::app::AppState;
use crate::db;
use crate::domain::{self, Problems};
use crate::federation::{self, blocks};

pub async fn list(State(state): State<AppState>, ui: Ui, AdminOnly(signed): AdminOnly) -> Response {
    blocks_page(
        &state,
        &ui,
        &signed,
        StatusCode::OK,
        ("", ""),
        &Problems::default(),
    )
    .await
}

async fn blocks_page(
    state: &AppState,
    ui: &Ui,
    signed: &Signed,
    status: StatusCode,
    typed: (&str, &str),
    problems: &Problems,
) -> Response {
    let lists = async {
        Ok::<_, db::DbError>((
            db::blocks::list(&state.db).await?,
            db::blocks::actors(&state.db).await?,
        ))
    };
    let (list, actors) = match lists.await {
        Ok(lists) => lists,
        Err(e) => return failed(state, ui, e),
    };
    let main = html! {
        section {
            h2 { (ui.t("blocks-new")) }
            p { (ui.t("blocks-new-text")) }
            (other_problems(ui, problems, &["domain", "reason"]))
            form method="post" action="/admin/blocks" data-confirm=(ui.t("blocks-confirm")) {
                (csrf_field(signed))
                (Input::new("domain", ui.t("blocks-domain"), typed.0).required().hint(ui.t("blocks-domain-hint")).render(problems))
                (Input::new("reason", ui.t("blocks-reason"), typed.1).hint(ui.t("blocks-reason-hint")).render(problems))
                button.danger type="submit" { (ui.t("blocks-block")) }
            }
        }
        @if !list.is_empty() {
            h2 { (ui.t("admin-blocks")) }
            table.admin-list {
                thead { tr { th { (ui.t("blocks-domain")) } th { (ui.t("blocks-reason")) } th { (ui.t("blocks-since")) } th { span.visually-hidden { (ui.t("table-actions")) } } } }
                tbody { @for b in &list {
                    tr {
                        td { (b.domain) }
                        td { (b.reason) }
                        td { (when(state, b.created_at)) }
                        td {
                            form.inline method="post" action="/admin/blocks/remove" {
                                (csrf_field(signed))
                                input type="hidden" name="domain" value=(b.domain);
                                button type="submit" { (ui.t("blocks-unblock")) }
                            }
                        }
                    }
                } }
            }
        }
        @if !actors.is_empty() {
            h2 { (ui.t("blocks-actors")) }
            table.admin-list {
                thead { tr { th { (ui.t("blocks-actor")) } th { (ui.t("blocks-reason")) } th { (ui.t("blocks-since")) } th { span.visually-hidden { (ui.t("table-actions")) } } } }
                tbody { @for b in &actors {
                    tr {
                        td { (b.actor) }
                        td { (b.reason) }
                        td { (when(state, b.created_at)) }
                        td {
                            form.inline method="post" action="/admin/blocks/remove" {
                                (csrf_field(signed))
                                input type="hidden" name="actor" value=(b.actor);
                                button type="submit" { (ui.t("blocks-unblock")) }
                            }
                        }
                    }
                } }
            }
        }
    };
    ui.respond(
        status,
        frame(state, ui, signed, &ui.t("admin-blocks"), main),
    )
}

pub async fn block(
    State(state): State<AppState>,
    ui: Ui,
    AdminOnlyForm(AdminForm { signed, form }): AdminOnlyForm,
) -> Response {
    let (domain, reason) = (form.get("domain"), form.get("reason"));
    let outcome = if reason.chars().count() > 500 {
        Err(problem("reason", "must be at most 500 characters long"))
    } else {
        match blocks::block(&state.federation, domain, reason).await {
            Ok(removed) => Ok(removed),
            Err(federation::Error::Invalid(why)) => Err(problem("domain", why)),
            Err(e) => return failed(&state, &ui, e),
        }
    };
    match outcome {
        Ok(removed) => {
            let target = format!(
                "{domain} ({} actors, {} deliveries removed)",
                removed.actors, removed.deliveries
            );
            log(&state, &signed, "domain.block", &target).await;
            done("/admin/blocks", "blocked")
        }
        Err(problems) => {
            blocks_page(
                &state,
                &ui,
                &signed,
                StatusCode::UNPROCESSABLE_ENTITY,
                (domain, reason),
                &problems,
            )
            .await
        }
    }
}

pub async fn unblock(
    State(state): State<AppState>,
    ui: Ui,
    AdminOnlyForm(AdminForm { signed, form }): AdminOnlyForm,
) -> Response {
    let actor = form.get("actor");
    if !actor.is_empty() {
        return match blocks::unblock_actor(&state.federation, actor).await {
            Ok(true) => {
                log(&state, &signed, "actor.unblock", actor).await;
                done("/admin/blocks", "unblocked")
            }
            Ok(false) => super::super::not_found(&state, &ui),
            Err(e) => failed(&state, &ui, e),
        };
    }
    let domain = form.get("domain");
    match blocks::unblock(&state.federation, domain).await {
        Ok(true) => {
            log(&state, &signed, "domain.unblock", domain).await;
            done("/admin/blocks", "unblocked")
        }
        Ok(false) => super::super::not_found(&state, &ui),
        Err(federation::Error::Invalid(why)) => {
            refused(&state, &ui, domain::Error::Invalid(problem("domain", why)))
        }
        Err(e) => failed(&state, &ui, e),
    }
}
