//! The chapter on the fediverse: actors, objects, activities, the inbox and delivery.
//!
//! Federation depends on `domain` and `db`, never the other way: the domain records what
//! happened (`Outgoing`) and [`outbox`] turns it into activities that [`delivery`] sends.

pub mod actors;
mod batches;
pub mod blocks;
pub mod conversation;
pub mod delivery;
pub mod fetch_limits;
pub mod followers;
pub mod following;
pub mod inbox;
pub mod keys;
pub mod mirror;
pub mod objects;
pub mod outbox;
pub mod pictures;
pub mod pins;
pub mod post;
pub mod protocol;
mod public_keys;
mod receipts;
pub mod remote;
pub mod reports;
pub mod signature;
pub mod sync;
pub mod urls;
mod writer;

use std::sync::Arc;
use std::time::Duration;

use activitypub_federation::config::{Data, FederationConfig};
use activitypub_federation::resolver::ValidatingDnsResolver;
use url::Url;

use crate::cluster::{Cluster, Held, Lock, Message, Wake, schedule};
use crate::config::Settings;
use crate::db::Db;
pub use urls::{LocalActor, ObjectKind, Urls};

/// Requests to other servers give up after this long.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Everything federation code needs; the `app_data` of activitypub_federation.
#[derive(Clone)]
pub struct Context {
    pub db: Db,
    pub urls: Urls,
    pub settings: Arc<Settings>,
    pub keys: Arc<keys::LocalKeys>,
    /// Our client for deliveries: no redirects, timeouts, private addresses refused.
    pub client: reqwest::Client,
    /// This process among the others on the database: its role, locks and signals.
    pub cluster: Cluster,
    /// Wakes the delivery workers when new deliveries are queued.
    pub deliveries_queued: Wake,
    /// Wakes the pictures workers when remote pictures wait to be copied.
    pub pictures_due: Wake,
    /// Wakes the sync workers when a follow's backfill waits.
    pub sync_due: Wake,
    /// One outbox processor at a time in this process (then [`Lock::Outbox`] across them), so
    /// that no change is published twice.
    pub outbox_lock: Arc<tokio::sync::Mutex<()>>,
    /// The blocked domains, kept in memory, emptied by every process's change.
    pub blocks: blocks::BlockList,
    /// Remote actors read lately, kept in memory, forgotten by every process's change.
    pub actors: remote::ActorCache,
    /// What remote requests may make us fetch (actors refetched once per few minutes, a
    /// budget per host).
    pub fetches: Arc<fetch_limits::FetchLimits>,
    /// Pictures' files: their addresses in our objects, and the store for mirrored ones.
    pub media: crate::media::Media,
    /// Writes the once-only record of received activities and the mirrored entries, in batches.
    pub inbox: writer::InboxWriter,
}

impl Context {
    pub fn debug(&self) -> bool {
        self.settings.federation.debug
    }

    /// The turn to publish the outbox: first in this process, then across the cluster.
    pub async fn outbox_turn(&self) -> Result<(tokio::sync::MutexGuard<'_, ()>, Held), Error> {
        let local = self.outbox_lock.lock().await;
        let cluster = self.cluster.locks.lock(Lock::Outbox).await?;
        Ok((local, cluster))
    }
}

/// The federation side of the application: its context and activitypub_federation's config.
#[derive(Clone)]
pub struct Federation {
    pub config: FederationConfig<Context>,
}

impl Federation {
    /// Loads (or, on first start, makes) our keys and builds the HTTP client and config.
    pub async fn new(
        db: Db,
        settings: Arc<Settings>,
        cluster: Cluster,
    ) -> anyhow::Result<Federation> {
        install_crypto_provider();
        let urls = Urls::new(&settings.base_url(), &settings.instance.slug);
        let keys = Arc::new(keys::LocalKeys::load_or_create(&db).await?);
        let debug = settings.federation.debug;
        let client = http_client(debug)?;
        let context = Context {
            media: crate::media::Media::new(&settings)?,
            inbox: writer::InboxWriter::start(db.clone()),
            db,
            urls,
            settings: settings.clone(),
            keys: keys.clone(),
            client: client.clone(),
            deliveries_queued: Wake::new(&cluster.signals, Message::Deliveries),
            pictures_due: Wake::new(&cluster.signals, Message::Pictures),
            sync_due: Wake::new(&cluster.signals, Message::Sync),
            outbox_lock: Arc::new(tokio::sync::Mutex::new(())),
            blocks: blocks::BlockList::new(&cluster.signals),
            actors: remote::ActorCache::new(&cluster.signals),
            cluster,
            fetches: Arc::new(fetch_limits::FetchLimits::new(
                settings.federation.fetches_per_host_per_minute,
            )),
        };
        let application = actors::ApplicationActor::new(&context);
        let config = FederationConfig::builder()
            .domain(settings.instance.domain.clone())
            .app_data(context)
            .client(client.into())
            .debug(debug)
            .http_signature_compat(true)
            .request_timeout(REQUEST_TIMEOUT)
            .http_fetch_limit(20)
            .signed_fetch_actor(&application)
            .build()
            .await?;
        Ok(Federation { config })
    }

