//! Our actors' RSA keys: made once, kept in the database, parsed once for signing.

use super::LocalActor;
use super::signature::SigningKey;
use crate::db::{self, Db, keys::KeyRow};

/// One actor's key pair.
pub struct ActorKey {
    pub public_key_pem: String,
    pub private_key_pem: String,
    pub signing: SigningKey,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// The keys of both our actors.
pub struct LocalKeys {
    pub chapter: ActorKey,
    pub application: ActorKey,
}

impl LocalKeys {
    pub async fn load_or_create(db: &Db) -> anyhow::Result<LocalKeys> {
        Ok(LocalKeys {
            chapter: load_or_create(db, LocalActor::Chapter).await?,
            application: load_or_create(db, LocalActor::Application).await?,
        })
    }

    pub fn get(&self, actor: LocalActor) -> &ActorKey {
        match actor {
            LocalActor::Chapter => &self.chapter,
            LocalActor::Application => &self.application,
        }
    }
}

async fn load_or_create(db: &Db, actor: LocalActor) -> anyhow::Result<ActorKey> {
    let name = actor.as_str();
    if db::keys::get(db, name).await?.is_none() {
        // RSA key generation takes a while: off the async threads.
        let pair = tokio::task::spawn_blocking(
            activitypub_federation::http_signatures::generate_actor_keypair,
        )
        .await??;
        let row = KeyRow {
            actor: name.to_owned(),
            public_key_pem: pair.public_key,
            private_key_pem: pair.private_key,
            created_at: crate::domain::now(),
        };
        db::keys::insert(db, &row).await?;
        tracing::info!(actor = name, "Made a key pair for the {name} actor");
    }
    let row = db::keys::get(db, name)
        .await?
        .expect("the key was just stored");
    let signing = SigningKey::from_pem(&row.private_key_pem).map_err(anyhow::Error::msg)?;
    Ok(ActorKey {
        public_key_pem: row.public_key_pem,
        private_key_pem: row.private_key_pem,
        signing,
        created_at: row.created_at,
    })
}
