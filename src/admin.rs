//! The administration commands behind `partage migrate` and `partage admin …`.

use anyhow::bail;

use crate::app::{AppState, open_database};
use crate::config::Settings;
use crate::domain::token;
use crate::federation;

pub async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let db = open_database(settings).await?;
    db.close().await;
    println!("The database is up to date.");
    Ok(())
}

pub async fn token_create(settings: &Settings, name: &str) -> anyhow::Result<()> {
    let db = open_database(settings).await?;
    let new = token::create(&db, name).await?;
    db.close().await;
    println!("Token {} ({name:?}), shown once:\n{}", new.id, new.secret);
    Ok(())
}

pub async fn token_revoke(settings: &Settings, id: i64) -> anyhow::Result<()> {
    let db = open_database(settings).await?;
    let revoked = token::revoke(&db, id).await?;
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

pub async fn follow(settings: Settings, target: &str, policy: &str) -> anyhow::Result<()> {
    let db = open_database(&settings).await?;
    let state = AppState::new(db.clone(), settings).await?;
    let actor = federation::following::resolve(&state.federation, target).await?;
    let curation = crate::db::follows::Curation {
        policy: policy.to_owned(),
        ..Default::default()
    };
    let follow = federation::following::follow(&state.federation, &actor, &curation).await?;
    db.close().await;
    println!(
        "Following {} (follow {}, {}): the running server sends the Follow, then mirrors what it publishes once it accepts.",
        follow.actor_ap_id, follow.id, follow.state
    );
    Ok(())
}

pub async fn unfollow(settings: Settings, target: &str, remove: bool) -> anyhow::Result<()> {
    let db = open_database(&settings).await?;
    let state = AppState::new(db.clone(), settings).await?;
    let follow = match target.parse::<i64>() {
        Ok(id) => crate::db::follows::by_id(&db, id).await?,
        Err(_) => {
            let actor = federation::following::resolve(&state.federation, target).await?;
            crate::db::follows::by_actor(&db, actor.row.id).await?
        }
    };
    let Some(follow) = follow else {
        bail!("the chapter does not follow {target} (see GET /api/v1/follows)");
    };
    federation::following::unfollow(&state.federation, &follow).await?;
    if remove {
        let removed = crate::db::origin::delete_from(&db, follow.actor_id).await?;
        println!("Removed {removed} mirrored entries.");
    }
    db.close().await;
    println!("Unfollowed {}.", follow.actor_ap_id);
    Ok(())
}
