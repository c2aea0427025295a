//! What the benchmark harnesses share: percentiles, milliseconds, a fresh PostgreSQL database,
//! the release binary started and measured. Each harness uses a part of it.
#![allow(dead_code)]

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
