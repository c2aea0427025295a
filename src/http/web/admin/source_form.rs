//! The form of a source kept in sync, new (`/admin/sources/new`) or saved (on its page): where
//! it is read, in which format, how often, its attribution and its mapping (the column of each
//! of our fields, its categories as ours). "Preview" reads its first rows as they would be
//! stored, before anything is saved.

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::super::Ui;
use super::form::{Input, categories, other_problems, problems_of, select};
use super::session::{FormData, Signed, csrf_field};
use crate::domain::Problems;
use crate::domain::sources::{Categories, FIELDS, Format, Mapping, Source, SourceInput};
use crate::ops::sources::Preview;

/// How many rows a preview shows.
pub const PREVIEW_ROWS: usize = 10;

/// The form as typed (or as saved).
#[derive(Debug, Clone, Default)]
pub struct Typed {
    pub url: String,
    pub format: String,
    pub name: String,
    pub licence: String,
    pub link: String,
    pub every: String,
    pub key: String,
    /// Our field → the source's column.
    pub fields: BTreeMap<String, String>,
    /// One rule a line: `their category: our ids`.
    pub rules: String,
    /// Our categories every entry gets.
    pub category: Vec<String>,
}

impl Typed {
    pub fn of(s: &Source) -> Typed {
        let m = &s.mapping;
        let rules = m.categories.iter().map(|(theirs, ours)| {
            let ids = match ours {
                Categories::One(id) => id.clone(),
                Categories::Many(ids) => ids.join(", "),
            };
            format!("{theirs}: {ids}\n")
        });
        Typed {
            url: s.url.clone(),
            format: s.format.as_str().to_owned(),
            name: s.attribution.name.clone(),
            licence: s.attribution.licence.clone().unwrap_or_default(),
            link: s.attribution.link.clone().unwrap_or_default(),
            every: crate::domain::sources::format_every(s.every),
            key: m.key.clone().unwrap_or_default(),
            fields: m.fields.clone(),
            rules: rules.collect(),
            category: m.category.clone(),
        }
    }

    pub fn read(form: &FormData) -> Typed {
        let fields = FIELDS.iter().filter_map(|f| {
            let column = form.get(&format!("field.{f}")).trim();
            (!column.is_empty()).then(|| (f.to_string(), column.to_owned()))
        });
        Typed {
            url: form.get("url").trim().to_owned(),
            format: form.get("format").to_owned(),
            name: form.get("name").trim().to_owned(),
            licence: form.get("licence").trim().to_owned(),
            link: form.get("link").trim().to_owned(),
            every: form.get("every").trim().to_owned(),
            key: form.get("key").trim().to_owned(),
            fields: fields.collect(),
            rules: form.get("rules").to_owned(),
            category: form.all("categories"),
        }
    }

    /// What the domain checks; a category rule that is not `theirs: ours` is a problem here.
    pub fn input(&self) -> Result<SourceInput, Problems> {
        let mut problems = Problems::default();
        let mut rules = BTreeMap::new();
        for (n, line) in self.rules.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match line.rsplit_once(':') {
                Some((theirs, ours)) if !theirs.trim().is_empty() && !ours.trim().is_empty() => {
                    rules.insert(
                        theirs.trim().to_owned(),
                        Categories::One(ours.trim().to_owned()),
                    );
                }
                _ => problems.add(
                    "mapping.categories",
                    format!("line {}: write “their category: our category”", n + 1),
                ),
            }
        }
        let mapping = Mapping {
            key: (!self.key.is_empty()).then(|| self.key.clone()),
            fields: self.fields.clone(),
            categories: rules,
            category: self.category.clone(),
        };
        mapping.check(&mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(SourceInput {
            url: self.url.clone(),
            format: self.format.clone(),
            name: self.name.clone(),
            licence: self.licence.clone(),
            link: self.link.clone(),
            every: self.every.clone(),
            mapping,
        })
    }
}

