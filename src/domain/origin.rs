//! Mirrored entries: where they come from, whether they are shown, and how they are stored.

use serde::{Deserialize, Serialize};

use crate::db::OriginColumns;

/// Whether a mirrored entry is shown: at once (`auto` follows) or after an admin's review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Review {
    Published,
    Pending,
    Rejected,
    /// Published, but listed under the entry an admin linked it to (`domain::duplicates`):
    /// its page stays, lists and maps show the other.
    Linked,
}

impl Review {
    /// Whether its page is public (a linked entry's too).
    pub fn is_public(self) -> bool {
        matches!(self, Review::Published | Review::Linked)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Review::Published => "published",
            Review::Pending => "pending",
            Review::Rejected => "rejected",
            Review::Linked => "linked",
        }
    }

    pub fn parse(value: &str) -> Review {
        match value {
            "pending" => Review::Pending,
            "rejected" => Review::Rejected,
            "linked" => Review::Linked,
            _ => Review::Published,
        }
    }
}

/// The chapter (or Mobilizon group, or Gancio instance) an entry was mirrored from.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    /// Our row id of the remote actor.
    pub actor_id: i64,
    /// The actor's ActivityPub id.
    pub actor: String,
    pub name: Option<String>,
    pub username: Option<String>,
    /// The entry's ActivityPub id there.
    pub ap_id: String,
    /// The entry's page there.
    pub url: Option<String>,
}

impl Origin {
    pub fn from_columns(c: &OriginColumns) -> Option<Origin> {
        Some(Origin {
            actor_id: c.origin_id?,
            actor: c.origin_actor.clone()?,
            name: c.origin_name.clone(),
            username: c.origin_username.clone(),
            ap_id: c.ap_id.clone()?,
            url: c.origin_url.clone(),
        })
    }

    /// `host[:port]` of the origin.
    pub fn domain(&self) -> String {
        url::Url::parse(&self.actor)
            .ok()
            .map(|u| match u.port() {
                Some(port) => format!("{}:{port}", u.host_str().unwrap_or_default()),
                None => u.host_str().unwrap_or_default().to_owned(),
            })
            .unwrap_or_default()
    }
}

/// A remote entry to store: where from, and its checked fields.
#[derive(Debug, Clone)]
pub struct Mirrored<D> {
    pub origin_id: i64,
    pub ap_id: String,
    pub origin_url: Option<String>,
    pub data: D,
    /// The review state of a new entry (an update keeps the current one).
    pub review: Review,
    /// When the origin last changed it (its `updated`), if it says: an older version than the
    /// one stored is ignored, so that a late or replayed activity never undoes a newer one.
    pub updated: Option<chrono::DateTime<chrono::Utc>>,
    /// Its pictures there, the main one first: copied here (fetched after the entry is stored).
    pub pictures: Vec<super::pictures::RemotePicture>,
    /// Whether its contact still says it is true, as its origin shows it (initiatives only).
    pub confirmation: super::freshness::Confirmation,
}

/// What storing a mirrored entry did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    Created,
    Updated,
    Unchanged,
    /// Older than what is stored: ignored.
    Stale,
}
