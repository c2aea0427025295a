//! `/admin/initiatives`: the chapter's own initiatives, to list, create, edit, duplicate and
//! delete. The form goes through the API's input type, so the same rules apply.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use super::super::Ui;
use super::super::components::{category_name, pagination};
use super::entries::{self, PER_PAGE};
use super::form;
use super::initiative_form::{all_fields, page, values};
use super::pictures;
use super::session::{AdminForm, FormData, Signed};
use super::{failed, frame, refused, when};
use crate::app::AppState;
use crate::db;
use crate::db::origin::OriginFilter;
use crate::domain::duplicates;
use crate::domain::initiative::{self, Initiative, InitiativeData, InitiativeInput};
use crate::domain::listing::search_terms;
use crate::domain::origin::Review;
use crate::domain::{self, Problems};

pub async fn list(State(state): State<AppState>, ui: Ui, signed: Signed) -> Response {
    let page = entries::page_number(&ui);
    let filter = db::initiatives::Filter {
        terms: ui.param("q").map(search_terms).unwrap_or_default(),
        origin: OriginFilter::Local,
        limit: PER_PAGE,
        offset: (page - 1) * PER_PAGE,
        ..Default::default()
    };
    let (rows, total) = match db::initiatives::list(&state.db, &filter).await {
        Ok(found) => found,
        Err(e) => return failed(&state, &ui, e),
    };
    let items: Vec<Initiative> = rows.into_iter().map(Initiative::from_row).collect();
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
                        td { (when(&state, i.updated_at)) }
                    }
                } }
            }
            (pagination(&ui, page, PER_PAGE, total))
        }
    };
    ui.respond(
        StatusCode::OK,
        frame(&state, &ui, &signed, &ui.t("admin-initiatives"), main),
    )
}

pub async fn new(State(state): State<AppState>, ui: Ui, signed: Signed) -> Response {
    let mut prefill = values(&InitiativeData::default(), &[]);
    if let Some(from) = ui.param("from") {
        match initiative::get(&state.db, from).await {
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
        (&Problems::default(), &[]),
    )
}

pub async fn create(
    State(state): State<AppState>,
    ui: Ui,
    AdminForm { signed, form }: AdminForm,
) -> Response {
    let (read, chosen) = match entries::read_pictures(&form) {
        Ok(read) => read,
        Err(problems) => {
            let e = domain::Error::Invalid(problems);
            return form_refused(&state, &ui, &signed, None, form, e).await;
        }
    };
    let outcome = match form::read::<InitiativeInput>(&read, &all_fields(), false) {
        Ok(input) => {
            // Likely duplicates are shown before saving; saving again confirms.
            if form.get("duplicates_seen") != "1" {
                match duplicates::preview_input(&state.db, input.clone(), None).await {
                    Ok(found) if !found.is_empty() => {
                        let shown = pictures::shown(&state, &form).await;
                        let values = (&entries::without_token(form.clone()), &shown[..]);
                        let (ok, none) = (StatusCode::OK, &Problems::default());
                        return page(&state, &ui, &signed, ok, None, values, (none, &found));
                    }
                    Ok(_) => {}
                    Err(e) => return failed(&state, &ui, e),
                }
            }
            initiative::create(&state.db, input, &state.rules).await
        }
        Err(problems) => Err(domain::Error::Invalid(problems)),
    };
    let outcome = entries::save_pictures(&state, &chosen, outcome, |_| true).await;
    match outcome {
        Ok(created) => {
            let to = format!("/admin/initiatives/{}", created.slug);
            entries::changed(
                &state,
                &signed,
                ("initiative.create", &created.slug),
                &to,
                "created",
            )
            .await
        }
        Err(e) => form_refused(&state, &ui, &signed, None, form, e).await,
    }
}

pub async fn edit(
    State(state): State<AppState>,
    ui: Ui,
    signed: Signed,
    Path(slug): Path<String>,
) -> Response {
    let found = match own(&state, &slug).await {
        Ok(found) => found,
        Err(e) => return refused(&state, &ui, e),
    };
    // The likely duplicates found when it was saved, until an admin decides.
    let duplicates = match duplicates::open_for(&state.db, found.id).await {
        Ok(list) => list,
        Err(e) => return failed(&state, &ui, e),
    };
    page(
        &state,
        &ui,
        &signed,
        StatusCode::OK,
        Some(&found),
        (&values(&found.data, &found.pictures), &found.pictures),
        (&Problems::default(), &duplicates),
    )
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
    let (read, chosen) = match entries::read_pictures(&form) {
        Ok(read) => read,
        Err(problems) => {
            let e = domain::Error::Invalid(problems);
            return form_refused(&state, &ui, &signed, Some(&current), form, e).await;
        }
    };
    let outcome = match form::read::<InitiativeInput>(&read, &all_fields(), true) {
        Ok(input) => {
            // An edit that makes it look like another entry is shown before saving too.
            if form.get("duplicates_seen") != "1" {
                match duplicates::preview_input(&state.db, input.clone(), Some(&current)).await {
                    Ok(found) if !found.is_empty() => {
                        let shown = pictures::shown(&state, &form).await;
                        let values = (&entries::without_token(form.clone()), &shown[..]);
                        let (ok, none) = (StatusCode::OK, &Problems::default());
                        return page(
                            &state,
                            &ui,
                            &signed,
                            ok,
                            Some(&current),
                            values,
                            (none, &found),
                        );
                    }
                    Ok(_) => {}
                    Err(e) => return failed(&state, &ui, e),
                }
            }
            initiative::update(&state.db, &slug, input, &state.rules).await
        }
        Err(problems) => Err(domain::Error::Invalid(problems)),
    };
    let outcome = entries::save_pictures(&state, &chosen, outcome, |saved| {
        saved.updated_at != current.updated_at
    })
    .await;
    match outcome {
        Ok(saved) => {
            let to = format!("/admin/initiatives/{}", saved.slug);
            entries::changed(
                &state,
                &signed,
                ("initiative.update", &saved.slug),
                &to,
                "saved",
            )
            .await
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
    match initiative::delete(&state.db, &slug).await {
        Ok(()) => {
            entries::changed(
                &state,
                &signed,
                ("initiative.delete", &slug),
                "/admin/initiatives",
                "deleted",
            )
            .await
        }
        Err(e) => refused(&state, &ui, e),
    }
}

async fn own(state: &AppState, slug: &str) -> Result<Initiative, domain::Error> {
    let found = initiative::get(&state.db, slug).await;
    entries::own(found, |e| e.origin.is_some(), "initiative")
}

/// The form again, with what was typed and why it was refused.
async fn form_refused(
    state: &AppState,
    ui: &Ui,
    signed: &Signed,
    current: Option<&Initiative>,
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
                (&problems, &[]),
            )
        }
        Err(other) => failed(state, ui, other),
    }
}
