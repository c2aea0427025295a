//! The searches people actually type, as a seeded set for the directory benchmark (issue #24):
//! one common and one rare word, prefixes of three letters, categories alone, circles of 1 to
//! 100 km in dense and in empty areas, and each combination; the same queries on every run.

use std::fmt::Write;

use super::{CITIES, Rng, ms};

/// Words in many entries' names and summaries (kinds, places, the summaries' verbs).
const COMMON: [&str; 16] = [
    "repair",
    "café",
    "jardin",
    "atelier",
    "community",
    "tool",
    "bike",
    "partager",
    "together",
    "neighbours",
    "amap",
    "paris",
    "berlin",
    "coworking",
    "ressourcerie",
    "temps",
];
/// Prefixes as typed before the word is finished.
const PREFIXES: [&str; 12] = [
    "rep", "caf", "jar", "ate", "com", "too", "bik", "par", "tog", "amp", "cow", "res",
];
const CATEGORIES: [&str; 7] = [
    "repair", "goods", "food", "mobility", "skills", "spaces", "energy",
];
const RADII: [u32; 7] = [1, 2, 5, 10, 25, 50, 100];

/// One kind of query and its members, as API query strings.
pub struct Kind {
    pub name: &'static str,
    pub queries: Vec<String>,
}

/// 1,000 queries, 100 of each kind, the same for every seed of 0x5eed.
pub fn broad() -> Vec<Kind> {
    let mut rng = Rng(0x0b5e_55ed);
    let mut kind = |name, make: &mut dyn FnMut(&mut Rng) -> String| Kind {
        name,
        queries: (0..100).map(|_| make(&mut rng)).collect(),
    };
    vec![
        kind("text, common word", &mut |r| {
            format!("q={}", r.pick(&COMMON))
        }),
        kind("text, rare word", &mut |r| rare(r)),
        kind("text, prefix of 3 letters", &mut |r| {
            format!("q={}", r.pick(&PREFIXES))
        }),
        kind("category alone", &mut |r| {
            format!("category={}", r.pick(&CATEGORIES))
        }),
        kind("circle, dense area", &mut |r| dense(r)),
        kind("circle, empty area", &mut |r| empty(r)),
        kind("text + category", &mut |r| {
            format!("{}&category={}", word(r), r.pick(&CATEGORIES))
        }),
        kind("text + circle", &mut |r| {
            let circle = circle(r);
            format!("{}&{circle}", word(r))
        }),
        kind("category + circle", &mut |r| {
            let circle = circle(r);
            format!("category={}&{circle}", r.pick(&CATEGORIES))
        }),
        kind("text + category + circle", &mut |r| {
            let circle = circle(r);
            format!("{}&category={}&{circle}", word(r), r.pick(&CATEGORIES))
        }),
    ]
}

/// A word few entries hold: an entry's number in its name, or a word in none.
fn rare(r: &mut Rng) -> String {
    if r.next().is_multiple_of(4) {
        format!(
            "q={}",
            ["zythum", "quokka", "xylophone", "fjord"][r.next() as usize % 4]
        )
    } else {
        format!("q={}", r.next() % 100_000)
    }
}

/// A common word, a prefix or a rare word, as the combinations mix them.
fn word(r: &mut Rng) -> String {
    match r.next() % 3 {
        0 => format!("q={}", r.pick(&PREFIXES)),
        1 => rare(r),
        _ => format!("q={}", r.pick(&COMMON)),
    }
}

fn dense(r: &mut Rng) -> String {
    let (_, _, lat, lon) = r.pick(&CITIES);
    at(
        lat + (r.unit() - 0.5) * 0.1,
        lon + (r.unit() - 0.5) * 0.1,
        r,
    )
}

/// Somewhere in Europe, mostly far from the generated cities.
fn empty(r: &mut Rng) -> String {
    at(36.0 + r.unit() * 24.0, -9.0 + r.unit() * 34.0, r)
}

fn circle(r: &mut Rng) -> String {
    if r.next().is_multiple_of(2) {
        dense(r)
    } else {
        empty(r)
    }
}

fn at(lat: f64, lon: f64, r: &mut Rng) -> String {
    let mut query = String::new();
    let _ = write!(query, "near={lat:.4},{lon:.4}&radius_km={}", r.pick(&RADII));
    query
}

/// Each of one kind's queries through the API at `base` (`http://host:port`) with its time,
/// asked once to warm the caches and once measured, fastest first.
pub async fn time_kind(
    client: &reqwest::Client,
    base: &str,
    kind: &Kind,
) -> Vec<(std::time::Duration, String)> {
    let mut timed = Vec::new();
    for query in &kind.queries {
        let url = format!("{base}/api/v1/initiatives?{query}");
        ask(client, &url).await;
        let t = std::time::Instant::now();
        ask(client, &url).await;
        timed.push((t.elapsed(), query.clone()));
    }
    timed.sort();
    timed
}

/// The times of `timed`, in its order.
pub fn times(timed: &[(std::time::Duration, String)]) -> Vec<std::time::Duration> {
    timed.iter().map(|(took, _)| *took).collect()
}

/// The queries of `timed` (fastest first) slower than its p99, slowest first, with their
/// times: those that make it.
pub fn past_p99(timed: &[(std::time::Duration, String)]) -> String {
    let from = ((timed.len() as f64) * 0.99).floor() as usize;
    let slowest: Vec<String> = timed[from.min(timed.len())..]
        .iter()
        .rev()
        .map(|(took, query)| format!("`{query}` {}", ms(*took)))
        .collect();
    slowest.join(", ")
}

/// One search, read whole; anything but a success stops the benchmark.
async fn ask(client: &reqwest::Client, url: &str) {
    let response = client.get(url).send().await.unwrap();
    assert!(
        response.status().is_success(),
        "{url}: {}",
        response.status()
    );
    response.bytes().await.unwrap();
}
