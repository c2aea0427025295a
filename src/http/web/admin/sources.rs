//! `/admin/sources`, for admins: the files and maps read on a schedule into the directory
//! (failing ones first, with why), each one's page (its runs, the ids left out, run now,
//! remove) and its form (`source_form`), previewed before saving.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use super::super::Ui;
use super::form::Input;
use super::session::{AdminForm, AdminOnly, AdminOnlyForm, Signed, csrf_field};
use super::source_form::{PREVIEW_ROWS, Typed, form};
use super::{done, failed, frame, log, refused, when};
use crate::app::AppState;
use crate::domain::sources::{self, Outcome, Source};
use crate::domain::{self, Problems};
use crate::ops;

/// How many runs a source's page lists.
const RUNS: i64 = 20;

pub async fn list(State(state): State<AppState>, ui: Ui, AdminOnly(signed): AdminOnly) -> Response {
    let found = async {
        Ok::<_, domain::Error>((
            sources::list(&state.db).await?,
            sources::entry_counts(&state.db).await?,
        ))
    };
    let (list, counts) = match found.await {
        Ok(found) => found,
        Err(e) => return failed(&state, &ui, e),
    };
    let count = |id: i64| {
        counts
            .iter()
            .find(|c| c.0 == id)
            .map_or((0, 0), |c| (c.1, c.2))
    };
    let main = html! {
        p { (ui.t("sources-intro")) }
        p { a.button href="/admin/sources/new" { (ui.t("sources-new")) } }
        @if list.is_empty() { p { (ui.t("sources-none")) } }
        @else {
            table.admin-list {
                thead { tr {
                    th { (ui.t("sources-name")) } th { (ui.t("sources-format")) } th { (ui.t("sources-every")) }
                    th { (ui.t("sources-last-run")) } th { (ui.t("sources-entries")) }
                } }
                tbody { @for s in &list {
                    @let (entries, left) = count(s.id);
                    tr.failing[s.is_failing()] {
                        td { a href={ "/admin/sources/" (s.id) } { (s.attribution.name) } br; span.small { (s.url) } }
                        td { (ui.t(&format!("sources-format-{}", s.format.as_str()))) }
                        td { (sources::format_every(s.every)) }
                        td { (status(&state, &ui, s)) }
                        td { (entries) @if left > 0 { " " span.small { (ui.locale.tr("sources-left", &[("count", left.into())])) } } }
                    }
                } }
            }
        }
    };
    ui.respond(
        StatusCode::OK,
        frame(&state, &ui, &signed, &ui.t("admin-sources"), main),
    )
}

/// When it last ran, and whether it fails (and why).
fn status(state: &AppState, ui: &Ui, s: &Source) -> maud::Markup {
    html! {
        @match s.last_run_at { Some(at) => (when(state, at)), None => (ui.t("sources-never")) }
        @if let Some(error) = s.error.as_ref().filter(|_| s.is_failing()) {
            br; strong.error { (ui.t("sources-failing")) } " " (error)
            br; span.small { (ui.locale.tr("sources-retry", &[("at", when(state, s.next_run_at).into())])) }
        }
    }
}

pub async fn new(State(state): State<AppState>, ui: Ui, AdminOnly(signed): AdminOnly) -> Response {
    let typed = Typed {
        every: "24h".into(),
        format: "csv".into(),
        ..Typed::default()
    };
    let main = form(
        &ui,
        &signed,
        "/admin/sources",
        &typed,
        &Problems::default(),
        None,
    );
    ui.respond(
        StatusCode::OK,
        frame(&state, &ui, &signed, &ui.t("sources-new"), main),
    )
}

