//! `/admin/reports`, for admins and editors: what readers ("Report a problem") and other
//! servers (a `Flag`) say is wrong, open ones first, newest first; each is resolved by removing
//! the entry or the comment, blocking the actor or its server (admins only), or dismissed.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use super::super::Ui;
use super::session::{AdminForm, Signed, csrf_field, forbidden};
use super::{done, failed, frame, problem, refused, when};
use crate::app::AppState;
use crate::db::reports::ReportRow;
use crate::domain::audit::Actor;
use crate::domain::report::{self, Action};
use crate::domain::{self, text};
use crate::federation::reports::resolve;

/// `GET /admin/reports`.
pub async fn list(State(state): State<AppState>, ui: Ui, signed: Signed) -> Response {
    let lists = async {
        let open = report::list(&state.db, &["open"], 200).await?;
        let closed = report::list(&state.db, &["resolved", "dismissed"], 100).await?;
        Ok::<_, domain::Error>((open, closed))
    };
    let (open, closed) = match lists.await {
        Ok(lists) => lists,
        Err(e) => return failed(&state, &ui, e),
    };
    let main = html! {
        p { (ui.t("reports-intro")) }
        h2 { (ui.t("reports-open")) }
        @if open.is_empty() { p { (ui.t("reports-none")) } }
        @for r in &open { (item(&state, &ui, &signed, r)) }
        @if !closed.is_empty() {
            details.closed-reports {
                summary { (ui.locale.tr("reports-closed", &[("count", (closed.len() as i64).into())])) }
                @for r in &closed { (item(&state, &ui, &signed, r)) }
            }
        }
    };
    ui.respond(
        StatusCode::OK,
        frame(&state, &ui, &signed, &ui.t("admin-reports"), main),
    )
}

/// `@user@host` for an actor, or its address.
fn handle(ap_id: &str, username: Option<&str>) -> String {
    let host = url::Url::parse(ap_id)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned));
    match (username, host) {
        (Some(user), Some(host)) => format!("@{user}@{host}"),
        _ => ap_id.to_owned(),
    }
}

fn item(state: &AppState, ui: &Ui, signed: &Signed, r: &ReportRow) -> Markup {
    let open = r.state == "open";
    let objects: Vec<String> = serde_json::from_str(&r.objects).unwrap_or_default();
    let kind = r.entry_kind.as_deref().unwrap_or("initiatives");
    let target = report::reported_actor(r);
    html! {
        article.review-item id={ "report-" (r.id) } {
            p.small {
                strong { (ui.t(&format!("reports-reason-{}", r.reason))) } " · "
                @if let Some(actor) = &r.reporter_ap_id {
                    (ui.t("reports-by-server")) " " a href=(actor) rel="nofollow noopener" { (handle(actor, r.reporter_username.as_deref())) }
                } @else {
                    (ui.t("reports-by-reader"))
                    @if let Some(email) = &r.email { " (" a href={ "mailto:" (email) } { (email) } ")" }
                }
                " · " (when(state, r.created_at))
            }
            @if r.message.is_empty() { p.small { (ui.t("reports-no-message")) } } @else {
                blockquote { @for (i, line) in r.message.lines().enumerate() { @if i > 0 { br; } (line) } }
            }
            p {
                (ui.t("reports-about")) " "
                @if let (Some(slug), Some(name)) = (&r.entry_slug, &r.entry_name) {
                    a href={ "/" (kind) "/" (slug) } { (name) }
                    @if r.entry_origin.is_some() { " " span.badge { (ui.t("reports-mirrored")) } }
                } @else if r.entry_id.is_some() { (ui.t("reports-gone")) } @else { (ui.t("reports-chapter")) }
                @if let (Some(ap_id), Some(author)) = (&r.comment_ap_id, &r.comment_author) {
                    " · " (ui.t("reports-comment-by")) " " (handle(author, r.comment_author_username.as_deref())) ": "
                    a href=(r.comment_url.clone().unwrap_or_else(|| ap_id.clone())) rel="nofollow noopener ugc" {
                        (text::html_to_text(r.comment_content.as_deref().unwrap_or_default()).chars().take(200).collect::<String>())
                    }
                } @else if r.comment_id.is_some() { " · " (ui.t("reports-gone")) }
            }
            @if !objects.is_empty() {
                details { summary { (ui.t("reports-objects")) } ul { @for o in &objects { li { a href=(o) rel="nofollow noopener" { (o) } } } } }
            }
            @if open {
                div.actions {
                    @if r.entry_slug.is_some() {
                        @let key = if r.entry_origin.is_some() { "reports-hide-entry" } else { "reports-remove-entry" };
                        (action(ui, signed, r.id, Action::RemoveEntry, &ui.t(key), Some("reports-confirm-remove")))
                    }
                    @if r.comment_ap_id.is_some() {
                        (action(ui, signed, r.id, Action::RemoveComment, &ui.t("reports-remove-comment"), Some("reports-confirm-remove")))
                    }
                    @if let (Some(actor), true) = (target, signed.is_admin()) {
                        @let who = handle(actor, None);
                        @let server = url::Url::parse(actor).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default();
                        (action(ui, signed, r.id, Action::BlockActor, &ui.locale.tr("reports-block-actor", &[("actor", who.into())]), Some("reports-confirm-block")))
                        (action(ui, signed, r.id, Action::BlockDomain, &ui.locale.tr("reports-block-domain", &[("server", server.into())]), Some("reports-confirm-block")))
                    }
                    (action(ui, signed, r.id, Action::Dismiss, &ui.t("reports-dismiss"), None))
                }
            } @else {
                p.small {
                    strong { (ui.t(&format!("reports-state-{}", r.state))) }
                    @if let Some(at) = r.resolved_at { " · " (when(state, at)) }
                    @if let Some(resolution) = &r.resolution { " · " (resolution) }
                }
            }
        }
    }
}

/// One action's button, in a form of its own (destructive ones ask first).
fn action(
    ui: &Ui,
    signed: &Signed,
    id: i64,
    action: Action,
    label: &str,
    confirm: Option<&str>,
) -> Markup {
    html! {
        form.inline method="post" action={ "/admin/reports/" (id) } data-confirm=[confirm.map(|k| ui.t(k))] {
            (csrf_field(signed))
            input type="hidden" name="action" value=(action.as_str());
            @if action == Action::Dismiss { button.secondary type="submit" { (label) } }
            @else { button.danger type="submit" { (label) } }
        }
    }
}

/// `POST /admin/reports/{id}`: `action` is one of [`Action`]'s; blocks are for admins only.
pub async fn decide(
    State(state): State<AppState>,
    ui: Ui,
    Path(id): Path<i64>,
    AdminForm { signed, form }: AdminForm,
) -> Response {
    let Some(action) = Action::parse(form.get("action")) else {
        let why = "must be remove_entry, remove_comment, block_actor, block_domain or dismiss";
        return refused(&state, &ui, domain::Error::Invalid(problem("action", why)));
    };
    if matches!(action, Action::BlockActor | Action::BlockDomain) && !signed.is_admin() {
        return forbidden(&state, &ui, &ui.t("admin-only"));
    }
    if let Err(e) = resolve(&state.federation, Actor::User(signed.user()), id, action).await {
        return refused(&state, &ui, e);
    }
    state.publish_changes().await;
    let notice = match action {
        Action::RemoveEntry => "deleted",
        Action::RemoveComment => "removed",
        Action::BlockActor | Action::BlockDomain => "blocked",
        Action::Dismiss => "dismissed",
    };
    done("/admin/reports", notice)
}
