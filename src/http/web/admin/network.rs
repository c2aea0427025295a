//! Federation controls, for admins: followers (remove one), follows (follow, curate,
//! unfollow), domain blocks, and deliveries (failing hosts, retry now).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use super::super::Ui;
use super::form::{Input, other_problems, select};
use super::session::{AdminForm, AdminOnly, AdminOnlyForm, Signed, csrf_field};
use super::{done, failed, frame, log, refused};
use crate::app::AppState;
use crate::db::{self, follows::Curation};
use crate::domain::{self, Problems};
use crate::federation::{self, blocks, followers, following};
use crate::http::api::follows::CurationInput;
use crate::http::error::ApiError;

fn when(state: &AppState, at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&state.timezone)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

pub async fn followers(
    State(state): State<AppState>,
    ui: Ui,
    AdminOnly(signed): AdminOnly,
) -> Response {
    let list = match followers::list(&state.federation).await {
        Ok(list) => list,
        Err(e) => return failed(&state, &ui, e),
    };
    let main = html! {
        p { (ui.locale.tr("followers-count", &[("count", (list.len() as i64).into())])) }
        @if !list.is_empty() {
            table.admin-list {
                thead { tr { th { (ui.t("followers-actor")) } th { (ui.t("followers-since")) } th {} } }
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

pub async fn remove_follower(
    State(state): State<AppState>,
    ui: Ui,
    AdminOnlyForm(AdminForm { signed, form }): AdminOnlyForm,
) -> Response {
    let actor = form.get("actor");
    match followers::remove(&state.federation, actor).await {
        Ok(true) => {
            log(&state, &signed, "follower.remove", actor).await;
            done("/admin/followers", "removed")
        }
        Ok(false) => super::super::not_found(&state, &ui),
        Err(e) => failed(&state, &ui, e),
    }
}

pub async fn follows(
    State(state): State<AppState>,
    ui: Ui,
    AdminOnly(signed): AdminOnly,
) -> Response {
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
            following::follow_target(&state.federation, target, &curation)
                .await
                .map_err(|e| invalid("target", e))
        }
        Ok(_) => Err(one("target", "is required".into())),
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

pub async fn update_follow(
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
            domain::Error::Invalid(one(
                "action",
                format!("{other:?} is neither unfollow nor policy"),
            )),
        ),
    }
}

pub async fn blocks(
    State(state): State<AppState>,
    ui: Ui,
    AdminOnly(signed): AdminOnly,
) -> Response {
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
    let list = match db::blocks::list(&state.db).await {
        Ok(list) => list,
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
                thead { tr { th { (ui.t("blocks-domain")) } th { (ui.t("blocks-reason")) } th { (ui.t("blocks-since")) } th {} } }
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
        Err(one("reason", "must be at most 500 characters long".into()))
    } else {
        blocks::block(&state.federation, domain, reason)
            .await
            .map_err(|e| invalid("domain", e))
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
    let domain = form.get("domain");
    match blocks::unblock(&state.db, domain).await {
        Ok(true) => {
            log(&state, &signed, "domain.unblock", domain).await;
            done("/admin/blocks", "unblocked")
        }
        Ok(false) => super::super::not_found(&state, &ui),
        Err(federation::Error::Invalid(why)) => {
            refused(&state, &ui, domain::Error::Invalid(one("domain", why)))
        }
        Err(e) => failed(&state, &ui, e),
    }
}

pub async fn deliveries(
    State(state): State<AppState>,
    ui: Ui,
    AdminOnly(signed): AdminOnly,
) -> Response {
    let db = &state.db;
    let loaded = async {
        Ok::<_, sqlx::Error>((
            db::deliveries::counts(db).await?,
            db::deliveries::failed_by_host(db, 100).await?,
            db::deliveries::pending_by_host(db, 100).await?,
            db::deliveries::unavailable_hosts(db).await?,
            db::deliveries::problems(db, 50).await?,
        ))
    };
    let (counts, failed_hosts, pending_hosts, unavailable, problems) = match loaded.await {
        Ok(all) => all,
        Err(e) => return failed(&state, &ui, e),
    };
    let retry = |host: &str| -> Markup {
        html! {
            form.inline method="post" action="/admin/deliveries/retry" {
                (csrf_field(&signed))
                input type="hidden" name="host" value=(host);
                button type="submit" { (ui.t("deliveries-retry")) }
            }
        }
    };
    let main = html! {
        dl.figures { @for (state_name, n) in &counts { div { dt { (ui.t(&format!("delivery-{state_name}"))) } dd { (n) } } } }
        @if !unavailable.is_empty() {
            h2 { (ui.t("deliveries-unavailable")) }
            p { (ui.t("deliveries-unavailable-text")) }
            table.admin-list { tbody { @for h in &unavailable {
                tr { td { (h.host) } td { (ui.locale.tr("deliveries-failures", &[("count", h.failures.into())])) }
                     td { @if let Some(since) = h.unavailable_since { (when(&state, since)) } } td { (retry(&h.host)) } }
            } } }
        }
        @if !failed_hosts.is_empty() {
            h2 { (ui.t("deliveries-failed")) }
            table.admin-list { tbody { @for (host, n) in &failed_hosts {
                tr { td { (host) } td { (n) } td { (retry(host)) } }
            } } }
        }
        @if !pending_hosts.is_empty() {
            h2 { (ui.t("deliveries-pending")) }
            table.admin-list { tbody { @for (host, n) in &pending_hosts {
                tr { td { (host) } td { (n) } td { (retry(host)) } }
            } } }
        }
        @if !problems.is_empty() {
            h2 { (ui.t("deliveries-errors")) }
            table.admin-list {
                thead { tr { th { (ui.t("deliveries-inbox")) } th { (ui.t("deliveries-attempts")) } th { (ui.t("deliveries-error")) } } }
                tbody { @for p in &problems {
                    tr { td { (p.inbox) } td { (p.attempts) } td { (p.last_status.map(|s| s.to_string()).unwrap_or_default()) " " (p.last_error.clone().unwrap_or_default()) } }
                } }
            }
        }
    };
    ui.respond(
        StatusCode::OK,
        frame(&state, &ui, &signed, &ui.t("admin-deliveries"), main),
    )
}

pub async fn retry(
    State(state): State<AppState>,
    ui: Ui,
    AdminOnlyForm(AdminForm { signed, form }): AdminOnlyForm,
) -> Response {
    let host = form.get("host");
    if host.is_empty() {
        return refused(
            &state,
            &ui,
            domain::Error::Invalid(one("host", "is required".into())),
        );
    }
    match db::deliveries::retry_host(&state.db, host, domain::now()).await {
        Ok(n) => {
            state.federation.context().deliveries_queued.notify_one();
            log(
                &state,
                &signed,
                "deliveries.retry",
                &format!("{host} ({n})"),
            )
            .await;
            done("/admin/deliveries", "retried")
        }
        Err(e) => failed(&state, &ui, e),
    }
}

fn one(field: &str, why: String) -> Problems {
    let mut problems = Problems::default();
    problems.add(field, why);
    problems
}

fn invalid(field: &str, error: federation::Error) -> Problems {
    match error {
        federation::Error::Invalid(why) => one(field, why),
        other => one(field, other.to_string()),
    }
}

fn api_problems(error: ApiError) -> Problems {
    match error {
        ApiError::Invalid(problems) => problems,
        other => one("", other.to_string()),
    }
}
