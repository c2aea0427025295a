//! Form building blocks: labelled fields that show their value and their problems inline,
//! forms read into the API's input types (so that the same rules apply), and the live
//! previews (Markdown, opening hours).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::{Markup, PreEscaped, html};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::super::{Ui, format};
use super::session::{AdminForm, FormData};
use crate::app::AppState;
use crate::domain::{Problems, text};

/// How a form field becomes a JSON value of the input.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text that may be cleared (`null`).
    Text,
    /// Text that is never null: cleared, it is empty.
    Plain,
    /// Comma-separated, into a list.
    List,
    /// Checkboxes, into a list.
    Checks,
    Number,
    Integer,
}

/// Reads a form into an API input. Empty fields are absent when creating and cleared (`null`)
/// when editing. Field names are the input's paths (`location.latitude`).
pub fn read<T: DeserializeOwned>(
    form: &FormData,
    fields: &[(&str, Kind)],
    editing: bool,
) -> Result<T, Problems> {
    serde_json::from_value(read_json(form, fields, editing)).map_err(|e| {
        let mut problems = Problems::default();
        problems.add("", e.to_string());
        problems
    })
}

/// A form as the API's JSON body, before it is read into an input type.
pub fn read_json(form: &FormData, fields: &[(&str, Kind)], editing: bool) -> Value {
    let mut root = Map::new();
    for (name, kind) in fields {
        let raw = form.get(name);
        let value = match kind {
            Kind::Checks => Value::from(form.all(name)),
            Kind::List => Value::from(
                raw.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>(),
            ),
            _ if raw.is_empty() && !editing => continue,
            Kind::Plain => Value::from(raw),
            _ if raw.is_empty() => Value::Null,
            Kind::Text => Value::from(raw),
            // Not a number: passed on as text, for the domain to report with every other problem.
            Kind::Number => match raw.replace(',', ".").parse::<f64>() {
                Ok(n) if n.is_finite() => Value::from(n),
                _ => Value::from(raw),
            },
            Kind::Integer => raw
                .parse::<i64>()
                .map_or_else(|_| Value::from(raw), Value::from),
        };
        insert(&mut root, name, value);
    }
    // A group left all empty when editing (no place at all) is cleared.
    for v in root.values_mut() {
        if v.as_object()
            .is_some_and(|m| m.values().all(Value::is_null))
        {
            *v = Value::Null;
        }
    }
    Value::Object(root)
}

/// Sets `a.b` in a JSON object, making `a` an object (dropped again if it stays all null).
fn insert(root: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            root.insert(path.to_owned(), value);
        }
        Some((head, rest)) => {
            let inner = root
                .entry(head.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(map) = inner {
                insert(map, rest, value);
            }
        }
    }
}

/// The problems of one field (and of its inner fields).
pub fn problems_of<'a>(problems: &'a Problems, name: &str) -> Vec<&'a str> {
    problems
        .iter()
        .filter(|p| p.field == name)
        .map(|p| p.message.as_str())
        .collect()
}

/// Problems that belong to no field of the form: shown above it.
pub fn other_problems(ui: &Ui, problems: &Problems, fields: &[&str]) -> Markup {
    let others: Vec<_> = problems
        .iter()
        .filter(|p| !fields.contains(&p.field.as_str()))
        .collect();
    html! {
        @if !problems.is_empty() {
            div.problems role="alert" {
                p { strong { (ui.t("form-correct")) } }
                @if !others.is_empty() {
                    ul { @for p in others { li { @if !p.field.is_empty() { code { (p.field) } " " } (p.message) } } }
                }
            }
        }
    }
}

/// One labelled input. `kind` is the HTML input type, or `textarea`.
pub struct Input<'a> {
    pub name: &'a str,
    pub label: String,
    pub kind: &'a str,
    pub value: &'a str,
    pub required: bool,
    pub hint: Option<String>,
}

