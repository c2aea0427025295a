//! Directory at scale: 100,000 initiatives and 20,000 events spread over Europe, searched
//! through the API on a running chapter, each figure next to its floor (the same query run on
//! the database directly, in the same process). `cargo bench --bench directory`; set
//! `PARTAGE_BENCH_SCALE=0.1` for a quick run, and `PARTAGE_BENCH_SQLITE=path` to keep the
//! generated SQLite database there and reuse it on the next run (`PARTAGE_BENCH_POSTGRES_KEEP=1`
//! does the same on PostgreSQL); `PARTAGE_BENCH_ONLY=combined`
//! measures only the figures whose name holds that text (`broad`: the 1,000 seeded queries of
//! ten kinds people type, benches/support/queries.rs). Prints Markdown tables for
//! docs/BENCHMARKS.md.

mod support;

use support::{CITIES, Rng, fresh_postgres, ms, percentile, queries};

use std::time::{Duration, Instant};

use partage::app::{self, AppState};
use partage::config::Settings;
use partage::db::Db;
use partage::domain::event::EventInput;
use partage::domain::import::{self, EventImport, Row};
use partage::domain::initiative::InitiativeInput;
use partage::domain::listing::ListParams;
use partage::domain::location::LocationInput;
use partage::domain::validate::Field;

const KINDS_FR: [&str; 8] = [
    "Repair café",
    "Outilthèque",
    "Jardin partagé",
    "AMAP",
    "Ressourcerie",
    "Atelier vélo",
    "Banque de temps",
    "Coworking associatif",
];
const KINDS_EN: [&str; 8] = [
    "Repair café",
    "Tool library",
    "Community garden",
    "Food co-op",
    "Free shop",
    "Bike workshop",
    "Time bank",
    "Community coworking",
];
const CATEGORIES: [&str; 8] = [
    "repair", "goods", "food", "food", "goods", "mobility", "skills", "spaces",
];

fn initiative(i: usize, rng: &mut Rng) -> Row<InitiativeInput> {
    let k = (rng.next() % 8) as usize;
    let (city, country, lat, lon) = rng.pick(&CITIES);
    let french = rng.next().is_multiple_of(2);
    let name = format!(
        "{} {} {i}",
        if french { KINDS_FR[k] } else { KINDS_EN[k] },
        city
    );
    let summary = if french {
        format!(
            "Un lieu ouvert à toutes et tous pour partager, réparer et apprendre ensemble à {city}."
        )
    } else {
        format!("An open place in {city} to share, repair and learn together with neighbours.")
    };
    let location = LocationInput {
        locality: Field::Value(city.into()),
        country: Field::Value(country.into()),
        latitude: Field::Value(lat + (rng.unit() - 0.5) * 0.3),
        longitude: Field::Value(lon + (rng.unit() - 0.5) * 0.4),
        street: Field::Value(format!("{} rue de la Coopération", 1 + rng.next() % 200)),
        ..Default::default()
    };
    let input = InitiativeInput {
        name: Field::Value(name),
        summary: Field::Value(summary),
        description: Field::Value(
            "Bénévoles, outils, café. Volunteers, tools, coffee. **Bienvenue / welcome!**".into(),
        ),
        categories: Field::Value(vec![CATEGORIES[k].into()]),
        tags: Field::Value(vec![
            "zerowaste".into(),
            if french {
                "entraide".into()
            } else {
                "mutualaid".into()
            },
        ]),
        location: Field::Value(location),
        opening_hours: Field::Value("Sa 14:00-18:00".into()),
        ..Default::default()
    };
    Row {
        line: i,
        input,
        columns: Default::default(),
    }
}

