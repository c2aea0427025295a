//! The signed-in user's own account: e-mail and notices, changing the password, signing out
//! everywhere.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

use super::super::Ui;
use super::form::{Input, other_problems};
use super::session::{AdminForm, Signed, csrf_field, session_cookie};
use super::{done, failed, frame, log};
use crate::app::AppState;
use crate::domain::account::{self, MIN_PASSWORD};
use crate::domain::{self, Problems};
use crate::http::throttle::minutes;

pub async fn show(State(state): State<AppState>, ui: Ui, signed: Signed) -> Response {
    page(&state, &ui, &signed, StatusCode::OK, &Problems::default()).await
}

pub(super) async fn page(
    state: &AppState,
    ui: &Ui,
    signed: &Signed,
    status: StatusCode,
    problems: &Problems,
) -> Response {
    let fields = ["current", "password", "confirm", "email"];
    let email = super::notices::section(state, ui, signed, problems).await;
    let main = html! {
        (email)
        section {
            h2 { (ui.t("account-password")) }
            (other_problems(ui, problems, &fields))
            form method="post" action="/admin/account/password" {
                (csrf_field(signed))
                (Input::new("current", ui.t("form-current-password"), "").kind("password").required().render(problems))
                (Input::new("password", ui.t("form-new-password"), "").kind("password").required()
                    .hint(ui.locale.tr("form-password-hint", &[("min", MIN_PASSWORD.to_string().into())])).render(problems))
                (Input::new("confirm", ui.t("form-confirm-password"), "").kind("password").required().render(problems))
                button type="submit" { (ui.t("account-change-password")) }
            }
        }
        section {
            h2 { (ui.t("account-sessions")) }
            p { (ui.t("account-sessions-text")) }
            form method="post" action="/admin/account/signout-everywhere" {
                (csrf_field(signed))
                button type="submit" { (ui.t("account-signout-everywhere")) }
            }
        }
    };
    ui.respond(
        status,
        frame(state, ui, signed, &ui.t("admin-account"), main),
    )
}

pub async fn password(
    State(state): State<AppState>,
    ui: Ui,
    AdminForm { signed, form }: AdminForm,
) -> Response {
    // Guessing the current password with a stolen session is throttled like signing in: each
    // attempt counts before the check, so parallel guesses count too.
    let key = format!("{}|password", signed.user().username);
    if let Err(wait) = state.throttles.signin.check(&key) {
        let mut problems = Problems::default();
        let why = ui.locale.tr(
            "signin-locked",
            &[("minutes", minutes(wait).to_string().into())],
        );
        problems.add("current", why);
        return page(
            &state,
            &ui,
            &signed,
            StatusCode::TOO_MANY_REQUESTS,
            &problems,
        )
        .await;
    }
    state.throttles.signin.hit(&key);
    let outcome = if form.get("password") != form.get("confirm") {
        let mut problems = Problems::default();
        problems.add("confirm", ui.t("form-confirm-mismatch"));
        Err(domain::Error::Invalid(problems))
    } else {
        let user = signed.user();
        account::change_password(
            &state.db,
            user,
            form.get("current"),
            form.get("password"),
            Some(&signed.secret),
        )
        .await
    };
    match outcome {
        Ok(()) => {
            state.throttles.signin.clear(&key);
            log(&state, &signed, "password.change", &signed.user().username).await;
            done("/admin/account", "password")
        }
        Err(domain::Error::Invalid(problems)) => {
            page(
                &state,
                &ui,
                &signed,
                StatusCode::UNPROCESSABLE_ENTITY,
                &problems,
            )
            .await
        }
        Err(e) => failed(&state, &ui, e),
    }
}

pub async fn signout_everywhere(
    State(state): State<AppState>,
    ui: Ui,
    AdminForm { signed, .. }: AdminForm,
) -> Response {
    if let Err(e) = account::close_all_sessions(&state.db, signed.user().id).await {
        return failed(&state, &ui, e);
    }
    log(
        &state,
        &signed,
        "signout.everywhere",
        &signed.user().username,
    )
    .await;
    let mut response = Redirect::to("/admin/signin?notice=signed-out-everywhere").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&state, None));
    response
}
