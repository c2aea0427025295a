//! How an entry reads as a post on the Mastodon-API servers: one shape of `name`, `nameMap`,
//! `summaryMap` and `content` that Mastodon, GoToSocial, Akkoma and Misskey each show with the
//! name, the facts (date, time, place) and a link. `docs/FEDERATION.md` ("How servers show our
//! entries") has each server's rule and the code it was read in.
//!
//! - Mastodon shows `<h2>name</h2>`, the summary (here `summaryMap`) and a link; it ignores
//!   `content` for a `Page` or an `Event`.
//! - GoToSocial, Akkoma and Misskey show a plain `summary` as a content warning with the rest
//!   folded behind it: we send none. GoToSocial also takes a plain `name` for a content warning,
//!   so a `Page` carries its name in `nameMap` and bold at the top of `content`; an `Event` keeps
//!   its plain `name` (Gancio and Mobilizon need it), which GoToSocial shows as the fold's title.
//! - Akkoma and Misskey put a plain `name` above `content` themselves.

use std::collections::BTreeMap;

use chrono::{DateTime, Locale, Utc};
use chrono_tz::Tz;

use url::Url;

use super::protocol::objects::Source;
use crate::domain::text::escape_html;

/// An entry's text, before it is shaped.
pub struct Post<'a> {
    pub name: &'a str,
    /// The language of the maps' keys (the entry's, else the chapter's first).
    pub language: &'a str,
    /// The facts, one per line, as plain text ("📅 …", "📍 …").
    pub facts: Vec<String>,
    pub url: &'a Url,
    /// The description, as sanitised HTML and as written (Markdown).
    pub description_html: &'a str,
    pub description: &'a str,
    /// Whether the name stands in `content` rather than in a plain `name` (see the module).
    pub name_in_content: bool,
}

/// The text fields of the object.
pub struct Shaped {
    pub name: Option<String>,
    pub name_map: BTreeMap<String, String>,
    pub summary_map: BTreeMap<String, String>,
    pub content: String,
    pub content_map: BTreeMap<String, String>,
    pub source: Source,
}

impl Post<'_> {
    pub fn shape(&self) -> Shaped {
        let facts = (!self.facts.is_empty()).then(|| {
            let lines: Vec<String> = self.facts.iter().map(|f| escape_html(f)).collect();
            format!("<p>{}</p>", lines.join("<br>"))
        });
        let link = format!(
            "<p>🔗 <a href=\"{0}\">{1}</a></p>",
            escape_html(self.url.as_str()),
            escape_html(shown(self.url))
        );
        let mut content = String::new();
        if self.name_in_content {
            content.push_str(&format!(
                "<p><strong>{}</strong></p>",
                escape_html(self.name)
            ));
        }
        content.extend(facts.clone());
        content.push_str(&link);
        content.push_str(self.description_html);

        let mut markdown = Vec::new();
        if self.name_in_content {
            markdown.push(format!("**{}**", escape_markdown(self.name)));
        }
        if !self.facts.is_empty() {
            let lines: Vec<String> = self.facts.iter().map(|f| escape_markdown(f)).collect();
            markdown.push(lines.join("  \n"));
        }
        markdown.push(format!("🔗 <{}>", self.url));
        if !self.description.trim().is_empty() {
            markdown.push(self.description.trim().to_owned());
        }

        let map = |text: String| BTreeMap::from([(self.language.to_owned(), text)]);
        Shaped {
            name: (!self.name_in_content).then(|| self.name.to_owned()),
            name_map: map(self.name.to_owned()),
            summary_map: facts.map(map).unwrap_or_default(),
            content_map: map(content.clone()),
            content,
            source: Source {
                content: markdown.join("\n\n"),
                media_type: "text/markdown",
            },
        }
    }
}

/// A URL as people read it: without `https://` and a lone trailing slash.
fn shown(url: &Url) -> &str {
    let text = url.as_str();
    let text = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .unwrap_or(text);
    text.strip_suffix('/').unwrap_or(text)
}

