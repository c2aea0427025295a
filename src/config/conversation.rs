//! `[conversation]`: what becomes of replies from the fediverse to our entries.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ConversationSettings {
    /// `review` (held until an admin or editor approves), `auto` (shown at once) or `off`
    /// (dropped).
    pub replies: Replies,
    /// Replies one actor may send in an hour before the next ones wait for review, whatever
    /// `replies` says.
    pub max_replies_per_hour: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Replies {
    Review,
    Auto,
    Off,
}
