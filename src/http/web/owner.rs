//! Owners and contacts of an initiative, through links sent to its address: "Is this yours? Fix
//! it" (ask for the link, then its edit form), and the answers to "Is it still active?".

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

use super::Ui;
use super::admin::entries::{self, LOCATION};
use super::admin::form::{self, Input, Kind, other_problems, select};
use super::admin::initiative_form::values;
use super::admin::session::{FormData, PublicForm};
use super::error::message_page;
use super::layout::{Head, page};
use super::subscribe::{link_problem, too_many};
use crate::app::AppState;
use crate::config::OwnerEdits;
use crate::domain::freshness::{self, Answer};
use crate::domain::initiative::{self, Initiative};
use crate::domain::owner::{self, Outcome};
use crate::domain::{self, Problems};
use crate::http::extract::ClientIp;
use crate::http::throttle::client_key;

/// What an owner may change (not the slug, the pictures nor the languages).
const FIELDS: &[(&str, Kind)] = &[
    ("name", Kind::Plain),
    ("summary", Kind::Plain),
    ("description", Kind::Plain),
    ("categories", Kind::Checks),
    ("website", Kind::Text),
    ("email", Kind::Text),
    ("phone", Kind::Text),
    ("opening_hours", Kind::Text),
    ("status", Kind::Text),
];

/// `GET /initiatives/{slug}/owner`: the address to send the link to.
pub async fn ask(State(state): State<AppState>, ui: Ui, Path(slug): Path<String>) -> Response {
    let entry = match initiative::get_published(&state.db, &slug).await {
        Ok(entry) if entry.origin.is_none() => entry,
        Ok(_) => return super::not_found(&state, &ui),
        Err(e) => return super::error::render(&state, &ui, Err(e.into())),
    };
    let title = ui
        .locale
        .tr("owner-title", &[("name", entry.data.name.as_str().into())]);
    let sent = ui.param("sent").is_some();
    let main = html! {
        h1 { (title) }
        @if sent { p.notice role="status" { (ui.t("owner-sent")) } }
        p { (ui.t("owner-intro")) }
        form method="post" action={ "/initiatives/" (slug) "/owner" } {
            div.field {
                label for="owner-email" { (ui.t("owner-email")) }
                input #owner-email type="email" name="email" required autocomplete="email" maxlength="254";
            }
            button type="submit" { (ui.t("owner-send")) }
        }
    };
    let head = Head {
        title,
        ..Head::default()
    };
    ui.respond(StatusCode::OK, page(&state, &ui, head, main))
}

/// `POST /initiatives/{slug}/owner`: the same answer whether the address is the contact or not.
pub async fn send(
    State(state): State<AppState>,
    ui: Ui,
    ClientIp(ip): ClientIp,
    Path(slug): Path<String>,
    PublicForm(form): PublicForm,
) -> Response {
    let ip = client_key(ip);
    if let Err(wait) = state.throttles.subscribe.take(&ip) {
        return too_many(&state, &ui, &ui.t("owner-send"), wait);
    }
    match owner::request_link(&state.db, &slug, form.get("email"), ui.locale.tag).await {
        Ok(()) => {
            state.mailer.wake();
            Redirect::to(&format!("/initiatives/{slug}/owner?sent=1")).into_response()
        }
        Err(e) => super::error::render(&state, &ui, Err(e.into())),
    }
}

/// `GET /owner/{secret}`: the entry's form.
pub async fn edit(State(state): State<AppState>, ui: Ui, Path(secret): Path<String>) -> Response {
    match owner::owned(&state.db, &secret).await {
        Ok(Ok(entry)) => {
            let v = values(&entry.data, &[]);
            form_page(
                &state,
                &ui,
                StatusCode::OK,
                &secret,
                &entry,
                &v,
                &Problems::default(),
            )
        }
        Ok(Err(problem)) => link_problem(&state, &ui, problem),
        Err(e) => super::error::render(&state, &ui, Err(e.into())),
    }
}

/// `POST /owner/{secret}`: the changes, published or waiting for an admin.
pub async fn save(
    State(state): State<AppState>,
    ui: Ui,
    Path(secret): Path<String>,
    PublicForm(form): PublicForm,
) -> Response {
    let fields: Vec<_> = FIELDS.iter().chain(LOCATION).copied().collect();
    let patch = form::read_json(&form, &fields, true);
    let publish = state.settings.freshness.owner_edits == OwnerEdits::Publish;
    match owner::propose(&state.db, &secret, patch, publish, &state.rules).await {
        Ok(Ok(outcome)) => {
            if outcome == Outcome::Published {
                state.publish_changes().await;
            }
            let key = match outcome {
                Outcome::Published => "owner-published",
                Outcome::WaitsForReview => "owner-waits",
            };
            message_page(
                &state,
                &ui,
                StatusCode::OK,
                &ui.t("owner-thanks"),
                &ui.t(key),
            )
        }
        Ok(Err(problem)) => link_problem(&state, &ui, problem),
        Err(domain::Error::Invalid(problems)) => match owner::owned(&state.db, &secret).await {
            Ok(Ok(entry)) => form_page(
                &state,
                &ui,
                StatusCode::UNPROCESSABLE_ENTITY,
                &secret,
                &entry,
                &form,
                &problems,
            ),
            _ => link_problem(&state, &ui, domain::mail::LinkProblem::Unknown),
        },
        Err(e) => super::error::render(&state, &ui, Err(e.into())),
    }
}

