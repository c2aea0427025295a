//! Who is signed in, and forms that may change something: the session cookie, the admin-only
//! boundary (403), and form bodies checked for size, origin and CSRF token.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

use super::super::Ui;
use super::super::error::message_page;
use crate::app::AppState;
use crate::domain::account::{self, Role, Session, User};

/// The session cookie's name; over https with the `__Host-` prefix, which browsers accept only
/// from this exact host, over https, for the whole site.
fn cookie_name(https: bool) -> &'static str {
    if https {
        "__Host-partage_session"
    } else {
        "partage_session"
    }
}

/// The largest form accepted (an initiative with a long description fits many times).
const MAX_FORM: usize = 64 * 1024;

/// A signed-in user, and the secret of the session (to end it).
pub struct Signed {
    pub session: Session,
    pub secret: String,
}

impl Signed {
    pub fn user(&self) -> &User {
        &self.session.user
    }

    pub fn is_admin(&self) -> bool {
        self.session.user.role == Role::Admin
    }
}

impl FromRequestParts<AppState> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let https = state.base_url.scheme() == "https";
        let secret = cookie(&parts.headers, cookie_name(https)).unwrap_or_default();
        let session = match account::session(&state.db, &secret).await {
            Ok(found) => found,
            Err(e) => {
                tracing::error!(error = %e, "Cannot read a session");
                return Err(StatusCode::SERVICE_UNAVAILABLE.into_response());
            }
        };
        match session {
            Some(session) => Ok(Signed { session, secret }),
            None => {
                let next = parts.uri.path_and_query().map_or("/admin", |p| p.as_str());
                let target = format!(
                    "/admin/signin?next={}",
                    super::super::components::urlencode(next)
                );
                Err(Redirect::to(&target).into_response())
            }
        }
    }
}

/// A signed-in admin; editors get 403.
pub struct AdminOnly(pub Signed);

impl FromRequestParts<AppState> for AdminOnly {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let signed = Signed::from_request_parts(parts, state).await?;
        if signed.is_admin() {
            return Ok(AdminOnly(signed));
        }
        let ui = Ui::from_request_parts(parts, state)
            .await
            .expect("infallible");
        Err(forbidden(state, &ui, &ui.t("admin-only")))
    }
}

/// The fields of a submitted form, in order.
#[derive(Debug, Default, Clone)]
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    /// The value of a field, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    /// Every value of a repeated field (checkboxes), non-empty.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }
}

/// A form anyone may send (sign-in, suggestions): urlencoded, at most 64 KiB, and not posted
/// from another site.
pub struct PublicForm(pub FormData);

impl FromRequest<AppState> for PublicForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let ui = Ui::from_request_parts(&mut parts, state)
            .await
            .expect("infallible");
        let refuse = |status: StatusCode, key: &str| {
            message_page(state, &ui, status, &ui.t("form-refused"), &ui.t(key))
        };
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !content_type.starts_with("application/x-www-form-urlencoded") {
            return Err(refuse(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "form-not-a-form",
            ));
        }
        if !same_site(&parts.headers, state) {
            return Err(refuse(StatusCode::FORBIDDEN, "form-cross-site"));
        }
        let bytes = match axum::body::to_bytes(body, MAX_FORM).await {
            Ok(bytes) => bytes,
            Err(_) => return Err(refuse(StatusCode::PAYLOAD_TOO_LARGE, "form-too-large")),
        };
        match serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes) {
            Ok(pairs) => Ok(PublicForm(FormData(pairs))),
            Err(_) => Err(refuse(StatusCode::BAD_REQUEST, "form-unreadable")),
        }
    }
}

/// A form of a signed-in user, carrying the session's CSRF token in `_csrf`.
pub struct AdminForm {
    pub signed: Signed,
    pub form: FormData,
}

impl FromRequest<AppState> for AdminForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let signed = Signed::from_request_parts(&mut parts, state).await?;
        let ui = Ui::from_request_parts(&mut parts, state)
            .await
            .expect("infallible");
        let PublicForm(form) =
            PublicForm::from_request(Request::from_parts(parts, body), state).await?;
        if !constant_time_eq(form.get("_csrf"), &signed.session.csrf) {
            return Err(forbidden(state, &ui, &ui.t("form-expired")));
        }
        Ok(AdminForm { signed, form })
    }
}

/// A form only admins may send; editors get 403.
pub struct AdminOnlyForm(pub AdminForm);

impl FromRequest<AppState> for AdminOnlyForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let ui = Ui::from_request_parts(&mut parts, state)
            .await
            .expect("infallible");
        let form = AdminForm::from_request(Request::from_parts(parts, body), state).await?;
        if !form.signed.is_admin() {
            return Err(forbidden(state, &ui, &ui.t("admin-only")));
        }
        Ok(AdminOnlyForm(form))
    }
}

/// The hidden field every admin form carries.
pub fn csrf_field(signed: &Signed) -> maud::Markup {
    html! { input type="hidden" name="_csrf" value=(signed.session.csrf); }
}

/// A 403 page saying why.
pub fn forbidden(state: &AppState, ui: &Ui, why: &str) -> Response {
    message_page(
        state,
        ui,
        StatusCode::FORBIDDEN,
        &ui.t("error-forbidden"),
        why,
    )
}

/// The `Set-Cookie` value opening (`Some(secret)`) or ending (`None`) a session.
pub fn session_cookie(state: &AppState, secret: Option<&str>) -> HeaderValue {
    let value = cookie_header(state.base_url.scheme() == "https", secret);
    HeaderValue::from_str(&value).expect("a cookie is ASCII")
}

fn cookie_header(https: bool, secret: Option<&str>) -> String {
    let name = cookie_name(https);
    let secure = if https { "; Secure" } else { "" };
    let (value, age) = match secret {
        Some(secret) => (secret, account::SESSION_IDLE.num_seconds()),
        None => ("", 0),
    };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={age}{secure}")
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(name)?.strip_prefix('='))
        .map(str::to_owned)
}

/// Whether a browser says the form comes from our own pages (no `Origin` and no
/// `Sec-Fetch-Site`: not a browser, or an old one; SameSite cookies cover those).
pub(in crate::http::web) fn same_site(headers: &HeaderMap, state: &AppState) -> bool {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    match header("origin") {
        Some(origin) => origin == state.base_url.origin().ascii_serialization(),
        None => true,
    }
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::{cookie, cookie_header};

    #[test]
    fn behind_https_the_cookie_is_secure_and_host_only() {
        let set = cookie_header(true, Some("abc"));
        assert_eq!(
            set,
            "__Host-partage_session=abc; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000; Secure"
        );
        assert!(cookie_header(true, None).contains("Max-Age=0; Secure"));
        assert!(!cookie_header(false, Some("abc")).contains("Secure"));
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(
            "cookie",
            "lang=fr; __Host-partage_session=abc".parse().unwrap(),
        );
        assert_eq!(
            cookie(&headers, "__Host-partage_session").as_deref(),
            Some("abc")
        );
        assert_eq!(cookie(&headers, "partage_session"), None);
    }
}
