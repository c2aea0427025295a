//! Pictures, on the release binary as an admin runs it: `cargo bench --bench pictures`. Uploads
//! a 12-megapixel JPEG and a 4,000 × 3,000 PNG (`POST /api/v1/media`, which answers once both
//! files are stored), one at a time and then from 8 clients at once, and reads the server's
//! resident memory. Next to each: the floor, decoding the same file and encoding its 2,048-px
//! copy with the same crates in a process of its own (its time and its peak memory).
//! `PARTAGE_BENCH_UPLOADS` (default 24) uploads for the concurrent run. Prints Markdown rows for
//! docs/BENCHMARKS.md.

mod support;

use support::ms;
use support::server::{free_port, peak_kib, rss_kib, start, stop};

use std::io::Cursor;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{ImageFormat, RgbImage};

const WIDTH: u32 = 4_000;
const HEIGHT: u32 = 3_000;
const CONCURRENT: usize = 8;
/// Runs of each measurement taken one at a time; the median is shown.
const RUNS: usize = 5;

fn main() {
    // `cargo bench` passes `--bench`; the floor runs in a process of its own to read its peak.
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--floor") {
        floor_process(&args[i + 1]);
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    partage::federation::install_crypto_provider();
    runtime.block_on(run());
}

/// A photograph's worth of detail: smooth shapes, edges and, with `noise`, a sensor's grain, so
/// that the codecs have no easy time. (A PNG of a photograph with grain is over 20 MB, past any
/// upload limit: the PNG is a drawing's, without it.)
fn picture(noise: bool) -> RgbImage {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let noise = if noise {
            (seed % 24) as f32 - 12.0
        } else {
            0.0
        };
        let (fx, fy) = (x as f32 / WIDTH as f32, y as f32 / HEIGHT as f32);
        let wave = ((fx * 37.0).sin() * (fy * 23.0).cos() * 60.0) + 128.0;
        let edge = if (x / 250 + y / 250) % 2 == 0 {
            30.0
        } else {
            -30.0
        };
        let channel = |shift: f32| (wave + edge * shift + noise).clamp(0.0, 255.0) as u8;
        image::Rgb([channel(1.0), channel(0.5), channel(-0.8)])
    })
}

/// RGB pixels as a JPEG of `quality`.
fn jpeg(rgb: &[u8], width: u32, height: u32, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, quality)
        .encode(
            rgb,
            width as u16,
            height as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .unwrap();
    out
}

fn inputs(dir: &std::path::Path) -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let photo = picture(true);
    let jpeg = jpeg(photo.as_raw(), WIDTH, HEIGHT, 92);
    let mut png = Vec::new();
    picture(false)
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .unwrap();
    std::fs::write(dir.join("photo.jpg"), &jpeg).unwrap();
    std::fs::write(dir.join("photo.png"), &png).unwrap();
    vec![
        ("12-megapixel JPEG", "photo.jpg", jpeg),
        ("4,000 × 3,000 PNG", "photo.png", png),
    ]
}

/// In a process of its own: decodes the file and encodes its 2,048-px copy, `RUNS` times, then
/// prints the median time and the process's peak memory.
fn floor_process(path: &str) {
    let bytes = std::fs::read(path).unwrap();
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let decoded = image::load_from_memory(&bytes).unwrap().into_rgb8();
        let (w, h) = (2_048, 2_048 * decoded.height() / decoded.width());
        let mut resized = Image::new(w, h, PixelType::U8x3);
        let source = ImageRef::new(
            decoded.width(),
            decoded.height(),
            decoded.as_raw(),
            PixelType::U8x3,
        )
        .unwrap();
        Resizer::new()
            .resize(
                &source,
                &mut resized,
                &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)),
            )
            .unwrap();
        drop(decoded);
        let out = jpeg(resized.buffer(), w, h, 82);
        assert!(!out.is_empty() && resized.width() == w);
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "{} {}",
        times[RUNS / 2].as_micros(),
        peak_kib(std::process::id())
    );
}

fn floor(path: &std::path::Path) -> (Duration, u64) {
    let out = Command::new(std::env::current_exe().unwrap())
        .arg("--floor")
        .arg(path)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut parts = text.split_whitespace();
    let micros: u64 = parts.next().unwrap().parse().unwrap();
    let peak: u64 = parts.next().unwrap().parse().unwrap();
    (Duration::from_micros(micros), peak)
}

