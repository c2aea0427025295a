//! E-mail: the transport (SMTP with lettre, or `.eml` files), the worker that renders and sends
//! what the domain queued, and the schedule that plans digests and notices.
//!
//! The domain queues messages (`domain::mail::queue`) in the transaction of their cause; this
//! module renders each in its recipient's language when it leaves, with the links it carries.

mod preview;
mod render;
mod send;
mod templates;
pub mod worker;

use std::sync::Arc;

use lettre::message::Mailbox;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use url::Url;

use crate::config::{MailTransport, Settings};
use crate::db::Db;

pub use preview::preview;
pub use send::{SendReport, send_due};
pub use templates::{Content as Rendered, what as describe};

/// Sends the chapter's messages. Cheap to clone.
#[derive(Clone)]
pub struct Mailer {
    inner: Arc<Inner>,
}

struct Inner {
    db: Db,
    transport: Transport,
    from: Mailbox,
    reply_to: Option<Mailbox>,
    max_per_hour: u32,
    base_url: Url,
    chapter: String,
    /// `{slug}.{host}`, the List-Id of our messages.
    list_id: String,
    media: crate::media::Media,
    /// `freshness.remind_after_days`.
    remind_after_days: u32,
    /// The chapter's language, for messages to people who chose none (an entry's contact).
    locale: &'static str,
    /// Wakes the worker (another process's, from a web process): something was queued.
    wake: crate::cluster::Wake,
    /// Held while sending, so that the hourly cap counts every message this process sends.
    sending: tokio::sync::Mutex<()>,
}

enum Transport {
    File(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// Why a message did not leave.
#[derive(Debug)]
pub struct SendError {
    /// A later attempt may succeed (a 4xx answer, a connection that failed).
    pub transient: bool,
    pub message: String,
}

impl Mailer {
    /// The mailer the settings describe (validated at load).
    pub fn new(
        db: Db,
        settings: &Settings,
        media: crate::media::Media,
        wake: crate::cluster::Wake,
    ) -> anyhow::Result<Mailer> {
        let email = &settings.email;
        let transport = match email.transport {
            MailTransport::File => {
                let dir = settings.mail_dir();
                std::fs::create_dir_all(&dir).map_err(|e| {
                    anyhow::anyhow!("cannot create {} for the mail files: {e}", dir.display())
                })?;
                Transport::File(AsyncFileTransport::new(dir))
            }
            MailTransport::Smtp => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(&email.smtp_url)
                    .map_err(|e| anyhow::anyhow!("`email.smtp_url`: {e}"))?
                    .timeout(Some(std::time::Duration::from_secs(30)))
                    .build(),
            ),
        };
        let domain = &settings.instance.domain;
        let host = domain.rsplit_once(':').map_or(domain.as_str(), |(h, _)| h);
        Ok(Mailer {
            inner: Arc::new(Inner {
                db,
                transport,
                from: email.from(domain).parse()?,
                reply_to: (!email.reply_to.is_empty())
                    .then(|| email.reply_to.parse())
                    .transpose()?,
                max_per_hour: email.max_per_hour,
                base_url: settings.base_url(),
                chapter: settings.instance.name.clone(),
                list_id: format!("{}.{host}", settings.instance.slug),
                media,
                remind_after_days: settings.freshness.remind_after_days,
                locale: settings
                    .instance
                    .languages
                    .iter()
                    .find_map(|l| crate::i18n::Locale::find(l))
                    .map_or("en", |l| l.tag),
                wake,
                sending: tokio::sync::Mutex::new(()),
            }),
        })
    }

    /// Tells the worker that messages were queued.
    pub fn wake(&self) {
        self.inner.wake.notify_one();
    }

    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    /// An absolute URL of this site.
    fn url(&self, path: &str) -> String {
        format!(
            "{}{path}",
            self.inner.base_url.as_str().trim_end_matches('/')
        )
    }

    async fn deliver(&self, message: Message) -> Result<(), SendError> {
        match &self.inner.transport {
            Transport::File(files) => files.send(message).await.map(drop).map_err(|e| SendError {
                transient: true,
                message: format!("cannot write the message file: {e}"),
            }),
            Transport::Smtp(smtp) => smtp.send(message).await.map(drop).map_err(|e| SendError {
                transient: !e.is_permanent(),
                message: e.to_string(),
            }),
        }
    }
}
