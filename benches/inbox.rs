//! Inbox throughput and footprint, on the release binary as an admin runs it:
//! `cargo bench --bench inbox`. Starts `partage serve` on a fresh database (SQLite, or
//! PostgreSQL with `PARTAGE_BENCH_POSTGRES=postgres://…/postgres`), measures the start-up and the
//! idle memory, then posts signed `Create{Event}` activities from 1,000 followed remote actors
//! with 64 concurrent senders, and compares with the floor: verifying the signature and parsing
//! the JSON of the same requests in one process. `PARTAGE_BENCH_ACTIVITIES` (default 6,000);
//! `PARTAGE_BENCH_BINARY`, another build to measure. Prints Markdown rows for docs/BENCHMARKS.md.

mod support;

use support::server::{free_port, rss_kib, start, stop};
use support::{cpu, fresh_postgres, ms, percentile};

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, HeaderName, HeaderValue, Method};
use partage::db::{self, Db};
use partage::federation::signature::{self, SignedRequest, SigningKey};
use serde_json::json;
use tokio::sync::Mutex;

const ACTORS: usize = 1_000;
/// Key pairs shared by the actors: generating 1,000 RSA keys would take minutes, and a
/// verification costs the same whichever key it uses.
const KEYS: usize = 16;
const SENDERS: usize = 64;
const DATABASE: &str = "partage_bench_inbox";

