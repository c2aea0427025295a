//! `/suggest`: anyone may suggest an initiative or an event. A suggestion waits in the admins'
//! review queue and is never online before one approves it. Against spam: a honeypot field
//! that people do not see, and at most five suggestions an hour from one address.

use axum::extract::{FromRequest, FromRequestParts, Multipart, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

use super::Ui;
use super::admin::entries;
use super::admin::form::{self, Input, Kind, other_problems};
use super::admin::session::{FormData, PublicForm, forbidden, same_site};
use super::layout::{Head, page};
use crate::app::AppState;
use crate::domain::event::{self, EventInput};
use crate::domain::initiative::{self, InitiativeInput};
use crate::domain::{self, Problems};
use crate::http::error::ApiError;
use crate::http::extract::ClientIp;
use crate::http::throttle::{client_key, minutes};
use crate::http::upload;

/// The hidden field only robots fill in.
const HONEYPOT: &str = "homepage";

const INITIATIVE: &[(&str, Kind)] = &[
    ("name", Kind::Text),
    ("summary", Kind::Text),
    ("description", Kind::Text),
    ("categories", Kind::Checks),
    ("website", Kind::Text),
    ("email", Kind::Text),
    ("opening_hours", Kind::Text),
    ("location.name", Kind::Text),
    ("location.street", Kind::Text),
    ("location.postal_code", Kind::Text),
    ("location.locality", Kind::Text),
    ("images", Kind::Checks),
];

const EVENT: &[(&str, Kind)] = &[
    ("name", Kind::Text),
    ("description", Kind::Text),
    ("starts_at", Kind::Text),
    ("ends_at", Kind::Text),
    ("categories", Kind::Checks),
    ("online_url", Kind::Text),
    ("location.name", Kind::Text),
    ("location.street", Kind::Text),
    ("location.postal_code", Kind::Text),
    ("location.locality", Kind::Text),
    ("images", Kind::Checks),
];

/// A suggestion as sent: its fields, and its picture if it has one. The form is sent as
/// multipart (for the picture); urlencoded forms are read too.
pub struct Suggestion {
    form: FormData,
    picture: Option<bytes::Bytes>,
}

impl FromRequest<AppState> for Suggestion {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("multipart/form-data"));
        if !multipart {
            let PublicForm(form) = PublicForm::from_request(req, state).await?;
            return Ok(Suggestion {
                form,
                picture: None,
            });
        }
        let (mut parts, body) = req.into_parts();
        let ui = Ui::from_request_parts(&mut parts, state)
            .await
            .expect("infallible");
        if !same_site(&parts.headers, state) {
            return Err(forbidden(state, &ui, &ui.t("form-cross-site")));
        }
        let multipart = Multipart::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        let read = upload::read(multipart, state.settings.media.max_upload_bytes)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Suggestion {
            picture: read.file("picture").cloned(),
            form: FormData(read.texts),
        })
    }
}

/// Which kind of suggestion a request is about (`?kind=event`, or the form's field).
fn is_event(ui: &Ui, form: Option<&FormData>) -> bool {
    form.map_or(ui.param("kind"), |f| Some(f.get("kind"))) == Some("event")
}

pub async fn show(State(state): State<AppState>, ui: Ui) -> Response {
    if ui.param("sent").is_some() {
        let main = html! {
            h1 { (ui.t("suggest-thanks-title")) }
            p { (ui.t("suggest-thanks")) }
            p { a href="/" { (ui.t("error-home")) } }
        };
        let head = Head {
            title: ui.t("suggest-thanks-title").into_owned(),
            ..Head::default()
        };
        return ui.respond(StatusCode::OK, page(&state, &ui, head, main));
    }
    let event = is_event(&ui, None);
    form_page(
        &state,
        &ui,
        StatusCode::OK,
        event,
        &FormData::default(),
        &Problems::default(),
        None,
    )
}

