//! "Get what is new here by e-mail": the box on the directory, the agenda and the map (with
//! the page's filters), and the pages its messages lead to — confirm, change, unsubscribe
//! (RFC 8058's one-click POST included). Nothing here tells whether an address is known.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::Ui;
use super::admin::session::PublicForm;
use super::error::message_page;
use super::layout::{Head, page};
use super::query::Filters;
use crate::app::AppState;
use crate::db::subscriptions::SubscriptionRow;
use crate::domain::mail::LinkProblem;
use crate::domain::subscription::{self, SubscriptionInput};
use crate::domain::{self, Problems};
use crate::http::extract::ClientIp;
use crate::http::throttle::client_key;

/// The hidden field only robots fill in.
const HONEYPOT: &str = "homepage";

/// The box under a list's filters: what the page shows, by e-mail. `kinds`: what the page lists.
pub fn subscribe_box(ui: &Ui, filters: &Filters, kinds: &str) -> Markup {
    let p = &filters.params;
    let hidden = [
        ("near", p.near.clone().unwrap_or_default()),
        (
            "radius_km",
            p.near.as_ref().and(p.radius_km.clone()).unwrap_or_default(),
        ),
        (
            "place",
            ui.param("near").unwrap_or("").chars().take(100).collect(),
        ),
        ("categories", p.category.clone().unwrap_or_default()),
    ];
    html! {
        details.subscribe {
            summary { (ui.t("subscribe-title")) }
            form method="post" action="/subscriptions" {
                @for (name, value) in &hidden {
                    @if !value.is_empty() { input type="hidden" name=(name) value=(value); }
                }
                input type="hidden" name="kinds" value=(kinds);
                p.hint { (ui.t("subscribe-hint")) }
                div.field {
                    label for="subscribe-email" { (ui.t("subscribe-email")) }
                    input #subscribe-email type="email" name="email" required autocomplete="email" maxlength="254";
                }
                fieldset.field {
                    legend { (ui.t("subscribe-frequency")) }
                    label { input type="radio" name="frequency" value="weekly" checked; " " (ui.t("subscribe-weekly")) }
                    label { input type="radio" name="frequency" value="daily"; " " (ui.t("subscribe-daily")) }
                }
                fieldset.field {
                    legend { (ui.t("subscribe-origin")) }
                    label { input type="radio" name="origin" value="all" checked[p.origin.as_deref() != Some("local")]; " " (ui.t("subscribe-origin-all")) }
                    label { input type="radio" name="origin" value="local" checked[p.origin.as_deref() == Some("local")]; " " (ui.t("subscribe-origin-local")) }
                }
                div.hp aria-hidden="true" {
                    label for="subscribe-homepage" { "Homepage" }
                    input #subscribe-homepage type="text" name=(HONEYPOT) tabindex="-1" autocomplete="off";
                }
                button type="submit" { (ui.t("subscribe-submit")) }
            }
        }
    }
}

/// `POST /subscriptions`: the box sent. The same page follows whether the address is new,
/// known, or asked for too often.
pub async fn submit(
    State(state): State<AppState>,
    ui: Ui,
    ClientIp(ip): ClientIp,
    PublicForm(form): PublicForm,
) -> Response {
    let ip = client_key(ip);
    if let Err(wait) = state.throttles.subscribe.take(&ip) {
        return too_many(&state, &ui, &ui.t("subscribe-title"), wait);
    }
    if !form.get(HONEYPOT).is_empty() {
        tracing::info!(ip, "Dropped a subscription that filled the honeypot");
        return Redirect::to("/subscriptions/sent").into_response();
    }
    let optional = |name: &str| Some(form.get(name).to_owned()).filter(|v| !v.is_empty());
    let input = SubscriptionInput {
        email: form.get("email").to_owned(),
        kinds: optional("kinds"),
        near: optional("near"),
        radius_km: optional("radius_km").and_then(|r| r.parse().ok()),
        place: optional("place"),
        categories: form
            .get("categories")
            .split(',')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect(),
        origin: optional("origin"),
        frequency: optional("frequency"),
        locale: Some(ui.locale.tag.to_owned()),
    };
    match subscription::check(input, ui.locale.tag) {
        Ok(row) => match subscription::subscribe(&state.db, row).await {
            Ok(()) => {
                state.mailer.wake();
                Redirect::to("/subscriptions/sent").into_response()
            }
            Err(e) => failed(&state, &ui, e),
        },
        Err(domain::Error::Invalid(problems)) => refused(&state, &ui, &problems),
        Err(e) => failed(&state, &ui, e),
    }
}

