//! A record made an entry: its cells taken for our fields by the source's mapping, else by
//! their usual names (GoGoCarto's for that format, English or French column names for the
//! others), its categories through the mapping's rules.

use crate::domain::import::{InitiativeImport, Row};
use crate::domain::sources::{FIELDS, Format, Mapping};
use crate::ops::import::{field_for, initiative_of};

use super::read::Record;

/// GoGoCarto's element fields (its `gogofull` ontology) and ours.
const GOGOCARTO: &[(&str, &str)] = &[
    ("id", "key"),
    ("name", "name"),
    ("geo.latitude", "location.latitude"),
    ("geo.longitude", "location.longitude"),
    ("address.streetAddress", "location.street"),
    ("address.postalCode", "location.postal_code"),
    ("address.addressLocality", "location.locality"),
    ("address.addressCountry", "location.country"),
    ("description", "description"),
    ("categories", "categories"),
    ("website", "website"),
    ("email", "email"),
    ("telephone", "phone"),
    ("image", "image_url"),
];

/// A record through a mapping: (our field, the source's column, value), and the source's
/// categories no rule took.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapped {
    pub line: usize,
    pub cells: Vec<(&'static str, String, String)>,
    pub unmapped_categories: Vec<String>,
}

impl Mapped {
    /// The row the domain applies.
    pub fn into_row(self) -> Row<InitiativeImport> {
        initiative_of(self.line, self.cells)
    }

    /// The value taken for one of our fields.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.cells
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, _, v)| v.as_str())
    }
}

/// The field a column is read for when the mapping does not name it.
fn usual(format: Format, column: &str) -> Option<&'static str> {
    match format {
        Format::GoGoCarto => GOGOCARTO
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, f)| *f),
        _ => FIELDS
            .iter()
            .find(|f| **f == column)
            .copied()
            .or_else(|| field_for(column)),
    }
}

/// Maps one record.
pub fn map(record: Record, format: Format, mapping: &Mapping) -> Mapped {
    let mut cells: Vec<(&'static str, String, String)> = Vec::new();
    for (field, column) in &mapping.fields {
        let field = FIELDS.iter().find(|f| *f == field).copied();
        if let (Some(field), Some((_, value))) =
            (field, record.cells.iter().find(|(c, _)| c == column))
        {
            cells.push((field, column.clone(), value.clone()));
        }
    }
    if let Some(column) = &mapping.key
        && let Some((_, value)) = record.cells.iter().find(|(c, _)| c == column)
    {
        cells.push(("key", column.clone(), value.clone()));
    }
    for (column, value) in &record.cells {
        if mapping.maps_column(column) {
            continue;
        }
        let Some(field) = usual(format, column) else {
            continue;
        };
        let taken = mapping.fields.contains_key(field)
            || (field == "key" && mapping.key.is_some())
            || cells.iter().any(|(f, _, _)| *f == field);
        if !taken {
            cells.push((field, column.clone(), value.clone()));
        }
    }
    // An e-mail GoGoCarto keeps to itself reads "private".
    cells.retain(|(f, _, v)| !(*f == "email" && v.trim() == "private"));
    let listed: Vec<String> = cells
        .iter()
        .find(|(f, _, _)| *f == "categories")
        .map(|(_, _, v)| {
            v.split([',', ';', '|'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let rule = mapping.categories_of(&listed, &record.cells);
    let column = cells
        .iter()
        .find(|(f, _, _)| *f == "categories")
        .map_or_else(|| "categories".to_owned(), |(_, c, _)| c.clone());
    cells.retain(|(f, _, _)| *f != "categories");
    if !rule.ids.is_empty() {
        cells.push(("categories", column, rule.ids.join(", ")));
    }
    Mapped {
        line: record.line,
        cells,
        unmapped_categories: rule.unmapped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(cells: &[(&str, &str)]) -> Record {
        Record {
            line: 2,
            cells: cells
                .iter()
                .map(|(c, v)| (c.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn usual_names_then_the_mapping() {
        let plain = map(
            record(&[("Nom", "Troc"), ("Ville", "Lyon"), ("ref", "T1")]),
            Format::Csv,
            &Mapping::default(),
        );
        assert_eq!(plain.get("name"), Some("Troc"));
        assert_eq!(plain.get("location.locality"), Some("Lyon"));
        assert_eq!(plain.get("key"), Some("T1"));
        let mapping = Mapping::parse("key = \"osm_id\"\n[fields]\nname = \"title\"\n[categories]\n\"shop=second_hand\" = \"goods\"").unwrap();
        let osm = map(
            record(&[
                ("title", "Emmaüs"),
                ("name", "ignored"),
                ("osm_id", "node/1"),
                ("id", "x"),
                ("shop", "second_hand"),
            ]),
            Format::GeoJson,
            &mapping,
        );
        assert_eq!(osm.get("name"), Some("Emmaüs"));
        assert_eq!(osm.get("key"), Some("node/1"));
        assert_eq!(osm.get("categories"), Some("goods"));
    }

    #[test]
    fn gogocarto_fields_and_private_emails() {
        let m = map(
            record(&[
                ("id", "AEW"),
                ("name", "DotSoley"),
                ("email", "private"),
                ("telephone", "0590262839"),
                ("status", "4"),
                ("categories", "Réparation, Autre"),
            ]),
            Format::GoGoCarto,
            &Mapping::default(),
        );
        assert_eq!(m.get("key"), Some("AEW"));
        assert_eq!(m.get("phone"), Some("0590262839"));
        assert_eq!(m.get("email"), None);
        assert_eq!(m.get("status"), None, "GoGoCarto's status is its own");
        assert_eq!(m.get("categories"), Some("repair"));
        assert_eq!(m.unmapped_categories, ["Autre"]);
    }
}