/// Plain text in Markdown, read back as the same text.
fn escape_markdown(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '`' | '#' | '|' | '~'
        ) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// "Saturday 5 December 2026, 18:00 – 21:00 (Europe/Paris)", in the language given.
pub fn describe_time(
    start: DateTime<Utc>,
    end: Option<DateTime<Utc>>,
    tz: Tz,
    language: &str,
) -> String {
    let locale = locale(language);
    let start = start.with_timezone(&tz);
    let day = start.format_localized("%A %-d %B %Y", locale).to_string();
    let range = match end.map(|e| e.with_timezone(&tz)) {
        Some(end) if end.date_naive() == start.date_naive() => {
            format!("{} – {}", start.format("%H:%M"), end.format("%H:%M"))
        }
        Some(end) => format!(
            "{} – {}",
            start.format("%H:%M"),
            end.format_localized("%A %-d %B %Y, %H:%M", locale)
        ),
        None => start.format("%H:%M").to_string(),
    };
    format!("{day}, {range} ({})", tz.name())
}

fn locale(language: &str) -> Locale {
    match language.split('-').next().unwrap_or("en") {
        "fr" => Locale::fr_FR,
        "de" => Locale::de_DE,
        "es" => Locale::es_ES,
        "it" => Locale::it_IT,
        "pt" => Locale::pt_PT,
        "ca" => Locale::ca_ES,
        "nl" => Locale::nl_NL,
        _ => Locale::en_GB,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn post(name_in_content: bool) -> Shaped {
        let url = Url::parse("https://paris.example/events/velo").unwrap();
        Post {
            name: "Vélo <& co>",
            language: "fr",
            facts: vec!["📅 samedi".into(), "📍 La Cyclofficine".into()],
            url: &url,
            description_html: "<p>Bring your bike.</p>",
            description: "Bring your **bike**.",
            name_in_content,
        }
        .shape()
    }

    #[test]
    fn an_event_keeps_its_name_apart_and_sends_no_summary() {
        let shaped = post(false);
        assert_eq!(shaped.name.as_deref(), Some("Vélo <& co>"));
        assert_eq!(
            shaped.content,
            "<p>📅 samedi<br>📍 La Cyclofficine</p><p>🔗 <a href=\"https://paris.example/events/velo\">paris.example/events/velo</a></p><p>Bring your bike.</p>"
        );
        assert_eq!(
            shaped.summary_map["fr"],
            "<p>📅 samedi<br>📍 La Cyclofficine</p>"
        );
        assert_eq!(shaped.content_map["fr"], shaped.content);
        assert_eq!(
            shaped.source.content,
            "📅 samedi  \n📍 La Cyclofficine\n\n🔗 <https://paris.example/events/velo>\n\nBring your **bike**."
        );
    }

    #[test]
    fn a_page_opens_its_content_with_its_name() {
        let shaped = post(true);
        assert_eq!(shaped.name, None);
        assert_eq!(shaped.name_map["fr"], "Vélo <& co>");
        assert!(
            shaped
                .content
                .starts_with("<p><strong>Vélo &lt;&amp; co&gt;</strong></p><p>📅"),
            "{}",
            shaped.content
        );
        assert!(shaped.source.content.starts_with("**Vélo \\<& co\\>**\n\n"));
    }

    #[test]
    fn times_read_in_words() {
        let start = Utc.with_ymd_and_hms(2026, 12, 5, 17, 0, 0).unwrap();
        let end = Utc.with_ymd_and_hms(2026, 12, 5, 20, 0, 0).unwrap();
        let paris = chrono_tz::Europe::Paris;
        assert_eq!(
            describe_time(start, Some(end), paris, "en"),
            "Saturday 5 December 2026, 18:00 – 21:00 (Europe/Paris)"
        );
        assert_eq!(
            describe_time(start, None, paris, "fr"),
            "samedi 5 décembre 2026, 18:00 (Europe/Paris)"
        );
    }
}
