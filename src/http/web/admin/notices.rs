//! "E-mail and notices" on My account: the address and language a user is written to, and how
//! they hear of each kind of notice; and the one-click stop every notice message carries.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use super::super::Ui;
use super::super::error::message_page;
use super::form::Input;
use super::session::{AdminForm, Signed, csrf_field};
use super::{done, failed, log};
use crate::app::AppState;
use crate::domain::mail::{self, Purpose};
use crate::domain::notice::{self, How, Kind};
use crate::domain::{Problems, validate};
use crate::i18n::Locale;

/// The section of My account.
pub async fn section(state: &AppState, ui: &Ui, signed: &Signed, problems: &Problems) -> Markup {
    let user = signed.user();
    let (email, locale) = crate::db::notices::address(&state.db, user.id)
        .await
        .ok()
        .flatten()
        .unwrap_or((None, ui.locale.tag.to_owned()));
    let settings = notice::settings(&state.db, user.id)
        .await
        .unwrap_or_default();
    let email = email.unwrap_or_default();
    html! {
        section {
            h2 { (ui.t("account-email")) }
            p { (ui.t("account-email-text")) }
            form method="post" action="/admin/account/email" {
                (csrf_field(signed))
                (Input::new("email", ui.t("account-email-address"), &email).kind("email").render(problems))
                div.field {
                    label for="locale" { (ui.t("account-email-language")) }
                    select #locale name="locale" {
                        @for l in Locale::all() {
                            option value=(l.tag) selected[l.tag == locale] { (l.name()) }
                        }
                    }
                }
                table.notices {
                    thead { tr {
                        th scope="col" { (ui.t("account-notice-kind")) }
                        @for how in [How::Now, How::Daily, How::Never] {
                            th scope="col" { (ui.t(&format!("account-notice-{}", how.as_str()))) }
                        }
                    } }
                    tbody {
                        @for (kind, chosen) in &settings {
                            tr {
                                th scope="row" { (ui.t(&format!("account-notice-{}", kind.as_str()))) }
                                @for how in [How::Now, How::Daily, How::Never] {
                                    td { input type="radio" name=(kind.as_str()) value=(how.as_str())
                                        checked[*chosen == how]
                                        aria-label={ (ui.t(&format!("account-notice-{}", kind.as_str()))) ": " (ui.t(&format!("account-notice-{}", how.as_str()))) }; }
                                }
                            }
                        }
                    }
                }
                button type="submit" { (ui.t("account-email-save")) }
            }
        }
    }
}

/// `POST /admin/account/email`.
pub async fn save(
    State(state): State<AppState>,
    ui: Ui,
    AdminForm { signed, form }: AdminForm,
) -> Response {
    let user = signed.user().clone();
    let email = match form.get("email") {
        "" => None,
        typed => match validate::email(typed.to_owned()) {
            Ok(email) => Some(email),
            _ => {
                let mut problems = Problems::default();
                problems.add("email", ui.t("account-email-invalid"));
                return super::account::page(
                    &state,
                    &ui,
                    &signed,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &problems,
                )
                .await;
            }
        },
    };
    let locale = Locale::find(form.get("locale")).unwrap_or(ui.locale).tag;
    let outcome = async {
        crate::db::notices::set_address(&state.db, user.id, email.as_deref(), locale).await?;
        for kind in Kind::ALL {
            if let Some(how) = How::parse(form.get(kind.as_str())) {
                notice::set(&state.db, user.id, kind, how).await?;
            }
        }
        Ok::<_, crate::db::DbError>(())
    };
    if let Err(e) = outcome.await {
        return failed(&state, &ui, e);
    }
    log(&state, &signed, "account.email", &user.username).await;
    done("/admin/account", "saved")
}

/// `GET /admin/notices/{secret}/off`: a button (link checkers open every link of a message).
pub async fn off_page(
    State(state): State<AppState>,
    ui: Ui,
    Path(secret): Path<String>,
) -> Response {
    let title = ui.t("notices-off-title");
    match mail::check(&state.db, &secret, Purpose::Notices).await {
        Ok(Ok(_)) => {
            let main = html! {
                h1 { (title) }
                p { (ui.t("notices-off-text")) }
                form method="post" action={ "/admin/notices/" (secret) "/off" } {
                    button.danger type="submit" { (ui.t("notices-off-button")) }
                }
            };
            let head = super::super::layout::Head {
                title: title.into_owned(),
                ..Default::default()
            };
            ui.respond(
                StatusCode::OK,
                super::super::layout::page(&state, &ui, head, main),
            )
        }
        Ok(Err(problem)) => super::super::subscribe::link_problem(&state, &ui, problem),
        Err(e) => failed(&state, &ui, e),
    }
}

/// `POST /admin/notices/{secret}/off`: the button, or a mail client's one-click unsubscribe
/// (RFC 8058): every kind of notice set to "never" for that user.
pub async fn off(State(state): State<AppState>, ui: Ui, Path(secret): Path<String>) -> Response {
    let user_id = match mail::check(&state.db, &secret, Purpose::Notices).await {
        Ok(Ok(id)) => id,
        Ok(Err(problem)) => return super::super::subscribe::link_problem(&state, &ui, problem),
        Err(e) => return failed(&state, &ui, e),
    };
    for kind in Kind::ALL {
        if let Err(e) = notice::set(&state.db, user_id, kind, How::Never).await {
            return failed(&state, &ui, e);
        }
    }
    message_page(
        &state,
        &ui,
        StatusCode::OK,
        &ui.t("notices-off-done-title"),
        &ui.t("notices-off-done"),
    )
}