pub async fn submit(
    State(state): State<AppState>,
    ui: Ui,
    ClientIp(ip): ClientIp,
    Suggestion { mut form, picture }: Suggestion,
) -> Response {
    let event = is_event(&ui, Some(&form));
    let ip = client_key(ip);
    if let Err(wait) = state.throttles.suggest.take(&ip) {
        let why = ui.locale.tr(
            "suggest-too-many",
            &[("minutes", minutes(wait).to_string().into())],
        );
        return form_page(
            &state,
            &ui,
            StatusCode::TOO_MANY_REQUESTS,
            event,
            &form,
            &Problems::default(),
            Some(why),
        );
    }
    if !form.get(HONEYPOT).is_empty() {
        // Answer a robot as if it succeeded: it learns nothing.
        tracing::info!(ip, "Dropped a suggestion that filled the honeypot");
        return Redirect::to("/suggest?sent=1").into_response();
    }
    if let Some(bytes) = picture {
        let mut problems = Problems::default();
        let described =
            upload::described(Some(form.get("picture_description")), None, &mut problems);
        let kept = match described {
            Some((description, _)) => upload::keep(&state, bytes, description, None)
                .await
                .map_err(|e| {
                    let why = match e {
                        ApiError::Invalid(p) => p
                            .iter()
                            .map(|p| p.message.clone())
                            .collect::<Vec<_>>()
                            .join("; "),
                        other => other.to_string(),
                    };
                    problem("picture", why)
                }),
            None => Err(problems.iter().fold(Problems::default(), |mut all, p| {
                all.add(format!("picture_{}", p.field), p.message.clone());
                all
            })),
        };
        match kept {
            Ok(picture) => form.0.push(("images".into(), picture.key)),
            Err(problems) => {
                let status = StatusCode::UNPROCESSABLE_ENTITY;
                return form_page(&state, &ui, status, event, &form, &problems, None);
            }
        }
    }
    let outcome = if event {
        match form::read::<EventInput>(&form, EVENT, false) {
            Ok(input) => event::submit(&state.db, input, &state.rules)
                .await
                .map(|e| e.slug),
            Err(problems) => Err(domain::Error::Invalid(problems)),
        }
    } else {
        match form::read::<InitiativeInput>(&form, INITIATIVE, false) {
            Ok(input) => initiative::submit(&state.db, input, &state.rules)
                .await
                .map(|i| i.slug),
            Err(problems) => Err(domain::Error::Invalid(problems)),
        }
    };
    match outcome {
        Ok(slug) => {
            tracing::info!(slug, event, "A suggestion waits for review");
            Redirect::to("/suggest?sent=1").into_response()
        }
        Err(domain::Error::Invalid(problems)) => form_page(
            &state,
            &ui,
            StatusCode::UNPROCESSABLE_ENTITY,
            event,
            &form,
            &problems,
            None,
        ),
        Err(e) => super::error::render(&state, &ui, Err(e.into())),
    }
}

fn has(problems: &Problems, field: &str) -> bool {
    problems.iter().any(|p| p.field == field)
}

fn problem(field: &str, why: String) -> Problems {
    let mut problems = Problems::default();
    problems.add(field, why);
    problems
}

fn form_page(
    state: &AppState,
    ui: &Ui,
    status: StatusCode,
    event: bool,
    v: &FormData,
    problems: &Problems,
    refusal: Option<String>,
) -> Response {
    let title = ui
        .t(if event {
            "suggest-event"
        } else {
            "suggest-initiative"
        })
        .into_owned();
    let fields: Vec<&str> = (if event { EVENT } else { INITIATIVE })
        .iter()
        .map(|(n, _)| *n)
        .collect();
    let field = |name: &'static str, key: &str| Input::new(name, ui.t(key), v.get(name));
    let main = html! {
        h1 { (title) }
        p.lead { (ui.t("suggest-intro")) }
        p.small {
            @if event { a href="/suggest" { (ui.t("suggest-initiative-instead")) } }
            @else { a href="/suggest?kind=event" { (ui.t("suggest-event-instead")) } }
        }
        @if let Some(why) = refusal { p.problems role="alert" { (why) } }
        (other_problems(ui, problems, &fields))
        form.entry method="post" action="/suggest" enctype="multipart/form-data" {
            input type="hidden" name="kind" value=(if event { "event" } else { "initiative" });
            div.hp aria-hidden="true" {
                label for="f-homepage" { (ui.t("suggest-honeypot")) }
                input #f-homepage type="text" name=(HONEYPOT) tabindex="-1" autocomplete="off";
            }
            (field("name", "form-name").required().render(problems))
            @if event {
                div.row {
                    (field("starts_at", "form-starts").kind("datetime-local").required().render(problems))
                    (field("ends_at", "form-ends").kind("datetime-local").render(problems))
                }
            } @else {
                (field("summary", "form-summary").render(problems))
            }
            (field("description", "form-description").kind("textarea").hint(ui.t("form-markdown-hint")).render(problems))
            (form::categories(ui, &v.all("categories"), problems))
            fieldset {
                legend { (ui.t("form-place")) }
                (entries::address_fields(ui, v, problems))
            }
            @if event {
                (field("online_url", "form-online").kind("url").render(problems))
            } @else {
                (field("website", "form-website").kind("url").render(problems))
                (field("email", "form-email").kind("email").render(problems))
                (field("opening_hours", "form-hours").hint(ui.t("form-hours-hint")).render(problems))
            }
            fieldset {
                legend { (ui.t("suggest-picture")) }
                div.field.invalid[has(problems, "picture")] {
                    label for="f-picture" { (ui.t("pictures-file")) }
                    input #f-picture type="file" name="picture" accept="image/jpeg,image/png,image/webp,image/gif"
                        aria-describedby=[has(problems, "picture").then_some("f-picture-error")];
                    @for p in problems.iter().filter(|p| p.field == "picture") { p.error #f-picture-error { (p.message) } }
                }
                (field("picture_description", "pictures-description").kind("textarea").render(problems))
            }
            p.small { (ui.t("suggest-review-note")) }
            button type="submit" { (ui.t("suggest-submit")) }
        }
    };
    let head = Head {
        title,
        description: ui.t("suggest-intro").into_owned(),
        ..Head::default()
    };
    ui.respond(status, page(state, ui, head, main))
}
