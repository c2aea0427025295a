//! What the benchmark harnesses share: percentiles, milliseconds, a fresh PostgreSQL database.

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
/// and returns its URL.
pub async fn fresh_postgres(admin: &str, name: &str) -> String {
    use sqlx::Executor;
    let pool = sqlx::PgPool::connect(admin).await.unwrap();
    pool.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
        .await
        .unwrap();
    pool.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    let base = admin.rsplit_once('/').map_or(admin, |(b, _)| b);
    format!("{base}/{name}")
}
