//! Reading a source's URL: a client with a timeout, a size past which the answer is refused
//! without being read whole (`media::fetch`), and an HTML page (a login form, a 200 error
//! page) told from the data it replaced.

use std::time::Duration;

use bytes::Bytes;
use url::Url;

use crate::domain::sources::Format;

/// What a source's answer may cost.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest answer read (a GoGoCarto map of 10,000 elements is about 15 MB).
    pub max_bytes: u64,
    /// The whole request, from connecting to the last byte.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 32 * 1024 * 1024,
            timeout: Duration::from_secs(120),
        }
    }
}

/// The client sources are read with. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Fetcher {
    client: reqwest::Client,
    limits: Limits,
    /// The zone an iCalendar feed's floating times are read in: the chapter's (UTC unless
    /// [`Fetcher::in_zone`]).
    pub timezone: chrono_tz::Tz,
}

impl Fetcher {
    /// `user_agent` names the chapter (`Partage/0.1 (+https://…)`), as the source's logs
    /// will show it.
    pub fn new(user_agent: &str, limits: Limits) -> Result<Fetcher, String> {
        crate::federation::install_crypto_provider();
        let client = reqwest::Client::builder()
            .user_agent(user_agent)
            .timeout(limits.timeout)
            .connect_timeout(Duration::from_secs(10).min(limits.timeout))
            .redirect(reqwest::redirect::Policy::limited(5))
            .build()
            .map_err(|e| format!("cannot build an HTTP client: {e}"))?;
        Ok(Fetcher {
            client,
            limits,
            timezone: chrono_tz::Tz::UTC,
        })
    }

    /// The same client, reading floating times in `timezone`.
    pub fn in_zone(self, timezone: chrono_tz::Tz) -> Fetcher {
        Fetcher { timezone, ..self }
    }

    /// The chapter's client, named by its address, within `[sources]`'s limits.
    pub fn for_settings(settings: &crate::config::Settings) -> anyhow::Result<Fetcher> {
        let agent = format!(
            "Partage/{} (+{})",
            env!("CARGO_PKG_VERSION"),
            settings.base_url()
        );
        let limits = Limits {
            max_bytes: settings.sources.max_megabytes.saturating_mul(1024 * 1024),
            timeout: Duration::from_secs(settings.sources.timeout_seconds.max(1)),
        };
        Ok(Fetcher::new(&agent, limits)
            .map_err(anyhow::Error::msg)?
            .in_zone(settings.timezone()))
    }

    /// The text at `url`, or why not: an error status, too large, too slow, an HTML page
    /// instead of the format.
    pub async fn text(&self, url: &str, format: Format) -> Result<String, String> {
        let url = Url::parse(url).map_err(|e| format!("{url:?} is not a URL: {e}"))?;
        let accept = match format {
            Format::Csv => "text/csv, text/plain;q=0.5, */*;q=0.1",
            Format::GeoJson => "application/geo+json, application/json;q=0.9, */*;q=0.1",
            Format::Json | Format::GoGoCarto => "application/json, */*;q=0.1",
            Format::Ics => "text/calendar, text/plain;q=0.5, */*;q=0.1",
        };
        let (body, content_type) =
            crate::media::fetch::fetch_limited(&self.client, &url, accept, self.limits.max_bytes)
                .await?;
        refuse_html(&body, content_type.as_deref(), format)?;
        Ok(crate::ops::import::decode(&body))
    }
}

/// An HTML page where data was expected (by its type, or its first bytes).
fn refuse_html(body: &Bytes, content_type: Option<&str>, format: Format) -> Result<(), String> {
    let start: String = String::from_utf8_lossy(&body[..body.len().min(256)])
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(15)
        .collect::<String>()
        .to_ascii_lowercase();
    let html_type = content_type.is_some_and(|t| t.to_ascii_lowercase().contains("text/html"));
    if html_type || start.starts_with("<!doctype html") || start.starts_with("<html") {
        return Err(format!(
            "answered an HTML page, not {}",
            format.as_str().to_uppercase()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_told_from_data() {
        let page = Bytes::from_static(b"\n <!DOCTYPE html><html><body>Login</body></html>");
        assert!(
            refuse_html(&page, None, Format::Csv)
                .unwrap_err()
                .contains("HTML")
        );
        let csv = Bytes::from_static(b"name,city\nTroc,Paris\n");
        assert!(refuse_html(&csv, Some("text/html; charset=utf-8"), Format::Csv).is_err());
        assert!(refuse_html(&csv, Some("text/csv"), Format::Csv).is_ok());
    }
}