fn event(i: usize, rng: &mut Rng) -> Row<EventImport> {
    let k = (rng.next() % 8) as usize;
    let (city, _, lat, lon) = rng.pick(&CITIES);
    let day = 1 + rng.next() % 365;
    let start = chrono::Utc::now() + chrono::TimeDelta::days(day as i64);
    let input = EventInput {
        name: Field::Value(format!("{} {city} #{i}", KINDS_EN[k])),
        starts_at: Field::Value(start.format("%Y-%m-%dT18:00:00Z").to_string()),
        location: Field::Value(LocationInput {
            locality: Field::Value(city.into()),
            latitude: Field::Value(lat + (rng.unit() - 0.5) * 0.3),
            longitude: Field::Value(lon + (rng.unit() - 0.5) * 0.4),
            ..Default::default()
        }),
        categories: Field::Value(vec![CATEGORIES[k].into()]),
        ..Default::default()
    };
    Row {
        line: i,
        input: EventImport {
            uid: Some(format!("bench-{i}")),
            input,
        },
        columns: Default::default(),
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    partage::federation::install_crypto_provider();
    let scale: f64 = std::env::var("PARTAGE_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let (initiatives, events) = ((100_000.0 * scale) as usize, (20_000.0 * scale) as usize);
    let dir = tempfile::tempdir().unwrap();
    let (url, engine) = match std::env::var("PARTAGE_BENCH_POSTGRES") {
        Ok(admin) => (
            fresh_postgres(&admin, "partage_bench_directory").await,
            "PostgreSQL",
        ),
        Err(_) => match std::env::var("PARTAGE_BENCH_SQLITE") {
            Ok(path) => (format!("sqlite://{path}"), "SQLite"),
            Err(_) => (
                format!("sqlite://{}/bench.sqlite", dir.path().display()),
                "SQLite",
            ),
        },
    };
    let db = Db::connect(&url, 8).await.unwrap();
    db.migrate().await.unwrap();
    if partage::db::initiatives::count_published(&db)
        .await
        .unwrap()
        == 0
    {
        generate(&db, initiatives, events, engine).await;
    }
    at_rest(&url).await;
    // The duplicates of what the import brought are looked for by a background pass; a
    // chapter at rest has long finished it (while it runs, its writes slow every read).
    let started = Instant::now();
    let looked = partage::domain::duplicates::sweep(&db).await.unwrap();
    if looked > 0 {
        println!(
            "looked for the duplicates of {looked} initiatives in {:.1?}",
            started.elapsed()
        );
    }

    run(db, initiatives, engine).await;
}

/// Marks the import's changes published, as a chapter at rest has long since done: otherwise
/// the outbox publishes 120,000 of them while the searches run, a transaction each, and on
/// SQLite every commit makes each reading connection drop its memory map of the file and fault
/// it in again (docs/BENCHMARKS.md, "Reads under writes").
async fn at_rest(url: &str) {
    let quiet = "UPDATE outgoing SET handled_at = created_at WHERE handled_at IS NULL";
    if url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        sqlx::query(quiet).execute(&pool).await.unwrap();
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(url).await.unwrap();
        sqlx::query(quiet).execute(&pool).await.unwrap();
        pool.close().await;
    }
}

/// Imports the generated initiatives and events.
async fn generate(db: &Db, initiatives: usize, events: usize, engine: &str) {
    let started = Instant::now();
    let mut rng = Rng(0x5eed);
    let rows: Vec<_> = (0..initiatives)
        .map(|i| Ok(initiative(i, &mut rng)))
        .collect();
    let report = import::initiatives(db, rows, false, |_| {}).await.unwrap();
    assert!(
        report.errors.is_empty(),
        "{:?}",
        &report.errors[..report.errors.len().min(3)]
    );
    let rows: Vec<_> = (0..events).map(|i| Ok(event(i, &mut rng))).collect();
    let report = import::events(db, rows, chrono_tz::Europe::Paris, false, |_| {})
        .await
        .unwrap();
    assert!(
        report.errors.is_empty(),
        "{:?}",
        &report.errors[..report.errors.len().min(3)]
    );
    println!(
        "generated {initiatives} initiatives and {events} events on {engine} in {:.1?}",
        started.elapsed()
    );
}

/// Serves the directory and measures the searches, pages and feeds.
async fn run(db: Db, initiatives: usize, engine: &str) {
    let settings = Settings::defaults_with(&[
        ("instance.domain", "localhost:8080"),
        ("website.geocoder", ""),
    ])
    .unwrap();
    let state = AppState::new(db.clone(), settings).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(app::run(listener, state, std::future::pending()));
    let client = reqwest::Client::new();

    let queries = [
        ("text", "q=repair"),
        ("text, prefix", "q=jard"),
        ("category", "category=food"),
        ("radius 10 km", "near=48.8566,2.3522&radius_km=10"),
        (
            "combined",
            "q=cafe&category=repair&near=48.8566,2.3522&radius_km=20",
        ),
    ];
    println!(
        "\n| search (API, {initiatives} initiatives, {engine}) | p50 | p99 | floor p50 (database) | matches | target |"
    );
    println!("|---|---|---|---|---|---|");
    let only = std::env::var("PARTAGE_BENCH_ONLY").unwrap_or_default();
    for (name, query) in queries.into_iter().filter(|(name, _)| name.contains(&only)) {
        let params: ListParams = serde_urlencoded::from_str(query).unwrap();
        let mut floor = Vec::new();
        let mut total = String::new();
        for _ in 0..100 {
            let t = Instant::now();
            let (_, n, _) =
                partage::domain::initiative::search(&db, &params, chrono::Utc::now().naive_utc())
                    .await
                    .unwrap();
            floor.push(t.elapsed());
            total = if n.exact {
                n.count.to_string()
            } else {
                format!("more than {}", n.count)
            };
        }
        let mut api = Vec::new();
        for _ in 0..300 {
            let t = Instant::now();
            let response = client
                .get(format!("http://{address}/api/v1/initiatives?{query}"))
                .send()
                .await
                .unwrap();
            assert!(response.status().is_success());
            response.bytes().await.unwrap();
            api.push(t.elapsed());
        }
        api.sort();
        floor.sort();
        println!(
            "| {name} (`{query}`) | {} | {} | {} | {total} | p50 ≤ 5 ms, p99 ≤ 25 ms |",
            ms(percentile(&api, 0.5)),
            ms(percentile(&api, 0.99)),
            ms(percentile(&floor, 0.5))
        );
    }

    // The searches people type: 1,000 seeded queries of ten kinds, each asked once to warm the
    // caches and once measured.
    let kinds = queries::broad();
    println!(
        "\n| broad search (API, {initiatives} initiatives, {engine}) | queries | p50 | p99 | slowest | target |"
    );
    println!("|---|---|---|---|---|---|");
    let mut all = Vec::new();
    for kind in kinds
        .iter()
        .filter(|k| format!("broad {}", k.name).contains(&only))
    {
        let timed = queries::time_kind(&client, &format!("http://{address}"), kind).await;
        let times = queries::times(&timed);
        let slowest = timed.last().unwrap();
        println!(
            "| {} | {} | {} | {} | {} (`{}`) | p50 ≤ 3 ms, p99 ≤ 15 ms, none over 50 ms |",
            kind.name,
            times.len(),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99)),
            ms(slowest.0),
            slowest.1
        );
        all.extend(timed);
    }
    if let Some(slowest) = all.iter().max().cloned() {
        all.sort();
        let times = queries::times(&all);
        println!(
            "| **all** | {} | {} | {} | {} (`{}`) | |",
            all.len(),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99)),
            ms(slowest.0),
            slowest.1
        );
        println!("\nPast the p99 of all: {}", queries::past_p99(&all));
    }

    // Pages and feeds: median time of one request alone, then requests per second with
    // eight clients at once for 5 s. The widgets' reads are measured twice: as a first visit,
    // and as a browser or cache that has them (`If-None-Match`, answered 304).
    let endpoints = [
        ("directory page (HTML, 20 per page)", "/initiatives", false),
        ("directory page, search", "/initiatives?q=repair", false),
        (
            "directory page, category + radius",
            "/initiatives?category=food&near=48.8566,2.3522&radius_km=10",
            false,
        ),
        ("home page (HTML)", "/", false),
        ("agenda page (HTML, 50 events)", "/events", false),
        ("events feed (up to 2,000 events)", "/events.ics", false),
        ("events API page (20 events)", "/api/v1/events", false),
        ("agenda widget (10 events)", "/embed/agenda", false),
        ("agenda widget, If-None-Match (304)", "/embed/agenda", true),
        (
            "agenda component's read (API, 10 events)",
            "/api/v1/events?per_page=10",
            false,
        ),
        (
            "agenda component's read, If-None-Match (304)",
            "/api/v1/events?per_page=10",
            true,
        ),
    ];
    println!("\n| endpoint ({engine}) | median alone | requests/s (8 clients) | target |");
    println!("|---|---|---|---|");
    for (name, path, cached) in endpoints
        .into_iter()
        .filter(|(name, _, _)| name.contains(&only))
    {
        let url = format!("http://{address}{path}");
        let tag = if cached {
            let response = client.get(&url).send().await.unwrap();
            let tag = response.headers()["etag"].to_str().unwrap().to_owned();
            Some(tag)
        } else {
            None
        };
        let mut alone = Vec::new();
        for _ in 0..50 {
            let t = Instant::now();
            fetch(&client, &url, tag.as_deref()).await;
            alone.push(t.elapsed());
        }
        alone.sort();
        let started = Instant::now();
        let clients = (0..8).map(|_| {
            let (client, url, tag) = (client.clone(), url.clone(), tag.clone());
            tokio::spawn(async move {
                let mut n = 0u32;
                while started.elapsed() < Duration::from_secs(5) {
                    fetch(&client, &url, tag.as_deref()).await;
                    n += 1;
                }
                n
            })
        });
        let mut n = 0;
        for c in clients.collect::<Vec<_>>() {
            n += c.await.unwrap();
        }
        println!(
            "| {name} (`{path}`) | {} | {:.0} | {} |",
            ms(percentile(&alone, 0.5)),
            f64::from(n) / started.elapsed().as_secs_f64(),
            if path == "/initiatives" {
                "≥ 1,000 req/s"
            } else {
                ""
            }
        );
    }
}

/// One read, whole; with `If-None-Match`, it must be answered 304 (nothing sent again).
async fn fetch(client: &reqwest::Client, url: &str, tag: Option<&str>) {
    let mut request = client.get(url);
    if let Some(tag) = tag {
        request = request.header("if-none-match", tag);
    }
    let response = request.send().await.unwrap();
    match tag {
        Some(_) => assert_eq!(response.status(), 304, "{url}"),
        None => assert!(
            response.status().is_success(),
            "{url}: {}",
            response.status()
        ),
    }
    response.bytes().await.unwrap();
}
