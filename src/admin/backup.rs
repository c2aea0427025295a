//! `partage backup`, `partage restore` and `partage migrate-db`.

use std::path::Path;

use crate::app::open_database;
use crate::config::Settings;
use crate::db::Db;
use crate::ops;

pub async fn backup(settings: &Settings, file: &Path) -> anyhow::Result<()> {
    let db = open_database(settings).await?;
    let started = std::time::Instant::now();
    ops::backup::backup(&db, settings, file).await?;
    db.close().await;
    println!(
        "Backed up to {} in {:.1?}.",
        file.display(),
        started.elapsed()
    );
    Ok(())
}

pub async fn restore(settings: &Settings, file: &Path) -> anyhow::Result<()> {
    let (target, contents) = ops::backup::restore(settings, file).await?;
    // Open it as `serve` will, bring its schema up to date, and check it is the backup.
    let db = open_database(settings).await?;
    let checked = ops::backup::verify_restored(&db, &contents, &target).await;
    db.close().await;
    checked?;
    println!(
        "Restored {} into {}. Start the chapter with `partage serve`.",
        file.display(),
        target.display()
    );
    Ok(())
}

pub async fn migrate_db(settings: &Settings, to: &str) -> anyhow::Result<()> {
    if !(to.starts_with("postgres://") || to.starts_with("postgresql://")) {
        anyhow::bail!("--to must be a postgres:// URL");
    }
    let from = open_database(settings).await?;
    let target = Db::connect(to, 4).await?;
    let copied = ops::migrate_db::copy(&from, &target).await?;
    for (table, rows) in &copied {
        println!("{table:>22}: {rows} rows");
    }
    from.close().await;
    target.close().await;
    println!("Done. Set database.url = {to:?} (or PARTAGE_DATABASE__URL) and restart the chapter.");
    Ok(())
}
