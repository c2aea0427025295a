//! Operating a chapter: import and export, backup and restore, set-up checks, moving between
//! databases. Used by the CLI; none of it runs inside the server.

pub mod atom;
pub mod backup;
pub mod doctor;
pub mod export;
pub mod geojson;
pub mod ical;
pub mod import;
pub mod media;
pub mod migrate_db;
pub mod sources;
