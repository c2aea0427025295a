//! Two processes, one database: what is written through one is read through the other at once,
//! a block through one is refused at the other within a second, a session opened on one is
//! good on the other, the first start makes one set of keys, each scheduled job runs once, and
//! each role serves what it should.

use std::time::{Duration, Instant};

use partage::domain::account::{self, Role};
use serde_json::{Value, json};

use super::{Hub, Process, wait_healthy};
use crate::peer::Peer;

const PASSWORD: &str = "correct horse battery";

fn form(fields: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(fields).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_entries_sessions_and_blocks() {
    // Arrange: two processes of one chapter, an admin, a remote server.
    let Some(hub) = Hub::new(true).await else {
        return;
    };
    let token = hub.token().await;
    account::create_user(&hub.db, "alice", PASSWORD, Role::Admin)
        .await
        .unwrap();
    let (a, b) = tokio::join!(hub.start("all", &[]), hub.start("all", &[]));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // An entry written through one is read through the other at once.
    let created: Value = client
        .post(a.url("/api/v1/initiatives"))
        .bearer_auth(&token)
        .json(&json!({"name": "Atelier vélo", "location": {"locality": "Lyon"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let slug = created["slug"].as_str().expect("created").to_owned();
    let read = client
        .get(b.url(&format!("/api/v1/initiatives/{slug}")))
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    assert_eq!(read.json::<Value>().await.unwrap()["name"], "Atelier vélo");

    // The remote server is heard by the second process (which keeps the blocks it read).
    let peer = Peer::spawn("spam.localhost").await;
    let chapter = format!("http://{}/actors/chapter", hub.domain);
    let follow = |n: usize| peer.follow("carol", &chapter, &format!("f{n}"));
    let (status, body) = peer.send("carol", &b.url("/inbox"), &follow(0)).await;
    assert!(status < 300, "{status} {body}\n{}", b.logged());

    // Act: sign in through the second process, block the server through the first.
    let origin = format!("http://{}", hub.domain);
    let signin = client
        .post(b.url("/admin/signin"))
        .header("Origin", &origin)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form(&[("username", "alice"), ("password", PASSWORD)]))
        .send()
        .await
        .unwrap();
    assert_eq!(signin.status(), 303);
    let cookie = signin.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let account = client
        .get(a.url("/admin/account"))
        .header("Cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(account.status(), 200, "a session opened on b is good on a");
    let page = account.text().await.unwrap();
    let csrf = &page.split_once("name=\"_csrf\" value=\"").unwrap().1[..64];
    let blocked = client
        .post(a.url("/admin/blocks"))
        .header("Cookie", &cookie)
        .header("Origin", &origin)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form(&[
            ("_csrf", csrf),
            ("domain", "spam.localhost"),
            ("reason", "spam"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(blocked.status(), 303);
    let at = Instant::now();

    // Assert: the second process refuses the server within a second.
    let mut n = 1;
    loop {
        let (status, body) = peer.send("carol", &b.url("/inbox"), &follow(n)).await;
        if status == 403 {
            assert!(body.contains("spam.localhost"), "{body}");
            break;
        }
        assert!(
            at.elapsed() < Duration::from_secs(1),
            "still {status} after a second"
        );
        n += 1;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    println!("refused at the other process after {:?}", at.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn processes_starting_together_make_one_chapter_and_run_each_job_once() {
    // Arrange: an empty schema; two processes start at the same moment (both migrate).
    let Some(hub) = Hub::new(false).await else {
        return;
    };
    let (a, b) = (hub.spawn("all", &[]), hub.spawn("all", &[]));
    wait_healthy(&a).await;
    wait_healthy(&b).await;

    // One set of keys, one first token: both processes sign as the same chapter.
    let key = |p: &Process| {
        let url = p.url("/actors/chapter");
        async move {
            let actor: Value = reqwest::Client::new()
                .get(url)
                .header("Accept", "application/activity+json")
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            actor["publicKey"]["publicKeyPem"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    assert_eq!(key(&a).await, key(&b).await);
    assert_eq!(hub.scalar("SELECT COUNT(*) FROM actor_keys").await, 2);
    assert_eq!(hub.scalar("SELECT COUNT(*) FROM admin_tokens").await, 1);

    // Act: wait for the re-sync pass (5 s after a start), then a moment more.
    let runs = |job: &'static str| {
        let sql = format!(
            "SELECT COALESCE(SUM(runs), 0)::BIGINT FROM scheduled_jobs WHERE name = '{job}'"
        );
        let hub = &hub;
        async move { hub.scalar(&sql).await }
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while runs("resync").await == 0 {
        assert!(Instant::now() < deadline, "no re-sync:\n{}", a.logged());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;

    // Assert: each periodic job ran once, not once per process.
    for job in ["resync", "digests", "pictures-sweep"] {
        assert_eq!(runs(job).await, 1, "{job}");
    }
    // Every 10 s: at most one run per period since the first.
    let periods = hub
        .scalar("SELECT (EXTRACT(EPOCH FROM now() - MIN(last_run_at)) / 10)::BIGINT FROM scheduled_jobs")
        .await;
    assert!(runs("duplicates").await <= periods + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_and_worker_processes_say_their_role() {
    let Some(hub) = Hub::new(true).await else {
        return;
    };
    let (web, worker) = tokio::join!(hub.start("web", &[]), hub.start("worker", &[]));
    for (process, role) in [(&web, "web"), (&worker, "worker")] {
        let health: Value = reqwest::get(process.url("/healthz"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(health["role"], role);
        assert_eq!(health["database"], "ok");
        assert_eq!(health["media"], "ok");
    }
    // A worker serves no website nor API; the web process does.
    let status = |url: String| async move { reqwest::get(url).await.unwrap().status() };
    assert_eq!(status(worker.url("/api/v1/initiatives")).await, 404);
    assert_eq!(status(web.url("/api/v1/initiatives")).await, 200);
    assert_eq!(status(worker.url("/metrics")).await, 200);
}
