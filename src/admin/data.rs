//! `partage import` and `partage export`.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Context, bail};

use crate::app::open_database;
use crate::config::Settings;
use crate::domain::audit::{self, Actor};
use crate::domain::import::{self, Report};
use crate::ops::export::{self, ExportFormat};
use crate::ops::geojson;
use crate::ops::import::{Format, decode};

/// At most this many row errors are printed (all are counted).
const SHOWN_ERRORS: usize = 1000;

/// At most this many rows' warnings are printed (every change is counted)…
const SHOWN_WARNINGS: usize = 100;

/// … and this many different changes, the most frequent first.
const SHOWN_CHANGES: usize = 30;

pub async fn import(settings: &Settings, source: &str, dry_run: bool) -> anyhow::Result<()> {
    let format = Format::of(source.split('?').next().unwrap_or(source))
        .with_context(|| format!("{source}: use a .csv, .json, .geojson or .ics file"))?;
    let bytes = if source.starts_with("http://") || source.starts_with("https://") {
        crate::federation::install_crypto_provider();
        let response = reqwest::get(source)
            .await
            .with_context(|| format!("cannot fetch {source}"))?;
        if !response.status().is_success() {
            bail!("{source} answered {}", response.status());
        }
        response.bytes().await?.to_vec()
    } else {
        std::fs::read(source).with_context(|| format!("cannot read {source}"))?
    };
    let text = decode(&bytes);
    let db = open_database(settings).await?;
    let progress = progress();
    let tick = |n: usize| progress.tick(n);
    let report = match format {
        Format::Csv => {
            import::initiatives(
                &db,
                crate::ops::import::csv(&text).map_err(anyhow::Error::msg)?,
                dry_run,
                tick,
            )
            .await?
        }
        Format::Json => {
            import::initiatives(
                &db,
                crate::ops::import::json(&text).map_err(anyhow::Error::msg)?,
                dry_run,
                tick,
            )
            .await?
        }
        Format::GeoJson => {
            import::initiatives(
                &db,
                crate::ops::import::geojson(&text).map_err(anyhow::Error::msg)?,
                dry_run,
                tick,
            )
            .await?
        }
        Format::Ics => {
            import::events(
                &db,
                crate::ops::import::ics(&text).map_err(anyhow::Error::msg)?,
                settings.timezone(),
                dry_run,
                tick,
            )
            .await?
        }
    };
    progress.finish();
    if !dry_run {
        audit::record(&db, Actor::CommandLine, "import", source).await?;
    }
    db.close().await;
    print_report(&report, dry_run)
}

fn print_report(report: &Report, dry_run: bool) -> anyhow::Result<()> {
    print_warnings(report);
    for error in report.errors.iter().take(SHOWN_ERRORS) {
        eprintln!("{error}");
    }
    if report.errors.len() > SHOWN_ERRORS {
        eprintln!("… and {} more errors", report.errors.len() - SHOWN_ERRORS);
    }
    let counts = format!(
        "{} to create, {} to update, {} unchanged",
        report.created, report.updated, report.unchanged
    );
    if !report.errors.is_empty() {
        bail!(
            "{} rows have errors: nothing was written ({counts} once they are fixed)",
            report.errors.len()
        );
    }
    if dry_run {
        for change in &report.changes {
            println!("{change}");
        }
        println!("Dry run: every row is valid; {counts}. Nothing was written.");
    } else {
        println!(
            "Imported: {} created, {} updated, {} unchanged. The running server publishes the changes to followers.",
            report.created, report.updated, report.unchanged
        );
    }
    Ok(())
}

/// Tags made hashtags: each row (up to a hundred), then each change with its count.
fn print_warnings(report: &Report) {
    if report.warnings.is_empty() {
        return;
    }
    for warning in report.warnings.iter().take(SHOWN_WARNINGS) {
        eprintln!("warning: {warning}");
    }
    if report.warnings.len() > SHOWN_WARNINGS {
        eprintln!(
            "… and {} more warnings",
            report.warnings.len() - SHOWN_WARNINGS
        );
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for warning in &report.warnings {
        *counts.entry(warning.message.as_str()).or_default() += 1;
    }
    let mut counts: Vec<(&str, usize)> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut changes: Vec<String> = counts
        .iter()
        .take(SHOWN_CHANGES)
        .map(|(change, n)| match n {
            1 => format!("{change} (1 row)"),
            n => format!("{change} ({n} rows)"),
        })
        .collect();
    if counts.len() > SHOWN_CHANGES {
        changes.push(format!("{} more", counts.len() - SHOWN_CHANGES));
    }
    eprintln!(
        "warning: {} tags written as Mastodon's hashtags (letters, digits and underscores): {}",
        report.warnings.len(),
        changes.join(", ")
    );
}

/// A progress bar on a terminal, plain lines every 1,000 rows otherwise.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

fn progress() -> Progress {
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} rows checked ({per_sec})")
                .expect("a valid template"),
        );
        bar
    });
    Progress { bar }
}

impl Progress {
    fn tick(&self, n: usize) {
        match &self.bar {
            Some(bar) => bar.set_position(n as u64),
            None if n.is_multiple_of(1000) => eprintln!("{n} rows checked"),
            None => {}
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

pub async fn export(
    settings: &Settings,
    format: ExportFormat,
    output: Option<&Path>,
) -> anyhow::Result<()> {
    let db = open_database(settings).await?;
    let initiatives = export::initiatives(&db).await?;
    let base = settings.base_url();
    let text = match format {
        ExportFormat::Json => {
            let events = export::events(&db).await?;
            serde_json::to_string_pretty(&export::json_document(
                &initiatives,
                &events,
                &settings.instance.license,
            ))?
        }
        ExportFormat::Csv => export::initiatives_csv(&initiatives)?,
        ExportFormat::GeoJson => {
            let url = |slug: &str| {
                base.join(&format!("initiatives/{slug}"))
                    .map(|u| u.to_string())
                    .unwrap_or_default()
            };
            serde_json::to_string_pretty(&geojson::initiatives(&initiatives, &url, &|_| None))?
        }
    };
    db.close().await;
    match output {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{text}"),
    }
    Ok(())
}
