//! Where an imported row is, as far as telling two initiatives of the same name apart goes: its
//! street, its locality and its point, compared leniently, and the slug words they give.

use crate::db::filters::distance_km;
use crate::domain::initiative::InitiativeInput;
use crate::domain::location::Location;
use crate::domain::text::{fold, slugify};
use crate::domain::validate::Field;

/// Two points closer than this are one place, whatever the geocoder's noise.
const SAME_POINT_KM: f64 = 0.2;

/// A place: each part as written and as compared (folded words, house numbers aside).
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Place {
    street: Option<Part>,
    locality: Option<Part>,
    point: Option<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
struct Part {
    written: String,
    key: String,
}

impl Part {
    fn new(written: &str) -> Option<Part> {
        let folded = fold(written);
        let words: Vec<&str> = folded
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        // "12 rue X" and "rue X, 14" are one street: a number corrected is not a move.
        let named: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| !w.starts_with(|c: char| c.is_ascii_digit()))
            .collect();
        let key = if named.is_empty() { words } else { named }.join(" ");
        (!key.is_empty()).then(|| Part {
            written: written.trim().to_owned(),
            key,
        })
    }
}

/// Words a street's name begins with that say nothing of which street it is.
const STREET_WORDS: &[&str] = &[
    "rue",
    "avenue",
    "av",
    "boulevard",
    "bd",
    "bld",
    "place",
    "pl",
    "chemin",
    "impasse",
    "allee",
    "quai",
    "cours",
    "route",
    "passage",
    "square",
    "cite",
    "villa",
    "faubourg",
    "fbg",
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "l",
    "d",
    "street",
    "st",
    "road",
    "rd",
    "lane",
    "the",
    "calle",
    "via",
    "viale",
    "piazza",
    "plaza",
    "del",
    "della",
    "di",
];

impl Place {
    /// The place a row gives; nothing when it has no location.
    pub fn of_input(input: &InitiativeInput) -> Place {
        let Field::Value(location) = &input.location else {
            return Place::default();
        };
        let text = |f: &Field<String>| match f {
            Field::Value(v) => Part::new(v),
            _ => None,
        };
        let point = match (&location.latitude, &location.longitude) {
            (Field::Value(lat), Field::Value(lon)) => Some((*lat, *lon)),
            _ => None,
        };
        Place {
            street: text(&location.street),
            locality: text(&location.locality),
            point,
        }
    }

    /// The place of a stored initiative.
    pub fn of_location(location: Option<&Location>) -> Place {
        let Some(l) = location else {
            return Place::default();
        };
        Place {
            street: l.street.as_deref().and_then(Part::new),
            locality: l.locality.as_deref().and_then(Part::new),
            point: l.point(),
        }
    }

    /// Whether the two are surely different places: another locality, another street, or,
    /// when a street is missing, points far apart. A part one of them lacks never differs, so
    /// that a row whose address was completed is still the same initiative.
    pub fn differs(&self, other: &Place) -> bool {
        if let (Some(a), Some(b)) = (&self.locality, &other.locality)
            && a.key != b.key
        {
            return true;
        }
        match (&self.street, &other.street) {
            (Some(a), Some(b)) => a.key != b.key,
            _ => {
                matches!((self.point, other.point), (Some(a), Some(b)) if distance_km(a, b) > SAME_POINT_KM)
            }
        }
    }

    /// Whether every part is given alike on both sides (for choosing among several that do
    /// not differ).
    pub fn same(&self, other: &Place) -> bool {
        let key = |p: &Option<Part>| p.as_ref().map(|p| p.key.clone());
        key(&self.street) == key(&other.street)
            && key(&self.locality) == key(&other.locality)
            && match (self.point, other.point) {
                (Some(a), Some(b)) => distance_km(a, b) <= SAME_POINT_KM,
                (a, b) => a.is_none() && b.is_none(),
            }
    }

    /// Words to add to a slug so that it names this place among `others` of the same name:
    /// the locality when no other shares it (`repair-cafe-lyon`), else the street's name
    /// (`repair-cafe-belleville` for "12 rue de Belleville"), else the locality.
    pub fn slug_words(&self, others: &[&Place]) -> Option<String> {
        let locality = self.locality.as_ref();
        let alone = locality.is_some_and(|mine| {
            others
                .iter()
                .all(|o| o.locality.as_ref().is_none_or(|l| l.key != mine.key))
        });
        let street = self.street.as_ref().map(|s| street_name(&s.key));
        match (alone, street) {
            (false, Some(street)) => Some(street),
            _ => locality.map(|l| slugify(&l.written)),
        }
    }
}

/// A street's distinctive words, slugged: "rue de la Roquette" → `roquette`.
fn street_name(key: &str) -> String {
    let words: Vec<&str> = key.split(' ').collect();
    let start = words
        .iter()
        .position(|w| !STREET_WORDS.contains(w))
        .unwrap_or(0);
    slugify(&words[start..].join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(street: Option<&str>, locality: Option<&str>, point: Option<(f64, f64)>) -> Place {
        Place {
            street: street.and_then(Part::new),
            locality: locality.and_then(Part::new),
            point,
        }
    }

    #[test]
    fn places_differ_only_on_what_both_give() {
        let belleville = at(Some("12 rue de Belleville"), Some("Paris"), None);
        let corrected = at(Some("Rue de Belleville, 14"), Some("PARIS"), None);
        let oberkampf = at(Some("3 rue Oberkampf"), Some("Paris"), None);
        assert!(!belleville.differs(&corrected), "a house number corrected");
        assert!(belleville.differs(&oberkampf));
        assert!(!belleville.differs(&at(None, Some("Paris"), None)));
        assert!(belleville.differs(&at(None, Some("Lyon"), None)));
        let here = at(None, Some("Paris"), Some((48.87, 2.37)));
        assert!(here.differs(&at(None, Some("Paris"), Some((48.85, 2.35)))));
        assert!(!here.differs(&at(None, None, Some((48.8701, 2.3701)))));
        assert!(!here.differs(&Place::default()));
    }

    #[test]
    fn slug_words_name_the_place() {
        let belleville = at(Some("12 rue de Belleville"), Some("Paris"), None);
        let oberkampf = at(Some("3 rue Oberkampf"), Some("Paris"), None);
        let lyon = at(None, Some("Lyon"), None);
        let words = |p: &Place, others: &[&Place]| p.slug_words(others).unwrap_or_default();
        assert_eq!(words(&belleville, &[&oberkampf, &lyon]), "belleville");
        assert_eq!(words(&lyon, &[&oberkampf, &belleville]), "lyon");
        assert_eq!(words(&belleville, &[&lyon]), "paris");
        let republique = at(Some("Place de la République"), None, None);
        assert_eq!(words(&republique, &[]), "republique");
        assert_eq!(Place::default().slug_words(&[]), None);
    }
}
