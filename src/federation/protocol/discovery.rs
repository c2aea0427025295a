//! Discovery documents: WebFinger (RFC 7033) and NodeInfo 2.1.

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Webfinger {
    pub subject: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub links: Vec<WebfingerLink>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WebfingerLink {
    pub rel: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
}

/// `/.well-known/nodeinfo`: the NodeInfo schema first (Gancio reads the first link), then the
/// application actor (FEP-2677).
#[derive(Debug, Clone, Serialize)]
pub struct NodeInfoLinks {
    pub links: Vec<WebfingerLink>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeInfo {
    pub version: &'static str,
    pub software: Value,
    pub protocols: Vec<&'static str>,
    pub services: Value,
    pub open_registrations: bool,
    pub usage: Value,
    pub metadata: Value,
}
