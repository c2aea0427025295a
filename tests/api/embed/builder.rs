//! The embed builder: a plain form whose answer is the widget's preview and the two snippets,
//! defaults left out; linked from every page's footer and from the admin's dashboard.

use crate::on_both_engines;
use crate::support::{Engine, TestApp};

/// The text of a `<textarea id="…">`, as the page shows it (entities read back).
fn textarea(page: &str, id: &str) -> String {
    let start = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} in {page}"));
    let from = start + page[start..].find('>').unwrap() + 1;
    let to = from + page[from..].find("</textarea>").unwrap();
    page[from..to]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

async fn the_builder_writes_the_snippets(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let home = app.page_text("/").await;
    assert!(
        home.contains("href=\"/embed\""),
        "the footer links the builder"
    );

    // Nothing chosen: the agenda, as it comes.
    let page = app.page_text("/embed").await;
    assert!(page.contains("src=\"/embed/agenda\""), "{page}");
    let origin = &app.base;
    assert_eq!(
        textarea(&page, "embed-iframe"),
        format!(
            "<iframe src=\"{origin}/embed/agenda\" title=\"The agenda\" style=\"width: 100%; border: 0\" height=\"600\" loading=\"lazy\"></iframe>\n<script src=\"{origin}/embed.js\" defer></script>"
        )
    );
    assert_eq!(
        textarea(&page, "embed-component"),
        format!(
            "<script src=\"{origin}/embed.js\" defer></script>\n<partage-agenda filter=\"\"></partage-agenda>"
        )
    );

    // A directory of repair cafés near Paris, in French, dark, five of them, with the host's
    // colour: what does not apply to a directory (dates, layers) and the defaults are left out.
    let page = app
        .page_text("/embed?kind=directory&category=repair&near=48.85,2.35&radius_km=5&from=2099-01-01&show=events&language=fr&theme=dark&accent=%23aa3300&limit=5&q=")
        .await;
    let widget = "/embed/directory?category=repair&near=48.85%2C2.35&radius_km=5&lang=fr&theme=dark&accent=%23aa3300&limit=5";
    assert!(
        page.contains(&format!("src=\"{}\"", widget.replace('&', "&amp;"))),
        "{page}"
    );
    let iframe = textarea(&page, "embed-iframe");
    assert!(
        iframe.starts_with(&format!(
            "<iframe src=\"{origin}{}\"",
            widget.replace('&', "&amp;")
        )),
        "{iframe}"
    );
    assert_eq!(
        textarea(&page, "embed-component"),
        format!(
            "<script src=\"{origin}/embed.js\" defer></script>\n<partage-directory filter=\"category=repair&amp;near=48.85%2C2.35&amp;radius_km=5\" limit=\"5\" lang=\"fr\" theme=\"dark\" style=\"--partage-accent: #aa3300\"></partage-directory>"
        )
    );
    // The builder's own language is the reader's: `language` chose the widget's.
    assert!(page.contains("<html lang=\"en\">"));

    // The map: its layers, no limit, a frame the host sizes (no script).
    let page = app
        .page_text("/embed?kind=map&show=events&limit=5&theme=auto")
        .await;
    let iframe = textarea(&page, "embed-iframe");
    assert!(
        iframe.contains("/embed/map?show=events\"") && !iframe.contains("<script"),
        "{iframe}"
    );
    assert!(
        textarea(&page, "embed-component")
            .contains("<partage-map filter=\"show=events\" height=\"450\">")
    );

    // In French, for the French.
    let page = app.page_text("/embed?lang=fr").await;
    assert!(page.contains("Sur votre site") && page.contains("Aperçu"));
}

on_both_engines!(the_builder_writes_the_snippets);
