//! "Report a problem" with a published entry (`/initiatives/{slug}/report`,
//! `/events/{slug}/report`): a reason, an optional message and address, then a thank-you page.
//! The report waits on the admins' Reports page. Against spam: a honeypot field and at most ten
//! reports an hour from one address.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

use super::Ui;
use super::admin::form::{Input, other_problems};
use super::admin::session::{FormData, PublicForm};
use super::layout::{Head, page};
use crate::app::AppState;
use crate::db::origin::Entries;
use crate::domain::report::{self, READER_REASONS, ReportInput, Reported};
use crate::domain::{self, Problems};
use crate::http::extract::ClientIp;
use crate::http::throttle::client_key;

/// The hidden field only robots fill in.
const HONEYPOT: &str = "homepage";

pub async fn initiative_form(state: State<AppState>, ui: Ui, Path(slug): Path<String>) -> Response {
    show(state, ui, Entries::Initiatives, slug).await
}

pub async fn event_form(state: State<AppState>, ui: Ui, Path(slug): Path<String>) -> Response {
    show(state, ui, Entries::Events, slug).await
}

pub async fn initiative_send(
    state: State<AppState>,
    ui: Ui,
    Path(slug): Path<String>,
    ip: ClientIp,
    form: PublicForm,
) -> Response {
    send(state, ui, Entries::Initiatives, slug, ip, form).await
}

pub async fn event_send(
    state: State<AppState>,
    ui: Ui,
    Path(slug): Path<String>,
    ip: ClientIp,
    form: PublicForm,
) -> Response {
    send(state, ui, Entries::Events, slug, ip, form).await
}

/// The entry's page, seen from its report page.
fn entry_path(entry: &Reported) -> String {
    format!("/{}/{}", entry.entries.table(), entry.slug)
}

async fn show(State(state): State<AppState>, ui: Ui, entries: Entries, slug: String) -> Response {
    let entry = match report::reported(&state.db, entries, &slug).await {
        Ok(entry) => entry,
        Err(e) => return super::error::render(&state, &ui, Err(e.into())),
    };
    if ui.param("sent").is_some() {
        let back = ui
            .locale
            .tr("report-back", &[("name", entry.name.clone().into())]);
        let main = html! {
            h1 { (ui.t("report-thanks-title")) }
            p { (ui.t("report-thanks")) }
            p { a href=(entry_path(&entry)) { (back) } }
        };
        let head = Head {
            title: ui.t("report-thanks-title").into_owned(),
            ..Head::default()
        };
        return ui.respond(StatusCode::OK, page(&state, &ui, head, main));
    }
    let empty = (FormData::default(), Problems::default());
    form_page(
        &state,
        &ui,
        StatusCode::OK,
        &entry,
        &empty.0,
        &empty.1,
        None,
    )
}

async fn send(
    State(state): State<AppState>,
    ui: Ui,
    entries: Entries,
    slug: String,
    ClientIp(ip): ClientIp,
    PublicForm(form): PublicForm,
) -> Response {
    let entry = match report::reported(&state.db, entries, &slug).await {
        Ok(entry) => entry,
        Err(e) => return super::error::render(&state, &ui, Err(e.into())),
    };
    let ip = client_key(ip);
    if let Err(wait) = state.throttles.report.take(&ip) {
        let minutes = crate::http::throttle::minutes(wait).to_string();
        let why = ui
            .locale
            .tr("report-too-many", &[("minutes", minutes.into())]);
        let status = StatusCode::TOO_MANY_REQUESTS;
        return form_page(
            &state,
            &ui,
            status,
            &entry,
            &form,
            &Problems::default(),
            Some(why),
        );
    }
    let sent = format!("{}/report?sent=1", entry_path(&entry));
    if !form.get(HONEYPOT).is_empty() {
        tracing::info!(ip, "Dropped a report that filled the honeypot");
        return Redirect::to(&sent).into_response();
    }
    let optional = |name: &str| Some(form.get(name).to_owned()).filter(|v| !v.is_empty());
    let input = ReportInput {
        kind: entries.table().to_owned(),
        slug: entry.slug.clone(),
        reason: form.get("reason").to_owned(),
        message: optional("message"),
        email: optional("email"),
    };
    match report::submit(&state.db, input).await {
        Ok(_) => Redirect::to(&sent).into_response(),
        Err(domain::Error::Invalid(problems)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            form_page(&state, &ui, status, &entry, &form, &problems, None)
        }
        Err(e) => super::error::render(&state, &ui, Err(e.into())),
    }
}

fn form_page(
    state: &AppState,
    ui: &Ui,
    status: StatusCode,
    entry: &Reported,
    v: &FormData,
    problems: &Problems,
    refusal: Option<String>,
) -> Response {
    let title = ui
        .locale
        .tr("report-title", &[("name", entry.name.clone().into())]);
    let reason_errors: Vec<&str> = problems
        .iter()
        .filter(|p| p.field == "reason")
        .map(|p| p.message.as_str())
        .collect();
    let reason_error = (!reason_errors.is_empty()).then(|| "f-reason-error".to_owned());
    let action = format!("{}/report", entry_path(entry));
    let main = html! {
        h1 { (title) }
        p.lead { (ui.t("report-intro")) }
        @if let Some(why) = refusal { p.problems role="alert" { (why) } }
        (other_problems(ui, problems, &["reason", "message", "email"]))
        form.entry method="post" action=(action) {
            div.hp aria-hidden="true" {
                label for="f-homepage" { (ui.t("suggest-honeypot")) }
                input #f-homepage type="text" name=(HONEYPOT) tabindex="-1" autocomplete="off";
            }
            fieldset.field.invalid[reason_error.is_some()] aria-describedby=[reason_error.as_deref()] {
                legend.required { (ui.t("report-reason")) }
                @for reason in READER_REASONS {
                    label.check {
                        input type="radio" name="reason" value=(reason) required checked[v.get("reason") == reason];
                        " " (ui.t(&format!("report-reason-{reason}")))
                    }
                }
                @if let Some(id) = &reason_error { p.error id=(id) { (reason_errors.join("; ")) } }
            }
            (Input::new("message", ui.t("report-message"), v.get("message")).kind("textarea").hint(ui.t("report-message-hint")).render(problems))
            (Input::new("email", ui.t("report-email"), v.get("email")).kind("email").hint(ui.t("report-email-hint")).render(problems))
            button type="submit" { (ui.t("report-submit")) }
        }
        p.small { a href=(entry_path(entry)) { (ui.locale.tr("report-back", &[("name", entry.name.clone().into())])) } }
    };
    let head = Head {
        title: title.clone(),
        description: ui.t("report-intro").into_owned(),
        ..Head::default()
    };
    ui.respond(status, page(state, ui, head, main))
}
