//! What happened to the directory, announced for federation to turn into activities.

use serde::{Deserialize, Serialize};

use crate::db::{self, DbError, Tx};

/// A change to a local object, recorded in the transaction that makes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Outgoing {
    InitiativePublished {
        id: i64,
    },
    InitiativeUpdated {
        id: i64,
    },
    InitiativeDeleted {
        id: i64,
        slug: String,
    },
    EventPublished {
        id: i64,
    },
    EventUpdated {
        id: i64,
    },
    EventDeleted {
        id: i64,
        slug: String,
        /// When it had finished (older records have none).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        finished: Option<chrono::DateTime<chrono::Utc>>,
    },
}

impl Outgoing {
    /// Records the change; it becomes visible with the transaction's commit.
    pub async fn record(&self, tx: &mut Tx) -> Result<(), DbError> {
        let payload = serde_json::to_string(self).expect("Outgoing serialises");
        db::outgoing::push(tx, &payload, super::now()).await
    }
}
