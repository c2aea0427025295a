//! The application: its shared state, start-up, and the server as a function of its inputs.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;
use url::Url;

use crate::cluster::{Cluster, Lock, Message, Role, Wake, schedule};
use crate::config::Settings;
use crate::db::Db;
use crate::domain::token;
use crate::federation::{self, Federation};

/// What every request handler shares. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    /// `https://{instance.domain}` (http for loopback hosts).
    pub base_url: Url,
    pub timezone: chrono_tz::Tz,
    pub federation: Federation,
    pub metrics: std::sync::Arc<crate::http::metrics::Metrics>,
    pub geocoder: Arc<crate::http::web::Geocoder>,
    pub throttles: Arc<crate::http::throttle::Throttles>,
    /// What the settings decide for entries (time zone, pictures per entry).
    pub rules: crate::domain::Rules,
    /// Pictures' files: processing, store, addresses.
    pub media: crate::media::Media,
    /// Sends the chapter's e-mail.
    pub mailer: crate::mail::Mailer,
    /// This process's role, and its part among the processes on the database.
    pub cluster: Cluster,
    /// The client sources kept in sync are read with (`ops::sources`).
    pub sources: crate::ops::sources::Fetcher,
}

impl AppState {
    /// Builds the state of a process that does everything (`--role all`); on a first start
    /// this makes the actors' keys.
    pub async fn new(db: Db, settings: Settings) -> anyhow::Result<Self> {
        let cluster = Cluster::new(db.clone(), Role::All).await?;
        Self::joining(db, settings, cluster).await
    }

    /// Builds the state of a process of `cluster`.
    pub async fn joining(db: Db, settings: Settings, cluster: Cluster) -> anyhow::Result<Self> {
        let settings = Arc::new(settings);
        let federation = Federation::new(db.clone(), settings.clone(), cluster.clone()).await?;
        let user_agent = format!(
            "Partage/{} (+{})",
            env!("CARGO_PKG_VERSION"),
            settings.base_url()
        );
        let geocoder = crate::http::web::Geocoder::new(&settings.website.geocoder, &user_agent)?;
        let rules = crate::domain::Rules {
            timezone: settings.timezone(),
            pictures_per_entry: settings.media.per_entry as usize,
        };
        let media = federation.context().media.clone();
        let wake = Wake::new(&cluster.signals, Message::Mail);
        let mailer = crate::mail::Mailer::new(db.clone(), &settings, media.clone(), wake)?;
        let sources = crate::ops::sources::Fetcher::for_settings(&settings)?;
        Ok(AppState {
            sources,
            rules,
            mailer,
            media,
            geocoder: Arc::new(geocoder),
            db,
            base_url: settings.base_url(),
            timezone: settings.timezone(),
            settings,
            federation,
            metrics: crate::http::metrics::Metrics::new(),
            throttles: Arc::default(),
            cluster,
        })
    }

    /// Turns what the last change recorded into activities and queues their deliveries, so
    /// that they are stored before the API answers. A failure here is repaired by the
    /// background pass, which retries pending records.
    pub async fn publish_changes(&self) {
        // A change may have named a remote picture (`image_url`) to copy.
        self.federation.context().pictures_due.notify_one();
        if let Err(e) = federation::outbox::process_pending(self.federation.context()).await {
            tracing::error!(error = %e, "Could not publish a change yet; it stays queued");
        }
    }

    /// The wall-clock time in the chapter's time zone.
    pub fn local_now(&self) -> chrono::NaiveDateTime {
        crate::domain::now()
            .with_timezone(&self.timezone)
            .naive_local()
    }

    /// An absolute public URL for a path starting with `/`.
    pub fn url(&self, path: &str) -> String {
        let base = self.base_url.as_str().trim_end_matches('/');
        format!("{base}{path}")
    }
}

/// Opens the database named by the settings and brings its schema up to date.
pub async fn open_database(settings: &Settings) -> anyhow::Result<Db> {
    let url = settings.database_url().map_err(anyhow::Error::msg)?;
    let db = Db::connect(&url, settings.database.max_connections)
        .await
        .with_context(|| format!("cannot open the database {}", redact(&url)))?;
    db.migrate().await.context(
        "cannot migrate the database (a database written by a newer Partage is refused)",
    )?;
    Ok(db)
}

