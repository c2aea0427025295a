//! A measurement, ignored by default: a realistic 100,000-row directory (generic names repeated
//! across streets and cities, hyphenated tags), imported by `partage import`. It prints Markdown
//! rows for docs/BENCHMARKS.md: `cargo test --release --test api import::bench -- --ignored
//! --nocapture`. With `PARTAGE_BEFORE_BIN=path/to/an/older/partage`, the same file through that
//! binary too, for the rows it refused.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use super::generated::{ROWS, directory};

/// Runs an import: (seconds, max RSS in kB, stdout, stderr).
fn import(binary: &Path, data: &Path, file: &Path, more: &[&str]) -> (f64, u64, String, String) {
    let start = Instant::now();
    let output = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("maxrss=%M")
        .arg(binary)
        .arg("import")
        .arg(file)
        .args(more)
        .env("PARTAGE_DATA__DIR", data)
        .env_remove("PARTAGE_CONFIG")
        .env_remove("PARTAGE_DATABASE__URL")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    let seconds = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let rss = stderr
        .lines()
        .find_map(|l| l.strip_prefix("maxrss="))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    (seconds, rss, stdout, stderr)
}

/// The number in "N rows have errors" (each refused row has one error in both versions).
fn refused(stderr: &str) -> usize {
    stderr
        .lines()
        .find_map(|l| l.split_once(" rows have errors"))
        .and_then(|(n, _)| n.rsplit(' ').next()?.parse().ok())
        .unwrap_or(0)
}

#[test]
#[ignore = "a measurement, not a test: run it with --ignored --nocapture"]
fn import_100000_rows() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("annuaire.csv");
    std::fs::write(&file, directory()).unwrap();
    let percent = |n: usize| 100.0 * n as f64 / ROWS as f64;
    println!("| what | figure |\n|---|---|");
    if let Some(before) = std::env::var_os("PARTAGE_BEFORE_BIN") {
        let data = dir.path().join("before");
        let (s, rss, _, stderr) = import(Path::new(&before), &data, &file, &[]);
        let n = refused(&stderr);
        println!(
            "| before: rows refused | {n} of {ROWS} ({:.0} %), nothing written; {s:.1} s, {} MB |",
            percent(n),
            rss / 1024
        );
    }
    let binary = Path::new(env!("CARGO_BIN_EXE_partage"));
    let data = dir.path().join("after");
    let (s, rss, _, stderr) = import(binary, &data, &file, &["--dry-run"]);
    let n = refused(&stderr);
    let warnings = stderr
        .lines()
        .filter(|l| l.starts_with("warning: line"))
        .count();
    println!(
        "| after: dry run, rows refused | {n} ({:.2} %), each a name written twice at one street; {s:.1} s, {} MB |",
        percent(n),
        rss / 1024
    );
    let summary = stderr
        .lines()
        .find(|l| l.contains("tags written as"))
        .unwrap_or_default();
    let summary: String = summary.chars().take(160).collect();
    println!("| after: tags made hashtags | {summary}…; {warnings} rows shown |");
    assert!(
        n <= 1000,
        "every refused line is printed, so that they can be left out"
    );
    // Without the refused rows (each error line starts with its own line), the file imports.
    let refused_lines: std::collections::HashSet<String> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("line ")?.split([':', ',']).next())
        .map(str::to_owned)
        .collect();
    let kept: String = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .enumerate()
        .filter(|(i, _)| !refused_lines.contains(&(i + 1).to_string()))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let clean = dir.path().join("clean.csv");
    std::fs::write(&clean, kept).unwrap();
    let (s, rss, stdout, stderr) = import(binary, &data, &clean, &[]);
    assert!(
        stdout.contains("Imported"),
        "{stdout}{}",
        &stderr[..stderr.len().min(2000)]
    );
    println!(
        "| after: import of the {} remaining rows | {s:.1} s, {} MB |",
        ROWS - n,
        rss / 1024
    );
    let (s, rss, stdout, _) = import(binary, &data, &clean, &[]);
    assert!(
        stdout.contains(&format!("0 created, 0 updated, {} unchanged", ROWS - n)),
        "{stdout}"
    );
    println!(
        "| after: the same file again (all unchanged, nothing written) | {s:.1} s, {} MB |",
        rss / 1024
    );
}
