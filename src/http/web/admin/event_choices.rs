//! The event form's choices, so that a volunteer needs no address name nor IANA zone: the
//! organising initiative chosen by its name (from a list, or past a thousand typed, with
//! suggestions as one types), the time zone from a list (the chapter's first), and the places
//! already used (choosing one fills the address and moves the pin).

use maud::{Markup, html};

use super::super::Ui;
use super::form::{described_by, problems_of};
use super::session::FormData;
use crate::app::AppState;
use crate::domain::location::Location;
use crate::domain::{self, Problems, choices};

/// The API's search of our own initiatives, to which the script adds what is typed.
const SEARCH: &str = "/api/v1/initiatives?origin=local&per_page=20&q=";

/// What the form offers, read once per page.
pub struct Choices {
    /// `None`: too many to list; the name is typed.
    initiatives: Option<Vec<(String, String)>>,
    /// The name of the organiser the form holds (by its address name or its name), if it
    /// names one of ours.
    current: Option<String>,
    places: Vec<Location>,
}

impl Choices {
    /// `organiser`: what the form holds for the initiative, an address name or a name.
    pub async fn load(state: &AppState, organiser: &str) -> Choices {
        let initiatives = choices::initiatives(&state.db).await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "Cannot list the initiatives for the event form");
            None
        });
        let current = match &initiatives {
            Some(_) => None,
            None => match choices::initiatives_named(&state.db, organiser).await {
                Ok(found) if found.len() == 1 => found.into_iter().next().map(|(_, name)| name),
                Ok(_) => None,
                Err(e) => {
                    tracing::warn!(error = %e, "Cannot name the organiser of the event");
                    None
                }
            },
        };
        let places = choices::places(&state.db).await.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "Cannot list the places for the event form");
            Vec::new()
        });
        Choices {
            initiatives,
            current,
            places,
        }
    }

    /// The organising initiative: a list of the chapter's by name (or typed, past a thousand).
    pub fn initiative(&self, ui: &Ui, v: &FormData, problems: &Problems) -> Markup {
        let Some(list) = &self.initiatives else {
            let shown = self.current.as_deref().unwrap_or(v.get("initiative"));
            return typed_initiative(ui, shown, problems);
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

/// The form with the organiser it names by its address name, as the event's checks expect.
pub async fn with_organiser(state: &AppState, form: &FormData) -> Result<FormData, domain::Error> {
    let mut form = FormData(form.0.clone());
    if form.0.iter().any(|(k, _)| k == "initiative") {
        let slug = choices::organiser(&state.db, form.get("initiative")).await?;
        for (_, value) in form.0.iter_mut().filter(|(k, _)| k == "initiative") {
            value.clone_from(&slug);
        }
    }
    Ok(form)
}

/// The organiser's name typed, with suggestions the script finds as one types (a `datalist`
/// whose options are names, or address names where names are shared).
fn typed_initiative(ui: &Ui, shown: &str, problems: &Problems) -> Markup {
    let errors = problems_of(problems, "initiative");
    let error = (!errors.is_empty()).then(|| "f-initiative-error".to_owned());
    html! {
        div.field.invalid[!errors.is_empty()] {
            label for="f-initiative" { (ui.t("form-initiative")) }
            input #f-initiative name="initiative" type="text" value=(shown) list="f-initiative-list"
                autocomplete="off" data-search=(SEARCH)
                aria-invalid=[(!errors.is_empty()).then_some("true")]
                aria-describedby=[described_by(&[Some("f-initiative-hint".to_owned()), error])];
            datalist #f-initiative-list {
                @if !shown.is_empty() { option value=(shown) {} }
            }
            p.hint #f-initiative-hint { (ui.t("form-initiative-hint")) }
            @if !errors.is_empty() { p.error #f-initiative-error { (errors.join("; ")) } }
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
