//! The event form of the admin: its fields as the API names them, an event's values
//! as form values, and the page around the form.

use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use super::super::Ui;
use super::entries::{self, LOCATION};
use super::event_choices::Choices;
use super::form::{self, Input, Kind, other_problems, select};
use super::session::{FormData, Signed, csrf_field};
use super::{form_frame, pictures};
use crate::app::AppState;
use crate::domain::Problems;
use crate::domain::event::{Event, EventData};
use crate::domain::origin::Review;
use crate::domain::pictures::Picture;

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
    ("images", Kind::Checks),
];

pub fn all_fields() -> Vec<(&'static str, Kind)> {
    FIELDS.iter().chain(LOCATION).copied().collect()
}

pub fn values(d: &EventData, pictures: &[Picture]) -> FormData {
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
    pictures::values(pictures, &mut v);
    FormData(v)
}

/// A time as a `datetime-local` value in the event's zone.
pub fn local(d: &EventData, at: chrono::DateTime<chrono::Utc>) -> String {
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

pub async fn page(
    state: &AppState,
    ui: &Ui,
    signed: &Signed,
    status: StatusCode,
    current: Option<&Event>,
    (v, shown): (&FormData, &[Picture]),
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
    let choices = Choices::load(state, v.get("initiative")).await;
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
        @if let Some(i) = current { (entries::actions(ui, signed, "events", &i.slug, i.review == Review::Published)) }
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
                (choices.initiative(ui, v, problems))
                (select("status", &ui.t("form-status"), v.get("status"), &options(ui, "event-status", &["scheduled", "postponed", "cancelled"]), problems))
            }
            fieldset {
                legend { (ui.t("form-when")) }
                div.row {
                    (Input::new("starts_at", ui.t("form-starts"), v.get("starts_at")).kind("datetime-local").required().render(problems))
                    (Input::new("ends_at", ui.t("form-ends"), v.get("ends_at")).kind("datetime-local").render(problems))
                }
                (choices.timezone(ui, state, v, problems))
                @if current.is_none() {
                    div.row {
                        (select("repeat", &ui.t("form-repeat"), v.get("repeat"), &repeats, problems))
                        (Input::new("repeat_count", ui.t("form-repeat-count"), v.get("repeat_count")).kind("number").hint(ui.t("form-repeat-hint")).render(problems))
                    }
                }
            }
            (pictures::fieldset(state, ui, shown, v, problems))
            (entries::location_fields(ui, v, problems, choices.places(ui)))
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
        @if let Some(e) = current { (pictures::add_form(ui, signed, "events", &e.slug)) }
    };
    ui.respond(status, form_frame(state, ui, signed, &title, main))
}