/// The form, posting to `action`, with the preview asked for (or why the source is unreadable).
pub fn form(
    ui: &Ui,
    signed: &Signed,
    action: &str,
    t: &Typed,
    problems: &Problems,
    preview: Option<&Result<Preview, String>>,
) -> Markup {
    let formats: Vec<(String, String)> = Format::ALL
        .iter()
        .map(|f| {
            (
                f.as_str().to_owned(),
                ui.t(&format!("sources-format-{}", f.as_str())).into_owned(),
            )
        })
        .collect();
    let known = [
        "name",
        "licence",
        "link",
        "url",
        "format",
        "every",
        "mapping.categories",
    ];
    html! {
        (other_problems(ui, problems, &known))
        form method="post" action=(action) {
            (csrf_field(signed))
            (Input::new("url", ui.t("sources-url"), &t.url).kind("url").required().hint(ui.t("sources-url-hint")).render(problems))
            (select("format", &ui.t("sources-format"), &t.format, &formats, problems))
            (Input::new("every", ui.t("sources-every"), &t.every).hint(ui.t("sources-every-hint")).render(problems))
            fieldset {
                legend { (ui.t("sources-attribution")) }
                (Input::new("name", ui.t("sources-name"), &t.name).hint(ui.t("sources-name-hint")).render(problems))
                (Input::new("licence", ui.t("sources-licence"), &t.licence).hint(ui.t("sources-licence-hint")).render(problems))
                (Input::new("link", ui.t("sources-link"), &t.link).kind("url").render(problems))
            }
            details open[!t.fields.is_empty() || !t.key.is_empty() || has_mapping_problem(problems)] {
                summary { (ui.t("sources-columns")) }
                p.small { (ui.t("sources-columns-hint")) }
                (Input::new("key", ui.t("sources-key"), &t.key).hint(ui.t("sources-key-hint")).render(problems))
                @for field in FIELDS {
                    @let name = format!("field.{field}");
                    @let value = t.fields.get(*field).map_or("", String::as_str);
                    (Input::new(&name, field.to_string(), value).render(&field_problems(problems, field)))
                }
            }
            (Input::new("rules", ui.t("sources-rules"), &t.rules).kind("textarea").hint(ui.t("sources-rules-hint")).render(&renamed(problems, "mapping.categories", "rules")))
            (categories(ui, &t.category, problems))
            p.small { (ui.t("sources-categories-hint")) }
            button type="submit" name="action" value="preview" { (ui.t("sources-preview")) } " "
            button.primary type="submit" name="action" value="save" { (ui.t("form-save")) }
        }
        @if let Some(preview) = preview { (shown(ui, preview)) }
    }
}

fn has_mapping_problem(problems: &Problems) -> bool {
    problems
        .iter()
        .any(|p| p.field.starts_with("mapping.fields."))
}

/// The problems of one mapped field, under the name of its input.
fn field_problems(problems: &Problems, field: &str) -> Problems {
    renamed(
        problems,
        &format!("mapping.fields.{field}"),
        &format!("field.{field}"),
    )
}

fn renamed(problems: &Problems, from: &str, to: &str) -> Problems {
    let mut out = Problems::default();
    for why in problems_of(problems, from) {
        out.add(to, why);
    }
    out
}

/// The first rows as they would be stored, the rows refused with why, the categories no rule
/// takes.
fn shown(ui: &Ui, preview: &Result<Preview, String>) -> Markup {
    let p = match preview {
        Ok(p) => p,
        Err(why) => {
            return html! {
                section.preview aria-labelledby="preview" {
                    h2 #preview { (ui.t("sources-preview")) }
                    p.error role="alert" { (ui.t("sources-unreadable")) " " (why) }
                }
            };
        }
    };
    let mut unmapped: Vec<&str> = p
        .rows
        .iter()
        .flatten()
        .flat_map(|m| m.unmapped_categories.iter().map(String::as_str))
        .collect();
    unmapped.sort_unstable();
    unmapped.dedup();
    html! {
        section.preview aria-labelledby="preview" {
            h2 #preview { (ui.t("sources-preview")) }
            p role="status" { (ui.locale.tr("sources-preview-count", &[("shown", p.rows.len().into()), ("total", p.total.into())])) }
            @if !unmapped.is_empty() {
                p { (ui.t("sources-unmapped")) " " (unmapped.join(", ")) }
            }
            table.admin-list {
                thead { tr { th { (ui.t("sources-line")) } th { (ui.t("sources-our-field")) } th { (ui.t("sources-their-column")) } th { (ui.t("sources-value")) } } }
                @for row in &p.rows {
                    tbody {
                        @match row {
                            Ok(m) => {
                                @for (n, (field, column, value)) in m.cells.iter().enumerate() {
                                    tr {
                                        @if n == 0 { th scope="row" rowspan=(m.cells.len()) { (m.line) } }
                                        td { (field) } td { code { (column) } } td { (value) }
                                    }
                                }
                            }
                            Err(e) => tr { th scope="row" { (e.line) } td.error colspan="3" { (e.to_string()) } },
                        }
                    }
                }
            }
        }
    }
}
