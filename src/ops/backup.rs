//! Backups: a consistent copy of the whole database (directory, keys, followers, queue) taken
//! while the chapter runs, and its restoration into an empty data directory.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{Context, bail};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};
use sqlx::{ConnectOptions, Connection};

use crate::config::Settings;
use crate::db::Db;

/// What a backup holds about itself, in its `backup_meta` table.
const META_VERSION: &str = "partage_version";
const META_SETTINGS: &str = "settings";
const META_CREATED: &str = "created_at";

/// Writes a backup of the database to `file`. SQLite: `VACUUM INTO`, a consistent snapshot
/// even while the server writes. PostgreSQL: `pg_dump --format=custom`.
pub async fn backup(db: &Db, settings: &Settings, file: &Path) -> anyhow::Result<()> {
    if file.exists() {
        bail!("{} exists already: choose a new file", file.display());
    }
    match db {
        Db::Sqlite(pool, _) => {
            let target = file.to_str().context("the backup path is not UTF-8")?;
            // The pool reads only, and the write gate's connection would hold every writer
            // back for the whole copy: a connection of its own, which reads a snapshot.
            let options = pool.connect_options().as_ref().clone().read_only(false);
            let mut source = options.connect().await?;
            sqlx::query("VACUUM INTO $1")
                .bind(target)
                .execute(&mut source)
                .await
                .context("VACUUM INTO failed")?;
            source.close().await?;
            let copy = open_file(file, false).await?;
            let mut snapshot = serde_json::to_value(settings).expect("settings serialise");
            // A database URL may hold a password: it is not kept.
            snapshot["database"]["url"] = serde_json::Value::String(String::new());
            let snapshot = snapshot.to_string();
            for (key, value) in [
                (META_VERSION, env!("CARGO_PKG_VERSION").to_owned()),
                (META_CREATED, chrono::Utc::now().to_rfc3339()),
                (META_SETTINGS, snapshot),
            ] {
                sqlx::query("INSERT INTO backup_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                    .bind(key)
                    .bind(value)
                    .execute(&copy)
                    .await?;
            }
            copy.close().await;
            Ok(())
        }
        Db::Postgres(_) => {
            let url = settings.database_url().map_err(anyhow::Error::msg)?;
            let status = std::process::Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--file"])
                .arg(file)
                .arg(&url)
                .status()
                .context("pg_dump is not installed: install PostgreSQL's client tools, or run pg_dump --format=custom yourself")?;
            if !status.success() {
                bail!("pg_dump failed ({status})");
            }
            Ok(())
        }
    }
}

/// Restores a SQLite backup into the configured, empty data directory. Refuses a backup
/// written by a newer Partage.
pub async fn restore(settings: &Settings, file: &Path) -> anyhow::Result<PathBuf> {
    let url = settings.database_url().map_err(anyhow::Error::msg)?;
    if !url.starts_with("sqlite:") {
        bail!(
            "restoring into PostgreSQL: create an empty database, then run pg_restore --no-owner -d <database> {}",
            file.display()
        );
    }
    let header = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    if !header.starts_with(b"SQLite format 3\0") {
        bail!(
            "{} is not a Partage backup (not a SQLite database)",
            file.display()
        );
    }
    let target = PathBuf::from(
        url.trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:"),
    );
    let dir = target.parent().map(Path::to_path_buf).unwrap_or_default();
    if dir.exists() && std::fs::read_dir(&dir)?.next().is_some() {
        bail!(
            "the data directory {} is not empty: restore into an empty one",
            dir.display()
        );
    }

    let backup = open_file(file, true).await?;
    let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&backup)
        .await
        .context("not a Partage backup")?;
    let known = sqlx::migrate!("migrations/sqlite")
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0);
    if newest.unwrap_or(0) > known {
        bail!(
            "this backup comes from a newer Partage (schema version {}); this one knows up to {known}: upgrade Partage first",
            newest.unwrap_or(0)
        );
    }
    let settings_snapshot: Option<String> =
        sqlx::query_scalar("SELECT value FROM backup_meta WHERE key = $1")
            .bind(META_SETTINGS)
            .fetch_optional(&backup)
            .await
            .ok()
            .flatten();
    backup.close().await;

    std::fs::create_dir_all(&dir)?;
    std::fs::copy(file, &target).with_context(|| format!("cannot write {}", target.display()))?;
    if let Some(snapshot) = settings_snapshot {
        std::fs::write(dir.join("settings-from-backup.json"), snapshot)?;
    }
    Ok(target)
}

async fn open_file(file: &Path, read_only: bool) -> anyhow::Result<SqlitePool> {
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", file.display()))?
        .read_only(read_only);
    Ok(SqlitePool::connect_with(options).await?)
}
