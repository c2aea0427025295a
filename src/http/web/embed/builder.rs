//! The embed builder (`/embed`): a chapter's friends choose a widget (agenda, directory, map),
//! its filters and looks, see it, and copy the `<iframe>` or the web component to paste in their
//! site. The page works as a plain form; its script (builder.js) refreshes it as one types.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use super::super::Ui;
use super::super::components::category_name;
use super::super::layout::{Head, page};
use super::frame::{DEFAULT_LIMIT, attribute, first_height};
use crate::app::AppState;
use crate::domain::category::CATEGORIES;
use crate::i18n::Locale;

/// The widgets, as `kind` values, with their titles.
const KINDS: [(&str, &str); 3] = [
    ("agenda", "embed-kind-agenda"),
    ("directory", "embed-kind-directory"),
    ("map", "embed-kind-map"),
];
/// What the widgets' addresses take, each kind its own.
const FILTERS: [&str; 9] = [
    "q",
    "category",
    "tag",
    "near",
    "radius_km",
    "origin",
    "from",
    "to",
    "show",
];
const LOOKS: [&str; 5] = ["lang", "theme", "accent", "header", "limit"];

/// What the builder makes of its query: the widget's address and the two snippets.
struct Choice {
    kind: &'static str,
    /// Its title's key.
    label: &'static str,
    /// The widget's own query (filters and looks, defaults left out).
    query: Vec<(&'static str, String)>,
}

impl Choice {
    fn read(ui: &Ui) -> Choice {
        let (kind, label) = KINDS
            .iter()
            .copied()
            .find(|(k, _)| ui.param("kind") == Some(*k))
            .unwrap_or(KINDS[0]);
        let applies = |name: &str| match name {
            "from" | "to" => kind != "directory",
            "show" => kind == "map",
            "limit" => kind != "map",
            "radius_km" => ui.param("near").is_some(),
            _ => true,
        };
        let default = |name: &str, value: &str| {
            matches!(
                (name, value),
                ("theme", "auto") | ("header", "1") | ("show", "all")
            ) || (name == "limit" && value == DEFAULT_LIMIT.to_string())
        };
        let query = FILTERS
            .iter()
            .chain(&LOOKS)
            .filter(|name| applies(name))
            .filter_map(|name| {
                // The page's own `lang` is the builder's language: the widget's is `language`.
                let value = ui.param(if *name == "lang" { "language" } else { name })?;
                (!default(name, value)).then(|| (*name, value.chars().take(200).collect()))
            })
            .collect();
        Choice { kind, label, query }
    }

