//! Paginated list responses: `{items, total, page, per_page}` plus `Link` and `X-Total-Count`.

use axum::Json;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use url::Url;

use crate::db::filters::Total;
use crate::domain::listing::Page;

/// One page of a list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Paginated<T> {
    pub items: Vec<T>,
    /// How many entries match in all; past 1,000 matches, at least this many (see
    /// `total_exact`).
    pub total: i64,
    /// `false` when there are more than `total` matches: counting stops at 1,000 (or at the
    /// requested page).
    pub total_exact: bool,
    pub page: i64,
    pub per_page: i64,
}

impl<T: Serialize> Paginated<T> {
    /// The page as JSON, with RFC 8288 links to the first, previous, next and (when the total
    /// is exact) last pages, and `X-Total-Count` when it is exact.
    pub fn respond(self, base: &Url, uri: &Uri) -> Response {
        let last = ((self.total + self.per_page - 1) / self.per_page).max(1);
        let last = if self.total_exact { last } else { i64::MAX };
        let mut links = Vec::new();
        let mut link = |rel: &str, page: i64| {
            links.push(format!("<{}>; rel=\"{rel}\"", page_url(base, uri, page)));
        };
        link("first", 1);
        if self.page > 1 {
            link("prev", (self.page - 1).min(last));
        }
        if self.page < last {
            link("next", self.page + 1);
        }
        if self.total_exact {
            link("last", last);
        }

        let mut headers = HeaderMap::new();
        if let Ok(value) = HeaderValue::from_str(&links.join(", ")) {
            headers.insert(header::LINK, value);
        }
        if self.total_exact {
            headers.insert(
                HeaderName::from_static("x-total-count"),
                HeaderValue::from(self.total),
            );
        }
        (headers, Json(self)).into_response()
    }
}

/// The request's URL with `page` replaced.
fn page_url(base: &Url, uri: &Uri, page: i64) -> String {
    let mut url = base.join(uri.path()).unwrap_or_else(|_| base.clone());
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
            .filter(|(k, _)| k != "page")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    {
        let mut query = url.query_pairs_mut();
        query
            .clear()
            .extend_pairs(pairs)
            .append_pair("page", &page.to_string());
    }
    url.to_string()
}

impl Page {
    pub fn of<T>(self, items: Vec<T>, total: Total) -> Paginated<T> {
        Paginated {
            items,
            total: total.count,
            total_exact: total.exact,
            page: self.number,
            per_page: self.per_page,
        }
    }
}
