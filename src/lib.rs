//! Partage: a self-hosted, federated directory of the collaborative economy.
//!
//! # Layout
//! - `cli`, `config`, `telemetry`: the command line, the layered settings, logging.
//! - `app`: the shared state, start-up, and `run(listener, state, shutdown)`.
//! - `admin`: the administration commands (`migrate`, `admin token …`, `follow`, `import`…);
//!   `ops`: what they need beyond the domain (file formats, backups, checks).
//! - `http`: every route (`http::router`), the JSON API, error responses, extractors.
//! - `domain`: what initiatives and events are, how input is checked, what happened
//!   (`Outgoing`).
//! - `federation`: ActivityPub: actors, objects, the strict inbox, the outbox and the
//!   persistent delivery queue.
//! - `db`: SQLite and PostgreSQL behind one handle; every dialect difference lives there.
//! - `cluster`: several processes on one PostgreSQL database: locks, jobs run once, signals.
//! - `media`: pictures as files: processing, the store (a folder or an S3 bucket), addresses.
//! - `mail`: e-mail: the transport, rendering queued messages in their recipient's language,
//!   the worker that plans digests and notices and sends what is due; `i18n`: the languages.
//!
//! Dependencies point one way: `http` → (`federation` →) `domain` → `db`; `http` and
//! `federation` also use `media`, which stores files and knows no entry. The domain never
//! knows of HTTP or federation: it records what happened, and federation acts on it.

// `federation::protocol::context()` is one `json!` literal, deeper than the default allows.
#![recursion_limit = "256"]

pub mod admin;
pub mod app;
pub mod cli;
pub mod cluster;
pub mod config;
pub mod db;
pub mod domain;
pub mod federation;
pub mod http;
pub mod i18n;
pub mod mail;
pub mod media;
pub mod ops;
pub mod telemetry;
