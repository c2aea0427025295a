//! `[sources]`: how the worker reads sources kept in sync (`ops::sources`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourcesSettings {
    /// How often the worker looks for sources due (each is read at its own period). 0: never
    /// (sources are then read by `partage source run` only).
    pub check_seconds: u64,
    /// The largest answer read from a source; a larger one fails the run.
    pub max_megabytes: u64,
    /// The longest a source may take to answer, whole.
    pub timeout_seconds: u64,
}
