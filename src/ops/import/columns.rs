//! What a file's columns mean: English or French names, lists, decimal commas, and the row
//! they make.

use std::collections::HashMap;

use crate::domain::category::CATEGORIES;
use crate::domain::import::{InitiativeImport, Row};
use crate::domain::initiative::InitiativeInput;
use crate::domain::location::LocationInput;
use crate::domain::text::fold;
use crate::domain::validate::Field;

/// The field a column name means, in English or French, whatever its case and accents.
pub(crate) fn field_for(column: &str) -> Option<&'static str> {
    let key: String = fold(column)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let key = key.trim_matches('_');
    let key = key
        .split('_')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    Some(match key.as_str() {
        "name" | "nom" | "title" | "titre" => "name",
        // The file's own key for the row: what makes a re-import update the entries it made.
        "id" | "ref" | "reference" | "external_id" => "key",
        "slug" | "identifiant" => "slug",
        "summary" | "resume" | "short_description" | "accroche" | "description_courte" => "summary",
        "description" | "details" | "presentation" => "description",
        "categories" | "category" | "categorie" | "themes" | "theme" => "categories",
        "tags" | "mots_cles" | "mot_cle" | "keywords" | "hashtags" => "tags",
        "place" | "lieu" | "venue" | "nom_du_lieu" | "location_name" => "location.name",
        "street" | "address" | "adresse" | "rue" | "street_address" => "location.street",
        "postal_code" | "postcode" | "zip" | "zip_code" | "code_postal" | "cp" => {
            "location.postal_code"
        }
        "locality" | "city" | "town" | "ville" | "commune" => "location.locality",
        "region" | "state" | "departement" => "location.region",
        "country" | "pays" | "country_code" => "location.country",
        "latitude" | "lat" => "location.latitude",
        "longitude" | "lon" | "lng" | "long" => "location.longitude",
        "website" | "site" | "site_web" | "site_internet" | "url" | "web" => "website",
        "email" | "e_mail" | "courriel" | "mail" => "email",
        "phone" | "telephone" | "tel" => "phone",
        "opening_hours" | "horaires" | "heures_d_ouverture" | "hours" => "opening_hours",
        "languages" | "langues" | "language" | "langue" => "languages",
        "image" | "image_url" | "photo" | "logo" => "image_url",
        "status" | "statut" | "etat" => "status",
        _ => return None,
    })
}

pub(super) fn list(value: &str) -> Vec<String> {
    split(value, &[',', ';', '|'])
}

/// Tags: a list, where `#` also starts a tag (`#repair #zerowaste` is two).
fn tags(value: &str) -> Vec<String> {
    if value.contains('#') {
        split(value, &[',', ';', '|', '#'])
    } else {
        list(value)
    }
}

fn split(value: &str, separators: &[char]) -> Vec<String> {
    value
        .split(separators)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Category ids, or their English or French labels.
pub(super) fn categories(value: &str) -> Vec<String> {
    list(value)
        .into_iter()
        .map(|v| {
            let folded = fold(&v);
            CATEGORIES
                .iter()
                .find(|c| fold(c.label_en) == folded || fold(c.label_fr) == folded)
                .map_or(v, |c| c.id.to_owned())
        })
        .collect()
}

/// A number written with a decimal comma (`48,8566`) as well as a point.
fn number(value: &str) -> Field<f64> {
    let value = value.trim();
    let normalized = if value.contains('.') {
        value.to_owned()
    } else {
        value.replace(',', ".")
    };
    match normalized.parse::<f64>() {
        Ok(n) => Field::Value(n),
        Err(_) => Field::Invalid(format!("{value:?} is not a number")),
    }
}

/// An initiative from (column, value) pairs; empty cells are absent.
pub(super) fn initiative_from(line: usize, cells: Vec<(String, String)>) -> Row<InitiativeImport> {
    let fields = cells
        .into_iter()
        .filter_map(|(column, value)| Some((field_for(&column)?, column, value)))
        .collect();
    initiative_of(line, fields)
}

/// An initiative from (our field, column, value) triples, fields named as [`field_for`]
/// answers (`key` for the file's own id); empty cells are absent.
pub(crate) fn initiative_of(
    line: usize,
    cells: Vec<(&str, String, String)>,
) -> Row<InitiativeImport> {
    let mut input = InitiativeInput::default();
    let mut key = None;
    let mut location = LocationInput::default();
    let mut has_location = false;
    let mut columns = HashMap::new();
    for (field, column, value) in cells {
        let value = value.trim().to_owned();
        if value.is_empty() {
            continue;
        }
        columns.insert(field.to_owned(), column);
        let text = Field::Value(value.clone());
        match field {
            "name" => input.name = text,
            "key" => key = Some(value.clone()),
            "slug" => input.slug = text,
            "summary" => input.summary = text,
            "description" => input.description = text,
            "categories" => input.categories = Field::Value(categories(&value)),
            "tags" => input.tags = Field::Value(tags(&value)),
            "website" => input.website = text,
            "email" => input.email = text,
            "phone" => input.phone = text,
            "opening_hours" => input.opening_hours = text,
            "languages" => input.languages = Field::Value(list(&value)),
            "image_url" => input.image_url = text,
            "status" => input.status = text,
            location_field if location_field.starts_with("location.") => {
                has_location = true;
                match location_field {
                    "location.name" => location.name = text,
                    "location.street" => location.street = text,
                    "location.postal_code" => location.postal_code = text,
                    "location.locality" => location.locality = text,
                    "location.region" => location.region = text,
                    "location.country" => location.country = text,
                    "location.latitude" => location.latitude = number(&value),
                    _ => location.longitude = number(&value),
                }
            }
            _ => {}
        }
    }
    if has_location {
        input.location = Field::Value(location);
    }
    Row {
        line,
        input: InitiativeImport { key, input },
        columns,
    }
}