    /// The query string of the given names (all of them when `names` is empty).
    fn query_of(&self, names: &[&str]) -> String {
        let pairs: Vec<_> = self
            .query
            .iter()
            .filter(|(k, _)| names.is_empty() || names.contains(k))
            .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    fn height(&self) -> u32 {
        first_height(self.kind)
    }

    fn widget(&self) -> String {
        let query = self.query_of(&[]);
        let sep = if query.is_empty() { "" } else { "?" };
        format!("/embed/{}{sep}{query}", self.kind)
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// `<iframe>` with the frame-sizing script (a map's frame keeps the height given).
    fn iframe(&self, state: &AppState, title: &str) -> String {
        let mut html = format!(
            "<iframe src=\"{}\" title=\"{}\" style=\"width: 100%; border: 0\" height=\"{}\" loading=\"lazy\"></iframe>",
            attribute(&state.url(&self.widget())),
            attribute(title),
            self.height()
        );
        if self.kind != "map" {
            html.push_str(&format!(
                "\n<script src=\"{}\" defer></script>",
                state.url("/embed.js")
            ));
        }
        html
    }

    /// `<partage-agenda filter="…">` and its script; styled by the host's CSS.
    fn component(&self, state: &AppState) -> String {
        let mut attributes = format!(" filter=\"{}\"", attribute(&self.query_of(&FILTERS)));
        for name in ["limit", "lang", "theme"] {
            if let Some(value) = self.value(name) {
                attributes.push_str(&format!(" {name}=\"{}\"", attribute(value)));
            }
        }
        if self.kind == "map" {
            attributes.push_str(&format!(" height=\"{}\"", self.height()));
        }
        if let Some(accent) = self.value("accent") {
            attributes.push_str(&format!(
                " style=\"--partage-accent: {}\"",
                attribute(accent)
            ));
        }
        format!(
            "<script src=\"{}\" defer></script>\n<partage-{kind}{attributes}></partage-{kind}>",
            state.url("/embed.js"),
            kind = self.kind
        )
    }
}

/// `GET /embed`.
pub async fn show(State(state): State<AppState>, ui: Ui) -> Response {
    let choice = Choice::read(&ui);
    let title = ui.t(choice.label);
    let main = html! {
        h1 { (ui.t("embed-title")) }
        p.lead { (ui.t("embed-intro")) }
        div.builder {
            (form(&ui, &choice))
            section #embed-output aria-labelledby="embed-preview" {
                h2 #embed-preview { (ui.t("embed-preview")) }
                iframe.widget-preview src=(choice.widget()) title=(title) height=(choice.height()) {}
                (snippet("embed-iframe", &ui.t("embed-iframe"), &choice.iframe(&state, &title), &ui.t("embed-iframe-hint"), &ui))
                (snippet("embed-component", &ui.t("embed-component"), &choice.component(&state), &ui.t("embed-component-hint"), &ui))
            }
        }
    };
    let head = Head {
        title: ui.t("embed-title").into_owned(),
        description: ui.t("embed-intro").into_owned(),
        script: Some("builder.js"),
        ..Head::default()
    };
    ui.respond(StatusCode::OK, page(&state, &ui, head, main))
}

/// A snippet to copy: a read-only text area and its copy button (shown by the script).
fn snippet(id: &str, label: &str, text: &str, hint: &str, ui: &Ui) -> Markup {
    html! {
        div.field.snippet {
            label for=(id) { (label) }
            textarea #(id) readonly rows="4" aria-describedby={ (id) "-hint" } { (text) }
            span.hint #{ (id) "-hint" } { (hint) }
            button.secondary type="button" data-copy=(id) data-copied=(ui.t("embed-copied")) hidden { (ui.t("embed-copy")) }
        }
    }
}

/// The builder's form: what to show, which entries, how it looks.
fn form(ui: &Ui, choice: &Choice) -> Markup {
    let value = |name: &str| ui.typed(name);
    let radius = value("radius_km");
    html! {
        form #embed-form method="get" action="/embed" {
            fieldset {
                legend { (ui.t("embed-kind")) }
                @for (kind, label) in KINDS {
                    div.field.check {
                        input #{ "kind-" (kind) } type="radio" name="kind" value=(kind) checked[choice.kind == kind];
                        label for={ "kind-" (kind) } { (ui.t(label)) }
                    }
                }
            }
            fieldset {
                legend { (ui.t("embed-filters")) }
                div.field { label for="q" { (ui.t("filter-text")) } input #q type="search" name="q" value=(value("q")) maxlength="200"; }
                div.field {
                    label for="category" { (ui.t("filter-category")) }
                    select #category name="category" {
                        option value="" { (ui.t("filter-any")) }
                        @for c in CATEGORIES { option value=(c.id) selected[ui.param("category") == Some(c.id)] { (category_name(ui, c.id)) } }
                    }
                }
                div.field { label for="tag" { (ui.t("filter-tag")) } input #tag type="text" name="tag" value=(value("tag")) maxlength="100"; }
                div.field {
                    label for="near" { (ui.t("filter-near")) }
                    input #near type="text" name="near" value=(value("near")) maxlength="200" aria-describedby="near-hint";
                    span.hint #near-hint { (ui.t("filter-near-placeholder")) ", " (ui.t("filter-near-hint")) }
                }
                div.field {
                    label for="radius_km" { (ui.t("filter-radius")) }
                    select #radius_km name="radius_km" {
                        @for r in ["1", "2", "5", "10", "25", "50", "100"] {
                            option value=(r) selected[radius == r || (radius.is_empty() && r == "10")] { (r) " km" }
                        }
                    }
                }
                div.field {
                    label for="origin" { (ui.t("filter-origin")) }
                    select #origin name="origin" {
                        option value="" { (ui.t("filter-origin-all")) }
                        option value="local" selected[value("origin") == "local"] { (ui.t("filter-origin-local")) }
                        option value="network" selected[value("origin") == "network"] { (ui.t("filter-origin-network")) }
                    }
                }
                div.field data-kinds="agenda map" hidden[choice.kind == "directory"] {
                    label for="from" { (ui.t("filter-from")) } input #from type="date" name="from" value=(value("from"));
                }
                div.field data-kinds="agenda map" hidden[choice.kind == "directory"] {
                    label for="to" { (ui.t("filter-to")) } input #to type="date" name="to" value=(value("to"));
                }
                div.field data-kinds="map" hidden[choice.kind != "map"] {
                    label for="show" { (ui.t("embed-show")) }
                    select #show name="show" {
                        @for (v, key) in [("all", "embed-show-all"), ("initiatives", "map-legend-initiatives"), ("events", "map-legend-events")] {
                            option value=(v) selected[value("show") == v] { (ui.t(key)) }
                        }
                    }
                }
            }
            fieldset {
                legend { (ui.t("embed-look")) }
                div.field {
                    label for="language" { (ui.t("embed-lang")) }
                    select #language name="language" {
                        option value="" { (ui.t("embed-lang-reader")) }
                        @for l in Locale::all() { option value=(l.tag) selected[value("language") == l.tag] { (l.t("meta-language-name")) } }
                    }
                }
                div.field {
                    label for="theme" { (ui.t("embed-theme")) }
                    select #theme name="theme" {
                        @for t in ["auto", "light", "dark"] {
                            option value=(t) selected[value("theme") == t] { (ui.t(&format!("embed-theme-{t}"))) }
                        }
                    }
                }
                div.field {
                    label for="accent" { (ui.t("embed-accent")) }
                    input #accent type="text" name="accent" value=(value("accent")) maxlength="7" placeholder="#0b6157" aria-describedby="accent-hint";
                    span.hint #accent-hint { (ui.t("embed-accent-hint")) }
                }
                div.field data-kinds="agenda directory" hidden[choice.kind == "map"] {
                    label for="limit" { (ui.t("embed-limit")) }
                    input #limit type="number" name="limit" min="1" max="50" value=(ui.param("limit").unwrap_or("10"));
                }
                div.field.check {
                    input #header type="checkbox" name="header" value="0" checked[value("header") == "0"];
                    label for="header" { (ui.t("embed-no-header")) }
                }
            }
            div.field.actions { button type="submit" { (ui.t("embed-update")) } }
        }
    }
}
