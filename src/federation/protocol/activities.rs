//! Activities: the envelope we send, and the lenient shape we read before verifying.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

use super::one_or_many;

/// An activity we publish. `object` is a URL or an embedded object.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub actor: Url,
    pub object: Value,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cc: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<DateTime<Utc>>,
}

/// An activity as received: only what routing needs, everything else stays raw in `object`.
#[derive(Debug, Clone, Deserialize)]
pub struct IncomingActivity {
    pub id: Url,
    #[serde(rename = "type")]
    pub kind: String,
    /// A URL, or an object with an `id`; arrays are refused.
    pub actor: Value,
    #[serde(default)]
    pub object: Value,
    #[serde(default, deserialize_with = "one_or_many")]
    pub to: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub cc: Vec<String>,
    /// The activity's own text, when it has one (a `Flag` says why it reports).
    #[serde(default)]
    pub content: Value,
}
