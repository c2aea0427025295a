//! Fetching a remote picture (a mirrored entry's, or an `image_url`), through the same client
//! as remote actors (its address checks, no redirects, timeouts), and never more than the
//! upload limit: a larger answer is cut off at that size, not read whole.

use bytes::{Bytes, BytesMut};
use futures::StreamExt;
use url::Url;

/// The picture at `url`, at most `max_bytes` long; why not, in words.
pub async fn fetch(client: &reqwest::Client, url: &Url, max_bytes: u64) -> Result<Bytes, String> {
    let response = client
        .get(url.clone())
        .header("accept", "image/*")
        .send()
        .await
        .map_err(|e| format!("cannot fetch {url}: {e}"))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("{url} answered {status}"));
    }
    if response.content_length().is_some_and(|n| n > max_bytes) {
        return Err(format!("{url} is larger than {max_bytes} bytes"));
    }
    let mut body = BytesMut::new();
    let mut stream = response.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| format!("cannot read {url}: {e}"))?;
        if (body.len() + chunk.len()) as u64 > max_bytes {
            return Err(format!("{url} is larger than {max_bytes} bytes"));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}
