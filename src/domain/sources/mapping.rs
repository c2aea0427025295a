//! A source's mapping: which of its columns (or properties, `address.streetAddress` for nested
//! JSON) is which of our fields, which of its categories (or `tag=value` pairs, as
//! OpenStreetMap's `shop=second_hand`) are which of ours, categories every entry gets, and the
//! column of its own ids. Written as TOML or JSON (docs/SOURCES.md); stored as JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::category;
use crate::domain::text::fold;
use crate::domain::validate::Problems;

/// Our fields a mapping may name.
pub const FIELDS: &[&str] = &[
    "name",
    "summary",
    "description",
    "categories",
    "tags",
    "website",
    "email",
    "phone",
    "opening_hours",
    "languages",
    "image_url",
    "status",
    "location.name",
    "location.street",
    "location.postal_code",
    "location.locality",
    "location.region",
    "location.country",
    "location.latitude",
    "location.longitude",
];

/// How a source's rows become our fields. Empty: columns are read by their usual names
/// (English or French, as `partage import` reads them; GoGoCarto's own for that format).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The column of the source's own id (default: `id`, `ref`; a GeoJSON feature's `id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Our field → the source's column.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// A source's category (a value of its categories column), or `column=value` (`*`: any
    /// value), → our category ids.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub categories: BTreeMap<String, Categories>,
    /// Our categories every entry of the source gets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub category: Vec<String>,
}

/// One category id or several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Categories {
    One(String),
    Many(Vec<String>),
}

impl Categories {
    fn ids(&self) -> Vec<&str> {
        match self {
            Categories::One(id) => id.split(',').map(str::trim).collect(),
            Categories::Many(ids) => ids.iter().map(|s| s.trim()).collect(),
        }
    }
}

/// What the category rules made of a row: our ids, and the source's categories no rule took.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CategoryRule {
    pub ids: Vec<String>,
    pub unmapped: Vec<String>,
}

impl Mapping {
    /// A mapping file: TOML, or JSON when it starts with `{`.
    pub fn parse(text: &str) -> Result<Mapping, String> {
        let mapping: Mapping = if text.trim_start().starts_with('{') {
            serde_json::from_str(text).map_err(|e| format!("not a mapping: {e}"))?
        } else {
            use figment::providers::{Format as _, Toml};
            figment::Figment::from(Toml::string(text))
                .extract()
                .map_err(|e| format!("not a mapping: {e}"))?
        };
        let mut problems = Problems::default();
        mapping.check(&mut problems);
        match problems.iter().next() {
            Some(p) => Err(format!("{}: {}", p.field, p.message)),
            None => Ok(mapping),
        }
    }

    /// Records what is wrong: a field we do not have, a category we do not have.
    pub fn check(&self, problems: &mut Problems) {
        for field in self.fields.keys() {
            if !FIELDS.contains(&field.as_str()) {
                problems.add(
                    format!("mapping.fields.{field}"),
                    format!("is not one of our fields ({})", FIELDS.join(", ")),
                );
            }
        }
        let ids = self
            .categories
            .values()
            .flat_map(Categories::ids)
            .chain(self.category.iter().map(String::as_str));
        for id in ids {
            if category::parse_list(vec![id.to_owned()]).is_err() {
                problems.add(
                    "mapping.categories",
                    format!("{id:?} is not one of our categories"),
                );
            }
        }
    }

    /// The source's column for one of our fields, when the mapping names it.
    pub fn column_of(&self, field: &str) -> Option<&str> {
        self.fields.get(field).map(String::as_str)
    }

    /// Whether the mapping names that column for a field (then it is read for that field only).
    pub fn maps_column(&self, column: &str) -> bool {
        self.fields.values().any(|c| c == column) || self.key.as_deref() == Some(column)
    }

    /// Our categories for a row: its categories column's values through the rules (or, when a
    /// value has no rule, one of ours by id or name), the `column=value` rules its cells
    /// match, and the categories every entry gets.
    pub fn categories_of(&self, listed: &[String], cells: &[(String, String)]) -> CategoryRule {
        let rules: Vec<(String, &Categories)> = self
            .categories
            .iter()
            .map(|(k, v)| (fold(k.trim()), v))
            .collect();
        let mut out = CategoryRule::default();
        let mut add = |ids: Vec<&str>| {
            for id in ids {
                if !out.ids.iter().any(|i| i == id) {
                    out.ids.push(id.to_owned());
                }
            }
        };
        for value in listed {
            let folded = fold(value.trim());
            if let Some((_, ids)) = rules.iter().find(|(k, _)| *k == folded) {
                add(ids.ids());
            } else if let Some(c) = category::CATEGORIES.iter().find(|c| {
                c.id == folded || fold(c.label_en) == folded || fold(c.label_fr) == folded
            }) {
                add(vec![c.id]);
            } else {
                out.unmapped.push(value.clone());
            }
        }
        for (rule, ids) in &rules {
            let Some((column, wanted)) = rule.split_once('=') else {
                continue;
            };
            let matched = cells.iter().any(|(c, v)| {
                fold(c) == column.trim()
                    && !v.trim().is_empty()
                    && (wanted.trim() == "*" || fold(v.trim()) == wanted.trim())
            });
            if matched {
                add(ids.ids());
            }
        }
        add(self.category.iter().map(String::as_str).collect());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_json_read_alike() {
        let toml = r#"
            key = "id"
            category = ["goods"]
            [fields]
            name = "title"
            "location.street" = "address.streetAddress"
            [categories]
            "Alimentation et Agriculture" = "food"
            "shop=second_hand" = ["goods"]
            "repair_cafe=yes" = "repair"
        "#;
        let m = Mapping::parse(toml).unwrap();
        assert_eq!(
            m.column_of("location.street"),
            Some("address.streetAddress")
        );
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(Mapping::parse(&json).unwrap(), m);
        assert!(
            Mapping::parse("[fields]\nnom = \"x\"")
                .unwrap_err()
                .contains("our fields")
        );
        assert!(
            Mapping::parse("category = [\"toys\"]")
                .unwrap_err()
                .contains("toys")
        );
    }

    #[test]
    fn categories_by_value_by_tag_and_for_all() {
        let m = Mapping::parse(
            "category = [\"goods\"]\n[categories]\n\"Alimentation et Agriculture\" = \"food\"\n\
             \"repair_cafe=yes\" = \"repair\"\n\"amenity=*\" = \"spaces\"",
        )
        .unwrap();
        let cells = vec![
            ("repair_cafe".to_owned(), "yes".to_owned()),
            ("amenity".to_owned(), "community_centre".to_owned()),
        ];
        let listed = vec![
            "alimentation et agriculture".to_owned(),
            "Réparation".to_owned(),
            "Autre".to_owned(),
        ];
        let got = m.categories_of(&listed, &cells);
        assert_eq!(got.ids, ["food", "repair", "spaces", "goods"]);
        assert_eq!(got.unmapped, ["Autre"]);
    }
}
