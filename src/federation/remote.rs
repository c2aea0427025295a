//! Remote actors: fetched with a signed GET through activitypub_federation, verified, cached
//! in `remote_actors` and refreshed after a day.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use activitypub_federation::config::Data;
use activitypub_federation::fetch::object_id::ObjectId;
use activitypub_federation::traits::Object;
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use url::Url;

use super::protocol::actor::{ACTOR_TYPES, RemoteActorJson};
use super::{Context, Error};
use crate::cluster::{Message, Signals};
use crate::db::{self, remote_actors::RemoteActorRow};

/// Cached actors are refetched after this long.
const REFRESH_AFTER: Duration = Duration::hours(24);
/// Actors kept in memory at most; past that the memory starts again.
const KEPT: usize = 10_000;

/// The actors read lately, in memory, so that an inbox POST does not read its actor from the
/// database. Every write of `remote_actors` goes through [`RemoteActor`], which keeps it right
/// here and tells the other processes to forget their copy (a signal, within milliseconds).
#[derive(Clone)]
pub struct ActorCache {
    actors: Arc<Mutex<HashMap<String, RemoteActorRow>>>,
    signals: Signals,
}

impl ActorCache {
    pub fn new(signals: &Signals) -> ActorCache {
        let actors: Arc<Mutex<HashMap<String, RemoteActorRow>>> = Arc::default();
        let kept = actors.clone();
        signals.subscribe(move |m| {
            let mut kept = kept.lock().expect("actor cache lock");
            match m {
                Message::Actor(id) => {
                    kept.remove(id);
                }
                Message::Actors | Message::Lost => kept.clear(),
                _ => {}
            }
        });
        ActorCache {
            actors,
            signals: signals.clone(),
        }
    }

    fn get(&self, ap_id: &str) -> Option<RemoteActorRow> {
        self.actors
            .lock()
            .expect("actor cache lock")
            .get(ap_id)
            .cloned()
    }

    /// Keeps `row`, which was just stored: the other processes forget their copy.
    async fn put(&self, row: &RemoteActorRow, stored: bool) {
        {
            let mut actors = self.actors.lock().expect("actor cache lock");
            if actors.len() >= KEPT {
                actors.clear();
            }
            actors.insert(row.ap_id.clone(), row.clone());
        }
        if stored {
            self.signals.send(&Message::Actor(row.ap_id.clone())).await;
        }
    }

    /// Forgets one actor here and in the other processes.
    async fn remove(&self, ap_id: &str) {
        self.actors.lock().expect("actor cache lock").remove(ap_id);
        self.signals.send(&Message::Actor(ap_id.to_owned())).await;
    }

    /// Forgets every actor, here and in the other processes (after a domain block removed some
    /// by id).
    pub async fn clear(&self) {
        self.actors.lock().expect("actor cache lock").clear();
        self.signals.send(&Message::Actors).await;
    }
}

/// A remote actor as we keep it.
#[derive(Debug, Clone)]
pub struct RemoteActor {
    pub row: RemoteActorRow,
    ap_id: Url,
}

impl RemoteActor {
    fn new(row: RemoteActorRow) -> Result<Self, Error> {
        let ap_id = Url::parse(&row.ap_id).map_err(|e| Error::Invalid(e.to_string()))?;
        Ok(RemoteActor { row, ap_id })
    }

    /// Where to deliver to this actor: its shared inbox when it has one.
    pub fn delivery_inbox(&self) -> &str {
        self.row.shared_inbox.as_deref().unwrap_or(&self.row.inbox)
    }

    /// The actor as we keep it (in memory, else in the database), without fetching it.
    pub async fn known(url: &Url, data: &Data<Context>) -> Result<Option<RemoteActor>, Error> {
        <RemoteActor as Object>::read_from_id(url.clone(), data).await
    }

    /// Whether it is time to fetch it again.
    pub fn is_stale(&self) -> bool {
        Utc::now() - self.row.fetched_at > REFRESH_AFTER
    }

    /// Fetches (or reads from the cache) the actor at `url`.
    pub async fn fetch(url: &Url, data: &Data<Context>) -> Result<RemoteActor, Error> {
        ObjectId::<RemoteActor>::from(url.clone())
            .dereference(data)
            .await
    }

    /// Deletes an actor (and, by cascade, its follows, its following us and what it published).
    pub async fn forget(ctx: &Context, ap_id: &str) -> Result<(), Error> {
        db::remote_actors::delete(&ctx.db, ap_id).await?;
        ctx.actors.remove(ap_id).await;
        Ok(())
    }

