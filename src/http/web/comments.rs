//! What the fediverse says about an entry, under its page: how many shared and favourited it,
//! the approved replies (a page at a time), how to reply, and "Report a problem".

use fluent_bundle::FluentValue;
use maud::{Markup, PreEscaped, html};

use super::{Ui, format};
use crate::app::AppState;
use crate::db::comments::CommentRow;
use crate::db::origin::Entries;
use crate::db::reactions::Counts;
use crate::domain::comment::{self, PER_PAGE};

/// What the section shows of one entry.
pub struct Conversation {
    pub counts: Counts,
    pub comments: Vec<CommentRow>,
    pub page: i64,
}

impl Conversation {
    /// Loads the section of our own entry (`?comments=N` chooses the page).
    pub async fn load(
        state: &AppState,
        ui: &Ui,
        entries: Entries,
        id: i64,
    ) -> Result<Conversation, crate::domain::Error> {
        let page = ui
            .query
            .iter()
            .find(|(k, _)| k == "comments")
            .and_then(|(_, v)| v.parse::<i64>().ok())
            .filter(|p| (1..=10_000).contains(p))
            .unwrap_or(1);
        Ok(Conversation {
            counts: comment::counts(&state.db, entries, id).await?,
            comments: comment::shown(&state.db, entries, id, page).await?,
            page,
        })
    }
}

/// A remote author's handle, `@name@host`, and the name shown.
pub fn author(c: &CommentRow) -> (String, String) {
    let host = url::Url::parse(&c.actor_ap_id)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default();
    let handle = match &c.actor_username {
        Some(user) => format!("@{user}@{host}"),
        None => c.actor_ap_id.clone(),
    };
    let name = c
        .actor_name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| handle.clone());
    (handle, name)
}

/// The initials standing for an author's picture.
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

/// One comment: its author, date (a link to the original), and text.
pub fn comment(ui: &Ui, c: &CommentRow) -> Markup {
    let (handle, name) = author(c);
    let original = c.url.clone().unwrap_or_else(|| c.ap_id.clone());
    html! {
        article.comment {
            header {
                span.avatar aria-hidden="true" { (initials(&name)) }
                span.author { strong { (name) } " " span.handle { (handle) } }
                " · "
                a href=(original) rel="nofollow noopener ugc" {
                    time datetime=(c.published.to_rfc3339()) { (format::date(ui.locale, c.published.date_naive())) }
                }
                @if c.edited_at.is_some() { " · " (ui.t("comments-edited")) }
            }
            div.content lang=[ui.text_lang(c.language.as_deref())] { (PreEscaped(&c.content)) }
        }
    }
}

/// The section under an entry: `object_id` is its ActivityPub id (what a Mastodon user searches
/// to reply), `path` its page.
pub fn section(ui: &Ui, conversation: &Conversation, object_id: &str, path: &str) -> Markup {
    let c = &conversation.counts;
    let count = |key: &str, n: i64| ui.locale.tr(key, &[("count", FluentValue::from(n))]);
    let pages = ((c.replies + PER_PAGE - 1) / PER_PAGE).max(1);
    html! {
        section.conversation aria-labelledby="comments-title" {
            h2 #comments-title { (count("comments-title", c.replies)) }
            @if c.likes > 0 || c.boosts > 0 {
                p.reactions {
                    @if c.boosts > 0 { span { (count("comments-boosts", c.boosts)) } }
                    @if c.likes > 0 && c.boosts > 0 { " · " }
                    @if c.likes > 0 { span { (count("comments-likes", c.likes)) } }
                }
            }
            @if conversation.comments.is_empty() {
                p { (ui.t("comments-none")) }
            } @else {
                ol.comments {
                    @for c in &conversation.comments { li { (comment(ui, c)) } }
                }
            }
            @if pages > 1 {
                nav.pagination aria-label=(ui.t("comments-pages")) {
                    @if conversation.page > 1 {
                        a href={ (path) "?comments=" (conversation.page - 1) "#comments-title" } { (ui.t("pagination-previous")) }
                    }
                    span { (conversation.page) " / " (pages) }
                    @if conversation.page < pages {
                        a href={ (path) "?comments=" (conversation.page + 1) "#comments-title" } { (ui.t("pagination-next")) }
                    }
                }
            }
            p.small {
                (ui.t("comments-how")) " " code { (object_id) }
            }
            p.small { a href={ (path) "/report" } { (ui.t("report-link")) } }
        }
    }
}
