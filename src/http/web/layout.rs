//! The frame around every page: `<head>` (title, Open Graph, JSON-LD, alternates), the header
//! with navigation and the language switch, and the footer.

use maud::{DOCTYPE, Markup, PreEscaped, html};
use serde_json::Value;

use super::Ui;
use super::assets::asset;
use super::i18n::Locale;
use crate::app::AppState;
use crate::federation::LocalActor;

/// What a page says about itself in its `<head>`.
#[derive(Default)]
pub struct Head {
    pub title: String,
    /// One plain-text sentence for search engines and link previews.
    pub description: String,
    /// `website`, `article` or `event` (Open Graph's type).
    pub kind: &'static str,
    pub image: Option<String>,
    /// schema.org data about the page's subject.
    pub json_ld: Option<Value>,
    /// The same thing as ActivityPub (its id).
    pub activity: Option<String>,
    /// Feeds of this page's content: (media type, address, title).
    pub feeds: Vec<(&'static str, String, String)>,
    /// The map scripts are needed.
    pub map: bool,
    /// An admin page: not for search engines; with the admin's scripts.
    pub admin: bool,
    /// A script of the page's own (`builder.js`).
    pub script: Option<&'static str>,
    /// The page can be embedded elsewhere: oEmbed discovery.
    pub oembed: bool,
    /// An admin form with the map picker: the map library too (the other admin pages, sign-in
    /// among them, do without its 160 KB).
    pub map_picker: bool,
}

pub fn page(state: &AppState, ui: &Ui, head: Head, main: Markup) -> Markup {
    let site = &state.settings.instance.name;
    let title = if head.title.is_empty() || head.title == *site {
        site.clone()
    } else {
        format!("{} · {site}", head.title)
    };
    let url = state.url(&ui.link(&[("lang", None)]));
    html! {
        (DOCTYPE)
        html lang=(ui.locale.tag) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                meta name="description" content=(head.description);
                link rel="canonical" href=(url);
                link rel="icon" href=(asset("icon.png"));
                link rel="stylesheet" href=(asset("site.css"));
                meta property="og:site_name" content=(site);
                meta property="og:title" content=(head.title);
                meta property="og:description" content=(head.description);
                meta property="og:type" content=(if head.kind.is_empty() { "website" } else { head.kind });
                meta property="og:url" content=(url);
                meta property="og:locale" content=(ui.t("meta-og-locale"));
                meta property="og:image" content=(head.image.clone().unwrap_or_else(|| state.url("/icon.png")));
                @for locale in Locale::all() {
                    link rel="alternate" hreflang=(locale.tag) href=(state.url(&ui.link(&[("lang", Some(locale.tag))])));
                }
                @if let Some(activity) = &head.activity {
                    link rel="alternate" type="application/activity+json" href=(activity);
                }
                link rel="alternate" type="application/atom+xml" href="/feed.atom" title=(ui.t("feed-atom"));
                link rel="alternate" type="text/calendar" href="/events.ics" title=(ui.t("feed-ics"));
                @for (kind, href, label) in &head.feeds {
                    link rel="alternate" type=(kind) href=(href) title=(label);
                }
                @if let Some(data) = &head.json_ld {
                    script type="application/ld+json" { (PreEscaped(json_for_script(data))) }
                }
                @if head.admin {
                    meta name="robots" content="noindex, nofollow";
                    @if head.map_picker {
                        link rel="stylesheet" href=(asset("vendor/leaflet/leaflet.css"));
                        script defer src=(asset("vendor/leaflet/leaflet.js")) {}
                    }
                    script defer src=(asset("admin.js")) {}
                }
                @if head.map {
                    link rel="stylesheet" href=(asset("vendor/leaflet/leaflet.css"));
                    link rel="stylesheet" href=(asset("vendor/markercluster/MarkerCluster.css"));
                    link rel="stylesheet" href=(asset("vendor/markercluster/MarkerCluster.Default.css"));
                    script defer src=(asset("vendor/leaflet/leaflet.js")) {}
                    script defer src=(asset("vendor/markercluster/leaflet.markercluster.js")) {}
                    script defer src=(asset("map.js")) {}
                }
                @if let Some(script) = head.script {
                    script defer src=(asset(script)) {}
                }
                @if head.oembed {
                    link rel="alternate" type="application/json+oembed" title=(head.title)
                        href={ "/oembed?format=json&url=" (super::components::urlencode(&url)) };
                }
                script defer src=(asset("site.js")) {}
            }
            body data-tiles=(state.settings.website.tiles)
                 data-attribution=(state.settings.website.tiles_attribution)
                 data-map-zoom-in=(ui.t("map-zoom-in")) data-map-zoom-out=(ui.t("map-zoom-out"))
                 data-map-cluster=(ui.locale.tr("map-cluster", &[("count", "{n}".into())]))
                 data-map-also=(ui.t("duplicates-also")) data-map-ours=(ui.t("duplicates-ours")) {
                a.skip href="#main" { (ui.t("skip-to-content")) }
                (header(state, ui))
                main #main { (main) }
                (footer(state, ui))
            }
        }
    }
}

fn header(state: &AppState, ui: &Ui) -> Markup {
    let nav = [
        ("/", "nav-home"),
        ("/initiatives", "nav-directory"),
        ("/events", "nav-events"),
        ("/map", "nav-map"),
        ("/network", "nav-network"),
    ];
    html! {
        header.site {
            a.brand href="/" { img src=(asset("icon.png")) alt="" width="32" height="32"; span { (state.settings.instance.name) } }
            nav aria-label=(ui.t("nav-label")) {
                ul {
                    @for (href, key) in nav {
                        @let current = ui.path == href || (href != "/" && ui.path.starts_with(href));
                        li { a href=(href) aria-current=[current.then_some("page")] { (ui.t(key)) } }
                    }
                }
            }
            nav.languages aria-label=(ui.t("language-switch")) {
                ul {
                    @for locale in Locale::all() {
                        li {
                            @if locale.tag == ui.locale.tag {
                                span aria-current="true" lang=(locale.tag) { (locale.name()) }
                            } @else {
                                a href=(ui.link(&[("lang", Some(locale.tag))])) lang=(locale.tag) hreflang=(locale.tag) { (locale.name()) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn footer(state: &AppState, ui: &Ui) -> Markup {
    let urls = &state.federation.context().urls;
    let actor = urls.actor(LocalActor::Chapter);
    html! {
        footer.site {
            p {
                (ui.t("footer-follow")) " "
                code { "@" (urls.slug()) "@" (urls.domain()) }
                " · " a href=(actor.as_str()) rel="me" { (ui.t("footer-activitypub")) }
            }
            p {
                (ui.t("footer-data")) " "
                a href="/feed.atom" { "Atom" } " · "
                a href="/events.ics" { "iCalendar" } " · "
                a href="/initiatives.geojson" { "GeoJSON" } " · "
                a href="/initiatives.csv" { "CSV" } " · "
                a href="/directory.json" { "JSON" } " (" (state.settings.instance.license) ") · "
                a href="/api/openapi.json" { "API" }
            }
            p {
                a href="/suggest" { (ui.t("suggest-initiative")) } " · "
                a href="/suggest?kind=event" { (ui.t("suggest-event")) } " · "
                a href="/embed" { (ui.t("embed-footer")) } " · "
                a href="/admin" rel="nofollow" { (ui.t("admin-menu")) }
            }
            p.small { (ui.t("footer-powered")) }
        }
    }
}

/// JSON that is safe inside `<script>`: no `</script>`, no `<!--`.
fn json_for_script(data: &Value) -> String {
    data.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
