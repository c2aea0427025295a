//! The Atom feed (RFC 4287) of new and updated initiatives and events.

use atom_syndication::{ContentBuilder, EntryBuilder, FeedBuilder, LinkBuilder, Text};
use chrono::{DateTime, Utc};

/// One entry of the feed.
pub struct FeedEntry {
    pub id: String,
    pub title: String,
    pub url: String,
    /// Plain text.
    pub summary: String,
    /// Sanitised HTML.
    pub content_html: String,
    pub updated: DateTime<Utc>,
    pub published: DateTime<Utc>,
    pub categories: Vec<String>,
}

/// The feed: `self_url` is where it is served, `site` the chapter's home page.
pub fn feed(title: &str, self_url: &str, site: &str, entries: Vec<FeedEntry>) -> String {
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or_else(Utc::now);
    let entries = entries
        .into_iter()
        .map(|e| {
            EntryBuilder::default()
                .id(e.id)
                .title(Text::plain(e.title))
                .updated(e.updated.fixed_offset())
                .published(Some(e.published.fixed_offset()))
                .links(vec![
                    LinkBuilder::default()
                        .href(e.url)
                        .rel("alternate")
                        .mime_type(Some("text/html".into()))
                        .build(),
                ])
                .summary(Some(Text::plain(e.summary)))
                .content(Some(
                    ContentBuilder::default()
                        .value(Some(e.content_html))
                        .content_type(Some("html".into()))
                        .build(),
                ))
                .categories(
                    e.categories
                        .into_iter()
                        .map(|c| atom_syndication::CategoryBuilder::default().term(c).build())
                        .collect::<Vec<_>>(),
                )
                .build()
        })
        .collect::<Vec<_>>();
    FeedBuilder::default()
        .id(self_url)
        .title(Text::plain(title))
        .updated(updated.fixed_offset())
        .links(vec![
            LinkBuilder::default()
                .href(self_url)
                .rel("self")
                .mime_type(Some("application/atom+xml".into()))
                .build(),
            LinkBuilder::default()
                .href(site)
                .rel("alternate")
                .mime_type(Some("text/html".into()))
                .build(),
        ])
        .generator(Some(atom_syndication::Generator {
            value: "Partage".into(),
            uri: None,
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }))
        .entries(entries)
        .build()
        .to_string()
}
