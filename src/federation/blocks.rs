//! Domain blocks: a blocked domain (and its subdomains) loses its followers, follows and
//! mirrored entries here, and its activities are refused (Mastodon's "suspend"). One actor can
//! be blocked alone, the same way.

use url::Url;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use super::{Context, Error, Federation};
use crate::cluster::{Message, Signals};
use crate::db::{self, Db, DbError};
use crate::domain::now;

/// What a block removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Removed {
    /// Actors forgotten, with their follows, following and mirrored entries.
    pub actors: usize,
    /// Deliveries that will not be sent.
    pub deliveries: u64,
}

/// A domain as blocks store it: a lowercase (punycode) host without port or trailing dot, with
/// at least one dot. Accepts a bare host, `@user@host`, or a URL (a profile's address too).
pub fn normalize(input: &str) -> Result<String, String> {
    let input = input.trim();
    let url = if input.contains("://") {
        Url::parse(input)
    } else {
        let host = input.rsplit('@').next().unwrap_or(input);
        Url::parse(&format!("https://{host}/"))
    };
    let domain = url
        .ok()
        .and_then(|u| u.host_str().map(|h| h.trim_end_matches('.').to_owned()))
        .filter(|h| !h.is_empty())
        .ok_or_else(|| format!("{input:?} is not a domain name like spam.example"))?;
    if !domain.contains('.') {
        return Err(format!(
            "{domain:?} is not a domain name like spam.example: blocks need at least one dot"
        ));
    }
    Ok(domain)
}

/// A host and each parent domain that still has a dot, as blocks match them.
fn covering(host: &str) -> Vec<String> {
    let host = host.trim_end_matches('.');
    let labels: Vec<&str> = host.split('.').collect();
    let upto = labels.len().saturating_sub(1).max(1);
    (0..upto).map(|i| labels[i..].join(".")).collect()
}

/// Whether `domain` blocks `host` (the same domain, or a subdomain).
fn covers(domain: &str, host: &str) -> bool {
    let host = host.trim_end_matches('.');
    host == domain || host.ends_with(&format!(".{domain}"))
}

/// The blocked domains, read from the database once and again after each change (every
/// change goes through [`block`] and [`unblock`]), so that the inbox asks nothing per activity.
/// A change made by another process empties it too, through a signal (within milliseconds).
#[derive(Clone)]
pub struct BlockList {
    cached: Arc<Mutex<Cached>>,
    signals: Signals,
}

#[derive(Default)]
struct Cached {
    /// Counts changes, so that a list read before a change is not kept after it.
    generation: u64,
    blocked: Option<Arc<Blocked>>,
}

impl Cached {
    fn forget(&mut self) {
        self.generation += 1;
        self.blocked = None;
    }
}

/// The blocked domains, and the single actors blocked (by their id).
struct Blocked {
    domains: HashSet<String>,
    actors: HashSet<String>,
}

impl BlockList {
    pub fn new(signals: &Signals) -> BlockList {
        let cached: Arc<Mutex<Cached>> = Arc::default();
        let forgotten = cached.clone();
        signals.subscribe(move |m| {
            if matches!(m, Message::Blocks | Message::Lost) {
                forgotten.lock().expect("block list lock").forget();
            }
        });
        BlockList {
            cached,
            signals: signals.clone(),
        }
    }

    async fn blocked(&self, db: &Db) -> Result<Arc<Blocked>, DbError> {
        let generation = {
            let cached = self.cached.lock().expect("block list lock");
            if let Some(blocked) = &cached.blocked {
                return Ok(blocked.clone());
            }
            cached.generation
        };
        let domains = db::blocks::list(db).await?;
        let actors = db::blocks::actors(db).await?;
        let blocked = Arc::new(Blocked {
            domains: domains.into_iter().map(|b| b.domain).collect(),
            actors: actors.into_iter().map(|b| b.actor).collect(),
        });
        let mut cached = self.cached.lock().expect("block list lock");
        if cached.generation == generation {
            cached.blocked = Some(blocked.clone());
        }
        Ok(blocked)
    }

    /// Forgets the list here, and tells the other processes to.
    async fn changed(&self) {
        self.cached.lock().expect("block list lock").forget();
        self.signals.send(&Message::Blocks).await;
    }
}

