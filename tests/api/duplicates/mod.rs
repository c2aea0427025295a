//! Likely duplicates: the rule measured on a labelled set, and found, listed and decided
//! through the API and the admin on both engines.

mod admin;
mod decide;
mod found;
mod labelled;
mod merge;
