//! Loads for the hub benchmark: one read timed, the broad query set's p50 and p99 per kind, and
//! requests per second from several clients at once.

use std::time::{Duration, Instant};

use crate::support::{ms, percentile, queries};

/// One read, whole; returns its size in bytes.
pub async fn fetch(client: &reqwest::Client, url: &str) -> usize {
    let response = client.get(url).send().await.unwrap();
    assert!(
        response.status().is_success(),
        "{url}: {}",
        response.status()
    );
    response.bytes().await.unwrap().len()
}

/// The median of `n` reads of `url`, one at a time, and the size of the last.
pub async fn alone(client: &reqwest::Client, url: &str, n: usize) -> (Duration, usize) {
    let mut times = Vec::with_capacity(n);
    let mut size = 0;
    for _ in 0..n {
        let t = Instant::now();
        size = fetch(client, url).await;
        times.push(t.elapsed());
    }
    times.sort();
    (percentile(&times, 0.5), size)
}

/// Requests per second of `clients` clients reading `url` as fast as they can for `seconds`.
pub async fn rate(client: &reqwest::Client, url: &str, clients: usize, seconds: u64) -> f64 {
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (client, url) = (client.clone(), url.to_owned());
            tokio::spawn(async move {
                let mut n = 0u32;
                while started.elapsed() < Duration::from_secs(seconds) {
                    fetch(&client, &url).await;
                    n += 1;
                }
                n
            })
        })
        .collect();
    let mut n = 0;
    for task in tasks {
        n += task.await.unwrap();
    }
    f64::from(n) / started.elapsed().as_secs_f64()
}

/// The 1,000 seeded queries of ten kinds (benches/support/queries.rs) through the API at
/// `base`, each asked once to warm the caches and once measured; prints a Markdown table of
/// p50, p99 and the slowest per kind, and returns the p99 of all.
pub async fn broad(client: &reqwest::Client, base: &str, label: &str) -> Duration {
    println!("\n| search per kind ({label}) | queries | p50 | p99 | slowest | target |");
    println!("|---|---|---|---|---|---|");
    let mut all = Vec::new();
    for kind in queries::broad() {
        let timed = queries::time_kind(client, base, &kind).await;
        let times = queries::times(&timed);
        let slowest = timed.last().unwrap();
        println!(
            "| {} | {} | {} | {} | {} (`{}`) | p99 ≤ 25 ms |",
            kind.name,
            times.len(),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99)),
            ms(slowest.0),
            slowest.1
        );
        all.extend(timed);
    }
    all.sort();
    let times = queries::times(&all);
    println!(
        "| **all** | {} | {} | {} | {} | p99 ≤ 25 ms |",
        all.len(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().unwrap())
    );
    println!("\nPast the p99 of all: {}", queries::past_p99(&all));
    percentile(&times, 0.99)
}
