//! The event form's choices, so that a volunteer needs no address name nor IANA zone: the
//! organising initiative chosen by its name, the time zone from a list (the chapter's first),
//! and the places already used (choosing one fills the address and moves the pin).

use maud::{Markup, html};

use super::super::Ui;
use super::form::{Input, described_by, problems_of};
use super::session::FormData;
use crate::app::AppState;
use crate::domain::location::Location;
use crate::domain::{Problems, choices};

/// What the form offers, read once per page.
pub struct Choices {
    /// `None`: too many to list; the address name is typed.
    initiatives: Option<Vec<(String, String)>>,
    places: Vec<Location>,
}

impl Choices {
    pub async fn load(state: &AppState) -> Choices {
        let initiatives = choices::initiatives(&state.db).await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "Cannot list the initiatives for the event form");
            None
        });
        let places = choices::places(&state.db).await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "Cannot list the places for the event form");
            Vec::new()
        });
        Choices {
            initiatives,
            places,
        }
    }

    /// The organising initiative: a list of the chapter's by name (or typed, past a thousand).
    pub fn initiative(&self, ui: &Ui, v: &FormData, problems: &Problems) -> Markup {
        let Some(list) = &self.initiatives else {
            return Input::new("initiative", ui.t("form-initiative"), v.get("initiative"))
                .hint(ui.t("form-initiative-hint"))
                .render(problems);
        };
        let current = v.get("initiative");
        let unknown = !current.is_empty() && !list.iter().any(|(slug, _)| slug == current);
        let options = std::iter::once((String::new(), ui.t("form-initiative-none").into_owned()))
            .chain(unknown.then(|| (current.to_owned(), current.to_owned())))
            .chain(list.iter().cloned());
        select(
            ui,
            "initiative",
            "form-initiative",
            current,
            options,
            problems,
        )
    }

    /// The time zone: the chapter's first, then every zone by name.
    pub fn timezone(&self, ui: &Ui, state: &AppState, v: &FormData, problems: &Problems) -> Markup {
        let ours = state.timezone.name();
        let current = match v.get("timezone") {
            "" => ours,
            typed => typed,
        };
        let mut zones: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).collect();
        zones.sort_unstable();
        let options = std::iter::once(ours)
            .chain(zones.into_iter().filter(|z| *z != ours))
            .map(|z| (z.to_owned(), z.replace('_', " ")));
        select(ui, "timezone", "form-timezone", current, options, problems)
    }

    /// The places already used, for the script to fill the address with; hidden without it.
    pub fn places(&self, ui: &Ui) -> Markup {
        html! {
            @if !self.places.is_empty() {
                div.field.known-places hidden {
                    label for="known-place" { (ui.t("form-known-place")) }
                    select #known-place {
                        option value="" { (ui.t("form-known-place-none")) }
                        @for place in &self.places {
                            option value=(serde_json::to_string(place).unwrap_or_default()) { (place.one_line()) }
                        }
                    }
                }
            }
        }
    }
}

/// A labelled `<select>` whose errors are announced (only ids that exist are named).
fn select(
    ui: &Ui,
    name: &str,
    label: &str,
    current: &str,
    options: impl Iterator<Item = (String, String)>,
    problems: &Problems,
) -> Markup {
    let errors = problems_of(problems, name);
    let id = format!("f-{name}");
    let error = (!errors.is_empty()).then(|| format!("{id}-error"));
    html! {
        div.field.invalid[!errors.is_empty()] {
            label for=(id) { (ui.t(label)) }
            select id=(id) name=(name) aria-invalid=[(!errors.is_empty()).then_some("true")]
                aria-describedby=[described_by(&[error])] {
                @for (value, text) in options {
                    option value=(value) selected[value == current] { (text) }
                }
            }
            @if !errors.is_empty() { p.error id={ (id) "-error" } { (errors.join("; ")) } }
        }
    }
}
