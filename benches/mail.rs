//! E-mail at scale: `cargo bench --bench mail`. A chapter on SQLite with 100,000 initiatives
//! (2% of them new or changed this week) and 10,000 readers subscribed to areas around 8 cities
//! (2 to 25 km, some to one category, some to this chapter only): the time to plan and queue
//! one weekly digest for each of them, then the messages per second rendered and sent to a
//! local SMTP server (aiosmtpd, from `.ci/.venv` or `PARTAGE_BENCH_PYTHON`). Set
//! `PARTAGE_BENCH_SCALE=0.1` for a quick run; `PARTAGE_BENCH_SEND` (default 2,000) messages are
//! sent. Prints Markdown rows for docs/BENCHMARKS.md.

mod support;

use support::{CITIES, Rng};

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use partage::app::AppState;
use partage::config::Settings;
use partage::db::Db;
use partage::db::subscriptions::SubscriptionRow;
use partage::domain::import::{self, Row};
use partage::domain::initiative::InitiativeInput;
use partage::domain::location::LocationInput;
use partage::domain::validate::Field;

const CATEGORIES: [&str; 8] = [
    "repair", "goods", "food", "mobility", "spaces", "skills", "energy", "culture",
];

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    partage::federation::install_crypto_provider();
    runtime.block_on(run());
}

async fn run() {
    let scale: f64 = std::env::var("PARTAGE_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let to_send: usize = std::env::var("PARTAGE_BENCH_SEND")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2_000);
    let (initiatives, readers) = ((100_000.0 * scale) as usize, (10_000.0 * scale) as usize);
    let dir = tempfile::tempdir().unwrap();
    let smtp = smtp_server(dir.path());
    let data = dir.path().display().to_string();
    let smtp_url = format!("smtp://127.0.0.1:{}", smtp.0);
    let settings = Settings::defaults_with(&[
        ("data.dir", data.as_str()),
        ("instance.name", "Partage Bench"),
        ("email.transport", "smtp"),
        ("email.smtp_url", smtp_url.as_str()),
        ("email.max_per_hour", "1000000"),
        ("website.geocoder", ""),
    ])
    .unwrap();
    let db = partage::app::open_database(&settings).await.unwrap();
    generate(&db, initiatives, readers).await;
    let state = AppState::new(db.clone(), settings).await.unwrap();

    let started = Instant::now();
    let queued = partage::domain::digest::plan_digests(&db, partage::domain::now())
        .await
        .unwrap();
    let planned = started.elapsed();
    println!(
        "| Plan and queue the weekly digests of {readers} readers over {initiatives} initiatives (SQLite) | {:.2} s | {queued} digests queued |",
        planned.as_secs_f64()
    );

    // Send a part of them: what leaves per second, rendering included.
    db.execute(&format!(
        "DELETE FROM mails WHERE id NOT IN (SELECT id FROM mails ORDER BY id LIMIT {to_send})"
    ))
    .await
    .unwrap();
    let started = Instant::now();
    let report = partage::mail::send_due(&state.mailer).await.unwrap();
    let took = started.elapsed();
    let received = std::fs::read_dir(smtp.1.as_path())
        .map(|d| {
            d.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "eml"))
            })
            .count()
        })
        .unwrap_or(0);
    println!(
        "| Digests rendered and sent to a local SMTP server (aiosmtpd), one connection pool | {:.0} messages/s | {} sent, {received} received |",
        report.sent as f64 / took.as_secs_f64(),
        report.sent
    );
    db.close().await;
}

/// 100,000 initiatives around the cities, a month old but 2% changed two days ago; the readers'
/// subscriptions, confirmed, their last digest eight days ago.
async fn generate(db: &Db, initiatives: usize, readers: usize) {
    let started = Instant::now();
    let mut rng = Rng(0x5eed_ca11);
    let rows: Vec<_> = (0..initiatives)
        .map(|i| {
            let (city, _, lat, lon) = rng.pick(&CITIES);
            let k = (rng.next() % 8) as usize;
            let location = LocationInput {
                locality: Field::Value(city.into()),
                latitude: Field::Value(lat + (rng.unit() - 0.5) * 0.3),
                longitude: Field::Value(lon + (rng.unit() - 0.5) * 0.4),
                ..Default::default()
            };
            Ok(Row {
                line: i,
                input: InitiativeInput {
                    name: Field::Value(format!("Initiative {i} in {city}")),
                    summary: Field::Value(format!("Share, repair and learn together in {city}.")),
                    categories: Field::Value(vec![CATEGORIES[k].into()]),
                    location: Field::Value(location),
                    ..Default::default()
                },
                columns: Default::default(),
            })
        })
        .collect();
    let report = import::initiatives(db, rows, false, |_| {}).await.unwrap();
    assert!(report.errors.is_empty());
    let month_ago =
        (partage::domain::now() - chrono::Duration::days(30)).format("%Y-%m-%dT%H:%M:%S%.6fZ");
    let days_ago =
        (partage::domain::now() - chrono::Duration::days(2)).format("%Y-%m-%dT%H:%M:%S%.6fZ");
    db.execute(&format!(
        "UPDATE initiatives SET updated_at = '{month_ago}', created_at = '{month_ago}'"
    ))
    .await
    .unwrap();
    db.execute(&format!(
        "UPDATE initiatives SET updated_at = '{days_ago}' WHERE id % 50 = 0"
    ))
    .await
    .unwrap();

    let mut tx = db.begin().await.unwrap();
    for i in 0..readers {
        let (_, _, lat, lon) = rng.pick(&CITIES);
        let row = SubscriptionRow {
            email: format!("reader{i}@example.org"),
            locale: if i % 2 == 0 { "en" } else { "fr" }.into(),
            kinds: "all".into(),
            latitude: Some(lat + (rng.unit() - 0.5) * 0.2),
            longitude: Some(lon + (rng.unit() - 0.5) * 0.3),
            radius_km: Some(2.0 + rng.unit() * 23.0),
            categories: if rng.next() % 10 < 3 {
                CATEGORIES[(rng.next() % 8) as usize].into()
            } else {
                String::new()
            },
            origin: if rng.next() % 10 < 2 { "local" } else { "all" }.into(),
            frequency: "weekly".into(),
            ..SubscriptionRow::default()
        };
        partage::db::subscriptions::insert(&mut tx, &row, partage::domain::now())
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let week_ago =
        (partage::domain::now() - chrono::Duration::days(8)).format("%Y-%m-%dT%H:%M:%S%.6fZ");
    db.execute(&format!("UPDATE subscriptions SET state = 'active', confirmed_at = '{week_ago}', digest_at = '{week_ago}'")).await.unwrap();
    println!(
        "generated {initiatives} initiatives and {readers} subscriptions in {:.1?}",
        started.elapsed()
    );
}

/// aiosmtpd on a free port, writing what it receives under `dir/mail`; stopped with this process.
fn smtp_server(dir: &std::path::Path) -> (u16, std::path::PathBuf) {
    let python = std::env::var("PARTAGE_BENCH_PYTHON").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/.venv/bin/python").to_owned()
    });
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mail = dir.join("mail");
    #[allow(clippy::zombie_processes)]
    Command::new(python)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/mail/smtp_server.py"
        ))
        .args([
            "--port",
            &port.to_string(),
            "--parent",
            &std::process::id().to_string(),
        ])
        .arg("--dir")
        .arg(&mail)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("aiosmtpd's python (PARTAGE_BENCH_PYTHON)");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !mail.join("ready").exists() {
        assert!(Instant::now() < deadline, "aiosmtpd did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    (port, mail)
}
