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

#[cfg(test)]
mod tests {
    use super::*;

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
}