impl<'a> Input<'a> {
    pub fn new(name: &'a str, label: impl Into<String>, value: &'a str) -> Input<'a> {
        Input {
            name,
            label: label.into(),
            kind: "text",
            value,
            required: false,
            hint: None,
        }
    }

    pub fn kind(mut self, kind: &'a str) -> Self {
        self.kind = kind;
        self
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn render(&self, problems: &Problems) -> Markup {
        let errors = problems_of(problems, self.name);
        let id = format!("f-{}", self.name.replace('.', "-"));
        let hint = self.hint.as_ref().map(|_| format!("{id}-hint"));
        let error = (!errors.is_empty()).then(|| format!("{id}-error"));
        let described = described_by(&[hint, error]);
        html! {
            div.field.invalid[!errors.is_empty()] {
                label.required[self.required] for=(id) { (self.label) }
                @if self.kind == "textarea" {
                    textarea id=(id) name=(self.name) rows="8" required[self.required]
                        aria-invalid=[(!errors.is_empty()).then_some("true")]
                        aria-describedby=[&described] { (self.value) }
                } @else {
                    input id=(id) name=(self.name) type=(self.kind) value=(self.value)
                        required[self.required] step=[(self.kind == "number").then_some("any")]
                        aria-invalid=[(!errors.is_empty()).then_some("true")]
                        aria-describedby=[&described];
                }
                @if let Some(hint) = &self.hint { p.hint id=(format!("{id}-hint")) { (hint) } }
                @if !errors.is_empty() {
                    p.error id=(format!("{id}-error")) { (errors.join("; ")) }
                }
            }
        }
    }
}

/// The ids an `aria-describedby` names: only those on the page (`None` when none is).
pub fn described_by(ids: &[Option<String>]) -> Option<String> {
    let ids: Vec<&str> = ids.iter().flatten().map(String::as_str).collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A `<select>` with its options (value, label).
pub fn select(
    name: &str,
    label: &str,
    current: &str,
    options: &[(String, String)],
    problems: &Problems,
) -> Markup {
    let errors = problems_of(problems, name);
    let id = format!("f-{}", name.replace('.', "-"));
    html! {
        div.field.invalid[!errors.is_empty()] {
            label for=(id) { (label) }
            select id=(id) name=(name) aria-invalid=[(!errors.is_empty()).then_some("true")]
                aria-describedby=[(!errors.is_empty()).then(|| format!("{id}-error"))] {
                @for (value, text) in options {
                    option value=(value) selected[value == current] { (text) }
                }
            }
            @if !errors.is_empty() { p.error id=(format!("{id}-error")) { (errors.join("; ")) } }
        }
    }
}

/// Checkboxes for the categories, the current ones checked.
pub fn categories(ui: &Ui, current: &[String], problems: &Problems) -> Markup {
    let errors = problems_of(problems, "categories");
    html! {
        fieldset.field.categories.invalid[!errors.is_empty()] {
            legend { (ui.t("form-categories")) }
            @for category in crate::domain::category::CATEGORIES {
                label.check {
                    input type="checkbox" name="categories" value=(category.id)
                        checked[current.iter().any(|c| c == category.id)];
                    " " (super::super::components::category_name(ui, category.id))
                }
            }
            @if !errors.is_empty() { p.error id="f-categories-error" { (errors.join("; ")) } }
        }
    }
}

/// `POST /admin/preview`: `kind=markdown` renders `text` as the pages will; `kind=hours`
/// reads opening hours into the coming week.
pub async fn preview(
    State(state): State<AppState>,
    ui: Ui,
    AdminForm { form, .. }: AdminForm,
) -> Response {
    let raw = form.get("text");
    let fragment = match form.get("kind") {
        "hours" if raw.is_empty() => html! {},
        "hours" => match format::Hours::read(raw, crate::domain::now(), state.timezone) {
            Some(hours) => html! {
                table.hours { @for (day, periods) in hours.week(ui.locale) {
                    tr { th { (day) } td { @if periods.is_empty() { (ui.t("hours-closed")) } @else { (periods.join(", ")) } } }
                } }
            },
            None => html! { p.error { (ui.t("form-hours-unreadable")) } },
        },
        _ => PreEscaped(text::markdown_to_html(raw)),
    };
    (
        [(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
        fragment.into_string(),
    )
        .into_response()
}
