//! A national hub on PostgreSQL (issue #24): 200 followed chapters on stub servers, 5,000
//! entries each in their own languages, backfilled by a `--role worker` process into one
//! database (1,000,000 entries), then measured at rest through a `--role web` process: searches
//! per kind, the directory and map pages, a whole country's GeoJSON, each process's memory and
//! the database's size; then 1 and 2 web processes behind HAProxy. `cargo bench --bench hub`;
//! `PARTAGE_BENCH_HUB_CHAPTERS` and `PARTAGE_BENCH_HUB_ENTRIES` scale it down,
//! `PARTAGE_BENCH_POSTGRES` names the server (its database `partage_hub` is dropped and made;
//! with `PARTAGE_BENCH_POSTGRES_KEEP=1`, a hub of an earlier run is migrated and measured again,
//! without its backfill), `PARTAGE_BENCH_HUB_BINARY` the `partage` binary to run (the one built
//! with the harness).
//! Prints Markdown tables for docs/BENCHMARKS.md.

#[path = "support/hub/mod.rs"]
mod hub;
mod support;

use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};
use hub::processes::{Balancer, Process};
use hub::{chapters, load};
use partage::db::Db;
use sqlx::PgPool;
use support::{fresh_postgres, ms};

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The machine's load average over the last minute, as `uptime` shows it.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

