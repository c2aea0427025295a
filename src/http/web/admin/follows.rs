//! `/admin/follows`, for admins: following another chapter, a Mobilizon group or a Gancio
//! instance; choosing what happens to what it publishes; unfollowing.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use super::super::{Ui, components::category_name};
use super::form::{Input, other_problems, select};
use super::session::{AdminForm, AdminOnly, AdminOnlyForm, FormData, Signed, csrf_field};
use super::{done, failed, frame, log, problem, refused};
use crate::app::AppState;
use crate::db::{self, follows::Curation, follows::FollowRow};
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
                thead { tr { th { (ui.t("followers-actor")) } th { (ui.t("follows-state")) } th { (ui.t("follows-policy")) } th { span.visually-hidden { (ui.t("table-actions")) } } } }
                tbody { @for f in &list {
                    tr {
                        td { a href=(f.actor_ap_id) { (f.actor_name.clone().or(f.actor_username.clone()).unwrap_or_else(|| f.actor_ap_id.clone())) } br; span.small { (f.actor_ap_id) } }
                        td { (ui.t(&format!("follow-state-{}", f.state))) }
                        td { (curation_form(ui, signed, f, &policies)) }
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
        "curation" => {
            let checked = area(&form).and_then(|bbox| {
                let input = CurationInput {
                    policy: Some(form.get("policy").to_owned()),
                    categories: Some(form.all("categories")),
                    bbox: Some(bbox),
                };
                input.check(follow.curation()).map_err(api_problems)
            });
            let curation = match checked {
                Ok(curation) => curation,
                Err(problems) => {
                    let status = StatusCode::UNPROCESSABLE_ENTITY;
                    return follows_page(&state, &ui, &signed, status, "", &problems).await;
                }
            };
            if let Err(e) = db::follows::set_curation(&state.db, id, &curation).await {
                return failed(&state, &ui, e);
            }
            let target = format!("{} {}", follow.actor_ap_id, curation.policy);
            log(&state, &signed, "follow.curation", &target).await;
            done("/admin/follows", "saved")
        }
        other => refused(
            &state,
            &ui,
            domain::Error::Invalid(problem(
                "action",
                format!("{other:?} is neither unfollow nor curation"),
            )),
        ),
    }
}

/// What is mirrored from a follow: the policy, and optional filters by category and by area.
fn curation_form(ui: &Ui, signed: &Signed, f: &FollowRow, policies: &[(String, String)]) -> Markup {
    let curation = f.curation();
    let chosen: Vec<String> = curation
        .categories
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default();
    let bbox = curation.bbox.map(|b| b.map(|v| v.to_string()));
    let corner = |i: usize| bbox.as_ref().map_or(String::new(), |b| b[i].clone());
    html! {
        form method="post" action={ "/admin/follows/" (f.id) } {
            (csrf_field(signed))
            input type="hidden" name="action" value="curation";
            select name="policy" aria-label=(ui.t("follows-policy")) {
                @for (value, label) in policies { option value=(value) selected[*value == f.policy] { (label) } }
            }
            details open[!chosen.is_empty() || bbox.is_some()] {
                summary { (ui.t("follows-filters")) }
                p.small { (ui.t("follows-filters-text")) }
                @for category in crate::domain::category::CATEGORIES {
                    label.check {
                        input type="checkbox" name="categories" value=(category.id) checked[chosen.iter().any(|c| c == category.id)];
                        " " (category_name(ui, category.id))
                    } " "
                }
                p.small { (ui.t("follows-area")) }
                @for (i, name) in ["south", "west", "north", "east"].iter().enumerate() {
                    label.check { (ui.t(&format!("follows-{name}"))) " "
                        input type="number" step="any" name=(name) value=(corner(i)) size="8"; } " "
                }
            }
            button type="submit" { (ui.t("form-save")) }
        }
    }
}

/// The area of a curation form: four numbers, none (no filter), or a problem.
fn area(form: &FormData) -> Result<Vec<f64>, Problems> {
    let corners: Vec<&str> = ["south", "west", "north", "east"]
        .iter()
        .map(|n| form.get(n))
        .collect();
    if corners.iter().all(|c| c.is_empty()) {
        return Ok(Vec::new());
    }
    corners
        .iter()
        .map(|c| {
            c.replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
        })
        .collect::<Option<Vec<f64>>>()
        .ok_or_else(|| {
            problem(
                "bbox",
                "give the four limits of the area in degrees, or none",
            )
        })
}

/// The problems of a curation the API's rules refused.
fn api_problems(error: ApiError) -> Problems {
    match error {
        ApiError::Invalid(problems) => problems,
        other => problem("", other.to_string()),
    }
}
