//! Likely duplicates at scale: 100,000 initiatives in eight cities (a thousand of them sharing
//! one network's website), then the look-up an admin's form makes before saving (`preview`:
//! the box around a point and the contact keys, each an index range) and the one a write makes
//! in its transaction (`check`: the same, and the pairs kept), each timed 1,000 times.
//! `cargo bench --bench duplicates`; `PARTAGE_BENCH_POSTGRES=url` for PostgreSQL,
//! `PARTAGE_BENCH_SCALE=0.1` for a tenth. Prints a Markdown table for docs/BENCHMARKS.md.

mod support;

use support::{CITIES, fresh_postgres, ms, percentile};

use std::time::{Duration, Instant};

use partage::db::Db;
use partage::domain::duplicates::{self, ContactKeys};

const KINDS: [&str; 8] = [
    "Repair café",
    "Outilthèque",
    "Jardin partagé",
    "AMAP",
    "Ressourcerie",
    "Atelier vélo",
    "Leihladen",
    "Huerto urbano",
];
const WORDS: [&str; 12] = [
    "Belleville",
    "Croix-Rousse",
    "Kreuzberg",
    "Gràcia",
    "Navigli",
    "Jordaan",
    "Alfama",
    "Marolles",
    "des Lilas",
    "du Canal",
    "Nord",
    "Centre",
];

/// A small deterministic generator (xorshift), so that runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn unit(&mut self) -> f64 {
        (self.next() % 1_000_000) as f64 / 1_000_000.0
    }
}

/// One generated initiative: name, point (within 6 km of its city's centre), contact keys.
struct Generated {
    name: String,
    point: (f64, f64),
    keys: ContactKeys,
}

fn generated(i: usize, rng: &mut Rng) -> Generated {
    let (_, _, lat, lon) = CITIES[i % CITIES.len()];
    let name = format!(
        "{} {} {}",
        KINDS[(rng.next() % 8) as usize],
        WORDS[(rng.next() % 12) as usize],
        i
    );
    let point = (
        lat + (rng.unit() - 0.5) * 0.11,
        lon + (rng.unit() - 0.5) * 0.16,
    );
    let website = if i.is_multiple_of(100) {
        "https://www.network.example/".to_owned()
    } else {
        format!("https://entry{i}.example/")
    };
    let email = format!("contact@entry{i}.example");
    let phone = format!("+33 1 {:08}", i);
    let keys = ContactKeys::new(Some(&website), Some(&email), Some(&phone));
    Generated { name, point, keys }
}

#[tokio::main]
async fn main() {
    let scale: f64 = std::env::var("PARTAGE_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let count = (100_000.0 * scale) as usize;
    let dir = tempfile::tempdir().unwrap();
    let (url, engine) = match std::env::var("PARTAGE_BENCH_POSTGRES") {
        Ok(admin) => (
            fresh_postgres(&admin, "partage_bench_duplicates").await,
            "PostgreSQL",
        ),
        Err(_) => (
            format!("sqlite://{}/bench.sqlite", dir.path().display()),
            "SQLite",
        ),
    };
    let db = Db::connect(&url, 8).await.unwrap();
    db.migrate().await.unwrap();
    let started = Instant::now();
    let mut rng = Rng(0x5eed);
    let all: Vec<Generated> = (0..count).map(|i| generated(i, &mut rng)).collect();
    insert(&url, &all).await;
    // At rest: PostgreSQL has its statistics (autovacuum would have come by).
    db.settle().await.unwrap();
    println!(
        "generated {count} initiatives on {engine} in {:.1?}",
        started.elapsed()
    );

    println!("\n| look-up | initiatives | p50 | p99 |\n|---|---|---|---|");
    // The admin's form: a new entry near an existing one (half spelt alike, half not).
    let mut times = Vec::new();
    let mut missed = 0;
    for n in 0..1000u32 {
        let g = &all[(rng.next() as usize) % all.len()];
        let alike = n.is_multiple_of(2);
        let name = if alike {
            g.name.to_lowercase()
        } else {
            "Café associatif".into()
        };
        let keys = if n.is_multiple_of(10) {
            g.keys.clone()
        } else {
            ContactKeys::default()
        };
        let point = (g.point.0 + 0.0002, g.point.1);
        let t = Instant::now();
        let found = duplicates::preview(&db, &name, Some(point), keys, None)
            .await
            .unwrap();
        times.push(t.elapsed());
        if alike && !found.iter().any(|p| p.entry.name == g.name) {
            missed += 1;
        }
    }
    report(
        &format!("look-up before saving (`preview`), {engine}"),
        count,
        &mut times,
    );
    assert_eq!(missed, 0, "every entry spelt alike is found");

    // A write: the look-up and the pairs kept, in the write's transaction.
    let ids: Vec<i64> = (0..1000)
        .map(|_| 1 + (rng.next() % count as u64) as i64)
        .collect();
    let mut times = Vec::new();
    for id in ids {
        let t = Instant::now();
        let mut tx = db.begin().await.unwrap();
        duplicates::check(&mut tx, &[id], partage::domain::now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        times.push(t.elapsed());
    }
    report(
        &format!("look-up in a write (`check`, with its transaction), {engine}"),
        count,
        &mut times,
    );
}

fn report(what: &str, count: usize, times: &mut [Duration]) {
    times.sort();
    println!(
        "| {what} | {count} | {} | {} |",
        ms(percentile(times, 0.5)),
        ms(percentile(times, 0.99))
    );
}

/// Writes the rows as the domain would (the keys as `ContactKeys` makes them), 100 to a
/// statement, straight to the table: importing 100,000 takes minutes and is not measured here.
async fn insert(url: &str, all: &[Generated]) {
    const HEAD: &str = "INSERT INTO initiatives (slug, name, summary, description, description_html, \
        categories, tags, languages, status, sort_key, search_text, latitude, longitude, \
        website_key, email_key, phone_key, unchecked, created_at, updated_at) VALUES ";
    let now = partage::domain::now();
    let (sqlite, postgres) = if url.starts_with("sqlite:") {
        (Some(sqlx::SqlitePool::connect(url).await.unwrap()), None)
    } else {
        (None, Some(sqlx::PgPool::connect(url).await.unwrap()))
    };
    for (c, chunk) in all.chunks(100).enumerate() {
        let mut sql = String::from(HEAD);
        for (k, _) in chunk.iter().enumerate() {
            let b = k * 8;
            if k > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "(${}, ${}, '', '', '', '[]', '[]', '[]', 'active', ${}, ${}, ${}, ${}, ${}, ${}, ${}, 0, $1, $1)",
                b + 2, b + 3, b + 4, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9
            ));
        }
        macro_rules! bound {
            ($q:expr) => {{
                let mut q = $q.bind(now);
                for (k, g) in chunk.iter().enumerate() {
                    let folded = partage::domain::text::fold(&g.name);
                    q = q
                        .bind(format!("i-{}", c * 100 + k))
                        .bind(g.name.clone())
                        .bind(folded)
                        .bind(g.point.0)
                        .bind(g.point.1)
                        .bind(g.keys.website.clone())
                        .bind(g.keys.email.clone())
                        .bind(g.keys.phone.clone());
                }
                q
            }};
        }
        match (&sqlite, &postgres) {
            (Some(pool), _) => bound!(sqlx::query(&sql)).execute(pool).await.map(|_| ()),
            (_, Some(pool)) => bound!(sqlx::query(&sql)).execute(pool).await.map(|_| ()),
            _ => unreachable!("one engine"),
        }
        .unwrap();
    }
}