/// Whether the server of `url` is blocked, or `url` is a blocked actor.
pub async fn is_blocked(ctx: &Context, url: &Url) -> Result<bool, DbError> {
    let Some(host) = url.host_str() else {
        return Ok(false);
    };
    let blocked = ctx.blocks.blocked(&ctx.db).await?;
    Ok(blocked.actors.contains(url.as_str())
        || covering(&host.to_lowercase())
            .iter()
            .any(|d| blocked.domains.contains(d)))
}

/// Blocks one remote actor: it is forgotten (its following, the follows of it, what it
/// published here, its comments) and its activities are refused. `false` when it was already
/// blocked.
pub async fn block_actor(fed: &Federation, actor: &str, reason: &str) -> Result<bool, Error> {
    let ctx = fed.context();
    let url = Url::parse(actor).map_err(|_| Error::Invalid(format!("{actor:?} is not a URL")))?;
    if ctx.urls.is_local(&url) {
        return Err(Error::Invalid(
            "the chapter cannot block its own actors".into(),
        ));
    }
    let new = db::blocks::insert_actor(&ctx.db, url.as_str(), reason.trim(), now()).await?;
    ctx.blocks.changed().await;
    super::remote::RemoteActor::forget(ctx, url.as_str()).await?;
    tracing::info!(actor = %url, "Blocked an actor");
    Ok(new)
}

/// Lifts an actor's block; `false` when it was not blocked.
pub async fn unblock_actor(fed: &Federation, actor: &str) -> Result<bool, Error> {
    let ctx = fed.context();
    let removed = db::blocks::delete_actor(&ctx.db, actor.trim()).await?;
    ctx.blocks.changed().await;
    Ok(removed)
}

/// Blocks a domain and removes what came from it. Blocking again repeats the clean-up.
pub async fn block(fed: &Federation, input: &str, reason: &str) -> Result<Removed, Error> {
    let ctx = fed.context();
    let domain = normalize(input).map_err(Error::Invalid)?;
    let base = ctx.urls.base();
    if covers(&domain, base.host_str().unwrap_or_default()) {
        return Err(Error::Invalid(
            "the chapter cannot block its own domain".into(),
        ));
    }
    let mut tx = ctx.db.begin().await?;
    db::blocks::insert(&mut tx, &domain, reason.trim(), now()).await?;
    tx.commit().await?;
    ctx.blocks.changed().await;

    let mut removed = Removed::default();
    for (id, ap_id) in db::remote_actors::ids(&ctx.db).await? {
        let host = Url::parse(&ap_id)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned));
        if host.is_some_and(|h| covers(&domain, &h)) {
            db::remote_actors::delete_by_id(&ctx.db, id).await?;
            removed.actors += 1;
        }
    }
    ctx.actors.clear().await;
    for host in db::deliveries::hosts_waiting(&ctx.db).await? {
        let name = host
            .rsplit_once(':')
            .map_or(host.as_str(), |(name, _)| name);
        if covers(&domain, name) {
            removed.deliveries += db::deliveries::drop_for_host(&ctx.db, &host).await?;
        }
    }
    tracing::info!(domain, ?removed, "Blocked a domain");
    Ok(removed)
}

/// Lifts a block; `false` when the domain was not blocked.
pub async fn unblock(fed: &Federation, input: &str) -> Result<bool, Error> {
    let ctx = fed.context();
    let domain = normalize(input).map_err(Error::Invalid)?;
    let removed = db::blocks::delete(&ctx.db, &domain).await?;
    ctx.blocks.changed().await;
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_what_admins_type() {
        assert_eq!(normalize(" Spam.Example ").unwrap(), "spam.example");
        assert_eq!(normalize("@bot@spam.example").unwrap(), "spam.example");
        assert_eq!(
            normalize("https://spam.example:8443/users/x").unwrap(),
            "spam.example"
        );
        assert_eq!(
            normalize("bücher.example").unwrap(),
            "xn--bcher-kva.example"
        );
        assert!(normalize("").is_err());
        assert!(normalize("no spaces.example").is_err());
    }

    #[test]
    fn a_block_covers_subdomains_only() {
        assert!(covers("spam.example", "spam.example"));
        assert!(covers("spam.example", "a.spam.example"));
        assert!(!covers("spam.example", "notspam.example"));
        assert_eq!(
            covering("a.spam.example"),
            ["a.spam.example", "spam.example"]
        );
        assert_eq!(covering("localhost"), ["localhost"]);
    }
}