struct Prepared {
    path: String,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    public_key: Arc<str>,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    partage::federation::install_crypto_provider();
    let activities: usize = std::env::var("PARTAGE_BENCH_ACTIVITIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6_000);
    let dir = tempfile::tempdir().unwrap();
    let admin = std::env::var("PARTAGE_BENCH_POSTGRES").ok();
    let (url, engine) = match &admin {
        Some(admin) => (fresh_postgres(admin, DATABASE).await, "PostgreSQL"),
        None => (
            format!("sqlite://{}/partage.sqlite", dir.path().display()),
            "SQLite",
        ),
    };
    // PostgreSQL's processes and counters, read from its statistics views.
    let stats = admin
        .as_ref()
        .map(|a| sqlx::PgPool::connect_lazy(a).unwrap());
    let port = free_port();
    let domain = format!("localhost:{port}");
    let built = std::env::var("PARTAGE_BENCH_BINARY").ok(); // a copy kept from before a change
    let binary = built.as_deref().unwrap_or(env!("CARGO_BIN_EXE_partage"));
    let size = std::fs::metadata(binary).map(|m| m.len()).unwrap_or(0);

    // Start-up on an empty data directory (migrations, the actors' keys), then a restart.
    let first = start(binary, &url, &domain, port, dir.path());
    stop(first.0);
    let db = Db::connect(&url, 4).await.unwrap();
    let keys: Vec<_> = (0..KEYS)
        .map(|_| activitypub_federation::http_signatures::generate_actor_keypair().unwrap())
        .collect();
    let mut actors = Vec::new();
    for n in 0..ACTORS {
        let base = format!("http://peer{n}.localhost:9");
        let key = &keys[n % KEYS];
        let row = db::remote_actors::RemoteActorRow {
            id: 0,
            ap_id: format!("{base}/actor"),
            kind: "Group".into(),
            username: Some(format!("peer{n}")),
            name: Some(format!("Peer {n}")),
            inbox: format!("{base}/inbox"),
            shared_inbox: None,
            outbox: Some(format!("{base}/outbox")),
            public_key_id: format!("{base}/actor#main-key"),
            public_key_pem: key.public_key.clone(),
            fetched_at: chrono::Utc::now(),
        };
        let row = db::remote_actors::upsert(&db, &row).await.unwrap();
        let now = chrono::Utc::now();
        let follow = db::follows::upsert_pending(&db, row.id, &format!("{base}/follows/{n}"), now)
            .await
            .unwrap();
        db::follows::answer(&db, follow, "accepted", now)
            .await
            .unwrap();
        // Synced already, as at a chapter at rest: otherwise the server's first sync pass, 5 s
        // after it starts, signs a fetch of each of the 1,000 outboxes during the measurement.
        db::follows::set_backfill(&db, follow, None, 0, Some(now))
            .await
            .unwrap();
        actors.push((base, n % KEYS));
    }
    db.close().await;
    let (server, startup) = start(binary, &url, &domain, port, dir.path());
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle = rss_kib(server.id());

    // Every request signed beforehand, so that the senders only send.
    let signers: Vec<SigningKey> = keys
        .iter()
        .map(|k| SigningKey::from_pem(&k.private_key).unwrap())
        .collect();
    let inbox = url::Url::parse(&format!("http://{domain}/inbox")).unwrap();
    let public_keys: Vec<Arc<str>> = keys.iter().map(|k| k.public_key.as_str().into()).collect();
    let prepared: Vec<Prepared> = (0..activities)
        .map(|i| {
            let (base, key) = &actors[i % ACTORS];
            let actor = format!("{base}/actor");
            let event = json!({
                "id": format!("{base}/events/{i}"), "type": "Event",
                "name": format!("Atelier de réparation {i}"),
                "content": "<p>Venez avec vos objets cassés : on répare ensemble.</p>",
                "startTime": "2099-05-01T10:00:00+02:00", "endTime": "2099-05-01T12:00:00+02:00",
                "attributedTo": actor, "to": ["https://www.w3.org/ns/activitystreams#Public"],
                "location": {"type": "Place", "name": "Atelier", "latitude": 48.85, "longitude": 2.35},
            });
            let activity = json!({
                "@context": "https://www.w3.org/ns/activitystreams",
                "id": format!("{base}/events/{i}/create"), "type": "Create", "actor": actor,
                "to": ["https://www.w3.org/ns/activitystreams#Public"], "object": event,
            });
            let body = serde_json::to_vec(&activity).unwrap();
            let headers = signature::sign_post(
                &inbox,
                &body,
                &format!("{base}/actor#main-key"),
                &signers[*key],
            );
            Prepared {
                path: "/inbox".into(),
                headers,
                body,
                public_key: public_keys[*key].clone(),
            }
        })
        .collect();

    eprintln!(
        "{activities} activities signed; the server log is {}",
        dir.path().join("server.log").display()
    );
    // The floor: the same verification and parsing, one request after another, in process.
    let floor = floor(&prepared[..prepared.len().min(2_000)]);

    // The load.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(SENDERS)
        .build()
        .unwrap();
    let queue = Arc::new(Mutex::new(prepared.into_iter()));
    let peak = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let watcher = {
        let (peak, pid) = (peak.clone(), server.id());
        tokio::spawn(async move {
            loop {
                peak.fetch_max(rss_kib(pid), std::sync::atomic::Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
    };
    let pg_before = match &stats {
        Some(pool) => Some((
            cpu::postgres(pool, DATABASE).await,
            cpu::Counters::read(pool, DATABASE).await,
        )),
        None => None,
    };
    let (server_before, load_before) = (cpu::seconds(server.id()), cpu::own());
    let started = Instant::now();
    let senders: Vec<_> = (0..SENDERS)
        .map(|_| {
            let (queue, client, url) = (queue.clone(), client.clone(), inbox.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut refused = 0;
                loop {
                    let Some(request) = queue.lock().await.next() else {
                        break;
                    };
                    let mut builder = client.post(url.clone());
                    for (name, value) in &request.headers {
                        builder = builder.header(*name, value);
                    }
                    let t = Instant::now();
                    let response = builder.body(request.body).send().await.unwrap();
                    let status = response.status();
                    response.bytes().await.unwrap();
                    latencies.push(t.elapsed());
                    if status != 202 {
                        refused += 1;
                    }
                }
                (latencies, refused)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut refused = 0;
    for sender in senders {
        let (l, r) = sender.await.unwrap();
        latencies.extend(l);
        refused += r;
    }
    let elapsed = started.elapsed();
    let mut split = cpu::Split {
        server: cpu::seconds(server.id()) - server_before,
        load: cpu::own() - load_before,
        postgres: None,
    };
    let pg_cpu = match &stats {
        Some(pool) => cpu::postgres(pool, DATABASE).await,
        None => Default::default(),
    };
    watcher.abort();
    latencies.sort();
    let rate = activities as f64 / elapsed.as_secs_f64();

    if refused > 0 || percentile(&latencies, 0.99) > Duration::from_secs(1) {
        let log = std::fs::read_to_string(dir.path().join("server.log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(20).collect();
        eprintln!("{refused} refused; the server said:\n{}", tail.join("\n"));
    }
    let db = Db::connect(&url, 2).await.unwrap();
    let stored = db::events::count_published(&db).await.unwrap();
    assert_eq!(refused, 0, "every activity is accepted");
    assert_eq!(stored as usize, activities, "every event is stored");
    stop(server);
    if let (Some(pool), Some((cpu_before, before))) = (&stats, pg_before) {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let counters = cpu::Counters::read(pool, DATABASE).await.since(&before);
        split.postgres = Some((cpu::postgres_since(&pg_cpu, &cpu_before), counters));
    }

    let floor_rate = 2.0 / floor.as_secs_f64();
    println!("\n| inbox ({engine}) | figure | floor | target |");
    println!("|---|---|---|---|");
    println!(
        "| accepted `Create{{Event}}` from {ACTORS} actors, {SENDERS} senders | **{rate:.0}/s** ({activities} in {elapsed:.1?}) | {floor_rate:.0}/s (verify + parse {floor:.0?} each, 2 cores) = {:.0} % | ≥ 3,000/s and ≥ 40 % |",
        100.0 * rate / floor_rate
    );
    println!(
        "| latency p50 / p99 | {} / {} | | p99 ≤ 50 ms |",
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99))
    );
    split.print(engine, activities, elapsed.as_secs_f64(), 2.0);
    println!("\n| footprint ({engine}) | figure | target |");
    println!("|---|---|---|");
    println!("| release binary | {:.1} MB | |", size as f64 / 1e6);
    println!(
        "| start-up to the first 200 on `/healthz` (existing data) | {} ms | ≤ 300 ms |",
        startup.as_millis()
    );
    println!(
        "| first start (new database: migrations, two RSA keys) | {} ms | |",
        first.1.as_millis()
    );
    println!(
        "| resident memory, idle | {:.1} MB | ≤ 30 MB |",
        idle as f64 / 1024.0
    );
    println!(
        "| resident memory, peak under the inbox load | {:.1} MB | |",
        peak.load(std::sync::atomic::Ordering::Relaxed) as f64 / 1024.0
    );
}

/// Verification and parsing alone: the cheapest an inbox can be.
fn floor(requests: &[Prepared]) -> Duration {
    let started = Instant::now();
    for r in requests {
        let mut headers = HeaderMap::new();
        for (name, value) in &r.headers {
            headers.insert(
                HeaderName::from_static(name),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        let claim = signature::inspect(&SignedRequest {
            method: &Method::POST,
            path_and_query: &r.path,
            scheme: "http",
            headers: &headers,
            body: Some(&r.body),
        })
        .unwrap();
        assert!(claim.verify(&r.public_key));
        let _: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    }
    started.elapsed() / requests.len() as u32
}
