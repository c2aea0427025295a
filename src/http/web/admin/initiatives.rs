//! `/admin/initiatives`: the chapter's own initiatives, to list, create, edit, duplicate and
//! delete. The form goes through the API's input type, so the same rules apply.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use super::super::{Ui, components::category_name};
use super::entries::{self, LOCATION, PER_PAGE};
use super::form::{self, Input, Kind, other_problems, select};
use super::session::{AdminForm, FormData, Signed, csrf_field};
use super::{done, failed, frame, log, refused};
use crate::app::AppState;
use crate::db::{self, origin::OriginFilter};
use crate::domain::initiative::{self, Initiative, InitiativeData, InitiativeInput};
use crate::domain::origin::Review;
use crate::domain::{self, Problems, text};

/// The form's fields besides the place, as the API names them.
const FIELDS: &[(&str, Kind)] = &[
    ("name", Kind::Plain),
    ("slug", Kind::Text),
    ("summary", Kind::Plain),
    ("description", Kind::Plain),
    ("categories", Kind::Checks),
    ("tags", Kind::List),
    ("website", Kind::Text),
    ("email", Kind::Text),
    ("phone", Kind::Text),
    ("opening_hours", Kind::Text),
    ("languages", Kind::List),
    ("image_url", Kind::Text),
    ("status", Kind::Text),
];

