//! `[email]` and `[freshness]`: how the chapter sends mail, and when it asks owners whether their
//! entry is still true.

use serde::{Deserialize, Serialize};

/// How messages leave (`config/default.toml`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EmailSettings {
    pub transport: MailTransport,
    /// `smtp://host:25`, `smtp://user:pass@host:587?tls=required` (STARTTLS), or
    /// `smtps://user:pass@host:465` (TLS from the start).
    #[serde(skip_serializing)]
    pub smtp_url: String,
    /// The sender, as `Partage Paris <paris@chapter.example>`; empty: `noreply@{domain}`.
    pub from: String,
    /// Where answers go; empty: nowhere but `from`.
    pub reply_to: String,
    /// The most messages sent in an hour; the others wait for the next hour.
    pub max_per_hour: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransport {
    /// Each message written as an `.eml` file under `{data.dir}/outbox-mail/`.
    File,
    Smtp,
}

/// When an entry's contact is asked whether it is still true.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FreshnessSettings {
    /// Days without an update or a confirmation before the first reminder; 0: never ask.
    pub remind_after_days: u32,
    /// What an owner's changes through a signed link do: `review` (wait for an admin) or
    /// `publish` (at once).
    pub owner_edits: OwnerEdits,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OwnerEdits {
    Review,
    Publish,
}

impl EmailSettings {
    /// The problem with these settings, as (key, why).
    pub(super) fn check(&self, domain: &str) -> Result<(), (&'static str, String)> {
        if self.transport == MailTransport::Smtp {
            let url = url::Url::parse(&self.smtp_url).map_err(|_| {
                (
                    "email.smtp_url",
                    "must be an smtp:// or smtps:// URL when email.transport is \"smtp\"".into(),
                )
            })?;
            if !matches!(url.scheme(), "smtp" | "smtps") || url.host_str().is_none() {
                return Err((
                    "email.smtp_url",
                    format!("{:?} is not an smtp:// or smtps:// URL", url.scheme()),
                ));
            }
        }
        if self
            .from(domain)
            .parse::<lettre::message::Mailbox>()
            .is_err()
        {
            return Err((
                "email.from",
                format!("{:?} is not an address like Name <a@b.example>", self.from),
            ));
        }
        if !self.reply_to.is_empty() && self.reply_to.parse::<lettre::message::Mailbox>().is_err() {
            return Err((
                "email.reply_to",
                format!("{:?} is not an address", self.reply_to),
            ));
        }
        if self.max_per_hour == 0 {
            return Err(("email.max_per_hour", "must be at least 1".into()));
        }
        Ok(())
    }

    /// The sender in force.
    pub fn from(&self, domain: &str) -> String {
        if self.from.trim().is_empty() {
            let host = domain.rsplit_once(':').map_or(domain, |(h, _)| h);
            let host = if host.contains('.') {
                host
            } else {
                "localhost.localdomain"
            };
            format!("noreply@{host}")
        } else {
            self.from.trim().to_owned()
        }
    }
}
