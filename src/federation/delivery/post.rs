//! One attempt: a signed POST to an inbox, and what its answer means (delivered, retry later
//! and when, refused for good).

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use reqwest::StatusCode;
use url::Url;

use super::super::signature::sign_post;
use super::super::{Context, LocalActor};
use super::MAX_BACKOFF;
use crate::db::deliveries::DueDelivery;

/// What one attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Try again, not before this.
    Retry {
        after: Option<Duration>,
        status: Option<u16>,
        error: String,
    },
    /// Refused for good (a 4xx other than 408 and 429).
    Refused {
        status: u16,
    },
}

/// Signs and sends one delivery.
pub async fn post(ctx: &Context, d: &DueDelivery) -> Outcome {
    let retry = |error: String, status: Option<u16>| Outcome::Retry {
        after: None,
        status,
        error,
    };
    let Ok(url) = Url::parse(&d.inbox) else {
        return Outcome::Refused { status: 400 };
    };
    let from = LocalActor::parse(&d.local_actor).unwrap_or(LocalActor::Chapter);
    let key = ctx.keys.get(from);
    let mut request = ctx.client.post(url.clone()).body(d.payload.clone());
    for (name, value) in sign_post(
        &url,
        d.payload.as_bytes(),
        &ctx.urls.key_id(from),
        &key.signing,
    ) {
        request = request.header(name, value);
    }
    let response = match request.send().await {
        Ok(r) => r,
        Err(e) if e.is_timeout() => return retry("timed out".into(), None),
        Err(e) => return retry(format!("cannot reach the inbox: {e}"), None),
    };
    let status = response.status();
    if status.is_success() {
        Outcome::Delivered
    } else if status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
        || status.is_server_error()
        || status.is_redirection()
    {
        let after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(retry_after);
        Outcome::Retry {
            after,
            status: Some(status.as_u16()),
            error: format!("HTTP {status}"),
        }
    } else {
        Outcome::Refused {
            status: status.as_u16(),
        }
    }
}

/// 30 s, 1 min, 2 min… doubling up to 6 h, or what `Retry-After` asked (at most 6 h).
pub fn backoff(attempt: i64, retry_after: Option<Duration>) -> TimeDelta {
    if let Some(after) = retry_after {
        return TimeDelta::from_std(after)
            .unwrap_or(MAX_BACKOFF)
            .clamp(TimeDelta::seconds(1), MAX_BACKOFF);
    }
    let exponent = u32::try_from(attempt.clamp(1, 20) - 1).unwrap_or(0);
    (TimeDelta::seconds(30) * 2_i32.pow(exponent.min(16))).min(MAX_BACKOFF)
}

/// Reads `Retry-After`: seconds, or an HTTP date.
pub fn retry_after(value: &str) -> Option<Duration> {
    if let Ok(seconds) = value.trim().parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when: DateTime<Utc> = httpdate::parse_http_date(value.trim()).ok()?.into();
    (when - Utc::now()).to_std().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1, None), TimeDelta::seconds(30));
        assert_eq!(backoff(3, None), TimeDelta::minutes(2));
        assert_eq!(backoff(15, None), MAX_BACKOFF);
        assert_eq!(
            backoff(2, Some(Duration::from_secs(120))),
            TimeDelta::minutes(2)
        );
        assert_eq!(backoff(2, Some(Duration::from_secs(999_999))), MAX_BACKOFF);
        assert_eq!(retry_after("42"), Some(Duration::from_secs(42)));
    }
}
