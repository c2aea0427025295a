//! A scripted remote server on loopback: it serves actors with keys we know, records what it
//! receives, and signs whatever a test wants to send, correctly or not.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use partage::federation::signature::{SigningKey, sign_post};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;
use url::Url;

use crate::support::keypair;

/// What the peer received on its inboxes.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: HeaderMap,
    pub raw: Vec<u8>,
    pub body: Value,
}

#[derive(Clone)]
struct PeerState {
    base: String,
    received: Arc<Mutex<Vec<Received>>>,
    /// The status the inbox answers with.
    status: Arc<Mutex<u16>>,
    /// Actor names whose documents answer 410 Gone.
    gone: Arc<Mutex<Vec<String>>>,
    /// How many times an actor document was fetched.
    fetches: Arc<Mutex<usize>>,
    /// Actor names whose key was rotated: they serve and sign with a second key.
    rotated: Arc<Mutex<Vec<String>>>,
    /// Bodies holding this text are answered 500.
    refused: Arc<Mutex<Option<String>>>,
}

impl PeerState {
    /// The name of the key pair `name` uses now (see [`keypair`]).
    fn key_name(&self, name: &str) -> String {
        let host = self.base.trim_start_matches("http://");
        if self.rotated.lock().unwrap().iter().any(|n| n == name) {
            format!("{host}/{name}/rotated")
        } else {
            format!("{host}/{name}")
        }
    }
}

pub struct Peer {
    pub base: String,
    pub host: String,
    state: PeerState,
}

impl Peer {
    /// A peer at `http://{host}:{port}` (use a `*.localhost` host: it resolves to loopback).
    pub async fn spawn(host: &str) -> Peer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let base = format!("http://{host}:{port}");
        let state = PeerState {
            base: base.clone(),
            received: Default::default(),
            status: Arc::new(Mutex::new(202)),
            gone: Default::default(),
            fetches: Default::default(),
            rotated: Default::default(),
            refused: Default::default(),
        };
        let app = Router::new()
            .route("/users/{name}", get(actor))
            .route("/users/{name}/inbox", post(inbox))
            .route("/inbox", post(inbox))
            .with_state(state.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Peer {
            base,
            host: format!("{host}:{port}"),
            state,
        }
    }

    pub fn actor(&self, name: &str) -> String {
        format!("{}/users/{name}", self.base)
    }

    pub fn key_id(&self, name: &str) -> String {
        format!("{}#main-key", self.actor(name))
    }

    pub fn id(&self, what: &str) -> String {
        format!("{}/activities/{what}", self.base)
    }

    fn key(&self, name: &str) -> SigningKey {
        SigningKey::from_pem(&keypair(&self.state.key_name(name)).private_key).unwrap()
    }

    /// Gives `name` a new key: its document serves it, and it signs with it, from now on.
    pub fn rotate_key(&self, name: &str) {
        self.state.rotated.lock().unwrap().push(name.to_owned());
    }

    /// Makes the inboxes answer 500 to bodies holding `text` (`None`: to none).
    pub fn refuse_bodies_with(&self, text: Option<&str>) {
        *self.state.refused.lock().unwrap() = text.map(str::to_owned);
    }

    /// Makes every inbox answer with `status` from now on.
    pub fn answer_with(&self, status: u16) {
        *self.state.status.lock().unwrap() = status;
    }

    /// How many times our server fetched one of the peer's actors.
    pub fn fetches(&self) -> usize {
        *self.state.fetches.lock().unwrap()
    }

    pub fn make_gone(&self, name: &str) {
        self.state.gone.lock().unwrap().push(name.to_owned());
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.received.lock().unwrap().clone()
    }

