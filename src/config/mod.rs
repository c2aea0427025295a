//! Settings: `config/default.toml`, overridden by a file, overridden by `PARTAGE_*` variables.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use serde::{Deserialize, Serialize};
use url::Url;

/// The defaults, compiled in so that the binary runs from any directory.
const DEFAULTS: &str = include_str!("../../config/default.toml");

mod conversation;
mod email;
mod sources;
pub use conversation::{ConversationSettings, Replies};
pub use email::{EmailSettings, FreshnessSettings, MailTransport, OwnerEdits};
pub use sources::SourcesSettings;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub instance: InstanceSettings,
    pub federation: FederationSettings,
    pub http: HttpSettings,
    pub database: DatabaseSettings,
    pub data: DataSettings,
    pub log: LogSettings,
    pub website: WebsiteSettings,
    pub media: MediaSettings,
    pub email: EmailSettings,
    pub freshness: FreshnessSettings,
    pub conversation: ConversationSettings,
    pub sources: SourcesSettings,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceSettings {
    pub domain: String,
    pub name: String,
    pub slug: String,
    pub description: String,
    pub languages: Vec<String>,
    pub website: String,
    pub license: String,
    pub timezone: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FederationSettings {
    pub debug: bool,
    pub authorized_fetch: bool,
    pub resync_minutes: u32,
    /// Actors the inbox may fetch from one host per minute (a burst of that many, then one at
    /// a time); past it, that host's activities are answered 429 with `Retry-After`.
    pub fetches_per_host_per_minute: u32,
    /// How long a delivery taken by a worker stays its own: past it, a worker that died is
    /// taken over by another.
    pub delivery_lease_seconds: u32,
    /// Follows one sync pass reads at once (backfills and re-syncs), each under its own lock.
    pub syncs_at_once: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSettings {
    pub listen: SocketAddr,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    pub url: String,
    pub max_connections: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DataSettings {
    pub dir: PathBuf,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    pub level: String,
    pub format: LogFormat,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WebsiteSettings {
    /// Map tiles, as `https://tile.example/{z}/{x}/{y}.png`.
    pub tiles: String,
    /// The credit the tile server asks for (HTML).
    pub tiles_attribution: String,
    /// A Nominatim-compatible search URL to find a typed address; empty: the directory's own
    /// places only.
    pub geocoder: String,
}

/// Pictures: where they are kept, and what an upload may be (`config/default.toml`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MediaSettings {
    pub store: MediaStore,
    /// Where the pictures are served from (a CDN, the bucket); empty: `/media/` here.
    pub public_url: String,
    pub max_upload_bytes: u64,
    pub max_pixels: u64,
    pub per_entry: u32,
    pub process_seconds: u64,
    pub s3_endpoint: String,
    pub s3_bucket: String,
    pub s3_region: String,
    /// Empty: `AWS_ACCESS_KEY_ID` from the environment.
    pub s3_access_key_id: String,
    /// Empty: `AWS_SECRET_ACCESS_KEY` from the environment.
    #[serde(skip_serializing)]
    pub s3_secret_access_key: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaStore {
    Local,
    S3,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// A configuration that cannot be used, with the key at fault.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(String);

impl Settings {
    /// Loads the layered configuration: defaults, then `file` (if any), then the environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Toml::string(DEFAULTS));
        if let Some(file) = file {
            if !file.is_file() {
                return Err(ConfigError(format!(
                    "the file {} does not exist",
                    file.display()
                )));
            }
            figment = figment.merge(Toml::file(file));
        }
        let figment = figment.merge(
            // Only PARTAGE_<SECTION>__<KEY>: other PARTAGE_ variables (PARTAGE_CONFIG, the
            // test suite's) are not settings.
            Env::prefixed("PARTAGE_")
                .filter(|key| key.as_str().contains("__"))
                .split("__")
                .lowercase(true),
        );
        Self::from_figment(figment)
    }

    /// The defaults with a few keys replaced, for tests and tools (`"http.listen"`, value).
    pub fn defaults_with(overrides: &[(&str, &str)]) -> Result<Self, ConfigError> {
        let mut figment = Figment::from(Toml::string(DEFAULTS));
        for (key, value) in overrides {
            figment = figment.merge(figment::providers::Serialized::global(
                key,
                toml_value(value),
            ));
        }
        Self::from_figment(figment)
    }

    fn from_figment(figment: Figment) -> Result<Self, ConfigError> {
        let settings: Settings = figment.extract().map_err(|e| {
            let key = e.path.join(".");
            let message = e.kind.to_string();
            ConfigError(if key.is_empty() {
                message
            } else {
                format!("`{key}`: {message}")
            })
        })?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let bad = |key: &str, why: String| Err(ConfigError(format!("`{key}`: {why}")));
        if let Err(why) = parse_domain(&self.instance.domain) {
            return bad("instance.domain", why);
        }
        let slug = &self.instance.slug;
        if slug.is_empty()
            || slug.len() > 30
            || !slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return bad(
                "instance.slug",
                format!("{slug:?} must be 1 to 30 lowercase letters, digits or underscores"),
            );
        }
        if self.instance.name.trim().is_empty() {
            return bad("instance.name", "must not be empty".into());
        }
        if self.instance.languages.is_empty() {
            return bad(
                "instance.languages",
                "must list at least one language".into(),
            );
        }
        for tag in &self.instance.languages {
            if crate::domain::validate::language_tag(tag).is_err() {
                return bad(
                    "instance.languages",
                    format!("{tag:?} is not a BCP 47 language tag"),
                );
            }
        }
        if let Err(why) = crate::domain::validate::timezone(self.instance.timezone.clone()) {
            return bad("instance.timezone", why);
        }
        if !self.instance.website.is_empty()
            && let Err(why) = crate::domain::validate::web_url(self.instance.website.clone())
        {
            return bad("instance.website", why);
        }
        if self.federation.debug && !self.http.listen.ip().is_loopback() {
            return bad(
                "federation.debug",
                format!(
                    "is for tests on one machine: it needs http.listen on a loopback address, not {}",
                    self.http.listen
                ),
            );
        }
        if let Err(why) = self.database_url() {
            return bad("database.url", why);
        }
        if self.federation.delivery_lease_seconds < 2 {
            return bad(
                "federation.delivery_lease_seconds",
                "must be at least 2".into(),
            );
        }
        if self.federation.syncs_at_once == 0 {
            return bad("federation.syncs_at_once", "must be at least 1".into());
        }
        if self.database.max_connections == 0 {
            return bad("database.max_connections", "must be at least 1".into());
        }
        if let Err((key, why)) = self.check_media() {
            return bad(key, why);
        }
        if let Err((key, why)) = self.email.check(&self.instance.domain) {
            return bad(key, why);
        }
        if tracing_subscriber::EnvFilter::try_new(&self.log.level).is_err() {
            return bad(
                "log.level",
                format!("{:?} is not a valid filter", self.log.level),
            );
        }
        Ok(())
    }

    fn check_media(&self) -> Result<(), (&'static str, String)> {
        let m = &self.media;
        if m.store == MediaStore::S3 {
            if Url::parse(&m.s3_endpoint).is_err() {
                return Err((
                    "media.s3_endpoint",
                    format!("{:?} is not a URL", m.s3_endpoint),
                ));
            }
            if m.s3_bucket.trim().is_empty() {
                return Err(("media.s3_bucket", "must name the bucket".into()));
            }
        }
        if !m.public_url.is_empty() && Url::parse(&m.public_url).is_err() {
            return Err((
                "media.public_url",
                format!("{:?} is not a URL", m.public_url),
            ));
        }
        if !(1..=30).contains(&m.per_entry) {
            return Err(("media.per_entry", "must be 1 to 30".into()));
        }
        if m.max_upload_bytes < 1024 || m.max_pixels < 10_000 || m.process_seconds == 0 {
            return Err(("media", "the limits must allow a small picture".into()));
        }
        Ok(())
    }

    /// Where the file transport writes messages.
    pub fn mail_dir(&self) -> PathBuf {
        self.data.dir.join("outbox-mail")
    }

    /// Where local pictures are kept.
    pub fn media_dir(&self) -> PathBuf {
        self.data.dir.join("media")
    }

    /// The database URL in force: the configured one, or the embedded SQLite file.
    pub fn database_url(&self) -> Result<String, String> {
        let url = self.database.url.trim();
        if url.is_empty() {
            // sqlx percent-decodes the path: a `%`, `?` or `#` in it must be encoded.
            let path = self.data.dir.join("partage.sqlite").display().to_string();
            let path = path
                .replace('%', "%25")
                .replace('?', "%3F")
                .replace('#', "%23");
            return Ok(format!("sqlite://{path}"));
        }
        if url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://")
        {
            Ok(url.to_owned())
        } else {
            Err(format!(
                "{url:?} is neither a sqlite: nor a postgres:// URL"
            ))
        }
    }

    /// The chapter's time zone (validated at load).
    pub fn timezone(&self) -> chrono_tz::Tz {
        self.instance.timezone.parse().unwrap_or(chrono_tz::Tz::UTC)
    }

    /// The public base URL of the chapter. Loopback hosts are served over http, as is every
    /// host in `federation.debug` (several servers on one machine, e.g. `chapter.test` beside
    /// GoToSocial's `gts.test`).
    pub fn base_url(&self) -> Url {
        let scheme = if is_loopback_host(&self.instance.domain) || self.federation.debug {
            "http"
        } else {
            "https"
        };
        Url::parse(&format!("{scheme}://{}", self.instance.domain))
            .expect("instance.domain was validated")
    }
}

/// Checks a `host[:port]` public domain.
fn parse_domain(domain: &str) -> Result<(), String> {
    let url = Url::parse(&format!("https://{domain}"))
        .map_err(|e| format!("{domain:?} is not a host name: {e}"))?;
    let clean = url.path() == "/" && url.query().is_none() && url.username().is_empty();
    if !clean || url.host_str().is_none() || domain.contains('/') {
        return Err(format!(
            "{domain:?} must be a bare host name with an optional port, like partage.example"
        ));
    }
    Ok(())
}

fn is_loopback_host(domain: &str) -> bool {
    let host = domain.rsplit_once(':').map_or(domain, |(h, _)| h);
    host == "localhost"
        || host.ends_with(".localhost")
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Reads an override the way an environment variable would be read: TOML if it parses, else text.
fn toml_value(raw: &str) -> figment::value::Value {
    raw.parse::<figment::value::Value>()
        .unwrap_or_else(|_| figment::value::Value::from(raw.to_owned()))
}
