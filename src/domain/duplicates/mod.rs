//! Likely duplicates among initiatives: another entry within 100 m, or with the same website,
//! e-mail or phone, whose name is alike. Found on every write (`check`), kept as pairs an admin
//! decides on (`decide`).

mod keys;
mod similarity;
mod words;

pub use keys::ContactKeys;
pub use similarity::{Name, similarity};

use crate::db::filters::distance_km;

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
