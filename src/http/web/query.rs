//! The directory's and the agenda's filters, read from whatever query string a person or a
//! crawler sends: unknown names are ignored, repeated categories add up, a typed place is
//! looked up; what cannot be read becomes a problem shown on the page.

use crate::app::AppState;
use crate::domain::Problems;
use crate::domain::listing::ListParams;

use super::Ui;

/// The longest text accepted in any field before reading it (the domain's limits are lower).
const MAX_FIELD: usize = 1000;

/// Which list the filters are for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum List {
    Initiatives,
    Events,
}

/// The filters of a page, ready for the domain, and the problems found reading them.
pub struct Filters {
    pub params: ListParams,
    pub problems: Problems,
}

impl Filters {
    /// The filters as a query string for the feeds and map layers (every match, no page).
    pub fn feed_query(&self) -> String {
        serde_urlencoded::to_string(ListParams {
            page: None,
            per_page: None,
            ..self.params.clone()
        })
        .unwrap_or_default()
    }
}

pub async fn read(state: &AppState, ui: &Ui, list: List, per_page: i64) -> Filters {
    let mut problems = Problems::default();
    let mut field = |name: &str| -> Option<String> {
        let value = ui.param(name)?;
        if value.len() > MAX_FIELD {
            problems.add(name, format!("must be at most {MAX_FIELD} characters long"));
            return None;
        }
        Some(value.to_owned())
    };
    let categories: Vec<&str> = ui
        .query
        .iter()
        .filter(|(k, v)| k == "category" && !v.trim().is_empty())
        .map(|(_, v)| v.trim())
        .collect();
    let mut params = ListParams {
        q: field("q"),
        category: (!categories.is_empty()).then(|| categories.join(",")),
        tag: field("tag"),
        near: None,
        radius_km: None,
        origin: field("origin").filter(|o| o != "all"),
        page: field("page"),
        per_page: Some(per_page.to_string()),
        ..Default::default()
    };
    let near = field("near");
    let radius = field("radius_km");
    match list {
        List::Initiatives => {
            params.open_now = field("open_now").map(|_| "true".to_owned());
            params.hide_unconfirmed = field("hide_unconfirmed").map(|_| "true".to_owned());
            // Closed entries keep their pages, but the directory lists those still running,
            // unless asked for the closed ones.
            params.status = field("status");
            if params.status.is_none() {
                params.hide_closed = Some("true".to_owned());
            }
        }
        List::Events => {
            params.from = field("from");
            params.to = field("to");
            params.initiative = field("initiative");
        }
    }
    if near.is_none()
        && let Some(r) = &radius
        && !r.parse::<f64>().is_ok_and(|r| r > 0.0 && r <= 20_000.0)
    {
        problems.add(
            "radius_km",
            "must be a number of kilometres above 0 and at most 20000",
        );
    }
    if let Some(text) = near {
        match state.geocoder.locate(&state.db, &text, ui.locale.tag).await {
            Some((lat, lon)) => {
                params.near = Some(format!("{lat:.5},{lon:.5}"));
                params.radius_km = radius;
            }
            None => problems.add("near", format!("no place called {text:?} was found")),
        }
    }
    if let Some(p) = &params.q
        && p.chars().count() > 200
    {
        problems.add("q", "must be at most 200 characters long");
        params.q = None;
    }
    Filters { params, problems }
}
