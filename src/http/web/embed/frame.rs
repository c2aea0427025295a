//! The document around every widget: the host's presentation options (theme, accent, header,
//! limit), read and checked, and a compact, chrome-less page whose links open in the top window,
//! which sets no cookie and tells the page around it its height.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use super::super::Ui;
use super::super::assets::asset;
use super::super::error::problem_list;
use crate::app::AppState;
use crate::domain::{Error, Problems};

/// Entries shown when the host does not say.
pub const DEFAULT_LIMIT: i64 = 10;
/// The most a widget lists.
pub const MOST: i64 = 50;

/// The height of a widget's frame (`agenda`, `directory`, `map`, or one entry's card:
/// `events`, `initiatives`) until it tells its own; a map's frame keeps it.
pub fn first_height(widget: &str) -> u32 {
    match widget {
        "map" => 450,
        "events" => 180,
        "initiatives" => 220,
        _ => 600,
    }
}

/// How the host page wants the widget to look.
pub struct Look {
    pub theme: &'static str,
    /// `#RRGGBB`.
    pub accent: Option<String>,
    pub header: bool,
    pub limit: i64,
}

/// Reads the presentation options; what cannot be read is a problem shown in the frame.
pub fn look(ui: &Ui, problems: &mut Problems) -> Look {
    let theme = match ui.param("theme").unwrap_or("auto") {
        "light" => "light",
        "dark" => "dark",
        "auto" => "auto",
        _ => {
            problems.add("theme", "must be light, dark or auto");
            "auto"
        }
    };
    let accent = ui.param("accent").and_then(|a| {
        let ok =
            a.len() == 7 && a.starts_with('#') && a[1..].chars().all(|c| c.is_ascii_hexdigit());
        if !ok {
            problems.add("accent", "must be a colour as #RRGGBB");
        }
        ok.then(|| a.to_owned())
    });
    let limit = match ui.param("limit").map(str::parse::<i64>) {
        None => DEFAULT_LIMIT,
        Some(Ok(n)) if (1..=MOST).contains(&n) => n,
        Some(_) => {
            problems.add("limit", format!("must be a number from 1 to {MOST}"));
            DEFAULT_LIMIT
        }
    };
    Look {
        theme,
        accent,
        header: ui.param("header") != Some("0"),
        limit,
    }
}

/// What a frame shows around its content.
pub struct Frame<'a> {
    pub title: &'a str,
    /// The full page of the same content on our site, and its link's words ("See them all").
    pub more: &'a str,
    pub more_label: &'a str,
    /// The content is a map: Leaflet and the map's words, and no height told (the host sizes a
    /// map's frame; the map fills it).
    pub map: bool,
}

/// The frame's document around a widget's content.
pub fn framed(
    state: &AppState,
    ui: &Ui,
    look: &Look,
    frame: Frame,
    status: StatusCode,
    body: Markup,
) -> Response {
    let site = &state.settings.instance.name;
    // The host's colour for links and times where it is readable on the theme's background
    // (4.5:1); otherwise only for the frame's edge, and our own colour for the text.
    let accent = look.accent.as_ref().map(|a| {
        if readable(a, look.theme) {
            format!("--accent: {a}; --edge: {a};")
        } else {
            format!("--edge: {a};")
        }
    });
    let page = html! {
        (DOCTYPE)
        html lang=(ui.locale.tag) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (frame.title) " · " (site) }
                // Every link leaves the frame for the page around it.
                base target="_top";
                @if frame.map {
                    link rel="stylesheet" href=(asset("vendor/leaflet/leaflet.css"));
                    link rel="stylesheet" href=(asset("vendor/markercluster/MarkerCluster.css"));
                    link rel="stylesheet" href=(asset("vendor/markercluster/MarkerCluster.Default.css"));
                }
                link rel="stylesheet" href=(asset("embed.css"));
                @if frame.map {
                    script defer src=(asset("vendor/leaflet/leaflet.js")) {}
                    script defer src=(asset("vendor/markercluster/leaflet.markercluster.js")) {}
                    script defer src=(asset("map.js")) {}
                } @else {
                    script defer src=(asset("frame.js")) {}
                }
            }
            body class={ "theme-" (look.theme) @if frame.map { " with-map" } } style=[accent]
                 data-tiles=[frame.map.then_some(&state.settings.website.tiles)]
                 data-attribution=[frame.map.then_some(&state.settings.website.tiles_attribution)]
                 data-map-zoom-in=[frame.map.then(|| ui.t("map-zoom-in"))]
                 data-map-zoom-out=[frame.map.then(|| ui.t("map-zoom-out"))]
                 data-map-cluster=[frame.map.then(|| ui.locale.tr("map-cluster", &[("count", "{n}".into())]))]
                 data-map-also=[frame.map.then(|| ui.t("duplicates-also"))]
                 data-map-ours=[frame.map.then(|| ui.t("duplicates-ours"))] {
                @if look.header {
                    header { h1 { a href="/" { (site) } } }
                }
                main {
                    // Without the header (`header=0`), the headings stay for screen readers.
                    @if !look.header { h1.visually-hidden { (site) } }
                    h2.visually-hidden[!look.header] { a href=(frame.more) { (frame.title) } }
                    (body)
                }
                footer { a href=(frame.more) { (frame.more_label) } " · " (ui.t("embed-powered")) }
            }
        }
    };
    let mut response = (status, page).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(ui.locale.tag),
    );
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Language"));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    response
}

/// A widget's status and content: the list, the problems with the query (400), or a word that
/// the directory cannot be read now (503).
pub fn answer(ui: &Ui, listed: Result<Markup, Error>) -> (StatusCode, Markup) {
    match listed {
        Ok(body) => (StatusCode::OK, body),
        Err(Error::BadQuery(problems)) => (StatusCode::BAD_REQUEST, problem_list(ui, &problems)),
        Err(e) => {
            tracing::error!(error = %e, "A widget cannot read the directory");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                html! { p.problems { (ui.t("embed-unavailable")) } },
            )
        }
    }
}
/// Text made safe inside a double-quoted HTML attribute of a snippet we hand out.
pub fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Whether `#RRGGBB` text reads at 4.5:1 on the theme's background (both, for `auto`).
fn readable(colour: &str, theme: &str) -> bool {
    let channel = |i: usize| {
        let v = f64::from(u8::from_str_radix(&colour[i..i + 2], 16).unwrap_or(0)) / 255.0;
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    let ratio = |background: f64| {
        let (a, b) = if luminance > background {
            (luminance, background)
        } else {
            (background, luminance)
        };
        (a + 0.05) / (b + 0.05)
    };
    // White, and the dark theme's #14201d.
    let (light, dark) = (1.0, 0.0128);
    match theme {
        "light" => ratio(light) >= 4.5,
        "dark" => ratio(dark) >= 4.5,
        _ => ratio(light) >= 4.5 && ratio(dark) >= 4.5,
    }
}

#[cfg(test)]
mod tests {
    use super::readable;

    #[test]
    fn accents_are_used_for_text_only_where_they_read() {
        assert!(readable("#aa3300", "light"));
        assert!(!readable("#aa3300", "dark"));
        assert!(readable("#7fd8ca", "dark"));
        assert!(!readable("#ffcc00", "light"));
        assert!(!readable("#aa3300", "auto"));
    }
}
