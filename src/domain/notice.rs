//! What admins are told: a notice per thing that waits for them, recorded in the transaction
//! that caused it; each user chooses per kind to hear of it at once, in a daily digest or never.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use super::mail::{self, Mail};
use crate::db::{self, Db, DbError, Tx};

/// The kinds of notices, in the order My account lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A suggestion from the public waits for review.
    Suggestion,
    /// An entry mirrored from a followed chapter waits for review.
    Mirrored,
    /// Someone follows the chapter.
    Follower,
    /// The fediverse or a reader reported something.
    Report,
    /// A server has refused our deliveries for a day.
    HostDown,
    /// A reply from the fediverse waits for review.
    Comment,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Suggestion,
        Kind::Mirrored,
        Kind::Follower,
        Kind::Report,
        Kind::HostDown,
        Kind::Comment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Suggestion => "suggestion",
            Kind::Mirrored => "mirrored",
            Kind::Follower => "follower",
            Kind::Report => "report",
            Kind::HostDown => "host-down",
            Kind::Comment => "comment",
        }
    }

    pub fn parse(value: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == value)
    }

    /// How a user hears of it until they choose.
    pub fn default_how(self) -> How {
        match self {
            Kind::Suggestion | Kind::Report => How::Now,
            Kind::Mirrored | Kind::Follower | Kind::HostDown | Kind::Comment => How::Daily,
        }
    }
}

/// How a user hears of a kind of notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    Now,
    Daily,
    Never,
}

impl How {
    pub fn as_str(self) -> &'static str {
        match self {
            How::Now => "now",
            How::Daily => "daily",
            How::Never => "never",
        }
    }

    pub fn parse(value: &str) -> Option<How> {
        [How::Now, How::Daily, How::Never]
            .into_iter()
            .find(|h| h.as_str() == value)
    }
}

/// Records a notice in the transaction of its cause. `subject` is what it is about (a path on
/// this site, a host), `label` its name; one notice per `cause`.
pub async fn record(
    tx: &mut Tx,
    kind: Kind,
    subject: &str,
    label: &str,
    cause: &str,
) -> Result<(), DbError> {
    let label: String = label.chars().take(200).collect();
    db::notices::record(tx, kind.as_str(), subject, &label, cause, super::now()).await
}

/// A user's choice for every kind.
pub async fn settings(db: &Db, user_id: i64) -> Result<Vec<(Kind, How)>, DbError> {
    let chosen = db::notices::settings(db, user_id).await?;
    Ok(Kind::ALL
        .into_iter()
        .map(|kind| {
            let how = chosen
                .iter()
                .find(|(k, _)| k == kind.as_str())
                .and_then(|(_, h)| How::parse(h))
                .unwrap_or(kind.default_how());
            (kind, how)
        })
        .collect())
}

pub async fn set(db: &Db, user_id: i64, kind: Kind, how: How) -> Result<(), DbError> {
    db::notices::set(db, user_id, kind.as_str(), how.as_str()).await
}

/// At-once messages to one user are at least this far apart: a burst (a followed chapter's
/// hundred entries) makes one message, not a hundred.
const SPACING: Duration = Duration::minutes(5);

/// Queues what users are owed: at once, the notices of kinds they hear of at once (grouped,
/// [`SPACING`] apart); once a day, the others they hear of daily. Returns how many messages.
pub async fn plan(db: &Db, now: DateTime<Utc>) -> Result<usize, DbError> {
    hosts_down(db, now).await?;
    let recipients = db::notices::recipients(db).await?;
    if recipients.is_empty() {
        return Ok(0);
    }
    let mut chosen: HashMap<(i64, String), How> = HashMap::new();
    for (user, kind, how) in db::notices::all_settings(db).await? {
        if let Some(how) = How::parse(&how) {
            chosen.insert((user, kind), how);
        }
    }
    let how_of = |user: i64, kind: &str| {
        chosen
            .get(&(user, kind.to_owned()))
            .copied()
            .or_else(|| Kind::parse(kind).map(Kind::default_how))
            .unwrap_or(How::Never)
    };
    let last = db::notices::last_id(db).await?;
    let mut queued = 0;
    for user in recipients {
        if user.notices_told < last && user.told_at.is_none_or(|at| now - at >= SPACING) {
            let new = db::notices::after(db, user.notices_told, 500).await?;
            let up_to = new.last().map_or(user.notices_told, |n| n.id);
            let ids: Vec<i64> = new
                .iter()
                .filter(|n| how_of(user.id, &n.kind) == How::Now)
                .map(|n| n.id)
                .collect();
            let mut tx = db.begin().await?;
            let at = if ids.is_empty() {
                None
            } else {
                let cause = format!("notices:{}:{up_to}", user.id);
                queued += usize::from(
                    mail::queue(&mut tx, &notices_mail(&user, &cause, "notices", &ids)).await?,
                );
                Some(now)
            };
            db::notices::told(&mut tx, user.id, up_to, at).await?;
            tx.commit().await?;
        }
        if user.notices_digested < last
            && user
                .digested_at
                .is_none_or(|at| now - at >= Duration::hours(23))
        {
            let new = db::notices::after(db, user.notices_digested, 1000).await?;
            let up_to = new.last().map_or(user.notices_digested, |n| n.id);
            let ids: Vec<i64> = new
                .iter()
                .filter(|n| how_of(user.id, &n.kind) == How::Daily)
                .map(|n| n.id)
                .collect();
            let mut tx = db.begin().await?;
            if !ids.is_empty() {
                let cause = format!("notices-daily:{}:{up_to}", user.id);
                queued += usize::from(
                    mail::queue(&mut tx, &notices_mail(&user, &cause, "notices-daily", &ids))
                        .await?,
                );
                db::notices::digested(&mut tx, user.id, up_to, now).await?;
            } else {
                // Nothing for the digest yet: look again later, from here.
                db::notices::digested(
                    &mut tx,
                    user.id,
                    up_to,
                    user.digested_at.unwrap_or(now - Duration::hours(23)),
                )
                .await?;
            }
            tx.commit().await?;
        }
    }
    Ok(queued)
}

/// Records a notice for each server that has refused our deliveries for a day (once per outage).
async fn hosts_down(db: &Db, now: DateTime<Utc>) -> Result<(), DbError> {
    let down: Vec<_> = db::deliveries::unavailable_hosts(db)
        .await?
        .into_iter()
        .filter(|h| {
            h.unavailable_since
                .is_some_and(|since| now - since >= Duration::days(1))
        })
        .collect();
    if down.is_empty() {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    for host in down {
        let since = host.unavailable_since.map_or(0, |s| s.timestamp());
        let cause = format!("host-down:{}:{since}", host.host);
        record(
            &mut tx,
            Kind::HostDown,
            "/admin/deliveries",
            &host.host,
            &cause,
        )
        .await?;
    }
    tx.commit().await
}

fn notices_mail<'a>(
    user: &'a db::notices::Recipient,
    cause: &'a str,
    kind: &'a str,
    ids: &[i64],
) -> Mail<'a> {
    Mail {
        cause: cause.into(),
        kind,
        recipient: &user.email,
        locale: &user.locale,
        params: serde_json::json!({ "user": user.username, "notices": ids }),
    }
}