fn refused(state: &AppState, ui: &Ui, problems: &Problems) -> Response {
    let text = problems
        .iter()
        .map(|p| {
            format!(
                "{}: {}",
                ui.t(&format!("subscribe-field-{}", p.field)),
                p.message
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    message_page(
        state,
        ui,
        StatusCode::BAD_REQUEST,
        &ui.t("subscribe-refused"),
        &text,
    )
}

/// `GET /subscriptions/sent`.
pub async fn sent(State(state): State<AppState>, ui: Ui) -> Response {
    message_page(
        &state,
        &ui,
        StatusCode::OK,
        &ui.t("subscribe-sent-title"),
        &ui.t("subscribe-sent"),
    )
}

/// `GET /subscriptions/confirm/{secret}`: the link of the confirmation message.
pub async fn confirm(
    State(state): State<AppState>,
    ui: Ui,
    Path(secret): Path<String>,
) -> Response {
    match subscription::confirm(&state.db, &secret).await {
        Ok(Ok(_)) => message_page(
            &state,
            &ui,
            StatusCode::OK,
            &ui.t("subscribe-confirmed-title"),
            &ui.t("subscribe-confirmed"),
        ),
        Ok(Err(problem)) => link_problem(&state, &ui, problem),
        Err(e) => failed(&state, &ui, e),
    }
}

/// `GET /subscriptions/{secret}`: what the subscription is, to change or end it.
pub async fn manage(State(state): State<AppState>, ui: Ui, Path(secret): Path<String>) -> Response {
    let sub = match subscription::managed(&state.db, &secret).await {
        Ok(Ok(sub)) => sub,
        Ok(Err(problem)) => return link_problem(&state, &ui, problem),
        Err(e) => return failed(&state, &ui, e),
    };
    if sub.state == "ended" {
        return message_page(
            &state,
            &ui,
            StatusCode::OK,
            &ui.t("subscribe-ended-title"),
            &ui.t("subscribe-ended"),
        );
    }
    let head = Head {
        title: ui.t("subscribe-manage-title").into_owned(),
        ..Head::default()
    };
    let changed = ui.param("notice") == Some("saved");
    let main = html! {
        h1 { (ui.t("subscribe-manage-title")) }
        @if changed { p.notice role="status" { (ui.t("subscribe-saved")) } }
        p { (describe(&ui, &sub)) }
        form method="post" action={ "/subscriptions/" (secret) } {
            fieldset.field {
                legend { (ui.t("subscribe-frequency")) }
                label { input type="radio" name="frequency" value="weekly" checked[sub.frequency == "weekly"]; " " (ui.t("subscribe-weekly")) }
                label { input type="radio" name="frequency" value="daily" checked[sub.frequency == "daily"]; " " (ui.t("subscribe-daily")) }
            }
            button type="submit" { (ui.t("subscribe-save")) }
        }
        form method="post" action={ "/subscriptions/" (secret) "/unsubscribe" } {
            button.danger type="submit" { (ui.t("subscribe-unsubscribe")) }
        }
    };
    ui.respond(StatusCode::OK, page(&state, &ui, head, main))
}

/// `POST /subscriptions/{secret}`: a new frequency.
pub async fn change(
    State(state): State<AppState>,
    ui: Ui,
    Path(secret): Path<String>,
    PublicForm(form): PublicForm,
) -> Response {
    match subscription::set_frequency(&state.db, &secret, form.get("frequency")).await {
        Ok(Ok(())) => {
            Redirect::to(&format!("/subscriptions/{secret}?notice=saved")).into_response()
        }
        Ok(Err(problem)) => link_problem(&state, &ui, problem),
        Err(domain::Error::Invalid(problems)) => refused(&state, &ui, &problems),
        Err(e) => failed(&state, &ui, e),
    }
}

/// `GET /subscriptions/{secret}/unsubscribe`: a button, never an unsubscription (link checkers
/// and previews open every link of a message).
pub async fn unsubscribe_page(
    State(state): State<AppState>,
    ui: Ui,
    Path(secret): Path<String>,
) -> Response {
    if let Ok(Err(problem)) = subscription::managed(&state.db, &secret).await {
        return link_problem(&state, &ui, problem);
    }
    let head = Head {
        title: ui.t("subscribe-unsubscribe").into_owned(),
        ..Head::default()
    };
    let main = html! {
        h1 { (ui.t("subscribe-unsubscribe")) }
        form method="post" action={ "/subscriptions/" (secret) "/unsubscribe" } {
            button.danger type="submit" { (ui.t("subscribe-unsubscribe")) }
        }
    };
    ui.respond(StatusCode::OK, page(&state, &ui, head, main))
}

/// `POST /subscriptions/{secret}/unsubscribe`: the button, or a mail client's one-click
/// unsubscribe (RFC 8058: any body, from anywhere; the secret is the authority).
pub async fn unsubscribe(
    State(state): State<AppState>,
    ui: Ui,
    Path(secret): Path<String>,
) -> Response {
    match subscription::unsubscribe(&state.db, &secret).await {
        Ok(Ok(_)) => message_page(
            &state,
            &ui,
            StatusCode::OK,
            &ui.t("subscribe-ended-title"),
            &ui.t("subscribe-ended"),
        ),
        Ok(Err(problem)) => link_problem(&state, &ui, problem),
        Err(e) => failed(&state, &ui, e),
    }
}

/// "initiatives and events within 5 km of Montreuil, every week", as the messages say it.
fn describe(ui: &Ui, sub: &SubscriptionRow) -> String {
    let frequency = ui.t(&format!("mail-frequency-{}", sub.frequency));
    format!("{}, {frequency}.", crate::mail::describe(ui.locale, sub))
}

/// The page for a client that asked too often: when to try again.
pub(super) fn too_many(
    state: &AppState,
    ui: &Ui,
    title: &str,
    wait: std::time::Duration,
) -> Response {
    let text = ui.locale.tr(
        "suggest-too-many",
        &[(
            "minutes",
            crate::http::throttle::minutes(wait).to_string().into(),
        )],
    );
    message_page(state, ui, StatusCode::TOO_MANY_REQUESTS, title, &text)
}

fn failed(state: &AppState, ui: &Ui, e: domain::Error) -> Response {
    super::error::render(state, ui, Err(e.into()))
}

/// A link that does not work: a clear page, never an error.
pub(super) fn link_problem(state: &AppState, ui: &Ui, problem: LinkProblem) -> Response {
    let (status, key) = match problem {
        LinkProblem::Unknown => (StatusCode::NOT_FOUND, "link-unknown"),
        LinkProblem::Expired => (StatusCode::GONE, "link-expired"),
        LinkProblem::Used => (StatusCode::GONE, "link-used"),
    };
    message_page(state, ui, status, &ui.t("link-title"), &ui.t(key))
}
