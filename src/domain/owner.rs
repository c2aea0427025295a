//! Owners fix their own entry: "Is this yours? Fix it" sends a signed link to the initiative's
//! contact address (to nobody else, and the answer never tells whether the address matched);
//! the link opens an edit form for that entry only, whose changes publish at once or wait for
//! an admin (`freshness.owner_edits`). Every use is in the activity log.

use super::audit::{self, Actor};
use super::initiative::{self, Initiative, InitiativeData, InitiativeInput};
use super::mail::{self, LinkProblem, Mail, Purpose};
use super::{Error, Problems, Rules, freshness, notice};
use crate::db::{self, Db, freshness::OwnerEdit};

/// Sends the edit link if `email` is the contact of our initiative `slug`; says nothing either
/// way. At most one link an hour per entry.
pub async fn request_link(db: &Db, slug: &str, email: &str, locale: &str) -> Result<(), Error> {
    let entry = initiative::get_published(db, slug).await?;
    let matches = entry.origin.is_none()
        && entry
            .data
            .email
            .as_deref()
            .is_some_and(|contact| contact.trim().eq_ignore_ascii_case(email.trim()));
    if !matches {
        tracing::info!(slug, "An owner's link asked with another address: not sent");
        return Ok(());
    }
    let hour = super::now().timestamp() / 3600;
    let mut tx = db.begin().await?;
    let link = Mail {
        cause: format!("owner-link:{}:{hour}", entry.id).into(),
        kind: "owner-link",
        recipient: entry.data.email.as_deref().unwrap_or_default(),
        locale,
        params: serde_json::json!({ "initiative": entry.id }),
    };
    mail::queue(&mut tx, &link).await?;
    tx.commit().await?;
    Ok(())
}

/// The initiative an owner's link is for: the link sent on request, or a reminder's.
pub async fn owned(db: &Db, secret: &str) -> Result<Result<Initiative, LinkProblem>, Error> {
    let mut found = mail::check(db, secret, Purpose::OwnerEdit).await?;
    if found == Err(LinkProblem::Unknown) {
        found = mail::check(db, secret, Purpose::Freshness).await?;
    }
    match found {
        Ok(id) => Ok(initiative::get_by_id(db, id)
            .await?
            .filter(|i| i.origin.is_none())
            .ok_or(LinkProblem::Unknown)),
        Err(problem) => Ok(Err(problem)),
    }
}

/// What became of an owner's changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Published,
    WaitsForReview,
}

/// Applies or queues an owner's changes (`patch`: the API's update body). They are checked
/// first in both cases: a problem is reported to the owner at once.
pub async fn propose(
    db: &Db,
    secret: &str,
    patch: serde_json::Value,
    publish: bool,
    rules: &Rules,
) -> Result<Result<Outcome, LinkProblem>, Error> {
    let entry = match owned(db, secret).await? {
        Ok(entry) => entry,
        Err(problem) => return Ok(Err(problem)),
    };
    let input = parse(&patch)?;
    if publish {
        initiative::update(db, &entry.slug, input, rules).await?;
        freshness::confirm(db, entry.id).await?;
        audit::record(db, Actor::Contact, "initiative.owner-edit", &entry.slug).await?;
        return Ok(Ok(Outcome::Published));
    }
    let mut problems = Problems::default();
    let _checked: InitiativeData = entry.data.clone().apply(input, &mut problems);
    problems.into_result(())?;
    let mut tx = db.begin().await?;
    let id = db::freshness::propose(&mut tx, entry.id, &patch.to_string(), super::now()).await?;
    let cause = format!("owner-edit:{id}");
    notice::record(
        &mut tx,
        notice::Kind::Suggestion,
        "/admin/review",
        &entry.data.name,
        &cause,
    )
    .await?;
    tx.commit().await?;
    audit::record(db, Actor::Contact, "initiative.owner-propose", &entry.slug).await?;
    Ok(Ok(Outcome::WaitsForReview))
}

fn parse(patch: &serde_json::Value) -> Result<InitiativeInput, Error> {
    serde_json::from_value(patch.clone()).map_err(|e| {
        let mut problems = Problems::default();
        problems.add("", e.to_string());
        Error::Invalid(problems)
    })
}

/// Changes waiting for an admin, with their initiative.
pub async fn pending(db: &Db) -> Result<Vec<(OwnerEdit, Initiative)>, Error> {
    let mut found = Vec::new();
    for edit in db::freshness::pending_edits(db, 100).await? {
        if let Some(entry) = initiative::get_by_id(db, edit.initiative_id).await? {
            found.push((edit, entry));
        }
    }
    Ok(found)
}

/// An admin applies or discards an owner's changes; the entry's slug.
pub async fn decide(db: &Db, id: i64, apply: bool, rules: &Rules) -> Result<String, Error> {
    let edit = db::freshness::edit(db, id)
        .await?
        .ok_or(Error::NotFound("proposed change"))?;
    if edit.state != "pending" {
        return Err(Error::Conflict(format!(
            "this change was {} already",
            edit.state
        )));
    }
    let entry = initiative::get_by_id(db, edit.initiative_id)
        .await?
        .ok_or(Error::NotFound("initiative"))?;
    // Decided first: of two admins deciding at once, one applies it.
    let state = if apply { "applied" } else { "discarded" };
    if !db::freshness::decide(db, id, state, super::now()).await? {
        return Err(Error::Conflict("this change was decided already".into()));
    }
    if apply {
        let patch: serde_json::Value = serde_json::from_str(&edit.patch).unwrap_or_default();
        let applied = match parse(&patch) {
            Ok(input) => initiative::update(db, &entry.slug, input, rules).await,
            Err(e) => Err(e),
        };
        if let Err(e) = applied {
            db::freshness::reopen(db, id).await?;
            return Err(e);
        }
        freshness::confirm(db, entry.id).await?;
    }
    Ok(entry.slug)
}
