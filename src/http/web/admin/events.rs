//! `/admin/events`: the chapter's own events, to list, create (once or repeating), edit,
//! duplicate and delete. The form goes through the API's input type, so the same rules apply.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use super::super::Ui;
use super::entries::{self, LOCATION, PER_PAGE};
use super::form::{self, Input, Kind, other_problems, select};
use super::session::{AdminForm, FormData, Signed, csrf_field};
use super::{done, failed, frame, log, refused};
use crate::app::AppState;
use crate::db::{self, origin::OriginFilter};
use crate::domain::event::{self, Event, EventData, EventInput};
use crate::domain::origin::Review;
use crate::domain::series::{self, Rule};
use crate::domain::{self, Problems, now, text};

/// The form's fields besides the place, as the API names them.
const FIELDS: &[(&str, Kind)] = &[
    ("name", Kind::Plain),
    ("slug", Kind::Text),
    ("description", Kind::Plain),
    ("starts_at", Kind::Text),
    ("ends_at", Kind::Text),
    ("timezone", Kind::Text),
    ("online_url", Kind::Text),
    ("initiative", Kind::Text),
    ("categories", Kind::Checks),
    ("tags", Kind::List),
    ("capacity", Kind::Integer),
    ("join_mode", Kind::Text),
    ("registration_url", Kind::Text),
    ("status", Kind::Text),
    ("language", Kind::Text),
];

pub async fn list(State(state): State<AppState>, ui: Ui, signed: Signed) -> Response {
    let page = entries::page_number(&ui);
    let filter = db::events::Filter {
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
        from: (ui.param("past").is_none()).then(|| now() - chrono::Duration::days(1)),
        limit: PER_PAGE + 1,
        offset: (page - 1) * PER_PAGE,
        ..Default::default()
    };
    let rows = match db::events::list(&state.db, &filter).await {
        Ok((rows, _)) => rows,
        Err(e) => return failed(&state, &ui, e),
    };
    let more = rows.len() as i64 > PER_PAGE;
    let items: Vec<Event> = rows
        .into_iter()
        .take(PER_PAGE as usize)
        .map(Event::from_row)
        .collect();
    let main = html! {
        p { a.button href="/admin/events/new" { (ui.t("admin-new-event")) } }
        (entries::search_box(&ui, "/admin/events"))
        p.small { @if ui.param("past").is_some() { a href="/admin/events" { (ui.t("admin-upcoming-only")) } } @else { a href="/admin/events?past=1" { (ui.t("admin-with-past")) } } }
        @if items.is_empty() { p { (ui.t("admin-nothing")) } } @else {
            table.admin-list {
                thead { tr { th { (ui.t("form-name")) } th { (ui.t("form-starts")) } th { (ui.t("form-status")) } th { (ui.t("admin-updated")) } } }
                tbody { @for i in &items {
                    tr {
                        td { a href={ "/admin/events/" (i.slug) } { (i.data.name) }
                            @if i.review == Review::Pending { " " span.badge { (ui.t("admin-pending")) } } }
                        td { (local(&i.data, i.data.starts_at).replace('T', " ")) }
                        td { (ui.t(&format!("event-status-{}", i.data.status.as_str()))) }
                        td { (i.updated_at.with_timezone(&state.timezone).format("%Y-%m-%d %H:%M")) }
                    }
                } }
            }
            (entries::pager(&ui, page, more))
        }
    };
    ui.respond(
        StatusCode::OK,
        frame(&state, &ui, &signed, &ui.t("admin-events"), main),
    )
}

