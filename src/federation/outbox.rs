//! From what happened to what we send: each `Outgoing` record becomes an activity, stored in
//! the outbox with one delivery per inbox, in one transaction.

use std::collections::BTreeSet;

use rand::RngCore;
use serde_json::Value;
use url::Url;

use super::objects::{agenda_event, event_object, initiative_object, tombstone};
use super::protocol::activities::Activity;
use super::protocol::{PUBLIC, context};
use super::{Context, Error, LocalActor, ObjectKind};
use crate::db::activities::NewActivity;
use crate::db::{self, Tx, outgoing::OutgoingRow};
use crate::domain::{Outgoing, event, initiative, now};

/// Turns every pending `Outgoing` record into activities and deliveries; returns how many.
pub async fn process_pending(ctx: &Context) -> Result<usize, Error> {
    let _only_one = ctx.outbox_turn().await?;
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
        super::pins::refresh(ctx).await?;
        ctx.deliveries_queued.notify_one();
    }
    Ok(processed)
}

async fn process(ctx: &Context, row: OutgoingRow) -> Result<(), Error> {
    let outgoing: Outgoing = serde_json::from_str(&row.payload)
        .map_err(|e| Error::Invalid(format!("outgoing record {}: {e}", row.id)))?;
    let what = activity_for(ctx, &outgoing).await?;
    let mut tx = ctx.db.begin().await?;
    if let Some(published) = what {
        let kind = published.kind;
        let activity = publish(ctx, &mut tx, published).await?;
        tracing::info!(activity = %activity.id, kind, "Published {kind} for {outgoing:?}");
    }
    db::outgoing::mark_handled(&mut tx, row.id, now()).await?;
    tx.commit().await?;
    Ok(())
}

/// What a change is published as: the activity's type and object, and for an event that has
/// not finished, the object the agendas following the application actor get.
struct Published {
    kind: &'static str,
    object: Value,
    agenda: Option<Value>,
}

/// What to publish for a change; `None` when the object is gone since (its deletion comes
/// next).
async fn activity_for(ctx: &Context, outgoing: &Outgoing) -> Result<Option<Published>, Error> {
    let now = now();
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
            found.map(|i| Published {
                kind,
                object: to_json(&initiative_object(ctx, &i, false)),
                agenda: None,
            })
        }
        Outgoing::EventPublished { id } | Outgoing::EventUpdated { id } => {
            let kind = if matches!(outgoing, Outgoing::EventPublished { .. }) {
                "Create"
            } else {
                "Update"
            };
            let found = event::get_by_id(&ctx.db, *id).await.map_err(domain_error)?;
            found.map(|e| Published {
                kind,
                object: to_json(&event_object(ctx, &e, false)),
                // Agendas drop finished events (Gancio deletes them, then answers 500 to
                // their updates): they hear of those no more.
                agenda: (e.data.ends_at.unwrap_or(e.data.starts_at) >= now)
                    .then(|| to_json(&agenda_event(ctx, &e))),
            })
        }
        Outgoing::InitiativeDeleted { id, .. } => Some(Published {
            kind: "Delete",
            object: deleted(ctx, ObjectKind::Initiative, *id),
            agenda: None,
        }),
        Outgoing::EventDeleted { id, finished, .. } => {
            let object = deleted(ctx, ObjectKind::Event, *id);
            Some(Published {
                kind: "Delete",
                agenda: finished.is_none_or(|f| f >= now).then(|| object.clone()),
                object,
            })
        }
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

pub(super) fn domain_error(e: crate::domain::Error) -> Error {
    match e {
        crate::domain::Error::Db(e) => Error::Db(e),
        other => Error::Invalid(other.to_string()),
    }
}

/// Stores a public activity of the chapter and queues it for every follower. An event's
/// activity also goes to the followers of the application actor, from that actor itself: the
/// agendas that follow an instance (Gancio) take `Create`, `Update` and `Delete` of an `Event`
/// from the actor they follow only, and read an `Announce` as a boost of one of their own.
async fn publish(ctx: &Context, tx: &mut Tx, published: Published) -> Result<Activity, Error> {
    let activity = public_activity(ctx, LocalActor::Chapter, published.kind, published.object);
    store_and_queue(ctx, tx, LocalActor::Chapter, &activity, true).await?;
    if let Some(agenda) = published.agenda
        && db::followers::count(&ctx.db, LocalActor::Application.as_str()).await? > 0
    {
        let agenda = public_activity(ctx, LocalActor::Application, published.kind, agenda);
        store_and_queue(ctx, tx, LocalActor::Application, &agenda, true).await?;
    }
    Ok(activity)
}

/// The `Create` of an event by the application actor, as its outbox lists it: a stable id of
/// its own, and the event as it is now.
pub fn agenda_create(ctx: &Context, e: &crate::domain::event::Event) -> Activity {
    let urls = &ctx.urls;
    Activity {
        context: None,
        id: urls.event_create(e.id),
        kind: "Create",
        actor: urls.actor(LocalActor::Application),
        object: to_json(&agenda_event(ctx, e)),
        to: vec![PUBLIC.into()],
        cc: vec![urls.followers_of(LocalActor::Application).into()],
        published: Some(e.created_at),
    }
}

/// A new public activity of `actor`'s, to its followers.
fn public_activity(
    ctx: &Context,
    actor: LocalActor,
    kind: &'static str,
    object: Value,
) -> Activity {
    let urls = &ctx.urls;
    Activity {
        context: Some(context()),
        id: urls.activity(&new_token()),
        kind,
        actor: urls.actor(actor),
        object,
        to: vec![PUBLIC.into()],
        cc: vec![urls.followers_of(actor).into()],
        published: Some(now()),
    }
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
    let subject = super::protocol::id_of(&activity.object).map_or(String::new(), String::from);
    let new = NewActivity {
        ap_id: activity.id.as_str(),
        local_actor: from.as_str(),
        kind: activity.kind,
        payload: &payload,
        public,
    };
    store_and_queue_for(ctx, tx, &new, &subject, inboxes).await
}

/// Stores a non-public activity given as JSON (one with fields of its own, like a `Flag`'s
/// `content`) and queues it for the given inboxes.
pub async fn store_json_and_send(
    ctx: &Context,
    tx: &mut Tx,
    from: LocalActor,
    activity: &Value,
    inboxes: impl IntoIterator<Item = String>,
) -> Result<(), Error> {
    let field = |key: &str| {
        activity
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
    };
    let kind = match field("type") {
        "Flag" => "Flag",
        other => {
            return Err(Error::Invalid(format!(
                "not an activity we send as JSON: {other}"
            )));
        }
    };
    let new = NewActivity {
        ap_id: field("id"),
        local_actor: from.as_str(),
        kind,
        payload: &activity.to_string(),
        public: false,
    };
    store_and_queue_for(ctx, tx, &new, "", inboxes).await
}

async fn store_and_queue_for(
    ctx: &Context,
    tx: &mut Tx,
    new: &NewActivity<'_>,
    subject: &str,
    inboxes: impl IntoIterator<Item = String>,
) -> Result<(), Error> {
    let now = now();
    let row_id = db::activities::insert(tx, new, now).await?;
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
    db::deliveries::enqueue(tx, row_id, subject, &targets, now).await?;
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