    pub fn context(&self) -> &Context {
        &self.config
    }

    /// A fresh request context (its own fetch counter).
    pub fn data(&self) -> Data<Context> {
        self.config.to_request_data()
    }
}

/// Starts the background work (`--role worker` or `all`): publishing recorded changes,
/// sending deliveries, syncing from followed actors (resuming backfills, repairing what
/// deliveries missed), copying remote pictures and sweeping unused ones. Any number of
/// processes may run them together: deliveries and pictures are leased row by row, the outbox
/// is published under [`Lock::Outbox`], and the periodic passes run once per period across
/// the cluster ([`schedule`]).
pub fn spawn_workers(
    fed: Federation,
    shutdown: tokio::sync::watch::Receiver<bool>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let ctx = fed.context().clone();
    let outbox_ctx = ctx.clone();
    let mut outbox_stop = shutdown.clone();
    let outbox = tokio::spawn(async move {
        // Changes recorded but not published (a crash between commit and publication).
        loop {
            if let Err(e) = outbox::process_pending(&outbox_ctx).await {
                tracing::error!(error = %e, "Publishing recorded changes failed");
            }
            // Events end as time passes: the pinned ones change without any write.
            let pinned = match outbox_ctx.outbox_turn().await {
                Ok(_turn) => pins::refresh(&outbox_ctx).await,
                Err(e) => Err(e),
            };
            if let Err(e) = pinned {
                tracing::error!(error = %e, "Announcing the pinned events failed");
            }
            tokio::select! {
                _ = outbox_stop.changed() => return,
                () = tokio::time::sleep(Duration::from_secs(10)) => {}
            }
        }
    });
    let sync = tokio::spawn(sync::run(fed, shutdown.clone()));
    let pictures_ctx = ctx.clone();
    let mut pictures_stop = shutdown.clone();
    let pictures = tokio::spawn(async move {
        loop {
            // Remote pictures to copy, in rounds until none is due.
            loop {
                match pictures::fetch_due(&pictures_ctx).await {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(e) => {
                        tracing::error!(error = %e, "Copying remote pictures failed");
                        break;
                    }
                }
            }
            let sweep = async {
                if let Err(e) = pictures::sweep(&pictures_ctx).await {
                    tracing::error!(error = %e, "Sweeping unused pictures failed");
                }
            };
            let hourly = Duration::from_secs(3600);
            schedule::once(&pictures_ctx.cluster, "pictures-sweep", hourly, sweep).await;
            tokio::select! {
                _ = pictures_stop.changed() => return,
                () = pictures_ctx.pictures_due.notified() => {}
                () = tokio::time::sleep(Duration::from_secs(10)) => {}
            }
        }
    });
    vec![
        outbox,
        tokio::spawn(delivery::run(ctx, shutdown)),
        sync,
        pictures,
    ]
}

/// rustls needs a process-wide crypto provider; ring is the one we build with.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

fn http_client(debug: bool) -> anyhow::Result<reqwest::Client> {
    let builder = reqwest::Client::builder()
        .user_agent(concat!(
            "Partage/",
            env!("CARGO_PKG_VERSION"),
            " (+ActivityPub)"
        ))
        .redirect(reqwest::redirect::Policy::none())
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(Duration::from_secs(5));
    let builder = if debug {
        builder.dns_resolver(Arc::new(LoopbackResolver))
    } else {
        builder.dns_resolver(Arc::new(ValidatingDnsResolver::new(Vec::new(), true)))
    };
    Ok(builder.build()?)
}

/// Debug mode only: `*.localhost` names (RFC 6761) resolve to 127.0.0.1, so that several
/// instances on one machine have distinct host names; other names resolve as usual.
struct LoopbackResolver;

impl reqwest::dns::Resolve for LoopbackResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs: Vec<std::net::SocketAddr> =
                if host == "localhost" || host.ends_with(".localhost") {
                    vec![std::net::SocketAddr::from(([127, 0, 0, 1], 0))]
                } else {
                    tokio::net::lookup_host((host.as_str(), 0)).await?.collect()
                };
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// Whether we may send to or fetch from `url`: https on the default port to a host name in
/// production; anything but our own host in debug mode (tests on loopback).
pub fn check_remote_url(url: &Url, debug: bool) -> Result<(), String> {
    if !matches!(url.scheme(), "https" | "http") {
        return Err(format!("{url} is not an http(s) URL"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!("{url} carries credentials"));
    }
    if debug {
        return Ok(());
    }
    if url.scheme() != "https" {
        return Err(format!("{url} is not https"));
    }
    if url.port().is_some() {
        return Err(format!("{url} names a port"));
    }
    match url.host() {
        Some(url::Host::Domain(d))
            if d.contains('.') && d != "localhost" && !d.ends_with(".localhost") =>
        {
            Ok(())
        }
        _ => Err(format!("{url} must name a public host")),
    }
}

/// Errors of federation work.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Federation(#[from] activitypub_federation::error::Error),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("{0}")]
    Invalid(String),
}