pub async fn list(State(state): State<AppState>, ui: Ui, signed: Signed) -> Response {
    let page = entries::page_number(&ui);
    let filter = db::initiatives::Filter {
        terms: ui
            .param("q")
            .map(|q| {
                text::fold(q)
                    .split_whitespace()
                    .take(10)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        origin: OriginFilter::Local,
        limit: PER_PAGE + 1,
        offset: (page - 1) * PER_PAGE,
        ..Default::default()
    };
    let rows = match db::initiatives::list(&state.db, &filter).await {
        Ok((rows, _)) => rows,
        Err(e) => return failed(&state, &ui, e),
    };
    let more = rows.len() as i64 > PER_PAGE;
    let items: Vec<Initiative> = rows
        .into_iter()
        .take(PER_PAGE as usize)
        .map(Initiative::from_row)
        .collect();
    let main = html! {
        p { a.button href="/admin/initiatives/new" { (ui.t("admin-new-initiative")) } }
        (entries::search_box(&ui, "/admin/initiatives"))
        @if items.is_empty() { p { (ui.t("admin-nothing")) } } @else {
            table.admin-list {
                thead { tr { th { (ui.t("form-name")) } th { (ui.t("form-categories")) } th { (ui.t("form-status")) } th { (ui.t("admin-updated")) } } }
                tbody { @for i in &items {
                    tr {
                        td { a href={ "/admin/initiatives/" (i.slug) } { (i.data.name) }
                            @if i.review == Review::Pending { " " span.badge { (ui.t("admin-pending")) } } }
                        td { @for c in &i.data.categories { (category_name(&ui, c)) " " } }
                        td { (ui.t(&format!("status-{}", i.data.status.as_str()))) }
                        td { (i.updated_at.with_timezone(&state.timezone).format("%Y-%m-%d %H:%M")) }
                    }
                } }
            }
            (entries::pager(&ui, page, more))
        }
    };
    ui.respond(
        StatusCode::OK,
        frame(&state, &ui, &signed, &ui.t("admin-initiatives"), main),
    )
}

pub async fn new(State(state): State<AppState>, ui: Ui, signed: Signed) -> Response {
    let mut prefill = values(&InitiativeData::default());
    if let Some(from) = ui.param("from") {
        match initiative::get(&state.db, from).await {
            Ok(found) => {
                let mut copy = found.data;
                copy.name = ui.locale.tr("admin-copy-of", &[("name", copy.name.into())]);
                prefill = values(&copy);
            }
            Err(e) => return refused(&state, &ui, e),
        }
    }
    page(
        &state,
        &ui,
        &signed,
        StatusCode::OK,
        None,
        &prefill,
        &Problems::default(),
    )
}

pub async fn create(
    State(state): State<AppState>,
    ui: Ui,
    AdminForm { signed, form }: AdminForm,
) -> Response {
    let outcome = match form::read::<InitiativeInput>(&form, &all_fields(), false) {
        Ok(input) => initiative::create(&state.db, input).await,
        Err(problems) => Err(domain::Error::Invalid(problems)),
    };
    match outcome {
        Ok(created) => {
            state.publish_changes().await;
            log(&state, &signed, "initiative.create", &created.slug).await;
            done(&format!("/admin/initiatives/{}", created.slug), "created")
        }
        Err(e) => form_refused(&state, &ui, &signed, None, form, e),
    }
}

pub async fn edit(
    State(state): State<AppState>,
    ui: Ui,
    signed: Signed,
    Path(slug): Path<String>,
) -> Response {
    match own(&state, &slug).await {
        Ok(found) => page(
            &state,
            &ui,
            &signed,
            StatusCode::OK,
            Some(&found),
            &values(&found.data),
            &Problems::default(),
        ),
        Err(e) => refused(&state, &ui, e),
    }
}

pub async fn update(
    State(state): State<AppState>,
    ui: Ui,
    Path(slug): Path<String>,
    AdminForm { signed, form }: AdminForm,
) -> Response {
    let current = match own(&state, &slug).await {
        Ok(found) => found,
        Err(e) => return refused(&state, &ui, e),
    };
    let outcome = match form::read::<InitiativeInput>(&form, &all_fields(), true) {
        Ok(input) => initiative::update(&state.db, &slug, input).await,
        Err(problems) => Err(domain::Error::Invalid(problems)),
    };
    match outcome {
        Ok(saved) => {
            state.publish_changes().await;
            log(&state, &signed, "initiative.update", &saved.slug).await;
            done(&format!("/admin/initiatives/{}", saved.slug), "saved")
        }
        Err(e) => form_refused(&state, &ui, &signed, Some(&current), form, e),
    }
}

pub async fn delete(
    State(state): State<AppState>,
    ui: Ui,
    Path(slug): Path<String>,
    AdminForm { signed, .. }: AdminForm,
) -> Response {
    match initiative::delete(&state.db, &slug).await {
        Ok(()) => {
            state.publish_changes().await;
            log(&state, &signed, "initiative.delete", &slug).await;
            done("/admin/initiatives", "deleted")
        }
        Err(e) => refused(&state, &ui, e),
    }
}

/// One of our initiatives (a mirrored one changes only at its origin: 404 here).
async fn own(state: &AppState, slug: &str) -> Result<Initiative, domain::Error> {
    let found = initiative::get(&state.db, slug).await?;
    if found.origin.is_some() {
        return Err(domain::Error::NotFound("initiative"));
    }
    Ok(found)
}

fn all_fields() -> Vec<(&'static str, Kind)> {
    FIELDS.iter().chain(LOCATION).copied().collect()
}

/// The form again, with what was typed and why it was refused.
fn form_refused(
    state: &AppState,
    ui: &Ui,
    signed: &Signed,
    current: Option<&Initiative>,
    form: FormData,
    error: domain::Error,
) -> Response {
    let values = entries::without_token(form);
    let (status, problems) = match error {
        domain::Error::Invalid(problems) => (StatusCode::UNPROCESSABLE_ENTITY, problems),
        domain::Error::Conflict(why) => {
            let mut problems = Problems::default();
            problems.add("slug", why);
            (StatusCode::CONFLICT, problems)
        }
        other => return failed(state, ui, other),
    };
    page(state, ui, signed, status, current, &values, &problems)
}

fn values(d: &InitiativeData) -> FormData {
    let mut v: Vec<(String, String)> = [
        ("name", d.name.clone()),
        ("summary", d.summary.clone()),
        ("description", d.description.clone()),
        ("tags", d.tags.join(", ")),
        ("website", d.website.clone().unwrap_or_default()),
        ("email", d.email.clone().unwrap_or_default()),
        ("phone", d.phone.clone().unwrap_or_default()),
        ("opening_hours", d.opening_hours.clone().unwrap_or_default()),
        ("languages", d.languages.join(", ")),
        ("image_url", d.image_url.clone().unwrap_or_default()),
        ("status", d.status.as_str().to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    v.extend(
        d.categories
            .iter()
            .map(|c| ("categories".to_owned(), c.clone())),
    );
    entries::location_values(d.location.as_ref(), &mut v);
    FormData(v)
}

fn page(
    state: &AppState,
    ui: &Ui,
    signed: &Signed,
    status: StatusCode,
    current: Option<&Initiative>,
    v: &FormData,
    problems: &Problems,
) -> Response {
    let title = match current {
        Some(i) => i.data.name.clone(),
        None => ui.t("admin-new-initiative").into_owned(),
    };
    let action = current.map_or("/admin/initiatives".to_owned(), |i| {
        format!("/admin/initiatives/{}", i.slug)
    });
    let slug = current.map_or(v.get("slug").to_owned(), |i| {
        if v.0.iter().any(|(k, _)| k == "slug") {
            v.get("slug").to_owned()
        } else {
            i.slug.clone()
        }
    });
    let names: Vec<&str> = all_fields().iter().map(|(n, _)| *n).collect();
    let statuses: Vec<(String, String)> = ["active", "paused", "closed"]
        .iter()
        .map(|s| (s.to_string(), ui.t(&format!("status-{s}")).into_owned()))
        .collect();
    let main = html! {
        @if let Some(i) = current { (actions(ui, signed, i)) }
        (other_problems(ui, problems, &names))
        form.entry method="post" action=(action) {
            (csrf_field(signed))
            fieldset {
                legend { (ui.t("form-basics")) }
                (Input::new("name", ui.t("form-name"), v.get("name")).required().render(problems))
                (Input::new("slug", ui.t("form-slug"), &slug).hint(ui.t("form-slug-hint")).render(problems))
                (Input::new("summary", ui.t("form-summary"), v.get("summary")).render(problems))
                (entries::description_field(ui, v, problems))
                (form::categories(ui, &v.all("categories"), problems))
                (Input::new("tags", ui.t("form-tags"), v.get("tags")).hint(ui.t("form-list-hint")).render(problems))
                (select("status", &ui.t("form-status"), v.get("status"), &statuses, problems))
            }
            (entries::location_fields(ui, v, problems))
            fieldset {
                legend { (ui.t("form-contact")) }
                (Input::new("website", ui.t("form-website"), v.get("website")).kind("url").render(problems))
                (Input::new("email", ui.t("form-email"), v.get("email")).kind("email").render(problems))
                (Input::new("phone", ui.t("form-phone"), v.get("phone")).kind("tel").render(problems))
                (Input::new("languages", ui.t("form-languages"), v.get("languages")).hint(ui.t("form-languages-hint")).render(problems))
                (entries::image_field(ui, v, problems))
            }
            fieldset {
                legend { (ui.t("form-hours")) }
                (Input::new("opening_hours", ui.t("form-hours"), v.get("opening_hours")).hint(ui.t("form-hours-hint")).render(problems))
                div.preview data-preview="hours" data-source="f-opening_hours" aria-live="polite" {}
            }
            button type="submit" { (ui.t(if current.is_some() { "form-save" } else { "form-create" })) }
        }
    };
    ui.respond(status, frame(state, ui, signed, &title, main))
}

/// Links and buttons above an existing initiative's form.
fn actions(ui: &Ui, signed: &Signed, i: &Initiative) -> Markup {
    html! {
        div.actions {
            @if i.review == Review::Published {
                a href={ "/initiatives/" (i.slug) } { (ui.t("admin-view")) } " · "
            }
            a href={ "/admin/initiatives/new?from=" (i.slug) } { (ui.t("admin-duplicate")) } " · "
            form.inline method="post" action={ "/admin/initiatives/" (i.slug) "/delete" } data-confirm=(ui.t("admin-confirm-delete")) {
                (csrf_field(signed))
                button.danger type="submit" { (ui.t("admin-delete")) }
            }
        }
    }
}
