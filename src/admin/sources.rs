//! `partage source add|list|show|run|remove|ignore`: sources kept in sync, from the command
//! line (the running server reads them on their schedule).

use anyhow::Context;

use crate::app::open_database;
use crate::cli::SourceCommand;
use crate::config::Settings;
use crate::domain::audit::{self, Actor};
use crate::domain::sources::{self, Format, Mapping, Outcome, Source, SourceInput};
use crate::ops::sources::{Fetcher, Mapped, preview};

/// Rows a dry run prints.
const PREVIEW_ROWS: usize = 10;

fn fetcher(settings: &Settings) -> anyhow::Result<Fetcher> {
    Fetcher::for_settings(settings)
}

pub async fn command(settings: &Settings, command: SourceCommand) -> anyhow::Result<()> {
    match command {
        SourceCommand::Add {
            url,
            format,
            every,
            mapping,
            category,
            name,
            licence,
            link,
            dry_run,
        } => {
            let mut mapping = match mapping {
                Some(path) => {
                    let text = std::fs::read_to_string(&path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    Mapping::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
                }
                None => Mapping::default(),
            };
            mapping.category.extend(category);
            let input = SourceInput {
                url,
                format,
                every,
                name: name.unwrap_or_default(),
                licence: licence.unwrap_or_default(),
                link: link.unwrap_or_default(),
                mapping,
            };
            if dry_run {
                return dry(settings, &input).await;
            }
            add(settings, &input).await
        }
        SourceCommand::List => list(settings).await,
        SourceCommand::Show { id } => show(settings, id).await,
        SourceCommand::Run { id } => run(settings, id).await,
        SourceCommand::Remove { id } => {
            let db = open_database(settings).await?;
            sources::remove(&db, id).await?;
            audit::record(&db, Actor::CommandLine, "source.remove", &id.to_string()).await?;
            println!("Source {id} removed; the entries it brought stay.");
            Ok(())
        }
        SourceCommand::Ignore { id, key, undo } => {
            let db = open_database(settings).await?;
            let changed = if undo {
                sources::unignore(&db, id, &key).await?
            } else {
                sources::ignore(&db, id, &key).await?
            };
            match (undo, changed) {
                (false, true) => println!("Rows of id {key:?} are left out from the next run on."),
                (false, false) => println!("{key:?} was already ignored."),
                (true, true) => println!("Rows of id {key:?} are read again from the next run on."),
                (true, false) => println!("{key:?} was not ignored."),
            }
            Ok(())
        }
    }
}

async fn add(settings: &Settings, input: &SourceInput) -> anyhow::Result<()> {
    let db = open_database(settings).await?;
    let source = sources::add(&db, input).await.map_err(problems)?;
    let target = format!("{} ({})", source.id, source.url);
    audit::record(&db, Actor::CommandLine, "source.add", &target).await?;
    println!(
        "Source {} added: {} ({}), every {}. The running server reads it within a minute; \
         `partage source run {}` reads it now.",
        source.id,
        source.url,
        source.format.as_str(),
        sources::format_every(source.every),
        source.id
    );
    Ok(())
}

/// Domain problems as lines.
fn problems(e: crate::domain::Error) -> anyhow::Error {
    match e {
        crate::domain::Error::Invalid(problems) => anyhow::anyhow!(
            "{}",
            problems
                .iter()
                .map(|p| format!("{}: {}", p.field, p.message))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        other => other.into(),
    }
}

async fn dry(settings: &Settings, input: &SourceInput) -> anyhow::Result<()> {
    sources::check(input).map_err(|p| problems(crate::domain::Error::Invalid(p)))?;
    let format = Format::parse(&input.format).map_err(anyhow::Error::msg)?;
    let found = preview(
        &fetcher(settings)?,
        &input.url,
        format,
        &input.mapping,
        PREVIEW_ROWS,
    )
    .await
    .map_err(anyhow::Error::msg)?;
    println!("{} rows; the first {}:", found.total, found.rows.len());
    for row in &found.rows {
        match row {
            Ok(mapped) => print_mapped(mapped),
            Err(e) => println!("  {e}"),
        }
    }
    println!("Nothing was saved (dry run).");
    Ok(())
}

fn print_mapped(m: &Mapped) {
    println!(
        "  line {}: {}",
        m.line,
        m.get("name").unwrap_or("(no name)")
    );
    for (field, column, value) in &m.cells {
        if *field != "name" {
            println!("    {field} ← {column}: {value}");
        }
    }
    if !m.unmapped_categories.is_empty() {
        println!(
            "    (categories without a rule: {})",
            m.unmapped_categories.join(", ")
        );
    }
}

async fn list(settings: &Settings) -> anyhow::Result<()> {
    let db = open_database(settings).await?;
    let counts = sources::entry_counts(&db).await?;
    let all = sources::list(&db).await?;
    if all.is_empty() {
        println!("No sources. Add one with `partage source add URL --format csv`.");
    }
    for s in all {
        let (n, left) = counts
            .iter()
            .find(|(id, _, _)| *id == s.id)
            .map_or((0, 0), |c| (c.1, c.2));
        println!(
            "{}\t{}\t{}\tevery {}\t{n} entries ({left} closed)\t{}",
            s.id,
            s.format.as_str(),
            s.url,
            sources::format_every(s.every),
            health(&s)
        );
    }
    Ok(())
}

fn health(s: &Source) -> String {
    match (&s.error, s.last_success_at) {
        (Some(error), _) if s.is_failing() => {
            format!(
                "FAILING ({} times): {error}; next try {}",
                s.failures, s.next_run_at
            )
        }
        (_, Some(at)) => format!("ok, last read {at}"),
        _ => "not read yet".to_owned(),
    }
}

async fn show(settings: &Settings, id: i64) -> anyhow::Result<()> {
    let db = open_database(settings).await?;
    let s = sources::get(&db, id).await?;
    println!("Source {}: {} ({})", s.id, s.url, s.format.as_str());
    let a = &s.attribution;
    println!(
        "From: {}{}{}",
        a.name,
        a.licence
            .as_deref()
            .map(|l| format!(" ({l})"))
            .unwrap_or_default(),
        a.link
            .as_deref()
            .map(|l| format!(" <{l}>"))
            .unwrap_or_default()
    );
    println!("Every {}; {}", sources::format_every(s.every), health(&s));
    println!("Mapping: {}", serde_json::to_string(&s.mapping)?);
    if !s.ignored.is_empty() {
        println!("Ignored ids: {}", s.ignored.join(", "));
    }
    for run in sources::runs(&db, id, 10).await? {
        println!("{}  {run}", run.started_at);
    }
    Ok(())
}

async fn run(settings: &Settings, id: i64) -> anyhow::Result<()> {
    let db = open_database(settings).await?;
    let Some(run) = crate::ops::sources::run(&db, &fetcher(settings)?, id, true).await? else {
        anyhow::bail!("source {id} is being read by the running server now; try again shortly");
    };
    println!("{run}");
    for note in &run.notes {
        println!("  {note}");
    }
    if run.created + run.updated + run.closed > 0 {
        println!("The running server tells followers of the changes within 10 seconds.");
    }
    if let Outcome::Failed(_) = run.outcome {
        anyhow::bail!("the source failed; it keeps what it had and is tried again later");
    }
    Ok(())
}
