//! Security headers on our HTML: a Content-Security-Policy everywhere (scripts only from us, so
//! that injected markup cannot run), framing refused except for the widgets (`/embed/*`), and
//! on admin pages no caching and no referrer either.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Scripts and everything else from us only; pictures (map tiles, entries' images) from anywhere.
/// Public forms may lead elsewhere ("follow from your server" redirects to the reader's server).
const POLICY: &str = "default-src 'self'; img-src * data: blob:; style-src 'self' 'unsafe-inline'; \
    script-src 'self'; object-src 'none'; base-uri 'none'";

pub async fn secure(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let admin = path == "/admin" || path.starts_with("/admin/");
    // Widgets are made to be framed by any site; every other page refuses to be.
    let embed = path.starts_with("/embed/");
    let mut response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    let headers = response.headers_mut();
    if html {
        let policy = if admin {
            format!("{POLICY}; form-action 'self'; frame-ancestors 'none'")
        } else if embed {
            format!("{POLICY}; frame-ancestors *")
        } else {
            format!("{POLICY}; frame-ancestors 'none'")
        };
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&policy).expect("ASCII"),
        );
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
    }
    if admin {
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
    }
    response
}
