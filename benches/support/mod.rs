//! What the benchmark harnesses share: percentiles, milliseconds, a fresh PostgreSQL database,
//! the release binary started and measured. Each harness uses a part of it.
#![allow(dead_code)]

pub mod cpu;
pub mod queries;
pub mod server;

use std::time::Duration;

/// The `p` percentile (0 to 1) of sorted durations.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// A duration as `12.34 ms`.
pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Drops and creates database `name` on the server of `admin` (a URL to an existing database)
/// and returns its URL. With `PARTAGE_BENCH_POSTGRES_KEEP=1`, an existing database is kept, as
/// `PARTAGE_BENCH_SQLITE` keeps a SQLite file.
pub async fn fresh_postgres(admin: &str, name: &str) -> String {
    use sqlx::Executor;
    let pool = sqlx::PgPool::connect(admin).await.unwrap();
    let keep = std::env::var("PARTAGE_BENCH_POSTGRES_KEEP").is_ok_and(|v| v == "1");
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(name)
            .fetch_one(&pool)
            .await
            .unwrap();
    if !(keep && exists) {
        pool.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
            .await
            .unwrap();
        pool.execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap();
    }
    let base = admin.rsplit_once('/').map_or(admin, |(b, _)| b);
    format!("{base}/{name}")
}

/// A small deterministic generator (xorshift), so that runs are comparable.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn unit(&mut self) -> f64 {
        (self.next() % 1_000_000) as f64 / 1_000_000.0
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// The eight cities the generated directories are spread around: (name, country, latitude,
/// longitude).
pub const CITIES: [(&str, &str, f64, f64); 8] = [
    ("Paris", "FR", 48.8566, 2.3522),
    ("Berlin", "DE", 52.52, 13.405),
    ("Barcelona", "ES", 41.3874, 2.1686),
    ("Lyon", "FR", 45.764, 4.8357),
    ("Milano", "IT", 45.4642, 9.19),
    ("Amsterdam", "NL", 52.3676, 4.9041),
    ("Lisboa", "PT", 38.7223, -9.1393),
    ("Bruxelles", "BE", 50.8503, 4.3517),
];
