//! Moderating comments: replies from the fediverse waiting for review, shown, or hidden; approve,
//! hide or delete each, approve several at once, block their author or their server, or report
//! one to its server.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{PreEscaped, html};

use super::super::Ui;
use super::super::comments::author;
use super::session::{AdminForm, Signed, csrf_field};
use super::{done, failed, frame, log, refused, when};
use crate::app::AppState;
use crate::domain::audit::Actor;
use crate::domain::comment::{self, Decision};

const STATES: [(&str, &str); 3] = [
    ("pending", "admin-comments-pending"),
    ("approved", "admin-comments-approved"),
    ("hidden", "admin-comments-hidden"),
];

/// `GET /admin/comments?state=pending|approved|hidden`.
pub async fn list(State(state): State<AppState>, ui: Ui, signed: Signed) -> Response {
    let current = ui
        .param("state")
        .filter(|s| STATES.iter().any(|(k, _)| k == s))
        .unwrap_or("pending")
        .to_owned();
    let rows = match comment::in_state(&state.db, &current, 200).await {
        Ok(rows) => rows,
        Err(e) => return failed(&state, &ui, e),
    };
    let main = html! {
        p { (ui.t("admin-comments-intro")) }
        nav.views aria-label=(ui.t("admin-comments")) {
            @for (key, label) in STATES {
                a href={ "/admin/comments?state=" (key) } aria-current=[(key == current).then_some("page")] { (ui.t(label)) }
            }
        }
        @if rows.is_empty() { p { (ui.t("admin-comments-none")) } } @else {
            @if current == "pending" {
                form #bulk method="post" action="/admin/comments/approve" {
                    (csrf_field(&signed))
                    button type="submit" { (ui.t("admin-comments-approve-selected")) }
                }
            }
            @for c in &rows {
                @let (handle, name) = author(c);
                @let kind = if c.entry_kind == "events" { "events" } else { "initiatives" };
                article.review-item {
                    p.small {
                        @if current == "pending" && c.visibility != "private" && c.entry_kind != "chapter" {
                            input type="checkbox" name="ids" value=(c.id) form="bulk" id={ "select-" (c.id) };
                            label for={ "select-" (c.id) } { span.visually-hidden { (ui.t("admin-comments-select")) " " (name) } }
                            " "
                        }
                        strong { (name) } " " (handle) " · " (when(&state, c.published))
                        @if c.visibility == "private" { " · " span.badge.warning { (ui.t("admin-comments-private")) } }
                        " · " (ui.t("admin-comments-on")) " "
                        @if let (Some(slug), Some(entry)) = (&c.entry_slug, &c.entry_name) {
                            a href={ "/" (kind) "/" (slug) } { (entry) }
                        } @else if c.entry_kind == "chapter" {
                            (ui.t("admin-comments-mention"))
                        }
                        " · " a href=(c.url.clone().unwrap_or_else(|| c.ap_id.clone())) rel="nofollow noopener ugc" { (ui.t("comments-original")) }
                    }
                    div.content { (PreEscaped(&c.content)) }
                    form.inline method="post" action={ "/admin/comments/" (c.id) } {
                        (csrf_field(&signed))
                        @if current != "approved" && c.visibility != "private" && c.entry_kind != "chapter" {
                            button name="decision" value="approve" { (ui.t("admin-comments-approve")) }
                        }
                        @if current != "hidden" {
                            button.secondary name="decision" value="hide" { (ui.t("admin-comments-hide")) }
                        }
                        button.secondary name="decision" value="delete" { (ui.t("admin-comments-delete")) }
                        @if signed.is_admin() {
                            button.secondary name="decision" value="block-author" { (ui.t("admin-comments-block-author")) }
                            button.secondary name="decision" value="block-domain" { (ui.t("admin-comments-block-domain")) }
                        }
                    }
                    @if signed.is_admin() {
                        details {
                            summary { (ui.t("admin-comments-report")) }
                            form.inline method="post" action={ "/admin/comments/" (c.id) } {
                                (csrf_field(&signed))
                                label for={ "reason-" (c.id) } { (ui.t("admin-comments-report-reason")) }
                                input id={ "reason-" (c.id) } type="text" name="reason" maxlength="1000" required;
                                button.secondary name="decision" value="report" { (ui.t("admin-comments-report-send")) }
                            }
                        }
                    }
                }
            }
        }
    };
    ui.respond(
        StatusCode::OK,
        frame(&state, &ui, &signed, &ui.t("admin-comments"), main),
    )
}

/// `POST /admin/comments/{id}`: approve, hide, delete, or block its server (admins only; the
/// block removes every comment and reaction from there).
pub async fn decide(
    State(state): State<AppState>,
    ui: Ui,
    Path(id): Path<i64>,
    AdminForm { signed, form }: AdminForm,
) -> Response {
    let decision = match form.get("decision") {
        "approve" => Decision::Approve,
        "hide" => Decision::Hide,
        "delete" => Decision::Delete,
        "block-author" | "block-domain" if signed.is_admin() => {
            let c = match comment::by_id(&state.db, id).await {
                Ok(c) => c,
                Err(e) => return refused(&state, &ui, e),
            };
            let reason = format!("a comment: {}", c.ap_id);
            let fed = &state.federation;
            let (blocked, action) = if form.get("decision") == "block-author" {
                let done =
                    crate::federation::blocks::block_actor(fed, &c.actor_ap_id, &reason).await;
                (done.map(drop), "actor.block")
            } else {
                let done = crate::federation::blocks::block(fed, &c.actor_ap_id, &reason).await;
                (done.map(drop), "domain.block")
            };
            return match blocked {
                Ok(()) => {
                    log(&state, &signed, action, &c.actor_ap_id).await;
                    done("/admin/comments", "blocked")
                }
                Err(e) => failed(&state, &ui, e),
            };
        }
        "report" if signed.is_admin() => {
            let reason = form.get("reason");
            return match crate::federation::conversation::report_to_origin(
                &state.federation,
                id,
                reason,
            )
            .await
            {
                Ok(()) => {
                    log(&state, &signed, "comment.report", &id.to_string()).await;
                    done("/admin/comments", "saved")
                }
                Err(crate::federation::Error::Invalid(why)) => {
                    refused(&state, &ui, crate::domain::Error::Conflict(why))
                }
                Err(e) => failed(&state, &ui, e),
            };
        }
        _ => return refused(&state, &ui, crate::domain::Error::NotFound("decision")),
    };
    match comment::decide(&state.db, Actor::User(signed.user()), id, decision).await {
        Ok(()) => done("/admin/comments", "saved"),
        Err(e) => refused(&state, &ui, e),
    }
}

/// `POST /admin/comments/approve`: approves the selected comments.
pub async fn approve_selected(
    State(state): State<AppState>,
    ui: Ui,
    AdminForm { signed, form }: AdminForm,
) -> Response {
    for id in form
        .all("ids")
        .iter()
        .filter_map(|id| id.parse::<i64>().ok())
    {
        let by = Actor::User(signed.user());
        match comment::decide(&state.db, by, id, Decision::Approve).await {
            Ok(()) | Err(crate::domain::Error::Conflict(_)) => {}
            Err(crate::domain::Error::NotFound(_)) => {}
            Err(e) => return refused(&state, &ui, e),
        }
    }
    done("/admin/comments", "approved")
}
