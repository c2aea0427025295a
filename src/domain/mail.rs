//! Messages to people, queued in the transaction of what caused them (one per cause, ever) and
//! rendered in the recipient's language when they leave; and the signed links they carry.

use std::borrow::Cow;

use chrono::{DateTime, Duration, Utc};

use crate::db::{self, Db, DbError, Tx, mail_links::LinkRow};

/// A message to queue.
#[derive(Debug, Clone)]
pub struct Mail<'a> {
    /// What it answers: a second message for the same cause is never queued.
    pub cause: Cow<'a, str>,
    /// Which template renders it.
    pub kind: &'a str,
    pub recipient: &'a str,
    pub locale: &'a str,
    /// What the template needs (ids, not copies: it renders what is true when it leaves).
    pub params: serde_json::Value,
}

/// Queues a message; `false` when its cause already has one.
pub async fn queue(tx: &mut Tx, mail: &Mail<'_>) -> Result<bool, DbError> {
    let params = mail.params.to_string();
    let new = db::mails::NewMail {
        cause: &mail.cause,
        kind: mail.kind,
        recipient: mail.recipient,
        locale: mail.locale,
        params: &params,
    };
    db::mails::enqueue(tx, &new, super::now()).await
}

/// What a signed link lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Confirm a subscription (its id).
    Confirm,
    /// Change or end a subscription; also the one-click unsubscribe.
    Manage,
    /// Answer a reminder about an initiative (its id): still active, or closed.
    Freshness,
    /// Edit an initiative (its id), for its owner.
    OwnerEdit,
    /// Stop an admin's notices (the user's id): their one-click unsubscribe.
    Notices,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Confirm => "confirm",
            Purpose::Manage => "manage",
            Purpose::Freshness => "freshness",
            Purpose::OwnerEdit => "owner-edit",
            Purpose::Notices => "notices",
        }
    }

    /// How long a link stays valid.
    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::Confirm => Duration::days(7),
            Purpose::Manage => Duration::days(400),
            Purpose::Freshness => Duration::days(90),
            Purpose::OwnerEdit => Duration::days(7),
            Purpose::Notices => Duration::days(400),
        }
    }
}

/// Makes a link's secret for `purpose` and `subject_id`; only its hash is kept.
pub async fn link(db: &Db, purpose: Purpose, subject_id: i64) -> Result<String, DbError> {
    let secret = super::token::random_secret();
    let now = super::now();
    db::mail_links::insert(
        db,
        &super::token::hash(&secret),
        purpose.as_str(),
        subject_id,
        now,
        now + purpose.lifetime(),
    )
    .await?;
    Ok(secret)
}

/// Why a link does not work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkProblem {
    /// Unknown, tampered with, or for something else.
    Unknown,
    Expired,
    /// Already used, for an action done once.
    Used,
}

/// The thing a link is for (its id), if the link is one of ours for `purpose`, unexpired.
pub async fn check(
    db: &Db,
    secret: &str,
    purpose: Purpose,
) -> Result<Result<i64, LinkProblem>, DbError> {
    let found = find(db, secret).await?;
    Ok(match found {
        Some(link) if link.purpose == purpose.as_str() => {
            if link.expires_at < super::now() {
                Err(LinkProblem::Expired)
            } else {
                Ok(link.subject_id)
            }
        }
        _ => Err(LinkProblem::Unknown),
    })
}

/// Uses a single-use link in `tx`: the thing it is for, or why not.
pub async fn use_once(
    tx: &mut Tx,
    db: &Db,
    secret: &str,
    purpose: Purpose,
) -> Result<Result<i64, LinkProblem>, DbError> {
    let id = match check(db, secret, purpose).await? {
        Ok(id) => id,
        Err(problem) => return Ok(Err(problem)),
    };
    let hash = super::token::hash(secret);
    if db::mail_links::use_once(tx, &hash, super::now()).await? {
        Ok(Ok(id))
    } else {
        Ok(Err(LinkProblem::Used))
    }
}

async fn find(db: &Db, secret: &str) -> Result<Option<LinkRow>, DbError> {
    if secret.len() != 64 || !secret.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    db::mail_links::find(db, &super::token::hash(secret)).await
}

/// Forgets links that expired more than a month ago.
pub async fn sweep_links(db: &Db, now: DateTime<Utc>) -> Result<u64, DbError> {
    db::mail_links::sweep(db, now - Duration::days(30)).await
}
