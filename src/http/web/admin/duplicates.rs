//! `/admin/duplicates`: pairs of initiatives likely the same, each linked as the same (one card
//! with both origins), merged (one of ours into the other; its address redirects) or said
//! different (never proposed again); and the notice that names an entry's likely duplicates on
//! its form and in the review queue.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use super::super::Ui;
use super::super::format;
use super::session::{AdminForm, Signed, csrf_field};
use super::{done, failed, frame, log, refused};
use crate::app::AppState;
use crate::domain::duplicates::{self, Decision, Listed, Pair, Possible};

/// "There is already 'Repair Café Belleville' 40 m away — open it", for each one found.
pub fn notice(ui: &Ui, found: &[Possible]) -> Markup {
    html! {
        @if !found.is_empty() {
            div.notice.warning role="status" {
                ul {
                    @for p in found {
                        li { (line(ui, &p.entry, p.distance_m)) }
                    }
                }
            }
        }
    }
}

/// One entry likely the same as another: its name, how far, where from, a link to it.
fn line(ui: &Ui, e: &Listed, distance_m: Option<f64>) -> Markup {
    let name = ("name", e.name.clone().into());
    let said = match distance_m {
        Some(m) => {
            let far = format::distance(ui.locale, m / 1000.0);
            ui.locale
                .tr("duplicate-near", &[name, ("distance", far.into())])
        }
        None => ui.locale.tr("duplicate-contact", &[name]),
    };
    html! {
        (said)
        @if let Some(o) = &e.origin {
            " (" (ui.locale.tr("duplicate-from", &[("origin", o.name.clone().unwrap_or_else(|| o.domain()).into())])) ")"
        }
        " — " a href={ "/initiatives/" (e.slug) } { (ui.t("duplicate-open")) }
    }
}

pub async fn list(State(state): State<AppState>, ui: Ui, signed: Signed) -> Response {
    let pairs = match duplicates::open(&state.db, 100, 0).await {
        Ok(pairs) => pairs,
        Err(e) => return failed(&state, &ui, e),
    };
    let main = html! {
        p { (ui.t("duplicates-intro")) }
        @if pairs.is_empty() { p { (ui.t("duplicates-none")) } }
        @for pair in &pairs { (item(&ui, &signed, pair)) }
    };
    ui.respond(
        StatusCode::OK,
        frame(&state, &ui, &signed, &ui.t("admin-duplicates"), main),
    )
}

fn item(ui: &Ui, signed: &Signed, p: &Pair) -> Markup {
    let ours = |e: &Listed| e.origin.is_none();
    let merge = |from: &Listed, into: &Listed| {
        let label = ui.locale.tr(
            "duplicates-merge",
            &[
                ("from", from.name.clone().into()),
                ("into", into.name.clone().into()),
            ],
        );
        html! {
            form.inline method="post" action="/admin/duplicates" {
                (csrf_field(signed))
                input type="hidden" name="entry" value=(from.slug);
                input type="hidden" name="other" value=(into.slug);
                button type="submit" name="decision" value="merge" { (label) }
            }
        }
    };
    html! {
        article.review-item {
            h2 { (p.first.name) " · " (p.second.name) }
            ul {
                li { (line(ui, &p.first, None)) }
                li { (line(ui, &p.second, p.distance_m)) }
            }
            form.inline method="post" action="/admin/duplicates" {
                (csrf_field(signed))
                input type="hidden" name="entry" value=(p.first.slug);
                input type="hidden" name="other" value=(p.second.slug);
                @if !(ours(&p.first) && ours(&p.second)) {
                    button type="submit" name="decision" value="same" { (ui.t("duplicates-same")) } " "
                }
                button.secondary type="submit" name="decision" value="different" { (ui.t("duplicates-different")) }
            }
            @if ours(&p.first) { (merge(&p.first, &p.second)) }
            @if ours(&p.second) { (merge(&p.second, &p.first)) }
        }
    }
}

pub async fn decide(
    State(state): State<AppState>,
    ui: Ui,
    AdminForm { signed, form }: AdminForm,
) -> Response {
    let decision = match Decision::parse(form.get("decision")) {
        Ok(d) => d,
        Err(why) => {
            let title = ui.t("form-refused");
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return super::super::error::message_page(&state, &ui, status, &title, &why);
        }
    };
    let (entry, other) = (form.get("entry"), form.get("other"));
    match duplicates::decide(&state.db, entry, other, decision, &state.rules).await {
        Ok(_) => {
            state.publish_changes().await;
            let action = format!("duplicates.{}", form.get("decision"));
            log(&state, &signed, &action, &format!("{entry} {other}")).await;
            let notice = match decision {
                Decision::Same => "linked",
                Decision::Merge => "merged",
                Decision::Different => "distinct",
            };
            done("/admin/duplicates", notice)
        }
        Err(e) => refused(&state, &ui, e),
    }
}
