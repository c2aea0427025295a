//! The audit log: every admin action, with who did it and when.

use chrono::{DateTime, Utc};

use super::account::User;
use crate::db::{self, Db, DbError};

/// One logged action.
pub struct Entry {
    pub username: String,
    pub action: String,
    pub target: String,
    pub at: DateTime<Utc>,
}

/// Who acted.
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    /// Someone signed in to the web admin.
    User(&'a User),
    /// A request with an API token (its id and name).
    Token(i64, &'a str),
    /// The `partage` command on the server.
    CommandLine,
    /// The contact of an entry, through a link sent to its address.
    Contact,
}

/// Logs `action` (`initiative.create`, `domain.block`…) on `target` by `actor`.
pub async fn record(db: &Db, actor: Actor<'_>, action: &str, target: &str) -> Result<(), DbError> {
    let (id, who) = match actor {
        Actor::User(u) => (Some(u.id), u.username.clone()),
        Actor::Token(id, name) => (None, format!("API token {id} ({name})")),
        Actor::CommandLine => (None, "(command line)".to_owned()),
        Actor::Contact => (None, "(the entry's contact, by e-mail)".to_owned()),
    };
    db::audit::insert(db, id, &who, action, target, super::now()).await
}

pub async fn recent(db: &Db, limit: i64, offset: i64) -> Result<Vec<Entry>, DbError> {
    let rows = db::audit::recent(db, limit, offset).await?;
    Ok(rows
        .into_iter()
        .map(|r| Entry {
            username: r.username,
            action: r.action,
            target: r.target,
            at: r.at,
        })
        .collect())
}
