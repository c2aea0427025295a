//! `/admin/follows`, for admins: following another chapter, a Mobilizon group or a Gancio
//! instance; choosing what happens to what it publishes; unfollowing.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use super::super::Ui;
use super::form::{Input, other_problems, select};
use super::session::{AdminForm, AdminOnly, AdminOnlyForm, Signed, csrf_field};
use super::{done, failed, frame, log, problem, refused};
use crate::app::AppState;
use crate::db::{self, follows::Curation};
use crate::domain::{self, Problems};
use crate::federation::{self, following};
use crate::http::api::follows::CurationInput;
use crate::http::error::ApiError;

pub async fn list(State(state): State<AppState>, ui: Ui, AdminOnly(signed): AdminOnly) -> Response {
    follows_page(
        &state,
        &ui,
        &signed,
        StatusCode::OK,
        "",
        &Problems::default(),
    )
    .await
}

async fn follows_page(
    state: &AppState,
    ui: &Ui,
    signed: &Signed,
    status: StatusCode,
    target: &str,
    problems: &Problems,
) -> Response {
    let list = match db::follows::list(&state.db).await {
        Ok(list) => list,
        Err(e) => return failed(state, ui, e),
    };
    let policies = vec![
        ("auto".to_owned(), ui.t("policy-auto").into_owned()),
        ("review".to_owned(), ui.t("policy-review").into_owned()),
    ];
    let main = html! {
        section {
            h2 { (ui.t("follows-new")) }
            p { (ui.t("follows-new-text")) }
            (other_problems(ui, problems, &["target", "policy"]))
            form method="post" action="/admin/follows" {
                (csrf_field(signed))
                (Input::new("target", ui.t("follows-target"), target).required().hint(ui.t("follows-target-hint")).render(problems))
                (select("policy", &ui.t("follows-policy"), "auto", &policies, problems))
                button type="submit" { (ui.t("follows-follow")) }
            }
        }
        @if !list.is_empty() {
            h2 { (ui.t("admin-follows")) }
            table.admin-list {
                thead { tr { th { (ui.t("followers-actor")) } th { (ui.t("follows-state")) } th { (ui.t("follows-policy")) } th {} } }
                tbody { @for f in &list {
                    tr {
                        td { a href=(f.actor_ap_id) { (f.actor_name.clone().or(f.actor_username.clone()).unwrap_or_else(|| f.actor_ap_id.clone())) } br; span.small { (f.actor_ap_id) } }
                        td { (ui.t(&format!("follow-state-{}", f.state))) }
                        td {
                            form.inline method="post" action={ "/admin/follows/" (f.id) } {
                                (csrf_field(signed))
                                input type="hidden" name="action" value="policy";
                                select name="policy" aria-label=(ui.t("follows-policy")) {
                                    @for (value, label) in &policies { option value=(value) selected[*value == f.policy] { (label) } }
                                }
                                " " button type="submit" { (ui.t("form-save")) }
                            }
                        }
                        td {
                            form.inline method="post" action={ "/admin/follows/" (f.id) } data-confirm=(ui.t("follows-confirm-unfollow")) {
                                (csrf_field(signed))
                                input type="hidden" name="action" value="unfollow";
                                label.check { input type="checkbox" name="remove" value="1"; " " (ui.t("follows-remove-mirrored")) }
                                " " button.danger type="submit" { (ui.t("follows-unfollow")) }
                            }
                        }
                    }
                } }
            }
        }
    };
    ui.respond(
        status,
        frame(state, ui, signed, &ui.t("admin-follows"), main),
    )
}

pub async fn follow(
    State(state): State<AppState>,
    ui: Ui,
    AdminOnlyForm(AdminForm { signed, form }): AdminOnlyForm,
) -> Response {
    let target = form.get("target");
    let input = CurationInput {
        policy: Some(form.get("policy").to_owned()),
        categories: None,
        bbox: None,
    };
    let outcome = match input.check(Curation {
        policy: "auto".into(),
        ..Default::default()
    }) {
        Ok(curation) if !target.is_empty() => {
            match following::follow_target(&state.federation, target, &curation).await {
                Ok(follow) => Ok(follow),
                Err(federation::Error::Invalid(why)) => Err(problem("target", why)),
                Err(e) => return failed(&state, &ui, e),
            }
        }
        Ok(_) => Err(problem("target", "is required")),
        Err(e) => Err(api_problems(e)),
    };
    match outcome {
        Ok(follow) => {
            log(&state, &signed, "follow", &follow.actor_ap_id).await;
            done("/admin/follows", "followed")
        }
        Err(problems) => {
            follows_page(
                &state,
                &ui,
                &signed,
                StatusCode::UNPROCESSABLE_ENTITY,
                target,
                &problems,
            )
            .await
        }
    }
}

pub async fn update(
    State(state): State<AppState>,
    ui: Ui,
    Path(id): Path<i64>,
    AdminOnlyForm(AdminForm { signed, form }): AdminOnlyForm,
) -> Response {
    let follow = match db::follows::by_id(&state.db, id).await {
        Ok(Some(f)) => f,
        Ok(None) => return super::super::not_found(&state, &ui),
        Err(e) => return failed(&state, &ui, e),
    };
    match form.get("action") {
        "unfollow" => {
            match following::unfollow(&state.federation, &follow, form.get("remove") == "1").await {
                Ok(_) => {
                    log(&state, &signed, "unfollow", &follow.actor_ap_id).await;
                    done("/admin/follows", "unfollowed")
                }
                Err(e) => failed(&state, &ui, e),
            }
        }
        "policy" => {
            let input = CurationInput {
                policy: Some(form.get("policy").to_owned()),
                categories: None,
                bbox: None,
            };
            let saved = match input.check(follow.curation()) {
                Ok(curation) => db::follows::set_curation(&state.db, id, &curation)
                    .await
                    .map_err(|e| failed(&state, &ui, e)),
                Err(e) => {
                    let problems = api_problems(e);
                    return follows_page(
                        &state,
                        &ui,
                        &signed,
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "",
                        &problems,
                    )
                    .await;
                }
            };
            if let Err(response) = saved {
                return response;
            }
            log(
                &state,
                &signed,
                "follow.policy",
                &format!("{} {}", follow.actor_ap_id, form.get("policy")),
            )
            .await;
            done("/admin/follows", "saved")
        }
        other => refused(
            &state,
            &ui,
            domain::Error::Invalid(problem(
                "action",
                format!("{other:?} is neither unfollow nor policy"),
            )),
        ),
    }
}

/// The problems of a curation the API's rules refused.
fn api_problems(error: ApiError) -> Problems {
    match error {
        ApiError::Invalid(problems) => problems,
        other => problem("", other.to_string()),
    }
}
