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
//!
//! Dependencies point one way: `http` → (`federation` →) `domain` → `db`. The domain never
//! knows of HTTP or federation: it records what happened, and federation acts on it.

pub mod admin;
pub mod app;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod federation;
pub mod http;
pub mod ops;
pub mod telemetry;
