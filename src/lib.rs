//! Partage: a self-hosted, federated directory of the collaborative economy.
//!
//! # Layout
//! - `cli`, `config`, `telemetry`: the command line, the layered settings, logging.
//! - `app`: the shared state, start-up, and `run(listener, state, shutdown)`.
//! - `admin`: the administration commands (`migrate`, `admin token …`).
//! - `http`: every route (`http::router`), the JSON API, error responses, extractors.
//! - `domain`: what initiatives and events are, how input is checked, what happened
//!   (`Outgoing`).
//! - `db`: SQLite and PostgreSQL behind one handle; every dialect difference lives there.
//!
//! Dependencies point one way: `http` → `domain` → `db`. The domain never knows of HTTP.

pub mod admin;
pub mod app;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod http;
pub mod telemetry;