    /// Fetches the actor again, whatever the cache holds (its key may have changed).
    pub async fn refetch(url: &Url, data: &Data<Context>) -> Result<RemoteActor, Error> {
        ObjectId::<RemoteActor>::from(url.clone())
            .dereference_forced(data)
            .await
    }
}

#[async_trait]
impl Object for RemoteActor {
    type DataType = Context;
    type Kind = RemoteActorJson;
    type Error = Error;

    fn id(&self) -> &Url {
        &self.ap_id
    }

    fn last_refreshed_at(&self) -> Option<DateTime<Utc>> {
        // Refresh once the cache is older than a day (the crate refetches past its own limit).
        Some(if Utc::now() - self.row.fetched_at > REFRESH_AFTER {
            DateTime::UNIX_EPOCH
        } else {
            Utc::now()
        })
    }

    async fn read_from_id(id: Url, data: &Data<Context>) -> Result<Option<Self>, Error> {
        if let Some(row) = data.actors.get(id.as_str()) {
            return Ok(Some(RemoteActor::new(row)?));
        }
        match db::remote_actors::by_ap_id(&data.db, id.as_str()).await? {
            Some(row) => {
                data.actors.put(&row, false).await;
                Ok(Some(RemoteActor::new(row)?))
            }
            None => Ok(None),
        }
    }

    async fn delete(&self, data: &Data<Context>) -> Result<(), Error> {
        RemoteActor::forget(data, self.ap_id.as_str()).await
    }

    async fn into_json(self, _: &Data<Context>) -> Result<RemoteActorJson, Error> {
        Err(Error::Invalid("remote actors are not served".into()))
    }

    async fn verify(
        json: &RemoteActorJson,
        expected: &Url,
        data: &Data<Context>,
    ) -> Result<(), Error> {
        if json.id.host_str() != expected.host_str() || json.id.port() != expected.port() {
            return Err(Error::Invalid(format!(
                "the actor {} was served by {expected}",
                json.id
            )));
        }
        if !ACTOR_TYPES.contains(&json.kind.as_str()) {
            return Err(Error::Invalid(format!(
                "{} is not an actor type",
                json.kind
            )));
        }
        if data.urls.is_local(&json.id) {
            return Err(Error::Invalid(
                "a remote actor cannot claim our domain".into(),
            ));
        }
        for url in [
            Some(&json.inbox),
            json.endpoints
                .as_ref()
                .and_then(|e| e.shared_inbox.as_ref()),
        ]
        .into_iter()
        .flatten()
        {
            super::check_remote_url(url, data.debug()).map_err(Error::Invalid)?;
        }
        if !json.public_key.iter().any(|k| k.owner == json.id) {
            return Err(Error::Invalid(
                "the actor has no public key of its own".into(),
            ));
        }
        Ok(())
    }

    async fn from_json(json: RemoteActorJson, data: &Data<Context>) -> Result<Self, Error> {
        let key = json
            .public_key
            .iter()
            .find(|k| k.owner == json.id)
            .ok_or_else(|| Error::Invalid("the actor has no public key".into()))?;
        let row = RemoteActorRow {
            id: 0,
            ap_id: json.id.to_string(),
            kind: json.kind.clone(),
            username: json.preferred_username.clone().map(|s| truncate(&s, 200)),
            name: json.name.clone().map(|s| truncate(&s, 200)),
            inbox: json.inbox.to_string(),
            shared_inbox: json
                .endpoints
                .as_ref()
                .and_then(|e| e.shared_inbox.as_ref())
                .map(Url::to_string),
            outbox: json.outbox.as_ref().map(Url::to_string),
            public_key_id: key.id.clone(),
            public_key_pem: key.public_key_pem.clone(),
            fetched_at: crate::domain::now(),
        };
        let row = db::remote_actors::upsert(&data.db, &row).await?;
        data.actors.put(&row, true).await;
        RemoteActor::new(row)
    }
}

fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

impl activitypub_federation::traits::Actor for RemoteActor {
    fn public_key_pem(&self) -> &str {
        &self.row.public_key_pem
    }

    fn private_key_pem(&self) -> Option<String> {
        None
    }

    fn inbox(&self) -> Url {
        Url::parse(&self.row.inbox).expect("stored inboxes are URLs")
    }

    fn shared_inbox(&self) -> Option<Url> {
        self.row
            .shared_inbox
            .as_deref()
            .and_then(|u| Url::parse(u).ok())
    }
}
