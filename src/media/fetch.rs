//! Fetching a remote file within a size: a picture (a mirrored entry's, or an `image_url`),
//! through the same client as remote actors (its address checks, no redirects, timeouts), or a
//! source's data (`ops::sources`). A larger answer is cut off at that size, not read whole.

use bytes::{Bytes, BytesMut};
use futures::StreamExt;
use url::Url;

/// The picture at `url`, at most `max_bytes` long; why not, in words.
pub async fn fetch(client: &reqwest::Client, url: &Url, max_bytes: u64) -> Result<Bytes, String> {
    fetch_limited(client, url, "image/*", max_bytes)
        .await
        .map(|(body, _)| body)
}

/// The answer at `url` and its content type, at most `max_bytes` long (a longer one is refused
/// by its announced length, or once that many bytes came); why not, in words.
pub async fn fetch_limited(
    client: &reqwest::Client,
    url: &Url,
    accept: &str,
    max_bytes: u64,
) -> Result<(Bytes, Option<String>), String> {
    let response = client
        .get(url.clone())
        .header("accept", accept)
        .send()
        .await
        .map_err(|e| format!("cannot fetch {url}: {}", reason(&e)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("{url} answered {status}"));
    }
    if response.content_length().is_some_and(|n| n > max_bytes) {
        return Err(format!("{url} is larger than {max_bytes} bytes"));
    }
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut body = BytesMut::new();
    let mut stream = response.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| format!("cannot read {url}: {}", reason(&e)))?;
        if (body.len() + chunk.len()) as u64 > max_bytes {
            return Err(format!("{url} is larger than {max_bytes} bytes"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body.freeze(), content_type))
}

/// An error in words, a timeout named as such.
fn reason(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".to_owned()
    } else {
        e.to_string()
    }
}
