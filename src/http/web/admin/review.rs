//! `/admin/review`: what waits for a decision — public suggestions and entries from `review`
//! follows — each shown in full, with approve and reject buttons.

use crate::http::web::pictures::gallery;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, PreEscaped, html};

use super::super::components::category_name;
use super::super::{Ui, format};
use super::session::{AdminForm, Signed, csrf_field};
use super::{done, failed, frame, log, refused};
use crate::app::AppState;
use crate::db::origin::Entries;
use crate::domain::duplicates;
use crate::domain::origin::Origin;
use crate::domain::review::{self, Decision, Outcome};

pub async fn show(State(state): State<AppState>, ui: Ui, signed: Signed) -> Response {
    let (initiatives, events) = match review::queue(&state.db, 100).await {
        Ok(queue) => queue,
        Err(e) => return failed(&state, &ui, e),
    };
    // A suggestion likely the same as an entry is marked so.
    let mut found = Vec::with_capacity(initiatives.len());
    for i in &initiatives {
        match duplicates::open_for(&state.db, i.id).await {
            Ok(list) => found.push(list),
            Err(e) => return failed(&state, &ui, e),
        }
    }
    let owners = match super::owner_edits::section(&state, &ui, &signed).await {
        Ok(section) => section,
        Err(e) => return failed(&state, &ui, e),
    };
    let main = html! {
        @if initiatives.is_empty() && events.is_empty() && owners.0.is_empty() { p { (ui.t("review-empty")) } }
        (owners)
        @if !initiatives.is_empty() {
            h2 { (ui.t("admin-initiatives")) }
            @for (i, same) in initiatives.iter().zip(&found) {
                @let place = i.data.location.as_ref().map(|l| l.one_line()).unwrap_or_default();
                (item(&ui, &signed, "initiatives", &i.slug, &i.data.name, &i.origin, html! {
                    (super::duplicates::notice(&ui, same))
                    @if !i.data.summary.is_empty() { p.lead { (i.data.summary) } }
                    (gallery(&state.media, &i.pictures))
                    div.description { (PreEscaped(&i.description_html)) }
                    p.small {
                        @for c in &i.data.categories { (category_name(&ui, c)) " · " }
                        (place)
                        @if let Some(w) = &i.data.website { " · " (w) }
                        @if let Some(e) = &i.data.email { " · " (e) }
                    }
                }))
            }
        }
        @if !events.is_empty() {
            h2 { (ui.t("admin-events")) }
            @for e in &events {
                @let place = e.data.location.as_ref().map(|l| l.one_line()).unwrap_or_default();
                (item(&ui, &signed, "events", &e.slug, &e.data.name, &e.origin, html! {
                    p.lead { (format::event_span(ui.locale, e.data.starts_at, e.data.ends_at, e.data.timezone)) }
                    (gallery(&state.media, &e.pictures))
                    div.description { (PreEscaped(&e.description_html)) }
                    p.small { (place) @if let Some(u) = &e.data.online_url { " · " (u) } }
                }))
            }
        }
    };
    ui.respond(
        StatusCode::OK,
        frame(&state, &ui, &signed, &ui.t("admin-review"), main),
    )
}

fn item(
    ui: &Ui,
    signed: &Signed,
    kind: &str,
    slug: &str,
    name: &str,
    origin: &Option<Origin>,
    body: Markup,
) -> Markup {
    html! {
        article.review-item {
            h3 { (name) }
            p.small {
                @match origin {
                    Some(o) => { (ui.t("review-from")) " " a href=(o.url.clone().unwrap_or_else(|| o.ap_id.clone())) { (o.domain()) } }
                    None => { (ui.t("review-suggestion")) }
                }
            }
            (body)
            form.inline method="post" action={ "/admin/review/" (kind) "/" (slug) } {
                (csrf_field(signed))
                button type="submit" name="decision" value="approve" { (ui.t("review-approve")) } " "
                button.danger type="submit" name="decision" value="reject" { (ui.t("review-reject")) }
            }
        }
    }
}

pub async fn decide(
    State(state): State<AppState>,
    ui: Ui,
    Path((kind, slug)): Path<(String, String)>,
    AdminForm { signed, form }: AdminForm,
) -> Response {
    let entries = match kind.as_str() {
        "initiatives" => Entries::Initiatives,
        "events" => Entries::Events,
        _ => return super::super::not_found(&state, &ui),
    };
    let decision = match Decision::parse(form.get("decision")) {
        Ok(d) => d,
        Err(why) => {
            let title = ui.t("form-refused");
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return super::super::error::message_page(&state, &ui, status, &title, &why);
        }
    };
    match review::decide(&state.db, entries, &slug, decision).await {
        Ok(outcome) => {
            state.publish_changes().await;
            let action = if decision == Decision::Approve {
                "review.approve"
            } else {
                "review.reject"
            };
            log(&state, &signed, action, &format!("{kind}/{slug}")).await;
            let notice = if outcome == Outcome::Published {
                "approved"
            } else {
                "rejected"
            };
            done("/admin/review", notice)
        }
        Err(e) => refused(&state, &ui, e),
    }
}
