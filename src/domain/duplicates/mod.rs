//! Likely duplicates among initiatives: another entry within 100 m, or with the same website,
//! e-mail or phone, whose name is alike. Found on every write (`find::check`), kept as pairs
//! an admin decides on (`decide`): linked as the same, merged, or different.

mod decide;
mod find;
mod keys;
mod merge;
mod pairs;
mod similarity;
mod words;

pub use decide::{Decision, decide};
pub use find::{check, preview, preview_input, sweep, sweeper};
pub use keys::ContactKeys;
pub use pairs::{Pair, count_open, load_links, open, open_for};
pub use similarity::{Name, similarity};

use chrono::{DateTime, Utc};

use super::origin::{Origin, Review};
use crate::db::duplicates::CandidateRow;
use crate::db::filters::distance_km;

/// A pair an admin linked as one entry listed twice.
const SAME: &str = "same";
/// A pair an admin said were two entries: never proposed again.
const DIFFERENT: &str = "different";

/// An initiative as a pair shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub id: i64,
    pub slug: String,
    pub name: String,
    /// Where a mirrored one comes from; `None` for our own.
    pub origin: Option<Origin>,
    pub review: Review,
}

impl Listed {
    fn new(row: CandidateRow) -> Listed {
        Listed {
            origin: Origin::from_columns(&row.origin),
            review: Review::parse(&row.origin.review),
            id: row.id,
            slug: row.slug,
            name: row.name,
        }
    }
}

/// Another initiative likely the same as one.
#[derive(Debug, Clone, PartialEq)]
pub struct Possible {
    pub entry: Listed,
    pub score: f64,
    pub distance_m: Option<f64>,
    pub found_at: Option<DateTime<Utc>>,
}

impl Possible {
    /// An entry linked to another, as a possible one without figures.
    pub fn listed(entry: Listed) -> Possible {
        Possible {
            entry,
            score: 1.0,
            distance_m: None,
            found_at: None,
        }
    }

    fn new(row: CandidateRow, score: f64, distance_m: Option<f64>) -> Possible {
        Possible {
            entry: Listed::new(row),
            score,
            distance_m,
            found_at: None,
        }
    }
}

/// How near two entries are to be compared by name.
pub const NEAR_M: f64 = 100.0;
/// How alike the names of two entries this near must be.
pub const NAME_NEAR: f64 = 0.7;
/// How alike the names of two entries that share a contact must be.
pub const NAME_CONTACT: f64 = 0.6;
/// How far apart two entries that share a contact may be: farther, they are two places of one
/// network (its website, its e-mail).
pub const CONTACT_M: f64 = 1000.0;

/// An entry as the detection sees it.
#[derive(Debug, Clone)]
pub struct Probe {
    pub name: Name,
    pub point: Option<(f64, f64)>,
    pub keys: ContactKeys,
}

impl Probe {
    pub fn new(name: &str, point: Option<(f64, f64)>, keys: ContactKeys) -> Probe {
        Probe {
            name: Name::new(name),
            point,
            keys,
        }
    }
}

/// Why two entries are likely the same.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Likeness {
    /// How alike their names are, 0 to 1.
    pub score: f64,
    /// How far apart, when both have a place.
    pub distance_m: Option<f64>,
}

/// Whether `b` is likely a duplicate of `a`: near (or sharing a contact) with a name alike.
pub fn judge(a: &Probe, b: &Probe) -> Option<Likeness> {
    let distance_m = a
        .point
        .zip(b.point)
        .map(|(p, q)| distance_km(p, q) * 1000.0);
    let near = distance_m.is_some_and(|d| d <= NEAR_M);
    let shares = a.keys.shares(&b.keys) && distance_m.is_none_or(|d| d <= CONTACT_M);
    let floor = match (shares, near) {
        (true, _) => NAME_CONTACT,
        (false, true) => NAME_NEAR,
        (false, false) => return None,
    };
    let score = similarity(&a.name, &b.name);
    (score >= floor).then_some(Likeness { score, distance_m })
}
