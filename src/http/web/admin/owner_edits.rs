//! What owners and contacts did through their links, for admins: changes proposed, waiting in
//! the review queue (apply or discard), and the list of initiatives asked "still active?".

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use serde_json::Value;

use super::super::Ui;
use super::session::{AdminForm, Signed, csrf_field};
use super::{done, failed, frame, log, refused, when};
use crate::app::AppState;
use crate::domain::owner;

/// The review queue's section: each change beside what it replaces.
pub async fn section(
    state: &AppState,
    ui: &Ui,
    signed: &Signed,
) -> Result<Markup, crate::domain::Error> {
    let pending = owner::pending(&state.db).await?;
    Ok(html! {
        @if !pending.is_empty() {
            h2 { (ui.t("review-owner-edits")) }
            @for (edit, entry) in &pending {
                @let patch: Value = serde_json::from_str(&edit.patch).unwrap_or_default();
                @let current = serde_json::to_value(super::initiative_form::values(&entry.data, &[]).0).unwrap_or_default();
                article.review-item {
                    h3 { a href={ "/initiatives/" (entry.slug) } { (entry.data.name) } }
                    p.small { (when(state, edit.created_at)) }
                    table {
                        @for (field, value) in changes(&patch, &current) {
                            tr { th scope="row" { code { (field) } } td { (value) } }
                        }
                    }
                    form.inline method="post" action={ "/admin/owner-edits/" (edit.id) } {
                        (csrf_field(signed))
                        button name="decision" value="apply" { (ui.t("review-apply")) }
                        " "
                        button.secondary name="decision" value="discard" { (ui.t("review-discard")) }
                    }
                }
            }
        }
    })
}

/// The fields a patch changes, as text: (field, new value).
fn changes(patch: &Value, current: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let walk = |prefix: &str,
                object: &serde_json::Map<String, Value>,
                found: &mut Vec<(String, String)>| {
        for (key, value) in object {
            let name = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            let text = match value {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                Value::Array(items) => items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
                Value::Object(_) => continue,
                other => other.to_string(),
            };
            let before = current
                .as_array()
                .and_then(|pairs| pairs.iter().find(|p| p[0] == name.as_str()))
                .and_then(|p| p[1].as_str())
                .unwrap_or_default();
            if before != text && !(value.is_array() && text.is_empty() && before.is_empty()) {
                found.push((name, text));
            }
        }
    };
    if let Some(root) = patch.as_object() {
        walk("", root, &mut found);
        for (key, value) in root {
            if let Some(inner) = value.as_object() {
                walk(key, inner, &mut found);
            }
        }
    }
    found
}

/// `POST /admin/owner-edits/{id}`: apply or discard.
pub async fn decide(
    State(state): State<AppState>,
    ui: Ui,
    Path(id): Path<i64>,
    AdminForm { signed, form }: AdminForm,
) -> Response {
    let apply = form.get("decision") == "apply";
    match owner::decide(&state.db, id, apply, &state.rules).await {
        Ok(slug) => {
            if apply {
                state.publish_changes().await;
            }
            let action = if apply {
                "owner-edit.apply"
            } else {
                "owner-edit.discard"
            };
            log(&state, &signed, action, &slug).await;
            done("/admin/review", if apply { "approved" } else { "rejected" })
        }
        Err(e) => refused(&state, &ui, e),
    }
}

/// `GET /admin/stale`: initiatives asked whether they are still active, and the unconfirmed.
pub async fn stale(State(state): State<AppState>, ui: Ui, signed: Signed) -> Response {
    let rows = match crate::db::freshness::waiting(&state.db, 500).await {
        Ok(rows) => rows,
        Err(e) => return failed(&state, &ui, e),
    };
    let main = html! {
        p { (ui.t("stale-intro")) }
        @if rows.is_empty() { p { (ui.t("stale-none")) } } @else {
            table {
                thead { tr {
                    th scope="col" { (ui.t("form-name")) }
                    th scope="col" { (ui.t("stale-reminders")) }
                    th scope="col" { (ui.t("stale-unconfirmed-since")) }
                } }
                tbody { @for r in &rows { tr {
                    td { a href={ "/admin/initiatives/" (r.slug) } { (r.name) } }
                    td { (r.reminders) @if let Some(at) = r.reminded_at { " (" (when(&state, at)) ")" } }
                    td { @if let Some(at) = r.unconfirmed_since { (when(&state, at)) } }
                } } }
            }
        }
    };
    ui.respond(
        StatusCode::OK,
        frame(&state, &ui, &signed, &ui.t("admin-stale"), main),
    )
}