/// `POST /admin/sources`: a preview of the typed source, or the source saved and run at once.
pub async fn create(
    State(state): State<AppState>,
    ui: Ui,
    AdminOnlyForm(AdminForm { signed, form: data }): AdminOnlyForm,
) -> Response {
    let typed = Typed::read(&data);
    let title = ui.t("sources-new");
    let again = |status, problems: &Problems, preview| {
        let main = form(&ui, &signed, "/admin/sources", &typed, problems, preview);
        ui.respond(status, frame(&state, &ui, &signed, &title, main))
    };
    let input = match typed.input() {
        Ok(input) => input,
        Err(problems) => return again(StatusCode::UNPROCESSABLE_ENTITY, &problems, None),
    };
    if data.get("action") == "preview" {
        let preview = preview(&state, &input).await;
        return match preview {
            Ok(preview) => again(StatusCode::OK, &Problems::default(), Some(&preview)),
            Err(problems) => again(StatusCode::UNPROCESSABLE_ENTITY, &problems, None),
        };
    }
    match sources::add(&state.db, &input).await {
        Ok(source) => {
            log(&state, &signed, "source.add", &source.url).await;
            run_now(&state, source.id).await;
            done(&format!("/admin/sources/{}", source.id), "created")
        }
        Err(domain::Error::Invalid(problems)) => {
            again(StatusCode::UNPROCESSABLE_ENTITY, &problems, None)
        }
        Err(e) => refused(&state, &ui, e),
    }
}

/// The first rows of a typed source as they would be stored (or why it cannot be read).
async fn preview(
    state: &AppState,
    input: &sources::SourceInput,
) -> Result<Result<ops::sources::Preview, String>, Problems> {
    let (format, record) = sources::check(input)?;
    Ok(ops::sources::preview(
        &state.sources,
        &record.url,
        format,
        &input.mapping,
        PREVIEW_ROWS,
    )
    .await)
}

/// Runs a source at once, and tells followers what it brought.
async fn run_now(state: &AppState, id: i64) {
    match ops::sources::run(&state.db, &state.sources, id, true).await {
        Ok(_) => state.publish_changes().await,
        Err(e) => tracing::error!(source = id, error = %e, "Source {id} could not run"),
    }
}

