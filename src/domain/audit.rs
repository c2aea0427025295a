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

/// Logs `action` (`initiative.create`, `domain.block`…) on `target` by `user` (`None`: the
/// command line).
pub async fn record(
    db: &Db,
    user: Option<&User>,
    action: &str,
    target: &str,
) -> Result<(), DbError> {
    let username = user.map_or("(command line)", |u| u.username.as_str());
    db::audit::insert(
        db,
        user.map(|u| u.id),
        username,
        action,
        target,
        super::now(),
    )
    .await
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
