//! Integration tests: a real server on a loopback port, driven over HTTP, on both engines.

mod support;

mod auth;
mod bad_input;
mod cli;
mod events;
mod initiatives;
mod server;
