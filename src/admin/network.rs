//! `partage follow` and `partage unfollow`.

use anyhow::bail;

use crate::app::{AppState, open_database};
use crate::config::Settings;
use crate::domain::audit::{self, Actor};
use crate::federation;

pub async fn follow(settings: Settings, target: &str, policy: &str) -> anyhow::Result<()> {
    let db = open_database(&settings).await?;
    let state = AppState::new(db.clone(), settings).await?;
    let curation = crate::db::follows::Curation {
        policy: policy.to_owned(),
        ..Default::default()
    };
    let follow = federation::following::follow_target(&state.federation, target, &curation).await?;
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
    let removed = federation::following::unfollow(&state.federation, &follow, remove).await?;
    audit::record(&db, Actor::CommandLine, "unfollow", &follow.actor_ap_id).await?;
    if remove {
        println!("Removed {removed} mirrored entries.");
    }
    db.close().await;
    println!("Unfollowed {}.", follow.actor_ap_id);
    Ok(())
}
