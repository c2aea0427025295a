//! Signals between the processes of one database: `NOTIFY` on the schema's channel, heard by
//! every process's listener (`LISTEN`, on a connection of its own), which runs the handlers
//! this process subscribed: a cache emptied, a worker woken. A notification arrives within
//! milliseconds; any sent while a listener was disconnected is lost, so a listener that
//! (re)connects tells every handler [`Message::Lost`], and caches start again from the
//! database. On SQLite there is one process, and nothing to send.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::sync::{Notify, watch};

use super::Role;
use crate::db::{self, Db};

/// What one process tells the others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    /// The blocked domains or actors changed.
    Blocks,
    /// A remote actor was stored again or forgotten, by its id.
    Actor(String),
    /// Remote actors were forgotten (a domain block): forget every one kept.
    Actors,
    /// Deliveries were queued.
    Deliveries,
    /// Remote pictures wait to be copied.
    Pictures,
    /// Messages were queued.
    Mail,
    /// A follow was accepted: its backfill waits.
    Sync,
    /// This process may have missed messages: empty every cache, wake every worker.
    Lost,
}

impl Message {
    fn encode(&self) -> String {
        match self {
            Message::Blocks => "blocks".into(),
            Message::Actor(id) => format!("actor {id}"),
            Message::Actors => "actors".into(),
            Message::Deliveries => "deliveries".into(),
            Message::Pictures => "pictures".into(),
            Message::Mail => "mail".into(),
            Message::Sync => "sync".into(),
            Message::Lost => "lost".into(),
        }
    }

    fn decode(text: &str) -> Option<Message> {
        Some(match text.split_once(' ') {
            Some(("actor", id)) => Message::Actor(id.to_owned()),
            _ => match text {
                "blocks" => Message::Blocks,
                "actors" => Message::Actors,
                "deliveries" => Message::Deliveries,
                "pictures" => Message::Pictures,
                "mail" => Message::Mail,
                "sync" => Message::Sync,
                _ => return None,
            },
        })
    }
}

type Handler = Box<dyn Fn(&Message) + Send + Sync>;

/// This process's end of the channel. Cheap to clone.
#[derive(Clone)]
pub struct Signals(Arc<Inner>);

struct Inner {
    db: Db,
    /// `partage.{schema}` on PostgreSQL; `None` on SQLite.
    channel: Option<String>,
    /// Prefixes what this process sends, so that its listener skips it.
    runner: Arc<str>,
    role: Role,
    handlers: RwLock<Vec<Handler>>,
}

impl Signals {
    pub fn new(db: Db, channel: Option<String>, runner: Arc<str>, role: Role) -> Signals {
        Signals(Arc::new(Inner {
            db,
            channel,
            runner,
            role,
            handlers: RwLock::default(),
        }))
    }

    /// Runs `handler` on every message another process sends (and on [`Message::Lost`]).
    pub fn subscribe(&self, handler: impl Fn(&Message) + Send + Sync + 'static) {
        let mut handlers = self.0.handlers.write().expect("signal handlers");
        handlers.push(Box::new(handler));
    }

    /// Tells the other processes, waiting until PostgreSQL has it (they hear it within
    /// milliseconds). A failure is logged: their caches are then stale until their listener
    /// reconnects.
    pub async fn send(&self, message: &Message) {
        let Some(channel) = &self.0.channel else {
            return;
        };
        let payload = format!("{} {}", self.0.runner, message.encode());
        if let Err(e) = db::cluster::notify(&self.0.db, channel, &payload).await {
            tracing::error!(error = %e, ?message, "Cannot tell the other processes");
        }
    }

    /// Tells the other processes, without waiting.
    pub fn send_soon(&self, message: Message) {
        if self.0.channel.is_some() {
            let signals = self.clone();
            tokio::spawn(async move { signals.send(&message).await });
        }
    }

    fn dispatch(&self, message: &Message) {
        for handler in self.0.handlers.read().expect("signal handlers").iter() {
            handler(message);
        }
    }

    /// Listens until `stop` turns true, reconnecting after a failure; `None` on SQLite.
    pub fn listen(&self, mut stop: watch::Receiver<bool>) -> Option<tokio::task::JoinHandle<()>> {
        let channel = self.0.channel.clone()?;
        let signals = self.clone();
        Some(tokio::spawn(async move {
            let own = format!("{} ", signals.0.runner);
            loop {
                let listener = tokio::select! {
                    _ = stop.changed() => return,
                    l = db::cluster::listen(&signals.0.db, &channel) => l,
                };
                let mut listener = match listener {
                    Ok(Some(listener)) => listener,
                    Ok(None) => return,
                    Err(e) => {
                        tracing::warn!(error = %e, "Cannot listen to the other processes; retrying");
                        tokio::select! {
                            _ = stop.changed() => return,
                            () = tokio::time::sleep(Duration::from_secs(1)) => continue,
                        }
                    }
                };
                // Whatever was sent before this moment is unknown.
                signals.dispatch(&Message::Lost);
                loop {
                    let received = tokio::select! {
                        _ = stop.changed() => return,
                        r = listener.try_recv() => r,
                    };
                    match received {
                        Ok(Some(n)) if n.payload().starts_with(&own) => {}
                        Ok(Some(n)) => {
                            let text = n.payload().split_once(' ').map_or("", |(_, m)| m);
                            match Message::decode(text) {
                                Some(message) => signals.dispatch(&message),
                                None => tracing::warn!(payload = n.payload(), "Unknown signal"),
                            }
                        }
                        // The connection was lost; the next call reconnects.
                        Ok(None) => signals.dispatch(&Message::Lost),
                        Err(e) => {
                            tracing::warn!(error = %e, "Listening to the other processes failed");
                            break;
                        }
                    }
                }
            }
        }))
    }

    pub fn role(&self) -> Role {
        self.0.role
    }
}

/// Wakes a worker: the one of this process at once, and, from a process that runs no
/// background work (`--role web`), the workers of the others through a signal.
#[derive(Clone)]
pub struct Wake {
    local: Arc<Notify>,
    signals: Signals,
    message: Message,
}

impl Wake {
    pub fn new(signals: &Signals, message: Message) -> Wake {
        let local = Arc::new(Notify::new());
        let (woken, what) = (local.clone(), message.clone());
        signals.subscribe(move |m| {
            if *m == what || *m == Message::Lost {
                woken.notify_one();
            }
        });
        Wake {
            local,
            signals: signals.clone(),
            message,
        }
    }

    pub fn notify_one(&self) {
        self.local.notify_one();
        if !self.signals.role().works() {
            self.signals.send_soon(self.message.clone());
        }
    }

    pub fn notified(&self) -> tokio::sync::futures::Notified<'_> {
        self.local.notified()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_back() {
        for m in [
            Message::Blocks,
            Message::Actor("https://a.example/u/x y".into()),
            Message::Actors,
            Message::Deliveries,
            Message::Pictures,
            Message::Mail,
            Message::Sync,
        ] {
            assert_eq!(Message::decode(&m.encode()), Some(m));
        }
    }
}