async fn scalar(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    partage::federation::install_crypto_provider();
    let count = env_or("PARTAGE_BENCH_HUB_CHAPTERS", 200);
    let entries = env_or("PARTAGE_BENCH_HUB_ENTRIES", 5_000);
    let total = (count * entries) as i64;
    let admin = std::env::var("PARTAGE_BENCH_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let url = fresh_postgres(&admin, "partage_hub").await;
    let db = Db::connect(&url, 2).await.unwrap();
    db.migrate().await.unwrap();
    let pool = PgPool::connect(&url).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    // A copy of the binary this harness was built with, so that a build meanwhile changes nothing.
    let binary = std::env::var("PARTAGE_BENCH_HUB_BINARY")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_partage").to_owned());
    let binary = binary.as_str();
    let kept = scalar(&pool, "SELECT count(*) FROM initiatives").await;
    if kept >= total {
        println!(
            "kept: {kept} entries of an earlier run, migrated; load at start {}",
            load_average()
        );
        let domain = format!("localhost:{}", support::server::free_port());
        let web = Process::start(binary, &url, &domain, dir.path(), "web");
        at_rest(&web, &pool, count, entries).await;
        balanced(binary, &url, &domain, dir.path(), web).await;
        return;
    }
    println!(
        "generated: {count} chapters × {entries} entries; load at start {}",
        load_average()
    );

    // The followed chapters, and the hub following each (accepted, never synced): a worker
    // starting resumes every backfill not done, as after the chapters' Accept.
    let key = activitypub_federation::http_signatures::generate_actor_keypair().unwrap();
    let served = chapters::serve(count, entries, &key.public_key).await;
    for chapter in &served {
        follow(&db, chapter).await;
    }
    let domain = format!("localhost:{}", support::server::free_port());
    let web = Process::start(binary, &url, &domain, dir.path(), "web");
    let web_idle = web.memory_mb().0;

    // The backfill: from the worker's start to the last entry stored.
    let started = Instant::now();
    let worker = Process::start(binary, &url, &domain, dir.path(), "worker");
    let (mut first, mut stored, mut last_report) = (None, 0, Instant::now());
    let limit = Duration::from_secs(env_or("PARTAGE_BENCH_HUB_TIMEOUT", 5_400) as u64);
    while stored < total && started.elapsed() < limit {
        // Counting reads the whole table: at 1,000,000 entries, not more than every 2 s.
        tokio::time::sleep(Duration::from_secs(2)).await;
        stored = scalar(&pool, "SELECT count(*) FROM initiatives").await;
        if first.is_none() && stored > 0 {
            first = Some(started.elapsed());
        }
        if last_report.elapsed() > Duration::from_secs(30) {
            last_report = Instant::now();
            eprintln!(
                "{:>5.0} s: {stored} entries, worker {:.0} MB, load {}",
                started.elapsed().as_secs_f64(),
                worker.memory_mb().0,
                load_average()
            );
        }
    }
    let backfill = started.elapsed();
    let load_backfill = load_average();
    let (worker_rss, worker_peak) = worker.memory_mb();
    let first = first.unwrap_or_default();
    let rate = stored as f64 / (backfill - first).as_secs_f64();
    let synced = scalar(
        &pool,
        "SELECT count(*) FROM follows WHERE synced_at IS NOT NULL",
    )
    .await;
    println!("\n| hub, PostgreSQL ({count} chapters × {entries}) | figure | target |");
    println!("|---|---|---|");
    println!(
        "| backfill: {stored} of {total} entries, {synced} of {count} chapters synced | **{:.0} s** from the worker's start ({:.1} s to the first entry) | |",
        backfill.as_secs_f64(),
        first.as_secs_f64()
    );
    println!(
        "| backfill rate (from the first entry to the last) | **{rate:.0} entries/s** | ≥ 2,000 entries/s |"
    );
    println!("| load average at the backfill's end | {load_backfill} | |");

    // At rest: the duplicates pass over what came in finished, statistics up to date, the worker
    // stopped, as a hub some minutes after its chapters' backfills.
    let rest = Instant::now();
    let unchecked_at_end = scalar(
        &pool,
        "SELECT count(*) FROM initiatives WHERE unchecked = 1",
    )
    .await;
    while scalar(
        &pool,
        "SELECT count(*) FROM initiatives WHERE unchecked = 1",
    )
    .await
        > 0
        && rest.elapsed() < limit
    {
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    let sweep = rest.elapsed();
    let (worker_rss_end, worker_peak_end) = worker.memory_mb();
    worker.stop();
    let vacuum = Instant::now();
    sqlx::query("VACUUM (ANALYZE)")
        .execute(&pool)
        .await
        .unwrap();
    println!(
        "| duplicates pass still to do when the backfill ended | {unchecked_at_end} entries, done {:.0} s later | |",
        sweep.as_secs_f64()
    );
    println!(
        "| `VACUUM (ANALYZE)` after it, as autovacuum would | {:.0} s | |",
        vacuum.elapsed().as_secs_f64()
    );

    println!(
        "| memory of the worker: at the backfill's end, at rest; peak | {worker_rss:.1} MB, {worker_rss_end:.1} MB; peak {:.1} MB | |",
        worker_peak.max(worker_peak_end)
    );
    println!("| memory of the web process, idle before the backfill | {web_idle:.1} MB | |");
    at_rest(&web, &pool, count, entries).await;

    balanced(binary, &url, &domain, dir.path(), web).await;
    println!("\nload average at the end: {}", load_average());
}

/// The measures of a hub at rest through `web`, the database's size and the web process's
/// memory after them.
async fn at_rest(web: &Process, pool: &PgPool, count: usize, entries: usize) {
    measure(web, pool, count, entries).await;
    let size = scalar(pool, "SELECT pg_database_size(current_database())").await;
    println!(
        "| database size (`pg_database_size`) | {:.2} GB | |",
        size as f64 / 1e9
    );
    let (web_rss, web_peak) = web.memory_mb();
    println!(
        "| memory of the web process after the measures; peak | {web_rss:.1} MB; peak {web_peak:.1} MB | ≤ 100 MB |"
    );
}

/// The hub follows `chapter`, accepted: its actor as a first sight would store it (a day old,
/// so that the backfill fetches its document again).
async fn follow(db: &Db, chapter: &chapters::Chapter) {
    use partage::db::{follows, remote_actors};
    let row = remote_actors::upsert(
        db,
        &remote_actors::RemoteActorRow {
            id: 0,
            ap_id: chapter.actor.clone(),
            kind: "Group".into(),
            username: Some(chapter.slug.clone()),
            name: None,
            inbox: chapter.inbox.clone(),
            shared_inbox: Some(chapter.shared_inbox.clone()),
            outbox: Some(chapter.outbox.clone()),
            public_key_id: chapter.key_id.clone(),
            public_key_pem: String::new(),
            fetched_at: Utc::now() - TimeDelta::days(2),
        },
    )
    .await
    .unwrap();
    let now = Utc::now();
    let id = follows::upsert_pending(db, row.id, &format!("{}#follow", chapter.base), now)
        .await
        .unwrap();
    follows::answer(db, id, "accepted", now).await.unwrap();
}

/// Searches per kind, pages per second with 8 clients, and a whole country's map, through `web`.
async fn measure(web: &Process, pool: &PgPool, count: usize, entries: usize) {
    let client = reqwest::Client::new();
    let entries_label = format!("{} entries", count * entries);
    let pages = [
        (
            "directory page (HTML, 20 per page)",
            "/initiatives",
            "≥ 500 req/s",
        ),
        ("directory page, search", "/initiatives?q=repair", ""),
        ("map page (HTML)", "/map", ""),
        ("API page (20 entries)", "/api/v1/initiatives", ""),
    ];
    for (name, path, target) in pages {
        let url = web.url(path);
        let (median, _) = load::alone(&client, &url, 50).await;
        let rate = load::rate(&client, &url, 8, 5).await;
        println!(
            "| {name} (`{path}`): alone; 8 clients | {}; **{rate:.0} req/s** | {target} |",
            ms(median)
        );
    }
    // France: every entry within 550 km of its middle, as the map of a national hub asks.
    let country = "/initiatives.geojson?near=46.6,2.5&radius_km=550";
    let (median, size) = load::alone(&client, &web.url(country), 10).await;
    let rate = load::rate(&client, &web.url(country), 8, 5).await;
    let in_france = scalar(
        pool,
        "SELECT count(*) FROM initiatives WHERE latitude BETWEEN 41.6 AND 51.6 \
         AND longitude BETWEEN -5.0 AND 9.6",
    )
    .await;
    println!(
        "| a country's GeoJSON (`{country}`, {in_france} entries in its box, 10,000 at most served): alone; 8 clients | {} ({:.1} MB); {rate:.1} req/s | |",
        ms(median),
        size as f64 / 1e6
    );
    let p99 = load::broad(&client, &web.url(""), &entries_label).await;
    println!("\nsearch p99 of all kinds: {} (target ≤ 25 ms)\n", ms(p99));
    println!("| hub, PostgreSQL (continued) | figure | target |");
    println!("|---|---|---|");
}

/// The directory page from 16 clients: straight to one web process, then through HAProxy to
/// one, then to two.
async fn balanced(binary: &str, url: &str, domain: &str, dir: &std::path::Path, web: Process) {
    let client = reqwest::Client::new();
    let second = Process::start(binary, url, domain, dir, "web");
    let path = "/initiatives";
    println!("\n| directory page (`{path}`), 16 clients for 10 s | requests/s |");
    println!("|---|---|");
    let direct = load::rate(&client, &web.url(path), 16, 10).await;
    println!("| one web process, directly | {direct:.0} |");
    for backends in [vec![web.port], vec![web.port, second.port]] {
        let Some(balancer) = Balancer::start(&backends, dir) else {
            println!("| (HAProxy is not installed: `apt-get install -y haproxy`) | |");
            break;
        };
        let rate = load::rate(&client, &balancer.url(path), 16, 10).await;
        println!(
            "| {} web process{} behind HAProxy | {rate:.0} |",
            backends.len(),
            if backends.len() > 1 { "es" } else { "" }
        );
        balancer.stop();
    }
    let (rss, peak) = second.memory_mb();
    println!("| memory of the second web process after it | {rss:.1} MB (peak {peak:.1} MB) |");
    second.stop();
    web.stop();
}
