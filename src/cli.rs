//! The command line: `partage serve`, `migrate` and `admin token …`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "partage",
    version,
    about = "Partage: a federated directory of the collaborative economy.\n\nEach chapter runs one instance: it lists the sharing initiatives and events around it and publishes them to the fediverse."
)]
pub struct Cli {
    /// A TOML file overriding config/default.toml (also PARTAGE_CONFIG). PARTAGE_<SECTION>__<KEY>
    /// environment variables override both.
    #[arg(long, global = true, env = "PARTAGE_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the chapter: migrate the database, then serve HTTP on `http.listen` until Ctrl-C or
    /// SIGTERM. The first start prints an admin token. On PostgreSQL, any number of processes
    /// may serve one chapter (docs/DEPLOY.md, "Running a hub"); SQLite serves one.
    Serve {
        /// `web` serves the website, the API and the inbox, and runs no background work;
        /// `worker` runs the background work (deliveries, e-mail, syncs, sweeps) and serves
        /// only /healthz and /metrics; `all` does both.
        #[arg(long, value_enum, default_value = "all")]
        role: crate::cluster::Role,
    },
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Follow another chapter, a Mobilizon group or a Gancio instance: `@name@host` or an
    /// actor URL. The running server sends the Follow and mirrors what it publishes.
    Follow {
        /// `@berlin@berlin.example`, or the actor's URL.
        target: String,
        /// `auto` publishes what arrives; `review` holds it for an admin.
        #[arg(long, default_value = "auto", value_parser = ["auto", "review"])]
        policy: String,
    },
    /// Stop following: by handle, actor URL, or follow id (see `GET /api/v1/follows`).
    Unfollow {
        target: String,
        /// Remove what was mirrored from it (kept by default).
        #[arg(long)]
        remove: bool,
    },
    /// Import initiatives from a .csv, .json or .geojson file, or events from an .ics file or
    /// URL. Column names in English or French; every row is checked like the API's input; one
    /// transaction: any error writes nothing. Tags become Mastodon hashtags (`open-source` →
    /// `opensource`, with a warning). A row is the initiative of its `id` or `ref` column, else of
    /// its slug, else of its name at its place (one name at two streets: two initiatives).
    /// Importing the same file again changes nothing.
    Import {
        /// The file (or, for .ics, a URL).
        source: String,
        /// Check every row and list every change it would make, without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Sources kept in sync: a URL (CSV, JSON, GeoJSON, GoGoCarto) read on a schedule by the
    /// running server, its rows mapped to entries by the source's own ids (docs/SOURCES.md).
    Source {
        #[command(subcommand)]
        command: SourceCommand,
    },
    /// Export the chapter's own published directory (not what it mirrors, nor what waits for
    /// review): the open data the website serves.
    Export {
        #[arg(long, value_enum, default_value = "json")]
        format: ExportFormatArg,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Back up the whole database (directory, keys, followers, queue) to FILE while the chapter
    /// runs: a SQLite snapshot, or pg_dump on PostgreSQL.
    Backup { file: PathBuf },
    /// Restore a backup as the database the settings name (it must not exist yet), and check
    /// that the chapter opens it.
    Restore { file: PathBuf },
    /// Check the set-up: configuration, database, disk, and that the public domain serves this
    /// instance (WebFinger, NodeInfo, reverse proxy, clock) as other servers will see it.
    Doctor,
    /// Move the chapter from its SQLite database to an empty PostgreSQL database.
    MigrateDb {
        /// The target, postgres://user:password@host/database.
        #[arg(long)]
        to: String,
    },
    /// Copy the chapter's pictures from its data directory to the S3 bucket that the `media.s3_*`
    /// settings name; then set `media.store = "s3"` and restart.
    MigrateMedia {
        /// Where to: `s3`.
        #[arg(long, value_parser = ["s3"])]
        to: String,
    },
    /// E-mail: send what is due now, or show what a kind of message looks like.
    Mail {
        #[command(subcommand)]
        command: MailCommand,
    },
    /// Administration tasks.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Add a source, read at once by the running server, then every `--every`. With
    /// `--dry-run`, read it now and print its first rows as they would be mapped, saving nothing.
    Add {
        url: String,
        #[arg(long, value_parser = ["csv", "json", "geojson", "gogocarto", "ics"])]
        format: String,
        /// How often: 30m, 6h, 24h, 7d.
        #[arg(long, default_value = "24h")]
        every: String,
        /// A mapping file, TOML or JSON (docs/SOURCES.md): columns to fields, categories to ours.
        #[arg(long, value_name = "FILE")]
        mapping: Option<PathBuf>,
        /// One of our categories every entry of the source gets (repeatable).
        #[arg(long)]
        category: Vec<String>,
        /// The attribution shown on each entry: the source's name (default: the URL's host)…
        #[arg(long)]
        name: Option<String>,
        /// … its licence (`ODbL`, `CC BY 4.0`)…
        #[arg(long)]
        licence: Option<String>,
        /// … and a link to it.
        #[arg(long)]
        link: Option<String>,
        /// Read the source and print its first rows mapped; save nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// List the sources: failing ones first, with their error.
    List,
    /// Show a source: its mapping, its ignore list and its last runs.
    Show { id: i64 },
    /// Run a source now and print the run's log.
    Run { id: i64 },
    /// Remove a source and its log; the entries it brought stay, as the chapter's own.
    Remove { id: i64 },
    /// Leave out the source's rows of this id (its own id); `--undo` takes it back.
    Ignore {
        id: i64,
        key: String,
        #[arg(long)]
        undo: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Plan what is owed (admins' notices, readers' digests) and send every message due, within
    /// `email.max_per_hour`; the running server does the same on its own every few seconds.
    SendDue,
    /// Print a message of KIND, rendered with sample data (text, then HTML).
    Preview {
        #[arg(value_parser = ["confirm", "digest", "notices", "notices-daily", "reminder", "owner-link"])]
        kind: String,
        /// The language, a tag of `locales/` (`en`, `fr`).
        #[arg(long, default_value = "en")]
        lang: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// API tokens for the admin API (`Authorization: Bearer <token>`).
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Accounts of the web admin (`/admin`).
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account. The password is asked for (or read from standard input when it is
    /// not a terminal).
    Create {
        username: String,
        /// `admin` (everything) or `editor` (initiatives, events and the review queue).
        #[arg(long, default_value = "admin", value_parser = ["admin", "editor"])]
        role: String,
    },
    /// Set a new password (asked for, or read from standard input) and end every session.
    Password { username: String },
    /// List the accounts.
    List,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Mint a token and print it; it is stored hashed and cannot be shown again.
    Create {
        /// A name to recognise it by, e.g. who or what uses it.
        #[arg(long, default_value = "admin token")]
        name: String,
    },
    /// Revoke a token by its id (see `list`); requests with it get 401 from then on.
    Revoke {
        /// The token's id.
        id: i64,
    },
    /// List tokens: id, name, when created, last used and revoked.
    List,
}

/// Export formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormatArg {
    Json,
    Csv,
    Geojson,
}
