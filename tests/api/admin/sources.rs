//! The admin's sources, as an admin without JavaScript uses them: a source previewed (its first
//! rows mapped, the categories no rule takes), saved and run at once; a failing one on the list
//! and the dashboard; bad settings refused inline; ids left out; a source removed, its entries
//! kept.

use partage::domain::account::Role;

use super::{Browser, inline_error, problems, user};
use crate::on_both_engines;
use crate::sources::{Served, SourceServer};
use crate::support::{Engine, TestApp};

const CSV: &str = "ref,nom,type,ville,lat,lon\n\
    rc-1,Repair Café Belleville,Repair Café,Paris,48.8722,2.3770\n\
    ot-2,Outilthèque de Montreuil,Bibliothèque d'outils,Montreuil,48.8610,2.4430\n\
    xx-3,,Repair Café,Paris,48.8600,2.3500\n";

async fn sources_from_the_admin(engine: Engine) {
    // Arrange: a map of repair places served as CSV, with its own column names.
    let app = TestApp::spawn(engine).await;
    user(&app, "alice", Role::Admin).await;
    let mut browser = Browser::signed_in(&app, "alice").await;
    let server = SourceServer::start().await;
    server.serve("places.csv", Served::Data("text/csv", CSV.into()));
    server.serve(
        "page.csv",
        Served::Data("text/html", "<html>Sign in</html>".into()),
    );
    let url = server.url("places.csv");
    let settings = |url: &str, every: &str, rules: &str, action: &str| -> Vec<(String, String)> {
        [
            ("url", url),
            ("format", "csv"),
            ("every", every),
            ("name", "Carte des réparateurs"),
            ("licence", "ODbL"),
            ("key", "ref"),
            ("field.name", "nom"),
            ("field.location.locality", "ville"),
            ("field.location.latitude", "lat"),
            ("field.location.longitude", "lon"),
            ("field.categories", "type"),
            ("rules", rules),
            ("action", action),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    };
    let page = browser.get("/admin/sources/new").await;
    assert_eq!(page.status, 200, "{}", page.body);

    // A preview: the first rows as they would be stored, and what no rule takes yet.
    let fields = settings(&url, "24h", "Repair Café: repair", "preview");
    let page = submit(&mut browser, "/admin/sources", &fields).await;
    assert_eq!(page.status, 200, "{:?}", problems(&page.body));
    assert!(page.body.contains("The first 3 of 3 rows"), "{}", page.body);
    assert!(page.body.contains("Repair Café Belleville"));
    assert!(
        page.body
            .contains("Categories no rule takes: Bibliothèque d&#39;outils")
            || page
                .body
                .contains("Categories no rule takes: Bibliothèque d'outils"),
        "{}",
        page.body
    );
    assert_eq!(app.count("sources").await, 0, "a preview saves nothing");
    // An HTML page instead of the CSV says why.
    let fields = settings(&server.url("page.csv"), "24h", "", "preview");
    let page = submit(&mut browser, "/admin/sources", &fields).await;
    assert!(
        page.body.contains("The source cannot be read:"),
        "{}",
        page.body
    );

    // Bad settings: each refused where it was typed, nothing saved.
    let fields = settings(&url, "soon", "Repair Café", "save");
    let page = submit(&mut browser, "/admin/sources", &fields).await;
    assert_eq!(page.status, 422);
    assert!(
        inline_error(&page.body, "rules").is_some(),
        "{:?}",
        problems(&page.body)
    );
    let fields = settings(&url, "soon", "Repair Café: repair", "save");
    let page = submit(&mut browser, "/admin/sources", &fields).await;
    assert_eq!(page.status, 422);
    assert!(
        inline_error(&page.body, "every").is_some(),
        "{:?}",
        problems(&page.body)
    );
    assert_eq!(app.count("sources").await, 0);

    // Act: saved, and run at once.
    let fields = settings(
        &url,
        "24h",
        "Repair Café: repair\nBibliothèque d'outils: goods",
        "save",
    );
    let page = submit(&mut browser, "/admin/sources", &fields).await;

    // Assert: its page logs the run; the directory has both, in our categories, attributed.
    assert_eq!(page.status, 303, "{:?}", problems(&page.body));
    let here = page.location.split('?').next().unwrap().to_owned();
    let page = browser.get(&here).await;
    assert!(page.body.contains("3 rows read"), "{}", page.body);
    // The nameless row is refused, and the dashboard says so at once.
    let dashboard = browser.get("/admin").await.body;
    assert!(
        dashboard.contains("one row refused in its last run (line 3: no name)")
            || dashboard.contains("one row refused in its last run (line 4: no name)"),
        "{dashboard}"
    );
    let (_, list) = app.get_json("/api/v1/initiatives?category=goods").await;
    assert_eq!(
        list["items"][0]["name"], "Outilthèque de Montreuil",
        "{list}"
    );
    let entry = app.page_text("/initiatives/repair-cafe-belleville").await;
    assert!(entry.contains("Carte des réparateurs"), "{entry}");

    // An id left out, then brought again.
    let page = submit(
        &mut browser,
        &format!("{here}/ignore"),
        &[("key".into(), "ot-2".into())],
    )
    .await;
    assert_eq!(page.status, 303);
    assert!(browser.get(&here).await.body.contains("<code>ot-2</code>"));
    let page = submit(
        &mut browser,
        &format!("{here}/unignore"),
        &[("key".into(), "ot-2".into())],
    )
    .await;
    assert_eq!(page.status, 303);
    assert!(!browser.get(&here).await.body.contains("<code>ot-2</code>"));

    // A source that fails shows on the list with why, and on the dashboard.
    let fields = settings(&server.url("gone.csv"), "24h", "", "save");
    let page = submit(&mut browser, "/admin/sources", &fields).await;
    assert_eq!(page.status, 303, "{:?}", problems(&page.body));
    let list_page = browser.get("/admin/sources").await;
    assert!(list_page.body.contains("Failing:"), "{}", list_page.body);
    assert!(list_page.body.contains("404"), "{}", list_page.body);
    assert!(browser.get("/admin").await.body.contains("/admin/sources"));

    // Removed: its entries stay, as the chapter's own.
    let page = submit(&mut browser, &format!("{here}/remove"), &[]).await;
    assert_eq!(
        (page.status, page.location.as_str()),
        (303, "/admin/sources?notice=removed")
    );
    let (_, all) = app.get_json("/api/v1/initiatives").await;
    assert_eq!(all["items"].as_array().map(Vec::len), Some(2), "{all}");
    assert_eq!(browser.get(&here).await.status, 404);
}

/// Submits owned fields with the session's CSRF token.
async fn submit(browser: &mut Browser<'_>, path: &str, fields: &[(String, String)]) -> super::Page {
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    browser.submit(path, &fields).await
}

on_both_engines!(sources_from_the_admin);