fn form_page(
    state: &AppState,
    ui: &Ui,
    status: StatusCode,
    secret: &str,
    entry: &Initiative,
    v: &FormData,
    problems: &Problems,
) -> Response {
    let title = ui
        .locale
        .tr("owner-title", &[("name", entry.data.name.as_str().into())]);
    let names: Vec<&str> = FIELDS.iter().chain(LOCATION).map(|(n, _)| *n).collect();
    let field = |name: &'static str, key: &str| Input::new(name, ui.t(key), v.get(name));
    let statuses: Vec<(String, String)> = ["active", "paused", "closed"]
        .iter()
        .map(|s| (s.to_string(), ui.t(&format!("status-{s}")).into_owned()))
        .collect();
    let review = state.settings.freshness.owner_edits == OwnerEdits::Review;
    let main = html! {
        h1 { (title) }
        @if review { p { (ui.t("owner-review-note")) } }
        (other_problems(ui, problems, &names))
        form.entry method="post" action={ "/owner/" (secret) } {
            (field("name", "form-name").required().render(problems))
            (field("summary", "form-summary").render(problems))
            (field("description", "form-description").kind("textarea").hint(ui.t("form-markdown-hint")).render(problems))
            (form::categories(ui, &v.all("categories"), problems))
            fieldset {
                legend { (ui.t("form-place")) }
                (entries::address_fields(ui, v, problems))
            }
            (field("website", "form-website").kind("url").render(problems))
            (field("email", "form-email").kind("email").render(problems))
            (field("phone", "form-phone").kind("tel").render(problems))
            (field("opening_hours", "form-hours").hint(ui.t("form-hours-hint")).render(problems))
            (select("status", &ui.t("form-status"), v.get("status"), &statuses, problems))
            @for name in ["location.latitude", "location.longitude", "location.region", "location.country"] {
                input type="hidden" name=(name) value=(v.get(name));
            }
            button type="submit" { (ui.t("owner-save")) }
        }
    };
    let head = Head {
        title,
        ..Head::default()
    };
    ui.respond(status, page(state, ui, head, main))
}

/// `GET /fresh/{secret}/{answer}`: the answer to confirm with one click (link checkers open
/// every link of a message: a GET changes nothing).
pub async fn answer_page(
    State(state): State<AppState>,
    ui: Ui,
    Path((secret, answer)): Path<(String, String)>,
) -> Response {
    let Some(answer) = parse_answer(&answer) else {
        return super::not_found(&state, &ui);
    };
    let entry = match freshness::asked(&state.db, &secret).await {
        Ok(Ok(entry)) => entry,
        Ok(Err(problem)) => return link_problem(&state, &ui, problem),
        Err(e) => return super::error::render(&state, &ui, Err(e.into())),
    };
    let (title, button) = match answer {
        Answer::Active => ("fresh-active-title", "mail-reminder-active"),
        Answer::Closed => ("fresh-closed-title", "mail-reminder-closed"),
    };
    let title = ui
        .locale
        .tr(title, &[("name", entry.data.name.as_str().into())]);
    let path = if answer == Answer::Active {
        "active"
    } else {
        "closed"
    };
    let main = html! {
        h1 { (title) }
        form method="post" action={ "/fresh/" (secret) "/" (path) } {
            button.danger[answer == Answer::Closed] type="submit" { (ui.t(button)) }
        }
        p { a href={ "/owner/" (secret) } { (ui.t("mail-reminder-edit")) } }
    };
    let head = Head {
        title,
        ..Head::default()
    };
    ui.respond(StatusCode::OK, page(&state, &ui, head, main))
}

/// `POST /fresh/{secret}/{answer}`.
pub async fn answer(
    State(state): State<AppState>,
    ui: Ui,
    Path((secret, answer)): Path<(String, String)>,
) -> Response {
    let Some(answer) = parse_answer(&answer) else {
        return super::not_found(&state, &ui);
    };
    match freshness::answer(&state.db, &secret, answer, &state.rules).await {
        Ok(Ok(_)) => {
            state.publish_changes().await;
            message_page(
                &state,
                &ui,
                StatusCode::OK,
                &ui.t("owner-thanks"),
                &ui.t("fresh-done"),
            )
        }
        Ok(Err(problem)) => link_problem(&state, &ui, problem),
        Err(e) => super::error::render(&state, &ui, Err(e.into())),
    }
}

fn parse_answer(text: &str) -> Option<Answer> {
    match text {
        "active" => Some(Answer::Active),
        "closed" => Some(Answer::Closed),
        _ => None,
    }
}
