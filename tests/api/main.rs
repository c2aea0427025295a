//! Integration tests: a real server on a loopback port, driven over HTTP, on both engines.

mod support;

mod admin;
mod agenda;
mod assets;
mod auth;
mod bad_input;
mod browser;
mod chapters;
mod cli;
mod compression;
mod concurrency;
mod conversation;
mod confirmation;
mod crash;
mod delivery;
mod events;
mod fanout;
mod federation;
mod feeds;
mod fixtures;
mod inbox;
mod initiatives;
mod interop;
mod mail;
mod mirror_batch;
mod network;
mod ops;
mod peer;
mod pictures;
mod refetch;
mod s3;
mod search;
mod server;
mod smtp;
mod website;
