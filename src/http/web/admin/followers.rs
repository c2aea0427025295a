//! `/admin/followers`, for admins: who follows the chapter, and removing one (Mastodon's
//! "remove from followers"), which tells it with a Reject of its Follow.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use super::super::Ui;
use super::session::{AdminForm, AdminOnly, AdminOnlyForm, csrf_field};
use super::{done, failed, frame, log, when};
use crate::app::AppState;
use crate::federation::followers as follower;

pub async fn list(State(state): State<AppState>, ui: Ui, AdminOnly(signed): AdminOnly) -> Response {
    let list = match follower::list(&state.federation).await {
        Ok(list) => list,
        Err(e) => return failed(&state, &ui, e),
    };
    let main = html! {
        p { (ui.locale.tr("followers-count", &[("count", (list.len() as i64).into())])) }
        @if !list.is_empty() {
            table.admin-list {
                thead { tr { th { (ui.t("followers-actor")) } th { (ui.t("followers-since")) } th { span.visually-hidden { (ui.t("table-actions")) } } } }
                tbody { @for a in &list {
                    tr {
                        td { a href=(a.ap_id) { (a.name.clone().or(a.username.clone()).unwrap_or_else(|| a.ap_id.clone())) } br; span.small { (a.ap_id) } }
                        td { (when(&state, a.fetched_at)) }
                        td {
                            form.inline method="post" action="/admin/followers/remove" data-confirm=(ui.t("followers-confirm-remove")) {
                                (csrf_field(&signed))
                                input type="hidden" name="actor" value=(a.ap_id);
                                button.danger type="submit" { (ui.t("followers-remove")) }
                            }
                        }
                    }
                } }
            }
        }
    };
    ui.respond(
        StatusCode::OK,
        frame(&state, &ui, &signed, &ui.t("admin-followers"), main),
    )
}

pub async fn remove(
    State(state): State<AppState>,
    ui: Ui,
    AdminOnlyForm(AdminForm { signed, form }): AdminOnlyForm,
) -> Response {
    let actor = form.get("actor");
    match follower::remove(&state.federation, actor).await {
        Ok(true) => {
            log(&state, &signed, "follower.remove", actor).await;
            done("/admin/followers", "removed")
        }
        Ok(false) => super::super::not_found(&state, &ui),
        Err(e) => failed(&state, &ui, e),
    }
}
