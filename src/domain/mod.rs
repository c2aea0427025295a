//! The directory's rules: what an initiative or an event is, how input is checked, what happened.
//!
//! The domain reads and writes through `db` and announces every change as an [`Outgoing`]
//! record in the same transaction; it knows nothing of HTTP or federation.

pub mod account;
pub mod audit;
pub mod category;
pub mod choices;
pub mod comment;
pub mod digest;
pub mod duplicates;
pub mod entry;
pub mod event;
pub mod fields;
pub mod freshness;
pub mod import;
pub mod initiative;
pub mod listing;
pub mod location;
pub mod mail;
pub mod mirror;
pub mod notice;
pub mod origin;
pub mod outgoing;
pub mod owner;
pub mod pictures;
pub mod place;
pub mod report;
pub mod review;
pub mod series;
pub mod sources;
pub mod subscription;
pub mod text;
pub mod token;
pub mod validate;

pub use outgoing::Outgoing;
pub use validate::{Field, Problems};

/// What the chapter's settings decide for its entries, given to each write.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// The zone of an event given without one.
    pub timezone: chrono_tz::Tz,
    /// Pictures an entry may have (`media.per_entry`).
    pub pictures_per_entry: usize,
}

/// Why a domain operation did not happen. Nothing was written in any case.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid input: {0}")]
    Invalid(Problems),
    #[error("invalid query: {0}")]
    BadQuery(Problems),
    #[error("no {0} with that slug")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

impl From<Problems> for Error {
    fn from(problems: Problems) -> Self {
        Error::Invalid(problems)
    }
}

/// The current time, at the precision both databases keep (microseconds).
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    chrono::Utc::now().trunc_subsecs(6)
}