    /// What the peer received but the `Update`s of an actor (the chapter announcing its pinned
    /// events anew).
    pub fn received_posts(&self) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|r| !(r.body["type"] == "Update" && r.body["object"]["type"] == "Group"))
            .collect()
    }

    /// Like [`Peer::wait_for`], counting [`Peer::received_posts`] only.
    pub async fn wait_for_posts(&self, n: usize) -> Vec<Received> {
        for _ in 0..200 {
            let received = self.received_posts();
            if received.len() >= n {
                return received;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!(
            "the peer received {} posts, expected {n}",
            self.received_posts().len()
        );
    }

    /// Waits until the peer has received at least `n` activities (at most 10 s).
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..200 {
            let received = self.received();
            if received.len() >= n {
                return received;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!(
            "the peer received {} activities, expected {n}",
            self.received().len()
        );
    }

    /// The headers of a correct draft-cavage signature by `signer` of `body` posted to `url`.
    pub fn cavage_headers(&self, signer: &str, url: &str, body: &[u8]) -> Vec<(String, String)> {
        let url = Url::parse(url).unwrap();
        sign_post(&url, body, &self.key_id(signer), &self.key(signer))
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect()
    }

    /// The headers of a correct RFC 9421 signature by `signer`.
    pub fn rfc9421_headers(&self, signer: &str, url: &str, body: &[u8]) -> Vec<(String, String)> {
        let url = Url::parse(url).unwrap();
        let digest = format!("sha-256=:{}:", BASE64.encode(Sha256::digest(body)));
        let created = chrono::Utc::now().timestamp();
        let params = format!(
            "(\"@method\" \"@target-uri\" \"content-digest\");created={created};keyid=\"{}\";alg=\"rsa-v1_5-sha256\"",
            self.key_id(signer)
        );
        let base = format!(
            "\"@method\": POST\n\"@target-uri\": {url}\n\"content-digest\": {digest}\n\"@signature-params\": {params}"
        );
        let signature = self.key(signer).sign(base.as_bytes());
        vec![
            ("content-type".into(), "application/activity+json".into()),
            ("content-digest".into(), digest),
            ("signature-input".into(), format!("sig1={params}")),
            ("signature".into(), format!("sig1=:{signature}:")),
        ]
    }

    /// A draft-cavage signature over exactly `signed` (header names and `(request-target)`), with the headers given; for forged and broken requests.
    pub fn cavage_custom(
        &self,
        signer: &str,
        key_id: &str,
        method: &str,
        path: &str,
        signed: &[&str],
        headers: &[(String, String)],
    ) -> (String, String) {
        let lines: Vec<String> = signed
            .iter()
            .map(|name| match *name {
                "(request-target)" => format!("(request-target): {} {path}", method.to_lowercase()),
                other => {
                    let value = headers
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(other))
                        .map(|(_, v)| v.as_str())
                        .unwrap_or("");
                    format!("{other}: {value}")
                }
            })
            .collect();
        let signature = self.key(signer).sign(lines.join("\n").as_bytes());
        (
            "signature".into(),
            format!(
                "keyId=\"{key_id}\",algorithm=\"rsa-sha256\",headers=\"{}\",signature=\"{signature}\"",
                signed.join(" ")
            ),
        )
    }

    /// A signed GET, as a server in authorized-fetch mode expects.
    pub async fn signed_get(&self, signer: &str, url: &str) -> reqwest::Response {
        let parsed = Url::parse(url).unwrap();
        let host = format!("{}:{}", parsed.host_str().unwrap(), parsed.port().unwrap());
        let date = httpdate::fmt_http_date(std::time::SystemTime::now());
        let headers = vec![("host".to_owned(), host), ("date".to_owned(), date.clone())];
        let (name, value) = self.cavage_custom(
            signer,
            &self.key_id(signer),
            "GET",
            parsed.path(),
            &["(request-target)", "host", "date"],
            &headers,
        );
        reqwest::Client::new()
            .get(url)
            .header("accept", "application/activity+json")
            .header("date", date)
            .header(name, value)
            .send()
            .await
            .unwrap()
    }

    /// Posts `activity` to `url` with the given headers; returns the status and body.
    pub async fn post(
        &self,
        url: &str,
        headers: &[(String, String)],
        body: &[u8],
    ) -> (u16, String) {
        let mut request = reqwest::Client::new().post(url).body(body.to_vec());
        for (k, v) in headers {
            request = request.header(k.as_str(), v.as_str());
        }
        let response = request.send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// Posts `activity` to `url`, correctly signed by `signer` (draft-cavage).
    pub async fn send(&self, signer: &str, url: &str, activity: &Value) -> (u16, String) {
        let body = serde_json::to_vec(activity).unwrap();
        let headers = self.cavage_headers(signer, url, &body);
        self.post(url, &headers, &body).await
    }

    /// A Follow of `object` by `name`.
    pub fn follow(&self, name: &str, object: &str, id: &str) -> Value {
        json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": self.id(id), "type": "Follow", "actor": self.actor(name), "object": object,
        })
    }
}

async fn actor(State(state): State<PeerState>, Path(name): Path<String>) -> impl IntoResponse {
    *state.fetches.lock().unwrap() += 1;
    if name == "slow" {
        tokio::time::sleep(std::time::Duration::from_secs(30)).await;
    }
    if state.gone.lock().unwrap().contains(&name) {
        return (
            StatusCode::GONE,
            [("content-type", "application/activity+json")],
            "{}".to_owned(),
        );
    }
    let id = format!("{}/users/{name}", state.base);
    let doc = json!({
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
        "id": id, "type": "Person", "preferredUsername": name, "name": name.to_uppercase(),
        "inbox": format!("{id}/inbox"), "outbox": format!("{id}/outbox"),
        "endpoints": {"sharedInbox": format!("{}/inbox", state.base)},
        "publicKey": {"id": format!("{id}#main-key"), "owner": id,
                      "publicKeyPem": keypair(&state.key_name(&name)).public_key},
    });
    (
        StatusCode::OK,
        [("content-type", "application/activity+json")],
        doc.to_string(),
    )
}

async fn inbox(
    State(state): State<PeerState>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    let raw = body.to_vec();
    let refused = state
        .refused
        .lock()
        .unwrap()
        .as_ref()
        .is_some_and(|text| String::from_utf8_lossy(&raw).contains(text.as_str()));
    let body = serde_json::from_slice(&raw).unwrap_or(Value::Null);
    state.received.lock().unwrap().push(Received {
        path: uri.path().to_owned(),
        headers,
        raw,
        body,
    });
    if refused {
        return StatusCode::INTERNAL_SERVER_ERROR;
    }
    StatusCode::from_u16(*state.status.lock().unwrap()).unwrap()
}

/// A web server with one file, at any path: a picture somewhere else.
pub struct FileServer {
    base: String,
    requests: Arc<Mutex<usize>>,
}

impl FileServer {
    pub async fn spawn(host: &str, bytes: Vec<u8>) -> FileServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(0));
        let counted = requests.clone();
        let app = Router::new().fallback(move || {
            *counted.lock().unwrap() += 1;
            let bytes = bytes.clone();
            async move { ([("content-type", "application/octet-stream")], bytes) }
        });
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        FileServer {
            base: format!("http://{host}:{port}"),
            requests,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn requests(&self) -> usize {
        *self.requests.lock().unwrap()
    }
}