/// `partage serve --role …`: opens the database, prints the first admin token once, serves
/// until Ctrl-C or SIGTERM. On SQLite, a second process on the same file is refused.
pub async fn serve(settings: Settings, role: Role) -> anyhow::Result<()> {
    let url = settings.database_url().map_err(anyhow::Error::msg)?;
    let _only_one = crate::db::cluster::claim_sqlite(&url)?;
    let db = open_database(&settings).await?;
    let cluster = Cluster::new(db.clone(), role).await?;
    // Processes starting together: the first makes the keys and the first token.
    let starting = cluster.locks.lock(Lock::Startup).await?;
    if let Some(first) = token::create_first(&db).await? {
        println!(
            "\nThis is the chapter's first start. Your admin token (shown once, keep it safe):\n\n    {}\n\nUse it as `Authorization: Bearer <token>`; `partage admin token create` makes more.\n",
            first.secret
        );
    }
    if let Some(secret) = crate::domain::account::setup_link(&db).await? {
        println!(
            "The web admin has no account yet. Create the first one (admin) with this link, valid for 7 days\nor until the next start:\n\n    {}/admin/invite/{secret}\n\nor with `partage admin user create NAME`.\n",
            settings.base_url().as_str().trim_end_matches('/')
        );
    }
    let listener = TcpListener::bind(settings.http.listen)
        .await
        .with_context(|| format!("cannot listen on {} (`http.listen`)", settings.http.listen))?;
    let state = AppState::joining(db.clone(), settings, cluster).await?;
    drop(starting);
    tracing::info!(
        listen = %listener.local_addr()?,
        url = %state.base_url,
        role = role.as_str(),
        "Partage chapter {:?} is serving",
        state.settings.instance.name
    );
    run(listener, state, shutdown_signal()).await?;
    db.close().await;
    Ok(())
}

/// Serves `state` on `listener` until `shutdown` completes, with the background work beside it
/// when the role runs it (a worker serves only `/healthz` and `/metrics`); then finishes
/// requests in flight and stops the workers. Queued deliveries stay in the database for the
/// next start, or another process.
pub async fn run(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let cluster = state.cluster.clone();
    let mut workers: Vec<_> = cluster
        .signals
        .listen(stopped.clone())
        .into_iter()
        .collect();
    if cluster.role.works() {
        workers.extend(federation::spawn_workers(
            state.federation.clone(),
            stopped.clone(),
        ));
        workers.push(duplicates(&state, stopped.clone()));
        if state.settings.sources.check_seconds > 0 {
            workers.push(sources(&state, stopped.clone()));
        }
        workers.push(crate::mail::worker::spawn(
            state.mailer.clone(),
            cluster.clone(),
            stopped,
        ));
    }
    let app = if cluster.role.serves() {
        crate::http::router(state)
    } else {
        crate::http::worker_router(state)
    };
    let served = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    let _ = stop.send(true);
    for worker in workers {
        let _ = worker.await;
    }
    served
}

/// The pass looking for the duplicates of entries written without looking, every 10 s, once
/// across the cluster.
fn duplicates(
    state: &AppState,
    stopped: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    let db = state.db.clone();
    let every = std::time::Duration::from_secs(10);
    schedule::every(
        state.cluster.clone(),
        "duplicates",
        every,
        every,
        stopped,
        move || {
            let db = db.clone();
            async move {
                match crate::domain::duplicates::sweep(&db).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(
                        initiatives = n,
                        "Looked for the duplicates of {n} initiatives"
                    ),
                    Err(e) => tracing::error!(error = %e, "Looking for duplicates failed"),
                }
            }
        },
    )
}

/// The pass reading the sources that are due (each at its own period), every
/// `sources.check_seconds`, once across the cluster; what they changed is published at once.
fn sources(
    state: &AppState,
    stopped: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    let state = state.clone();
    let every = std::time::Duration::from_secs(state.settings.sources.check_seconds);
    schedule::every(
        state.cluster.clone(),
        "sources",
        every,
        every,
        stopped,
        move || {
            let state = state.clone();
            async move {
                match crate::ops::sources::run_due(&state.db, &state.sources).await {
                    Ok(runs) if runs.is_empty() => {}
                    Ok(_) => state.publish_changes().await,
                    Err(e) => tracing::error!(error = %e, "Reading the sources due failed"),
                }
            }
        },
    )
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("Shutting down: finishing requests in flight");
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}
