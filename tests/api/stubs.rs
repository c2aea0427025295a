//! Followers on stub servers: each a loopback server whose shared inbox accepts every POST
//! after a delay and logs which activity it got, followed in by one remote actor per server
//! written straight into a chapter's database (the crash and the hub tests' fan-outs).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::StatusCode;
use axum::routing::post;
use chrono::Utc;
use partage::db::Db;
use serde_json::Value;

/// Each POST a stub server received: (server, activity id, when).
pub type Log = Arc<Mutex<Vec<(usize, String, Instant)>>>;

/// `servers` stub servers following the chapter of `db`, each with one follower, answering
/// each POST after `answer_after`; returns their log of received activity ids.
pub async fn followers(db: &Db, servers: usize, answer_after: Duration) -> Log {
    let log: Log = Arc::default();
    for server in 0..servers {
        let port = stub(server, log.clone(), answer_after).await;
        let base = format!("http://s{server}.localhost:{port}");
        let actor = partage::db::remote_actors::RemoteActorRow {
            id: 0,
            ap_id: format!("{base}/users/u"),
            kind: "Person".into(),
            username: Some("u".into()),
            name: None,
            inbox: format!("{base}/users/u/inbox"),
            shared_inbox: Some(format!("{base}/inbox")),
            outbox: None,
            public_key_id: format!("{base}/users/u#main-key"),
            public_key_pem: String::new(),
            fetched_at: Utc::now(),
        };
        let row = partage::db::remote_actors::upsert(db, &actor)
            .await
            .unwrap();
        partage::db::followers::add(db, "chapter", row.id, &format!("{base}/f"), Utc::now())
            .await
            .unwrap();
    }
    log
}

/// A server whose shared inbox takes `answer_after` to accept each delivery.
async fn stub(server: usize, log: Log, answer_after: Duration) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox = Router::new().route(
        "/inbox",
        post(move |body: axum::body::Bytes| {
            let log = log.clone();
            async move {
                tokio::time::sleep(answer_after).await;
                let activity: Value = serde_json::from_slice(&body).unwrap_or_default();
                let id = activity["id"].as_str().unwrap_or_default().to_owned();
                log.lock().unwrap().push((server, id, Instant::now()));
                StatusCode::ACCEPTED
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, inbox).await.unwrap() });
    port
}
