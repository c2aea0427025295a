//! Backups: a consistent copy of the whole database (directory, keys, followers, queue) taken
//! while the chapter runs, and its restoration as a new database, checked after writing.

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
            let files = media_into(settings, &copy).await?;
            copy.close().await;
            if files > 0 {
                println!("With {files} picture files.");
            }
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
            if settings.media.store == crate::config::MediaStore::Local {
                println!(
                    "The pictures are not in a PostgreSQL dump: copy {} with it.",
                    settings.media_dir().display()
                );
            }
            Ok(())
        }
    }
}

/// Restores a SQLite backup as the database the settings name, which must not exist yet.
/// Refuses a backup written by a newer Partage. Returns the file written and what the backup
/// holds, for [`verify_restored`].
pub async fn restore(settings: &Settings, file: &Path) -> anyhow::Result<(PathBuf, Contents)> {
    let url = settings.database_url().map_err(anyhow::Error::msg)?;
    let Some(target) = crate::db::sqlite_file(&url)? else {
        bail!(
            "restoring into PostgreSQL: create an empty database, then run pg_restore --no-owner -d <database> {}",
            file.display()
        );
    };
    let header = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    if !header.starts_with(b"SQLite format 3\0") {
        bail!(
            "{} is not a Partage backup (not a SQLite database)",
            file.display()
        );
    }
    let existing = ["", "-wal", "-journal"]
        .iter()
        .map(|suffix| PathBuf::from(format!("{}{suffix}", target.display())))
        .find(|path| path.exists());
    if let Some(existing) = existing {
        bail!(
            "{} exists: the data directory is not empty; restore into an empty one (or move the old database away)",
            existing.display()
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
    let contents = Contents::read(&backup).await?;
    let pictures: Vec<(String, Vec<u8>)> =
        sqlx::query_as("SELECT name, bytes FROM backup_media ORDER BY name")
            .fetch_all(&backup)
            .await
            .unwrap_or_default();
    backup.close().await;
    let media_dir = settings.media_dir();
    if !pictures.is_empty() && media_dir.exists() && std::fs::read_dir(&media_dir)?.next().is_some()
    {
        bail!(
            "{} holds pictures already: restore into an empty data directory",
            media_dir.display()
        );
    }

    let dir = target.parent().map(Path::to_path_buf).unwrap_or_default();
    if !dir.as_os_str().is_empty() {
        std::fs::create_dir_all(&dir)?;
    }
    std::fs::copy(file, &target).with_context(|| format!("cannot write {}", target.display()))?;
    if let Some(snapshot) = settings_snapshot {
        std::fs::write(dir.join("settings-from-backup.json"), snapshot)?;
    }
    if !pictures.is_empty() {
        std::fs::create_dir_all(&media_dir)?;
        for (name, bytes) in &pictures {
            let path = media_dir.join(name);
            // Names are ours (`media::content_type` reads them); nothing leaves the folder.
            if name.contains('/')
                || name.contains("..")
                || crate::media::content_type(name).is_none()
            {
                bail!("the backup holds a file {name:?} that is not a picture of ours");
            }
            std::fs::write(&path, bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        // The restored database needs them no more.
        let restored = open_file(&target, false).await?;
        sqlx::query("DROP TABLE backup_media")
            .execute(&restored)
            .await?;
        sqlx::query("VACUUM").execute(&restored).await?;
        restored.close().await;
    }
    Ok((target, contents))
}

/// What a chapter's database holds, in a few numbers and its key: enough to tell that two
/// files are copies of one chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contents {
    pub initiatives: i64,
    pub events: i64,
    pub followers: i64,
    pub chapter_key: Option<String>,
}

impl Contents {
    async fn read(pool: &SqlitePool) -> anyhow::Result<Contents> {
        let count = |table: &'static str| async move {
            sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(pool)
                .await
        };
        Ok(Contents {
            initiatives: count("initiatives").await?,
            events: count("events").await?,
            followers: count("followers").await?,
            chapter_key: sqlx::query_scalar(
                "SELECT public_key_pem FROM actor_keys WHERE actor = 'chapter'",
            )
            .fetch_optional(pool)
            .await?,
        })
    }
}

/// Checks that the database `serve` opens (`db`, opened from the settings as `serve` opens
/// it) holds what the backup held: a restore that wrote somewhere else fails here, loudly.
pub async fn verify_restored(db: &Db, expected: &Contents, target: &Path) -> anyhow::Result<()> {
    let Db::Sqlite(pool, _) = db else {
        bail!("restored into SQLite, but the settings open PostgreSQL");
    };
    let found = Contents::read(pool).await?;
    if &found != expected {
        bail!(
            "the backup was written to {}, but the database the chapter opens holds something else ({found:?} instead of {expected:?}): check database.url",
            target.display()
        );
    }
    Ok(())
}

/// Copies the pictures of the local store into the backup's `backup_media` table; how many.
/// (An S3 bucket is backed up as buckets are, by its provider.)
async fn media_into(settings: &Settings, copy: &SqlitePool) -> anyhow::Result<usize> {
    if settings.media.store != crate::config::MediaStore::Local {
        return Ok(0);
    }
    let dir = settings.media_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(0);
    };
    sqlx::query("CREATE TABLE backup_media (name TEXT PRIMARY KEY, bytes BLOB NOT NULL)")
        .execute(copy)
        .await?;
    let mut files = 0;
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if crate::media::content_type(&name).is_none() {
            continue;
        }
        let bytes = std::fs::read(entry.path())?;
        sqlx::query("INSERT INTO backup_media (name, bytes) VALUES ($1, $2)")
            .bind(&name)
            .bind(bytes)
            .execute(copy)
            .await?;
        files += 1;
    }
    Ok(files)
}

async fn open_file(file: &Path, read_only: bool) -> anyhow::Result<SqlitePool> {
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", file.display()))?
        .read_only(read_only);
    Ok(SqlitePool::connect_with(options).await?)
}
