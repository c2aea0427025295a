//! Widgets for other websites' pages (`<iframe src="…/embed/agenda?…">`): the agenda and the
//! directory with the public pages' filters, compact and chrome-less, in a light, dark or automatic theme with the
//! host's accent colour; links open in the top window; the frame tells its height to the page
//! around it. No cookie is ever set here, and only these pages may be framed.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use super::Ui;
use super::assets::asset;
use super::components::{agenda, initiative_card};
use super::error::problem_list;
use super::query::{self, List};
use crate::app::AppState;
use crate::domain::listing::ListParams;
use crate::domain::{Error, Problems, event, initiative, now, place};

/// Events shown when the host does not say.
const DEFAULT_LIMIT: i64 = 10;
const MOST: i64 = 50;

/// How the host page wants the widget to look.
struct Look {
    theme: &'static str,
    /// `#RRGGBB`.
    accent: Option<String>,
    header: bool,
    limit: i64,
}

/// Reads the presentation options; what cannot be read is a problem shown in the frame.
fn look(ui: &Ui, problems: &mut Problems) -> Look {
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

/// `GET /embed/agenda`: the upcoming events matching the filters.
pub async fn agenda_widget(State(state): State<AppState>, ui: Ui) -> Response {
    widget(&state, &ui, List::Events).await
}

/// `GET /embed/directory`: the initiatives matching the filters.
pub async fn directory_widget(State(state): State<AppState>, ui: Ui) -> Response {
    widget(&state, &ui, List::Initiatives).await
}

async fn widget(state: &AppState, ui: &Ui, list: List) -> Response {
    let mut filters = query::read(state, ui, list, MOST).await;
    let look = look(ui, &mut filters.problems);
    filters.params.per_page = Some(look.limit.to_string());
    let listed = if filters.problems.is_empty() {
        listing(state, ui, list, &filters.params).await
    } else {
        Err(Error::BadQuery(filters.problems))
    };
    let (status, body) = match listed {
        Ok(body) => (StatusCode::OK, body),
        Err(Error::BadQuery(problems)) => (StatusCode::BAD_REQUEST, problem_list(ui, &problems)),
        Err(e) => {
            tracing::error!(error = %e, "A widget cannot read the directory");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                html! { p.problems { (ui.t("embed-unavailable")) } },
            )
        }
    };
    let (title, path) = match list {
        List::Events => (ui.t("events-title"), "/events"),
        List::Initiatives => (ui.t("directory-title"), "/initiatives"),
    };
    let params = crate::domain::listing::ListParams {
        per_page: None,
        ..filters.params
    };
    let query = serde_urlencoded::to_string(&params).unwrap_or_default();
    let more = format!("{path}?{query}");
    framed(state, ui, &look, &title, &more, status, body)
}

/// The widget's list: the agenda's days, or the directory's cards.
async fn listing(
    state: &AppState,
    ui: &Ui,
    list: List,
    params: &ListParams,
) -> Result<Markup, Error> {
    Ok(match list {
        List::Events => {
            let (events, _, _) = event::search(&state.db, params, now()).await?;
            html! {
                @if events.is_empty() { p.none { (ui.t("events-none")) } }
                @else { (agenda(ui, &state.media, &events)) }
            }
        }
        List::Initiatives => {
            let (items, _, _) = initiative::search(&state.db, params, state.local_now()).await?;
            let center = params.near.as_deref().and_then(place::coordinates);
            html! {
                @if items.is_empty() { p.none { (ui.t("directory-none")) } }
                @else { ul.cards { @for i in &items { (initiative_card(state, ui, i, center)) } } }
            }
        }
    })
}

/// The frame's document around a widget's content.
fn framed(
    state: &AppState,
    ui: &Ui,
    look: &Look,
    title: &str,
    more: &str,
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
                title { (title) " · " (site) }
                // Every link leaves the frame for the page around it.
                base target="_top";
                link rel="stylesheet" href=(asset("embed.css"));
                script defer src=(asset("frame.js")) {}
            }
            body class={ "theme-" (look.theme) } style=[accent] {
                @if look.header {
                    header { h1 { a href="/" { (site) } } }
                }
                main {
                    // Without the header (`header=0`), the headings stay for screen readers.
                    @if !look.header { h1.visually-hidden { (site) } }
                    h2.visually-hidden[!look.header] { a href=(more) { (title) } }
                    (body)
                }
                footer { a href=(more) { (ui.t("embed-more")) } " · " (ui.t("embed-powered")) }
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