async fn upload(
    client: &reqwest::Client,
    url: &str,
    token: &str,
    name: &str,
    bytes: Vec<u8>,
) -> Duration {
    let form = reqwest::multipart::Form::new()
        .text("description", "A bench of the workshop")
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    let started = Instant::now();
    let response = client
        .post(url)
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body = response.text().await.unwrap();
    assert_eq!(status, 201, "{body}");
    started.elapsed()
}

async fn run() {
    let dir = tempfile::tempdir().unwrap();
    let files = inputs(dir.path());
    let url = format!("sqlite://{}/partage.sqlite", dir.path().display());
    let port = free_port();
    let domain = format!("localhost:{port}");
    let binary = env!("CARGO_BIN_EXE_partage");
    let token = Command::new(binary)
        .args(["admin", "token", "create", "--name", "bench"])
        .env("PARTAGE_DATABASE__URL", &url)
        .env("PARTAGE_DATA__DIR", dir.path())
        .output()
        .unwrap();
    let token = String::from_utf8(token.stdout)
        .unwrap()
        .split_whitespace()
        .find(|w| w.starts_with("partage_"))
        .expect("a token is printed")
        .to_owned();
    let media = format!("http://127.0.0.1:{port}/api/v1/media");
    let client = reqwest::Client::new();

    println!(
        "| picture | upload, one at a time (p50) | floor: decode + 2,048-px copy | ratio | server's peak memory | floor's peak memory |"
    );
    println!("|---|---|---|---|---|---|");
    // A fresh server for each picture, so that its peak is that picture's.
    for (what, name, bytes) in &files {
        let (server, _) = start(binary, &url, &domain, port, dir.path());
        let mut times = Vec::new();
        for _ in 0..RUNS {
            times.push(upload(&client, &media, &token, name, bytes.clone()).await);
        }
        times.sort();
        let (floor_time, floor_peak) = floor(&dir.path().join(name));
        println!(
            "| {what} ({:.1} MB) | {} | {} | {:.2}× | {:.0} MB | {:.0} MB |",
            bytes.len() as f64 / 1e6,
            ms(times[RUNS / 2]),
            ms(floor_time),
            times[RUNS / 2].as_secs_f64() / floor_time.as_secs_f64(),
            peak_kib(server.id()) as f64 / 1024.0,
            floor_peak as f64 / 1024.0,
        );
        stop(server);
    }

    // 8 clients at once, each uploading the JPEG in turn.
    let uploads: usize = std::env::var("PARTAGE_BENCH_UPLOADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    let (server, _) = start(binary, &url, &domain, port, dir.path());
    tokio::time::sleep(Duration::from_secs(1)).await;
    let pid = server.id();
    let idle = rss_kib(pid);
    let jpeg = Arc::new(files[0].2.clone());
    let peak = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let sampling = {
        let peak = peak.clone();
        tokio::spawn(async move {
            loop {
                peak.fetch_max(rss_kib(pid), std::sync::atomic::Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    let started = Instant::now();
    let mut clients = Vec::new();
    for c in 0..CONCURRENT {
        let (client, media, token, jpeg) =
            (client.clone(), media.clone(), token.clone(), jpeg.clone());
        let share = uploads / CONCURRENT + usize::from(c < uploads % CONCURRENT);
        clients.push(tokio::spawn(async move {
            let mut times = Vec::new();
            for _ in 0..share {
                times.push(upload(&client, &media, &token, "photo.jpg", (*jpeg).clone()).await);
            }
            times
        }));
    }
    let mut times = Vec::new();
    for c in clients {
        times.extend(c.await.unwrap());
    }
    let elapsed = started.elapsed();
    sampling.abort();
    times.sort();
    let (floor_time, _) = floor(&dir.path().join("photo.jpg"));
    println!();
    println!("| {CONCURRENT} clients at once, 12-megapixel JPEGs | figure | floor | target |");
    println!("|---|---|---|---|");
    println!(
        "| uploads per second ({uploads} uploads) | {:.2}/s | {:.2}/s (one core decoding and encoding) | |",
        uploads as f64 / elapsed.as_secs_f64(),
        1.0 / floor_time.as_secs_f64(),
    );
    println!(
        "| one upload's time, p50 / max | {} / {} | | |",
        ms(support::percentile(&times, 0.5)),
        ms(times[times.len() - 1]),
    );
    println!(
        "| server's resident memory: idle / peak | {:.0} MB / {:.0} MB | | < 250 MB |",
        idle as f64 / 1024.0,
        peak.load(std::sync::atomic::Ordering::Relaxed)
            .max(peak_kib(pid)) as f64
            / 1024.0,
    );
    stop(server);
}