pub async fn show(
    State(state): State<AppState>,
    ui: Ui,
    AdminOnly(signed): AdminOnly,
    Path(id): Path<i64>,
) -> Response {
    let source = match sources::get(&state.db, id).await {
        Ok(source) => source,
        Err(e) => return refused(&state, &ui, e),
    };
    page(
        &state,
        &ui,
        &signed,
        &source,
        StatusCode::OK,
        &Typed::of(&source),
        &Problems::default(),
        None,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    ui: &Ui,
    signed: &Signed,
    s: &Source,
    status_code: StatusCode,
    typed: &Typed,
    problems: &Problems,
    preview: Option<&Result<ops::sources::Preview, String>>,
) -> Response {
    let runs = match sources::runs(&state.db, s.id, RUNS).await {
        Ok(runs) => runs,
        Err(e) => return failed(state, ui, e),
    };
    let action = format!("/admin/sources/{}", s.id);
    let main = html! {
        p { a href=(s.url) { (s.url) } }
        p { (status(state, ui, s)) }
        form.inline method="post" action={ (action) "/run" } {
            (csrf_field(signed))
            button.primary type="submit" { (ui.t("sources-run")) }
        }
        h2 { (ui.t("sources-runs")) }
        @if runs.is_empty() { p { (ui.t("sources-never")) } }
        ol.runs { @for run in &runs {
            li.failing[matches!(run.outcome, Outcome::Failed(_))] {
                (when(state, run.started_at)) " — " (run.to_string())
                @if !run.notes.is_empty() {
                    ul.small { @for note in &run.notes { li { (note) } } }
                }
            }
        } }
        h2 { (ui.t("sources-ignored")) }
        p.small { (ui.t("sources-ignored-hint")) }
        @if !s.ignored.is_empty() {
            ul { @for key in &s.ignored {
                li {
                    code { (key) } " "
                    form.inline method="post" action={ (action) "/unignore" } {
                        (csrf_field(signed))
                        input type="hidden" name="key" value=(key);
                        button.link type="submit" { (ui.t("sources-unignore")) }
                    }
                }
            } }
        }
        form method="post" action={ (action) "/ignore" } {
            (csrf_field(signed))
            (Input::new("key", ui.t("sources-ignore-key"), "").required().render(&Problems::default()))
            button type="submit" { (ui.t("sources-ignore")) }
        }
        h2 { (ui.t("sources-settings")) }
        (form(ui, signed, &action, typed, problems, preview))
        h2 { (ui.t("sources-remove")) }
        p.small { (ui.t("sources-remove-hint")) }
        form method="post" action={ (action) "/remove" } data-confirm=(ui.t("sources-remove-confirm")) {
            (csrf_field(signed))
            button.danger type="submit" { (ui.t("sources-remove")) }
        }
    };
    ui.respond(
        status_code,
        frame(state, ui, signed, &s.attribution.name, main),
    )
}

/// `POST /admin/sources/{id}`: a preview of the edited source, or the edit saved.
pub async fn update(
    State(state): State<AppState>,
    ui: Ui,
    Path(id): Path<i64>,
    AdminOnlyForm(AdminForm { signed, form: data }): AdminOnlyForm,
) -> Response {
    let source = match sources::get(&state.db, id).await {
        Ok(source) => source,
        Err(e) => return refused(&state, &ui, e),
    };
    let typed = Typed::read(&data);
    let refused_with = |problems: Problems| {
        let (state, ui, signed, source, typed) = (&state, &ui, &signed, &source, &typed);
        async move {
            page(
                state,
                ui,
                signed,
                source,
                StatusCode::UNPROCESSABLE_ENTITY,
                typed,
                &problems,
                None,
            )
            .await
        }
    };
    let input = match typed.input() {
        Ok(input) => input,
        Err(problems) => return refused_with(problems).await,
    };
    if data.get("action") == "preview" {
        return match preview(&state, &input).await {
            Ok(p) => {
                page(
                    &state,
                    &ui,
                    &signed,
                    &source,
                    StatusCode::OK,
                    &typed,
                    &Problems::default(),
                    Some(&p),
                )
                .await
            }
            Err(problems) => refused_with(problems).await,
        };
    }
    match sources::update(&state.db, id, &input).await {
        Ok(_) => {
            log(&state, &signed, "source.update", &source.url).await;
            done(&format!("/admin/sources/{id}"), "saved")
        }
        Err(domain::Error::Invalid(problems)) => refused_with(problems).await,
        Err(e) => refused(&state, &ui, e),
    }
}

/// `POST /admin/sources/{id}/{run|remove|ignore|unignore}`.
pub async fn act(
    State(state): State<AppState>,
    ui: Ui,
    Path((id, action)): Path<(i64, String)>,
    AdminOnlyForm(AdminForm { signed, form: data }): AdminOnlyForm,
) -> Response {
    let source = match sources::get(&state.db, id).await {
        Ok(source) => source,
        Err(e) => return refused(&state, &ui, e),
    };
    let here = format!("/admin/sources/{id}");
    let key = data.get("key").trim();
    let outcome = match action.as_str() {
        "run" => {
            run_now(&state, id).await;
            Ok("ran")
        }
        "remove" => sources::remove(&state.db, id).await.map(|()| "removed"),
        "ignore" if key.is_empty() => {
            Err(domain::Error::Invalid(super::problem("key", "is required")))
        }
        "ignore" => sources::ignore(&state.db, id, key).await.map(|_| "saved"),
        "unignore" => sources::unignore(&state.db, id, key).await.map(|_| "saved"),
        _ => return super::super::not_found(&state, &ui),
    };
    match outcome {
        Ok(notice) => {
            log(
                &state,
                &signed,
                &format!("source.{action}"),
                &format!("{} {key}", source.url),
            )
            .await;
            let to = if action == "remove" {
                "/admin/sources"
            } else {
                &here
            };
            done(to, notice)
        }
        Err(e) => refused(&state, &ui, e),
    }
}
