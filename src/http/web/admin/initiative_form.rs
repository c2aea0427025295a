//! The initiative form of the admin: its fields as the API names them, an initiative's values
//! as form values, and the page around the form.

use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use super::super::Ui;
use super::entries::{self, LOCATION};
use super::form::{self, Input, Kind, other_problems, select};
use super::session::{FormData, Signed, csrf_field};
use super::{form_frame, pictures};
use crate::app::AppState;
use crate::domain::Problems;
use crate::domain::duplicates::Possible;
use crate::domain::initiative::{Initiative, InitiativeData};
use crate::domain::origin::Review;
use crate::domain::pictures::Picture;

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
    ("images", Kind::Checks),
    ("status", Kind::Text),
];

pub fn all_fields() -> Vec<(&'static str, Kind)> {
    FIELDS.iter().chain(LOCATION).copied().collect()
}

pub fn values(d: &InitiativeData, pictures: &[Picture]) -> FormData {
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
    pictures::values(pictures, &mut v);
    FormData(v)
}

pub fn page(
    state: &AppState,
    ui: &Ui,
    signed: &Signed,
    status: StatusCode,
    current: Option<&Initiative>,
    (v, shown): (&FormData, &[Picture]),
    (problems, duplicates): (&Problems, &[Possible]),
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
        @if let Some(i) = current { (entries::actions(ui, signed, "initiatives", &i.slug, i.review == Review::Published)) }
        (other_problems(ui, problems, &names))
        (super::duplicates::notice(ui, duplicates))
        form.entry method="post" action=(action) {
            (csrf_field(signed))
            // Saving again after seeing the likely duplicates saves (`initiatives::create`).
            @if !duplicates.is_empty() {
                input type="hidden" name="duplicates_seen" value="1";
            }
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
            (pictures::fieldset(state, ui, shown, v, problems))
            (entries::location_fields(ui, v, problems, maud::html! {}))
            fieldset {
                legend { (ui.t("form-contact")) }
                (Input::new("website", ui.t("form-website"), v.get("website")).kind("url").render(problems))
                (Input::new("email", ui.t("form-email"), v.get("email")).kind("email").render(problems))
                (Input::new("phone", ui.t("form-phone"), v.get("phone")).kind("tel").render(problems))
                (Input::new("languages", ui.t("form-languages"), v.get("languages")).hint(ui.t("form-languages-hint")).render(problems))
            }
            fieldset {
                legend { (ui.t("form-hours")) }
                (Input::new("opening_hours", ui.t("form-hours"), v.get("opening_hours")).hint(ui.t("form-hours-hint")).render(problems))
                div.preview data-preview="hours" data-source="f-opening_hours" aria-live="polite" {}
            }
            @let label = match (duplicates.is_empty(), current.is_some()) {
                (false, false) => "duplicate-save-anyway",
                (_, true) => "form-save",
                (true, false) => "form-create",
            };
            button type="submit" { (ui.t(label)) }
        }
        @if let Some(i) = current { (pictures::add_form(ui, signed, "initiatives", &i.slug)) }
    };
    ui.respond(status, form_frame(state, ui, signed, &title, main))
}
