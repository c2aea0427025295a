//! Admin API tokens: minted at random, shown once, stored as SHA-256 hashes, revocable.

use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::db::{self, Db, DbError, tokens::TokenRow};

/// Every token starts with this, so that secret scanners and people recognise it.
const PREFIX: &str = "partage_";

/// A new token: its id and the secret, which is not stored and cannot be shown again.
pub struct NewToken {
    pub id: i64,
    pub secret: String,
}

pub async fn create(db: &Db, name: &str) -> Result<NewToken, DbError> {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = format!("{PREFIX}{}", hex(&bytes));
    let id = db::tokens::insert(db, name, &hash(&secret), super::now()).await?;
    Ok(NewToken { id, secret })
}

/// The id and name of the live token `secret` names, if any.
pub async fn verify(db: &Db, secret: &str) -> Result<Option<(i64, String)>, DbError> {
    if !secret.starts_with(PREFIX) || secret.len() > 200 {
        return Ok(None);
    }
    db::tokens::use_hash(db, &hash(secret), super::now()).await
}

/// Revokes a token; `false` when no live token has that id.
pub async fn revoke(db: &Db, id: i64) -> Result<bool, DbError> {
    db::tokens::revoke(db, id, super::now()).await
}

pub async fn list(db: &Db) -> Result<Vec<TokenRow>, DbError> {
    db::tokens::list(db).await
}

/// Creates the first token when none was ever created, for the first start to print.
pub async fn create_first(db: &Db) -> Result<Option<NewToken>, DbError> {
    if db::tokens::any(db).await? {
        return Ok(None);
    }
    create(db, "first admin token").await.map(Some)
}

/// The hex SHA-256 under which a secret is stored.
pub(super) fn hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// 32 random bytes in hex: the secret of a link.
pub(super) fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex(&bytes)
}
