//! Field checks that initiatives and events share: how a field is applied, slugs, hashtags,
//! languages.

use super::text;
use super::validate::{self, Field, FieldError, Problems};

/// Sets a field that always has a value: `null` is refused.
pub fn set<T, U, E: Into<FieldError>>(
    problems: &mut Problems,
    name: &str,
    field: Field<T>,
    target: &mut U,
    check: impl FnOnce(T) -> Result<U, E>,
) {
    match field {
        Field::Absent => {}
        Field::Null => problems.add(name, "must not be null"),
        Field::Invalid(why) => problems.add(name, why),
        Field::Value(v) => match check(v) {
            Ok(u) => *target = u,
            Err(e) => problems.merge(name, e.into()),
        },
    }
}

/// Sets an optional field: `null` clears it.
pub fn set_opt<T, U, E: Into<FieldError>>(
    problems: &mut Problems,
    name: &str,
    field: Field<T>,
    target: &mut Option<U>,
    check: impl FnOnce(T) -> Result<U, E>,
) {
    match field {
        Field::Absent => {}
        Field::Null => *target = None,
        Field::Invalid(why) => problems.add(name, why),
        Field::Value(v) => match check(v) {
            Ok(u) => *target = Some(u),
            Err(e) => problems.merge(name, e.into()),
        },
    }
}

/// Hashtags: `#` dropped, letters, digits and underscores, unique regardless of case.
pub fn parse_tags(tags: Vec<String>) -> Result<Vec<String>, String> {
    if tags.len() > 20 {
        return Err("must hold at most 20 tags".into());
    }
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.trim().trim_start_matches('#').to_owned();
        let valid = (1..=50).contains(&tag.chars().count())
            && tag.chars().all(|c| c.is_alphanumeric() || c == '_');
        if !valid {
            return Err(format!(
                "{tag:?} is not a hashtag: 1 to 50 letters, digits or underscores"
            ));
        }
        if !out.iter().any(|t| text::fold(t) == text::fold(&tag)) {
            out.push(tag);
        }
    }
    Ok(out)
}

pub fn parse_languages(tags: Vec<String>) -> Result<Vec<String>, String> {
    if tags.len() > 20 {
        return Err("must hold at most 20 languages".into());
    }
    let mut out = Vec::new();
    for tag in tags {
        let tag = validate::language_tag(&tag)?;
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    Ok(out)
}

/// Checks an explicit slug.
pub fn parse_slug(slug: String) -> Result<String, String> {
    let valid = (1..=80).contains(&slug.len())
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    if valid {
        Ok(slug)
    } else {
        Err(format!(
            "{slug:?} must be lowercase letters and digits separated by single hyphens"
        ))
    }
}

/// Reads a JSON column written by the domain; an unreadable one reads as empty.
pub fn parse_json<T: serde::de::DeserializeOwned + Default>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_default()
}
