//! Input checking: `Field<T>` keeps every field's parse outcome so that one reply lists them all.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use url::Url;

/// One field of an unchecked request body: absent, explicitly null, a value, or unparseable.
///
/// Deserialising a `Field` never fails, so a body with several bad fields reports all of them.
#[derive(Debug, Clone, Default)]
pub enum Field<T> {
    #[default]
    Absent,
    Null,
    Value(T),
    Invalid(String),
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = serde_json::Value::deserialize(deserializer)?;
        if raw.is_null() {
            return Ok(Field::Null);
        }
        Ok(match serde_json::from_value(raw) {
            Ok(value) => Field::Value(value),
            Err(e) => Field::Invalid(type_error_message(&e)),
        })
    }
}

/// serde's messages name Rust types ("invalid type: integer `5`, expected a string"); keep the
/// readable part and drop the position, which refers to the isolated field.
fn type_error_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let text = match text.find(" at line ") {
        Some(cut) => &text[..cut],
        None => &text,
    };
    // `invalid type: string "abc", expected f64` is `"abc" is not a number`.
    let quoted = text
        .strip_prefix("invalid type: string ")
        .and_then(|rest| rest.rsplit_once(", expected "));
    match quoted {
        Some((value, "f64")) => format!("{value} is not a number"),
        Some((value, "i64")) => format!("{value} is not a whole number"),
        _ => text.to_owned(),
    }
}

impl<T: utoipa::PartialSchema> utoipa::PartialSchema for Field<T> {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        T::schema()
    }
}

impl<T: utoipa::ToSchema> utoipa::ToSchema for Field<T> {
    fn name() -> std::borrow::Cow<'static, str> {
        T::name()
    }
}

/// Every problem found in one request, by field path (`location.latitude`).
#[derive(Debug, Default, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Problems(Vec<Problem>);

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// The field at fault, as a dotted path.
    pub field: String,
    /// What is wrong with it, in words.
    pub message: String,
}

impl Problems {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem {
            field: field.into(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter()
    }

    /// `Ok(value)` when nothing was found, the problems otherwise.
    pub fn into_result<T>(self, value: T) -> Result<T, Problems> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// Takes a field that must be present, recording why it is not usable.
    pub fn required<T>(&mut self, name: &str, field: Field<T>) -> Option<T> {
        match field {
            Field::Value(v) => Some(v),
            Field::Absent | Field::Null => {
                self.add(name, "is required");
                None
            }
            Field::Invalid(why) => {
                self.add(name, why);
                None
            }
        }
    }

    /// Takes a field that may be absent or null.
    pub fn optional<T>(&mut self, name: &str, field: Field<T>) -> Option<T> {
        match field {
            Field::Value(v) => Some(v),
            Field::Absent | Field::Null => None,
            Field::Invalid(why) => {
                self.add(name, why);
                None
            }
        }
    }

    /// Runs a check on a present value, recording its error under `name`.
    pub fn check<T, U>(
        &mut self,
        name: &str,
        value: Option<T>,
        check: impl FnOnce(T) -> Result<U, String>,
    ) -> Option<U> {
        match check(value?) {
            Ok(v) => Some(v),
            Err(why) => {
                self.add(name, why);
                None
            }
        }
    }
}

/// Why one field was refused: a message for it, or problems of its inner fields.
#[derive(Debug)]
pub enum FieldError {
    Message(String),
    Nested(Problems),
}

impl From<String> for FieldError {
    fn from(message: String) -> Self {
        FieldError::Message(message)
    }
}

impl From<Problems> for FieldError {
    fn from(problems: Problems) -> Self {
        FieldError::Nested(problems)
    }
}

impl Problems {
    /// Records a field's error under `name`, or its inner fields' problems as they are.
    pub fn merge(&mut self, name: &str, error: FieldError) {
        match error {
            FieldError::Message(message) => self.add(name, message),
            FieldError::Nested(inner) => self.0.extend(inner.0),
        }
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|p| format!("{}: {}", p.field, p.message))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

/// A single line of text, trimmed, between 1 and `max` characters.
pub fn line(value: String, max: usize) -> Result<String, String> {
    let value = value.trim().to_owned();
    if value.is_empty() {
        return Err("must not be empty".into());
    }
    if value.contains(['\n', '\r']) {
        return Err("must be a single line".into());
    }
    text(value, max)
}

/// Free text of at most `max` characters, with no control characters but newlines and tabs.
pub fn text(value: String, max: usize) -> Result<String, String> {
    if value.chars().count() > max {
        return Err(format!("must be at most {max} characters long"));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err("must not contain control characters".into());
    }
    Ok(value)
}

/// An absolute http(s) URL.
pub fn web_url(value: String) -> Result<Url, String> {
    if value.len() > 2048 {
        return Err("must be at most 2048 characters long".into());
    }
    let url = Url::parse(value.trim()).map_err(|e| format!("is not a valid URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err("must be an http:// or https:// URL".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not contain a user name or password".into());
    }
    Ok(url)
}

pub fn email(value: String) -> Result<String, String> {
    let value = value.trim();
    // No control characters: an address goes into mail headers.
    let clean = !value.chars().any(char::is_control);
    if clean
        && value.len() <= 254
        && email_address::EmailAddress::is_valid(value)
        && value.contains('.')
    {
        Ok(value.to_owned())
    } else {
        Err(format!("{value:?} is not a valid e-mail address"))
    }
}

/// A telephone number: digits with the usual separators, an optional leading `+`.
pub fn phone(value: String) -> Result<String, String> {
    let value = value.trim();
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let allowed = value
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || " -.()/".contains(c) || (c == '+' && i == 0));
    if allowed && (4..=20).contains(&digits) {
        Ok(value.to_owned())
    } else {
        Err(format!("{value:?} is not a telephone number"))
    }
}

/// A BCP 47 language tag, returned in its canonical case (`fr`, `pt-BR`).
pub fn language_tag(value: &str) -> Result<String, String> {
    let tag = language_tags::LanguageTag::parse(value.trim())
        .map_err(|_| format!("{value:?} is not a language tag like \"fr\" or \"pt-BR\""))?;
    Ok(tag
        .canonicalize()
        .map_or_else(|_| tag.to_string(), |t| t.to_string()))
}

pub fn timezone(value: String) -> Result<chrono_tz::Tz, String> {
    value
        .trim()
        .parse::<chrono_tz::Tz>()
        .map_err(|_| format!("{value:?} is not an IANA time zone like \"Europe/Paris\""))
}

/// An OpenStreetMap `opening_hours` value, e.g. `Mo-Fr 09:00-18:00; Sa 10:00-13:00`.
pub fn opening_hours(value: String) -> Result<String, String> {
    let value = value.trim().to_owned();
    if value.len() > 500 {
        return Err("must be at most 500 characters long".into());
    }
    match value.parse::<opening_hours::OpeningHours>() {
        Ok(_) => Ok(value),
        Err(e) => Err(format!(
            "is not in OpenStreetMap opening_hours syntax ({})",
            first_line(&e.to_string())
        )),
    }
}

fn first_line(text: &str) -> &str {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(text)
        .trim()
}