pub async fn new(State(state): State<AppState>, ui: Ui, signed: Signed) -> Response {
    let mut prefill = FormData(vec![
        ("timezone".to_owned(), state.timezone.name().to_owned()),
        ("join_mode".to_owned(), "none".to_owned()),
        ("status".to_owned(), "scheduled".to_owned()),
    ]);
    if let Some(from) = ui.param("from") {
        match event::get(&state.db, from).await {
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
    let input = match form::read::<EventInput>(&form, &all_fields(), false) {
        Ok(input) => input,
        Err(problems) => {
            return form_refused(
                &state,
                &ui,
                &signed,
                None,
                form,
                domain::Error::Invalid(problems),
            );
        }
    };
    let outcome = match repetition(&form) {
        Ok(None) => event::create(&state.db, input, state.timezone)
            .await
            .map(|e| vec![e]),
        Ok(Some((rule, count))) => {
            event::create_series(&state.db, input, state.timezone, rule, count).await
        }
        Err(mut problems) => {
            // Say everything that is wrong at once, the event's own fields too.
            for p in event::problems_of_new(input, state.timezone).iter() {
                problems.add(p.field.clone(), p.message.clone());
            }
            Err(domain::Error::Invalid(problems))
        }
    };
    match outcome {
        Ok(created) if created.len() == 1 => {
            state.publish_changes().await;
            log(&state, &signed, "event.create", &created[0].slug).await;
            done(&format!("/admin/events/{}", created[0].slug), "created")
        }
        Ok(created) => {
            state.publish_changes().await;
            let slugs: Vec<&str> = created.iter().map(|e| e.slug.as_str()).collect();
            log(&state, &signed, "event.create", &slugs.join(", ")).await;
            done("/admin/events", "series")
        }
        Err(e) => form_refused(&state, &ui, &signed, None, form, e),
    }
}

/// The repetition asked for on a new event: a rule and how many occurrences.
fn repetition(form: &FormData) -> Result<Option<(Rule, u32)>, Problems> {
    let mut problems = Problems::default();
    let rule = problems
        .check("repeat", Some(form.get("repeat")), Rule::parse)
        .flatten();
    let count = match (rule, form.get("repeat_count").parse::<u32>()) {
        (None, _) => 0,
        (Some(_), Ok(n)) if (2..=series::MAX_COUNT).contains(&n) => n,
        (Some(_), _) => {
            problems.add(
                "repeat_count",
                format!("must be a number from 2 to {}", series::MAX_COUNT),
            );
            0
        }
    };
    problems.into_result(rule.map(|r| (r, count)))
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
    let outcome = match form::read::<EventInput>(&form, &all_fields(), true) {
        Ok(input) => event::update(&state.db, &slug, input).await,
        Err(problems) => Err(domain::Error::Invalid(problems)),
    };
    match outcome {
        Ok(saved) => {
            state.publish_changes().await;
            log(&state, &signed, "event.update", &saved.slug).await;
            done(&format!("/admin/events/{}", saved.slug), "saved")
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
    match event::delete(&state.db, &slug).await {
        Ok(()) => {
            state.publish_changes().await;
            log(&state, &signed, "event.delete", &slug).await;
            done("/admin/events", "deleted")
        }
        Err(e) => refused(&state, &ui, e),
    }
}

/// One of our initiatives (a mirrored one changes only at its origin: 404 here).
async fn own(state: &AppState, slug: &str) -> Result<Event, domain::Error> {
    let found = event::get(&state.db, slug).await?;
    if found.origin.is_some() {
        return Err(domain::Error::NotFound("event"));
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
    current: Option<&Event>,
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

fn values(d: &EventData) -> FormData {
    let mut v: Vec<(String, String)> = [
        ("name", d.name.clone()),
        ("description", d.description.clone()),
        ("starts_at", local(d, d.starts_at)),
        (
            "ends_at",
            d.ends_at.map(|end| local(d, end)).unwrap_or_default(),
        ),
        ("timezone", d.timezone.name().to_owned()),
        ("online_url", d.online_url.clone().unwrap_or_default()),
        ("initiative", d.initiative.clone().unwrap_or_default()),
        ("tags", d.tags.join(", ")),
        (
            "capacity",
            d.capacity.map(|c| c.to_string()).unwrap_or_default(),
        ),
        ("join_mode", d.join_mode.as_str().to_owned()),
        (
            "registration_url",
            d.registration_url.clone().unwrap_or_default(),
        ),
        ("status", d.status.as_str().to_owned()),
        ("language", d.language.clone().unwrap_or_default()),
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

/// A time as a `datetime-local` value in the event's zone.
fn local(d: &EventData, at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&d.timezone)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// Options of a select: each value with its label's key.
fn options(ui: &Ui, prefix: &str, values: &[&str]) -> Vec<(String, String)> {
    values
        .iter()
        .map(|v| (v.to_string(), ui.t(&format!("{prefix}-{v}")).into_owned()))
        .collect()
}

fn page(
    state: &AppState,
    ui: &Ui,
    signed: &Signed,
    status: StatusCode,
    current: Option<&Event>,
    v: &FormData,
    problems: &Problems,
) -> Response {
    let title = match current {
        Some(i) => i.data.name.clone(),
        None => ui.t("admin-new-event").into_owned(),
    };
    let action = current.map_or("/admin/events".to_owned(), |i| {
        format!("/admin/events/{}", i.slug)
    });
    let slug = current.map_or(v.get("slug").to_owned(), |i| {
        if v.0.iter().any(|(k, _)| k == "slug") {
            v.get("slug").to_owned()
        } else {
            i.slug.clone()
        }
    });
    let mut names: Vec<&str> = all_fields().iter().map(|(n, _)| *n).collect();
    names.extend(["repeat", "repeat_count"]);
    let repeats = options(
        ui,
        "repeat",
        &[
            "none",
            "weekly",
            "biweekly",
            "monthly-day",
            "monthly-weekday",
        ],
    );
    let main = html! {
        @if let Some(i) = current { (actions(ui, signed, i)) }
        (other_problems(ui, problems, &names))
        form.entry method="post" action=(action) {
            (csrf_field(signed))
            fieldset {
                legend { (ui.t("form-basics")) }
                (Input::new("name", ui.t("form-name"), v.get("name")).required().render(problems))
                (Input::new("slug", ui.t("form-slug"), &slug).hint(ui.t("form-slug-hint")).render(problems))
                (entries::description_field(ui, v, problems))
                (form::categories(ui, &v.all("categories"), problems))
                (Input::new("tags", ui.t("form-tags"), v.get("tags")).hint(ui.t("form-list-hint")).render(problems))
                (Input::new("initiative", ui.t("form-initiative"), v.get("initiative")).hint(ui.t("form-initiative-hint")).render(problems))
                (select("status", &ui.t("form-status"), v.get("status"), &options(ui, "event-status", &["scheduled", "postponed", "cancelled"]), problems))
            }
            fieldset {
                legend { (ui.t("form-when")) }
                div.row {
                    (Input::new("starts_at", ui.t("form-starts"), v.get("starts_at")).kind("datetime-local").required().render(problems))
                    (Input::new("ends_at", ui.t("form-ends"), v.get("ends_at")).kind("datetime-local").render(problems))
                }
                (Input::new("timezone", ui.t("form-timezone"), v.get("timezone")).hint(ui.t("form-timezone-hint")).render(problems))
                @if current.is_none() {
                    div.row {
                        (select("repeat", &ui.t("form-repeat"), v.get("repeat"), &repeats, problems))
                        (Input::new("repeat_count", ui.t("form-repeat-count"), v.get("repeat_count")).kind("number").hint(ui.t("form-repeat-hint")).render(problems))
                    }
                }
            }
            (entries::location_fields(ui, v, problems))
            fieldset {
                legend { (ui.t("form-taking-part")) }
                (Input::new("online_url", ui.t("form-online"), v.get("online_url")).kind("url").render(problems))
                (select("join_mode", &ui.t("form-join-mode"), v.get("join_mode"), &options(ui, "join-mode", &["none", "free", "external"]), problems))
                (Input::new("registration_url", ui.t("form-registration"), v.get("registration_url")).kind("url").render(problems))
                (Input::new("capacity", ui.t("form-capacity"), v.get("capacity")).kind("number").render(problems))
                (Input::new("language", ui.t("form-language"), v.get("language")).hint(ui.t("form-language-hint")).render(problems))
            }
            button type="submit" { (ui.t(if current.is_some() { "form-save" } else { "form-create" })) }
        }
    };
    ui.respond(status, frame(state, ui, signed, &title, main))
}

/// Links and buttons above an existing initiative's form.
fn actions(ui: &Ui, signed: &Signed, i: &Event) -> Markup {
    html! {
        div.actions {
            @if i.review == Review::Published {
                a href={ "/events/" (i.slug) } { (ui.t("admin-view")) } " · "
            }
            a href={ "/admin/events/new?from=" (i.slug) } { (ui.t("admin-duplicate")) } " · "
            form.inline method="post" action={ "/admin/events/" (i.slug) "/delete" } data-confirm=(ui.t("admin-confirm-delete")) {
                (csrf_field(signed))
                button.danger type="submit" { (ui.t("admin-delete")) }
            }
        }
    }
}
