//! Text helpers: Markdown to safe HTML, slugs, and the folded form used for search and sorting.

use std::sync::LazyLock;

use pulldown_cmark::{Options, Parser, html};

/// Renders Markdown to HTML that is safe to embed: no scripts, handlers, styles or frames, and
/// links only to http, https and mailto, marked `nofollow noopener noreferrer`.
pub fn markdown_to_html(markdown: &str) -> String {
    let mut unsafe_html = String::with_capacity(markdown.len() * 2);
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    sanitize_html(&unsafe_html)
}

/// Cleans HTML down to a conservative set of formatting tags.
pub fn sanitize_html(html: &str) -> String {
    FORMATTING.clean(html).to_string()
}

/// The cleaner of [`sanitize_html`], built once: building one fills a dozen hash sets, which
/// cost more than cleaning a description.
static FORMATTING: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .tags(
            [
                "p",
                "br",
                "a",
                "strong",
                "b",
                "em",
                "i",
                "del",
                "s",
                "code",
                "pre",
                "blockquote",
                "ul",
                "ol",
                "li",
                "h1",
                "h2",
                "h3",
                "h4",
                "h5",
                "h6",
                "hr",
                "table",
                "thead",
                "tbody",
                "tr",
                "th",
                "td",
            ]
            .into(),
        )
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("nofollow noopener noreferrer"));
    builder
});

/// Cleans the HTML of a post from another server to what Mastodon itself keeps of one (its
/// "strict" set): paragraphs, line breaks, links, emphasis, lists, quotes and code; no
/// pictures, styles or scripts. Its mention and hashtag links keep their classes.
pub fn sanitize_remote_html(html: &str) -> String {
    REMOTE_POST.clean(html).to_string()
}

static REMOTE_POST: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .tags(
            [
                "p",
                "br",
                "span",
                "a",
                "del",
                "pre",
                "blockquote",
                "code",
                "b",
                "strong",
                "u",
                "i",
                "em",
                "ul",
                "ol",
                "li",
            ]
            .into(),
        )
        .allowed_classes(
            [
                ("a", ["mention", "hashtag", "u-url"].into()),
                ("span", ["h-card", "invisible", "ellipsis"].into()),
            ]
            .into(),
        )
        .url_schemes(["http", "https"].into())
        .link_rel(Some("nofollow noopener noreferrer ugc"));
    builder
});

/// The cleaner of [`html_to_text`]: no tag at all.
static NO_TAGS: LazyLock<ammonia::Builder<'static>> = LazyLock::new(ammonia::Builder::empty);

/// The text of an HTML fragment: tags dropped, paragraphs and line breaks kept as newlines,
/// entities decoded. For remote content, which is then rendered as our own text.
pub fn html_to_text(html: &str) -> String {
    // Plain text (most names) is what the HTML parser would give back: no need to parse it.
    let text = if html.contains(['<', '&', '\r', '\0']) {
        decode_html(html)
    } else {
        html.to_owned()
    };
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim().to_owned()
}

fn decode_html(html: &str) -> String {
    let marked = html
        .replace("<br>", "\n")
        .replace("<br/>", "\n")
        .replace("<br />", "\n")
        .replace("</p>", "\n\n")
        .replace("</li>", "\n");
    NO_TAGS
        .clean(&marked)
        .to_string()
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The ASCII slug of a name: `Café de la Réparation` → `cafe-de-la-reparation`.
pub fn slugify(name: &str) -> String {
    let slug = slug::slugify(name);
    let mut slug: String = slug.chars().take(80).collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        "entry".into()
    } else {
        slug
    }
}

/// Lowercase ASCII without accents, for accent- and case-insensitive matching and sorting.
pub fn fold(text: &str) -> String {
    deunicode::deunicode(text).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_sanitised() {
        let html = markdown_to_html(
            "**Hi** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        );
        assert!(html.contains("<strong>Hi</strong>"));
        for bad in ["<script", "javascript:", "onerror", "<img"] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
        let link = markdown_to_html("[site](https://example.org)");
        assert!(
            link.contains(r#"rel="nofollow noopener noreferrer""#),
            "{link}"
        );
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(
            html_to_text("<p>Tom &amp; Jerry<br>fix <b>bikes</b></p><p>Sat</p><script>x</script>"),
            "Tom & Jerry\nfix bikes\n\nSat"
        );
    }

    #[test]
    fn slugs_and_folding() {
        assert_eq!(slugify("Café de la Réparation !"), "cafe-de-la-reparation");
        assert_eq!(slugify("!!!"), "entry");
        assert_eq!(fold("Café ÉTÉ"), "cafe ete");
    }
}
