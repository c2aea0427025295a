//! From what happened to what we send: each `Outgoing` record becomes an activity, stored in
//! the outbox with one delivery per inbox, in one transaction.

use std::collections::BTreeSet;

use rand::RngCore;
use serde_json::Value;
use url::Url;

use super::objects::{event_object, initiative_object, tombstone};
use super::protocol::activities::Activity;
use super::protocol::{PUBLIC, context};
use super::{Context, Error, LocalActor, ObjectKind};
use crate::db::activities::NewActivity;
use crate::db::{self, Tx, outgoing::OutgoingRow};
use crate::domain::{Outgoing, event, initiative, now};

/// Turns every pending `Outgoing` record into activities and deliveries; returns how many.
pub async fn process_pending(ctx: &Context) -> Result<usize, Error> {
    let _only_one = ctx.outbox_lock.lock().await;
    let mut processed = 0;
    loop {
        let rows = db::outgoing::pending(&ctx.db, 50).await?;
        if rows.is_empty() {
            break;
        }
        for row in rows {
            process(ctx, row).await?;
            processed += 1;
        }
    }
    if processed > 0 {
        ctx.deliveries_queued.notify_one();
    }
    Ok(processed)
}

async fn process(ctx: &Context, row: OutgoingRow) -> Result<(), Error> {
    let outgoing: Outgoing = serde_json::from_str(&row.payload)
        .map_err(|e| Error::Invalid(format!("outgoing record {}: {e}", row.id)))?;
    let what = activity_for(ctx, &outgoing).await?;
    let mut tx = ctx.db.begin().await?;
    if let Some((kind, object)) = what {
        let activity = publish(ctx, &mut tx, kind, object).await?;
        tracing::info!(activity = %activity.id, kind, "Published {kind} for {outgoing:?}");
    }
    db::outgoing::mark_handled(&mut tx, row.id, now()).await?;
    tx.commit().await?;
    Ok(())
}

/// The activity type and object for a change; `None` when the object is gone since (its
/// deletion comes next).
async fn activity_for(
    ctx: &Context,
    outgoing: &Outgoing,
) -> Result<Option<(&'static str, Value)>, Error> {
    Ok(match outgoing {
        Outgoing::InitiativePublished { id } | Outgoing::InitiativeUpdated { id } => {
            let kind = if matches!(outgoing, Outgoing::InitiativePublished { .. }) {
                "Create"
            } else {
                "Update"
            };
            let found = initiative::get_by_id(&ctx.db, *id)
                .await
                .map_err(domain_error)?;
            found.map(|i| (kind, to_json(&initiative_object(ctx, &i, false))))
        }
        Outgoing::EventPublished { id } | Outgoing::EventUpdated { id } => {
            let kind = if matches!(outgoing, Outgoing::EventPublished { .. }) {
                "Create"
            } else {
                "Update"
            };
            let found = event::get_by_id(&ctx.db, *id).await.map_err(domain_error)?;
            found.map(|e| (kind, to_json(&event_object(ctx, &e, false))))
        }
        Outgoing::InitiativeDeleted { id, .. } => {
            Some(("Delete", deleted(ctx, ObjectKind::Initiative, *id)))
        }
        Outgoing::EventDeleted { id, .. } => Some(("Delete", deleted(ctx, ObjectKind::Event, *id))),
    })
}

fn deleted(ctx: &Context, kind: ObjectKind, id: i64) -> Value {
    let mut value = to_json(&tombstone(ctx, kind, id, now()));
    value.as_object_mut().expect("an object").remove("@context");
    value
}

fn to_json(value: &impl serde::Serialize) -> Value {
    serde_json::to_value(value).expect("our objects serialise")
}

fn domain_error(e: crate::domain::Error) -> Error {
    match e {
        crate::domain::Error::Db(e) => Error::Db(e),
        other => Error::Invalid(other.to_string()),
    }
}

/// Stores a public activity of the chapter and queues it for every follower; followers of the
/// application actor (Gancio follows that one) receive it wrapped in an `Announce`.
async fn publish(
    ctx: &Context,
    tx: &mut Tx,
    kind: &'static str,
    object: Value,
) -> Result<Activity, Error> {
    let urls = &ctx.urls;
    let activity = Activity {
        context: Some(context()),
        id: urls.activity(&new_token()),
        kind,
        actor: urls.actor(LocalActor::Chapter),
        object,
        to: vec![PUBLIC.into()],
        cc: vec![urls.followers().into()],
        published: Some(now()),
    };
    store_and_queue(ctx, tx, LocalActor::Chapter, &activity, true).await?;

    let application_followers =
        db::followers::count(&ctx.db, LocalActor::Application.as_str()).await?;
    if application_followers > 0 {
        let mut inner = serde_json::to_value(&activity).expect("serialises");
        inner.as_object_mut().expect("an object").remove("@context");
        let announce = Activity {
            context: Some(context()),
            id: urls.activity(&new_token()),
            kind: "Announce",
            actor: urls.actor(LocalActor::Application),
            object: inner,
            to: vec![PUBLIC.into()],
            cc: Vec::new(),
            published: Some(now()),
        };
        store_and_queue(ctx, tx, LocalActor::Application, &announce, true).await?;
    }
    Ok(activity)
}

/// Stores an activity and queues one delivery per distinct inbox of `from`'s followers
/// (shared inboxes first: one POST per server).
pub async fn store_and_queue(
    ctx: &Context,
    tx: &mut Tx,
    from: LocalActor,
    activity: &Activity,
    public: bool,
) -> Result<(), Error> {
    let followers = db::followers::inboxes(&ctx.db, from.as_str()).await?;
    let inboxes = followers
        .iter()
        .map(|f| f.shared_inbox.as_deref().unwrap_or(&f.inbox).to_owned());
    store_and_send(ctx, tx, from, activity, public, inboxes).await
}

/// Stores an activity and queues it for the given inboxes.
pub async fn store_and_send(
    ctx: &Context,
    tx: &mut Tx,
    from: LocalActor,
    activity: &Activity,
    public: bool,
    inboxes: impl IntoIterator<Item = String>,
) -> Result<(), Error> {
    let payload = serde_json::to_string(activity).expect("activities serialise");
    let new = NewActivity {
        ap_id: activity.id.as_str(),
        local_actor: from.as_str(),
        kind: activity.kind,
        payload: &payload,
        public,
    };
    let now = now();
    let row_id = db::activities::insert(tx, &new, now).await?;
    let unique: BTreeSet<String> = inboxes.into_iter().collect();
    let mut targets = Vec::with_capacity(unique.len());
    for inbox in unique {
        match Url::parse(&inbox)
            .map_err(|e| e.to_string())
            .and_then(|url| {
                super::check_remote_url(&url, ctx.debug())?;
                Ok(url)
            }) {
            Ok(url) => targets.push((inbox, host_of(&url))),
            Err(why) => tracing::warn!(inbox, "Not delivering to an unacceptable inbox: {why}"),
        }
    }
    db::deliveries::enqueue(tx, row_id, &targets, now).await?;
    Ok(())
}

/// `host[:port]` of a URL: deliveries and host health are grouped by it.
pub fn host_of(url: &Url) -> String {
    match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_owned(),
    }
}

/// A random, unguessable path segment for activity ids.
pub fn new_token() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
