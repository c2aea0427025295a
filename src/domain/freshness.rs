//! "Is it still active?": an initiative neither updated nor confirmed for a year is asked, at its
//! contact address, with signed links (still active, update it, it has closed); a second
//! reminder follows a month later; a month after that, without an answer, it is shown as
//! unconfirmed, here and at the chapters that mirror it.

use chrono::{DateTime, Duration, Utc};

use super::audit::{self, Actor};
use super::initiative::{self, InitiativeInput, Status};
use super::mail::{self, LinkProblem, Mail, Purpose};
use super::{Error, Field, Outgoing, Rules};
use crate::db::{self, Db, DbError};

/// Whether an initiative's contact still says it is true: ours from their answers, a mirrored
/// one's as its origin says (`confirmed`, `unconfirmedSince` in its `Page`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confirmation {
    /// When its contact last said it is still true.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Since when it is shown as unconfirmed: its contact answered none of two reminders.
    pub unconfirmed_since: Option<DateTime<Utc>>,
}

impl Confirmation {
    pub fn is_unconfirmed(&self) -> bool {
        self.unconfirmed_since.is_some()
    }
}

/// Between two reminders, and between the second one and "unconfirmed".
pub const PATIENCE: Duration = Duration::days(30);
/// Reminders before an entry is shown as unconfirmed.
const REMINDERS: i32 = 2;

/// Queues the reminders due, and marks unconfirmed what did not answer them. `after_days`:
/// `freshness.remind_after_days` (0: never ask). `locale`: the chapter's language.
pub async fn plan(
    db: &Db,
    now: DateTime<Utc>,
    after_days: u32,
    locale: &str,
) -> Result<usize, DbError> {
    if after_days == 0 {
        return Ok(0);
    }
    let cutoff = now - Duration::days(i64::from(after_days));
    let mut queued = 0;
    for stale in db::freshness::due(db, cutoff, now - PATIENCE, 500).await? {
        let mut tx = db.begin().await?;
        if stale.reminders >= REMINDERS {
            db::freshness::unconfirmed(&mut tx, stale.id, now).await?;
            Outgoing::InitiativeUpdated { id: stale.id }
                .record(&mut tx)
                .await?;
        } else if let Some(email) = &stale.email {
            let asked = stale.confirmed_at.unwrap_or(stale.updated_at).timestamp();
            let reminder = Mail {
                cause: format!("reminder:{}:{asked}:{}", stale.id, stale.reminders + 1).into(),
                kind: "reminder",
                recipient: email,
                locale,
                params: serde_json::json!({ "initiative": stale.id, "reminder": stale.reminders + 1 }),
            };
            queued += usize::from(mail::queue(&mut tx, &reminder).await?);
            db::freshness::reminded(&mut tx, stale.id, now).await?;
        }
        tx.commit().await?;
    }
    Ok(queued)
}

/// What the contact answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Still active: confirmed, nothing else changes.
    Active,
    /// It has closed: its status becomes closed.
    Closed,
}

/// The initiative a reminder's link is for.
pub async fn asked(
    db: &Db,
    secret: &str,
) -> Result<Result<initiative::Initiative, LinkProblem>, Error> {
    match mail::check(db, secret, Purpose::Freshness).await? {
        Ok(id) => Ok(initiative::get_by_id(db, id)
            .await?
            .ok_or(LinkProblem::Unknown)),
        Err(problem) => Ok(Err(problem)),
    }
}

/// Records the contact's answer (again: the same outcome).
pub async fn answer(
    db: &Db,
    secret: &str,
    answer: Answer,
    rules: &Rules,
) -> Result<Result<initiative::Initiative, LinkProblem>, Error> {
    let entry = match asked(db, secret).await? {
        Ok(entry) => entry,
        Err(problem) => return Ok(Err(problem)),
    };
    if answer == Answer::Closed && entry.data.status != Status::Closed {
        let input = InitiativeInput {
            status: Field::Value(Status::Closed.as_str().to_owned()),
            ..Default::default()
        };
        initiative::update(db, &entry.slug, input, rules).await?;
    }
    confirm(db, entry.id).await?;
    let action = match answer {
        Answer::Active => "initiative.confirm",
        Answer::Closed => "initiative.close",
    };
    audit::record(db, Actor::Contact, action, &entry.slug).await?;
    Ok(initiative::get_by_id(db, entry.id)
        .await?
        .ok_or(LinkProblem::Unknown))
}

/// The initiative is confirmed now; others are told if it was shown unconfirmed.
pub async fn confirm(db: &Db, id: i64) -> Result<(), DbError> {
    let mut tx = db.begin().await?;
    if db::freshness::confirmed(&mut tx, id, super::now()).await? {
        Outgoing::InitiativeUpdated { id }.record(&mut tx).await?;
    }
    tx.commit().await
}
