//! `/admin/events`: the chapter's own events, to list, create (once or repeating), edit,
//! duplicate and delete. The form goes through the API's input type, so the same rules apply.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use super::super::Ui;
use super::super::components::pagination;
use super::entries::{self, PER_PAGE};
use super::event_choices::with_organiser;
use super::event_form::{all_fields, local, page, values};
use super::form;
use super::pictures;
use super::session::{AdminForm, FormData, Signed};
use super::{failed, frame, refused, when};
use crate::app::AppState;
use crate::db;
use crate::db::origin::OriginFilter;
use crate::domain::event::{self, Event, EventInput};
use crate::domain::listing::search_terms;
use crate::domain::origin::Review;
use crate::domain::series::{self, Rule};
use crate::domain::{self, Problems, now};

pub async fn list(State(state): State<AppState>, ui: Ui, signed: Signed) -> Response {
    let page = entries::page_number(&ui);
    let filter = db::events::Filter {
        terms: ui.param("q").map(search_terms).unwrap_or_default(),
        origin: OriginFilter::Local,
        from: (ui.param("past").is_none()).then(|| now() - chrono::Duration::days(1)),
        limit: PER_PAGE,
        offset: (page - 1) * PER_PAGE,
        ..Default::default()
    };
    let (rows, total) = match db::events::list(&state.db, &filter).await {
        Ok(found) => found,
        Err(e) => return failed(&state, &ui, e),
    };
    let items: Vec<Event> = rows.into_iter().map(Event::from_row).collect();
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
                        td { (when(&state, i.updated_at)) }
                    }
                } }
            }
            (pagination(&ui, page, PER_PAGE, total))
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
                prefill = values(&copy, &[]);
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
        (&prefill, &[]),
        &Problems::default(),
    )
    .await
}

pub async fn create(
    State(state): State<AppState>,
    ui: Ui,
    AdminForm { signed, form }: AdminForm,
) -> Response {
    let read = with_organiser(&state, &form).await.and_then(|named| {
        let (read, chosen) = entries::read_pictures(&named).map_err(domain::Error::Invalid)?;
        let input = form::read::<EventInput>(&read, &all_fields(), false);
        Ok((input.map_err(domain::Error::Invalid)?, chosen))
    });
    let (input, chosen) = match read {
        Ok(read) => read,
        Err(e) => return form_refused(&state, &ui, &signed, None, form, e).await,
    };
    let outcome = match repetition(&form) {
        Ok(None) => event::create(&state.db, input, &state.rules)
            .await
            .map(|e| vec![e]),
        Ok(Some((rule, count))) => {
            event::create_series(&state.db, input, &state.rules, rule, count).await
        }
        Err(mut problems) => {
            // Say everything that is wrong at once, the event's own fields too.
            for p in event::problems_of_new(input, state.timezone).iter() {
                problems.add(p.field.clone(), p.message.clone());
            }
            Err(domain::Error::Invalid(problems))
        }
    };
    // A series' events have no pictures of their own: only a single event keeps them.
    let outcome = match outcome {
        Ok(mut created) if created.len() == 1 => {
            entries::save_pictures(&state, &chosen, Ok(created.remove(0)), |_| true)
                .await
                .map(|one| vec![one])
        }
        other => other,
    };
    match outcome {
        Ok(created) if created.len() == 1 => {
            let slug = &created[0].slug;
            let to = format!("/admin/events/{slug}");
            entries::changed(&state, &signed, ("event.create", slug), &to, "created").await
        }
        Ok(created) => {
            let slugs: Vec<&str> = created.iter().map(|e| e.slug.as_str()).collect();
            let target = slugs.join(", ");
            entries::changed(
                &state,
                &signed,
                ("event.create", &target),
                "/admin/events",
                "series",
            )
            .await
        }
        Err(e) => form_refused(&state, &ui, &signed, None, form, e).await,
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
        Ok(found) => {
            page(
                &state,
                &ui,
                &signed,
                StatusCode::OK,
                Some(&found),
                (&values(&found.data, &found.pictures), &found.pictures),
                &Problems::default(),
            )
            .await
        }
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
    let read = with_organiser(&state, &form)
        .await
        .and_then(|named| entries::read_pictures(&named).map_err(domain::Error::Invalid));
    let (read, chosen) = match read {
        Ok(read) => read,
        Err(e) => return form_refused(&state, &ui, &signed, Some(&current), form, e).await,
    };
    let outcome = match form::read::<EventInput>(&read, &all_fields(), true) {
        Ok(input) => event::update(&state.db, &slug, input, &state.rules).await,
        Err(problems) => Err(domain::Error::Invalid(problems)),
    };
    let outcome = entries::save_pictures(&state, &chosen, outcome, |saved| {
        saved.updated_at != current.updated_at
    })
    .await;
    match outcome {
        Ok(saved) => {
            let to = format!("/admin/events/{}", saved.slug);
            entries::changed(&state, &signed, ("event.update", &saved.slug), &to, "saved").await
        }
        Err(e) => form_refused(&state, &ui, &signed, Some(&current), form, e).await,
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
            entries::changed(
                &state,
                &signed,
                ("event.delete", &slug),
                "/admin/events",
                "deleted",
            )
            .await
        }
        Err(e) => refused(&state, &ui, e),
    }
}

async fn own(state: &AppState, slug: &str) -> Result<Event, domain::Error> {
    let found = event::get(&state.db, slug).await;
    entries::own(found, |e| e.origin.is_some(), "event")
}

/// The form again, with what was typed and why it was refused.
async fn form_refused(
    state: &AppState,
    ui: &Ui,
    signed: &Signed,
    current: Option<&Event>,
    form: FormData,
    error: domain::Error,
) -> Response {
    match entries::refusal(error) {
        Ok((status, problems)) => {
            let values = entries::without_token(form);
            let shown = pictures::shown(state, &values).await;
            page(
                state,
                ui,
                signed,
                status,
                current,
                (&values, &shown),
                &problems,
            )
            .await
        }
        Err(other) => failed(state, ui, other),
    }
}
