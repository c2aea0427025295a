//! The administration commands behind the CLI: `migrate`, `admin token …`; the others live in
//! `data` (import, export), `backup` (backup, restore, migrate-db), `network` (follow,
//! unfollow), `sources` (`source …`), `users` (`admin user …`) and `doctor`.

pub mod backup;
pub mod data;
pub mod doctor;
pub mod mail;
pub mod network;
pub mod sources;
pub mod users;

use anyhow::bail;

use crate::app::open_database;
use crate::config::Settings;
use crate::domain::audit::{self, Actor};
use crate::domain::token;

pub async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let db = open_database(settings).await?;
    db.close().await;
    println!("The database is up to date.");
    Ok(())
}

pub async fn token_create(settings: &Settings, name: &str) -> anyhow::Result<()> {
    let db = open_database(settings).await?;
    let new = token::create(&db, name).await?;
    // The secret is shown whatever happens next: it cannot be shown again.
    println!("Token {} ({name:?}), shown once:\n{}", new.id, new.secret);
    let target = format!("{} ({name})", new.id);
    if let Err(e) = audit::record(&db, Actor::CommandLine, "token.create", &target).await {
        eprintln!("partage: the token works, but the audit log could not record it: {e}");
    }
    db.close().await;
    Ok(())
}

pub async fn token_revoke(settings: &Settings, id: i64) -> anyhow::Result<()> {
    let db = open_database(settings).await?;
    let revoked = token::revoke(&db, id).await?;
    if revoked {
        audit::record(&db, Actor::CommandLine, "token.revoke", &id.to_string()).await?;
    }
    db.close().await;
    if !revoked {
        bail!("there is no live token {id} (see `partage admin token list`)");
    }
    println!("Token {id} is revoked.");
    Ok(())
}

pub async fn token_list(settings: &Settings) -> anyhow::Result<()> {
    let db = open_database(settings).await?;
    let tokens = token::list(&db).await?;
    db.close().await;
    println!(
        "{:>4}  {:<24}  {:<20}  {:<20}  revoked",
        "id", "name", "created", "last used"
    );
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map_or("-".to_owned(), |t| t.format("%Y-%m-%d %H:%M").to_string())
    };
    for t in tokens {
        println!(
            "{:>4}  {:<24}  {:<20}  {:<20}  {}",
            t.id,
            t.name,
            when(Some(t.created_at)),
            when(t.last_used_at),
            when(t.revoked_at)
        );
    }
    Ok(())
}
