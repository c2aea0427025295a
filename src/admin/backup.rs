//! `partage backup`, `partage restore`, `partage migrate-db` and `partage migrate-media`.

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

pub async fn migrate_media(settings: &Settings) -> anyhow::Result<()> {
    let mut target = settings.clone();
    target.media.store = crate::config::MediaStore::S3;
    if target.media.s3_endpoint.is_empty() || target.media.s3_bucket.is_empty() {
        anyhow::bail!("set media.s3_endpoint and media.s3_bucket (and the credentials) first");
    }
    let from = crate::media::Store::local(&settings.media_dir())?;
    let to = crate::media::Store::open(&target)?;
    let copied = ops::media::copy_all(&from, &to).await?;
    println!(
        "Copied {copied} files from the {} to the {}. Set media.store = \"s3\" (PARTAGE_MEDIA__STORE=s3) and restart the chapter; the local files can go once it runs.",
        from.description, to.description
    );
    Ok(())
}
