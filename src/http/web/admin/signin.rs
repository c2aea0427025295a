//! Signing in and out, with failures counted per account and per address; and accepting a
//! one-time link (the set-up link or an invitation) by choosing a name and a password.

use axum::extract::{FromRequestParts, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::super::Ui;
use super::super::layout::{Head, page};
use super::form::{Input, other_problems};
use super::session::{AdminForm, PublicForm, Signed, session_cookie};
use super::{failed, log};
use crate::app::AppState;
use crate::domain::account::{self, MIN_PASSWORD, User};
use crate::domain::audit::{self, Actor};
use crate::domain::{self, Problems};
use crate::http::extract::ClientIp;
use crate::http::throttle::{client_key, minutes};

pub async fn form(
    State(state): State<AppState>,
    ui: Ui,
    mut parts: axum::http::request::Parts,
) -> Response {
    if Signed::from_request_parts(&mut parts, &state).await.is_ok() {
        return Redirect::to("/admin").into_response();
    }
    signin_page(&state, &ui, StatusCode::OK, "", None)
}

fn signin_page(
    state: &AppState,
    ui: &Ui,
    status: StatusCode,
    username: &str,
    error: Option<String>,
) -> Response {
    let next = next_page(ui.param("next"));
    let main = html! {
        div.narrow {
            h1 { (ui.t("signin-title")) }
            @if let Some(error) = error { p.problems role="alert" { (error) } }
            form method="post" action={ "/admin/signin?next=" (super::super::components::urlencode(&next)) } {
                (Input::new("username", ui.t("form-username"), username).required().render(&Problems::default()))
                (Input::new("password", ui.t("form-password"), "").kind("password").required().render(&Problems::default()))
                button type="submit" { (ui.t("signin-submit")) }
            }
        }
    };
    respond(state, ui, status, &ui.t("signin-title"), main)
}

fn respond(state: &AppState, ui: &Ui, status: StatusCode, title: &str, main: Markup) -> Response {
    let head = Head {
        title: title.to_owned(),
        admin: true,
        ..Head::default()
    };
    ui.respond(status, page(state, ui, head, main))
}

/// Where to go after signing in: an admin page, never another site.
fn next_page(asked: Option<&str>) -> String {
    asked
        .filter(|n| n.starts_with("/admin") && !n.starts_with("/admin/signin"))
        .filter(|n| n.chars().all(|c| c.is_ascii_graphic()))
        .unwrap_or("/admin")
        .to_owned()
}

pub async fn submit(
    State(state): State<AppState>,
    ui: Ui,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    PublicForm(form): PublicForm,
) -> Response {
    let username = form.get("username").to_lowercase();
    let client = client_key(ip);
    if let Err(wait) = state.throttles.signin_attempt(&username, &client) {
        let why = ui.locale.tr(
            "signin-locked",
            &[("minutes", minutes(wait).to_string().into())],
        );
        return signin_page(
            &state,
            &ui,
            StatusCode::TOO_MANY_REQUESTS,
            &username,
            Some(why),
        );
    }
    let user = match account::authenticate(&state.db, &username, form.get("password")).await {
        Ok(user) => user,
        Err(e) => return failed(&state, &ui, e),
    };
    let Some(user) = user else {
        tracing::warn!(username, client, "Failed sign-in");
        let why = ui.t("signin-wrong").into_owned();
        return signin_page(&state, &ui, StatusCode::UNAUTHORIZED, &username, Some(why));
    };
    state.throttles.signin_succeeded(&username, &client);
    start_session(&state, &user, &headers, &next_page(ui.param("next"))).await
}

/// Opens a session (remembering the browser's name) and goes to `next` with its cookie.
async fn start_session(state: &AppState, user: &User, headers: &HeaderMap, next: &str) -> Response {
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    match account::open_session(&state.db, user, agent).await {
        Ok(secret) => {
            let _ = audit::record(&state.db, Actor::User(user), "signin", &user.username).await;
            let mut response = Redirect::to(next).into_response();
            response
                .headers_mut()
                .insert(header::SET_COOKIE, session_cookie(state, Some(&secret)));
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "Cannot open a session");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

pub async fn signout(
    State(state): State<AppState>,
    AdminForm { signed, .. }: AdminForm,
) -> Response {
    if let Err(e) = account::close_session(&state.db, &signed.secret).await {
        tracing::error!(error = %e, "Cannot end a session");
    }
    log(&state, &signed, "signout", &signed.user().username).await;
    let mut response = Redirect::to("/admin/signin").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&state, None));
    response
}

pub async fn invitation(
    State(state): State<AppState>,
    ui: Ui,
    Path(secret): Path<String>,
) -> Response {
    match account::invitation(&state.db, &secret).await {
        Ok(Some(role)) => {
            invitation_page(&state, &ui, StatusCode::OK, role, "", &Problems::default())
        }
        Ok(None) => expired(&state, &ui),
        Err(e) => failed(&state, &ui, e),
    }
}

fn expired(state: &AppState, ui: &Ui) -> Response {
    super::super::error::message_page(
        state,
        ui,
        StatusCode::NOT_FOUND,
        &ui.t("invite-expired-title"),
        &ui.t("invite-expired"),
    )
}

fn invitation_page(
    state: &AppState,
    ui: &Ui,
    status: StatusCode,
    role: account::Role,
    username: &str,
    problems: &Problems,
) -> Response {
    let role = ui.t(&format!("role-{}", role.as_str()));
    let fields = ["username", "password", "confirm"];
    let main = html! {
        div.narrow {
            h1 { (ui.t("invite-title")) }
            p { (ui.locale.tr("invite-intro", &[("role", role.into_owned().into())])) }
            (other_problems(ui, problems, &fields))
            form method="post" {
                (Input::new("username", ui.t("form-username"), username).required()
                    .hint(ui.t("form-username-hint")).render(problems))
                (Input::new("password", ui.t("form-new-password"), "").kind("password").required()
                    .hint(ui.locale.tr("form-password-hint", &[("min", MIN_PASSWORD.to_string().into())])).render(problems))
                (Input::new("confirm", ui.t("form-confirm-password"), "").kind("password").required().render(problems))
                button type="submit" { (ui.t("invite-submit")) }
            }
        }
    };
    respond(state, ui, status, &ui.t("invite-title"), main)
}

pub async fn accept(
    State(state): State<AppState>,
    ui: Ui,
    Path(secret): Path<String>,
    headers: HeaderMap,
    PublicForm(form): PublicForm,
) -> Response {
    let role = match account::invitation(&state.db, &secret).await {
        Ok(Some(role)) => role,
        Ok(None) => return expired(&state, &ui),
        Err(e) => return failed(&state, &ui, e),
    };
    let username = form.get("username");
    let password = form.get("password");
    let outcome = if password != form.get("confirm") {
        let mut problems = Problems::default();
        problems.add("confirm", ui.t("form-confirm-mismatch"));
        Err(domain::Error::Invalid(problems))
    } else {
        account::accept_invitation(&state.db, &secret, username, password).await
    };
    match outcome {
        Ok(user) => {
            let _ =
                audit::record(&state.db, Actor::User(&user), "user.create", &user.username).await;
            start_session(&state, &user, &headers, "/admin").await
        }
        Err(domain::Error::Invalid(problems)) => invitation_page(
            &state,
            &ui,
            StatusCode::UNPROCESSABLE_ENTITY,
            role,
            username,
            &problems,
        ),
        Err(domain::Error::NotFound(_)) => expired(&state, &ui),
        Err(e) => failed(&state, &ui, e),
    }
}
