//! Our own initiatives as an import sees them (by the file's key, by slug, by name, with their
//! places), which row of the file has claimed which, and how a row finds the one it means.

use std::collections::HashMap;

use super::place::Place;
use crate::db::{self, DbError, Tx};
use crate::domain::fields::parse_json;
use crate::domain::location::Location;
use crate::domain::text::slugify;

/// One initiative of ours.
pub(super) struct Entry {
    pub id: i64,
    pub slug: String,
    pub key: Option<String>,
    pub place: Place,
}

/// What a row's name and place find among ours.
#[derive(Debug, PartialEq)]
pub(super) enum Found {
    Entry(usize),
    Nothing,
    /// An earlier row of the file is already this initiative.
    SameAs {
        line: usize,
        slug: String,
    },
    /// Several of that name, at places the row does not tell apart.
    Several(Vec<String>),
}

#[derive(Default)]
pub(super) struct Known {
    entries: Vec<Entry>,
    by_key: HashMap<String, usize>,
    by_slug: HashMap<String, usize>,
    /// The slug of its name, and its own slug when that is another: a renamed entry is still
    /// found by the name it was imported with.
    by_base: HashMap<String, Vec<usize>>,
    /// Entry → the line that is it, and that row's index (for its place).
    claimed: HashMap<usize, (usize, usize)>,
}

impl Known {
    /// Every initiative of ours, read once.
    pub async fn load(tx: &mut Tx) -> Result<Known, DbError> {
        let mut known = Known::default();
        for row in db::initiatives::imports::known(tx).await? {
            let location: Option<Location> = row.location.as_deref().map(parse_json);
            let place = Place::of_location(location.as_ref());
            known.add(row.id, row.slug, &row.name, row.import_key, place);
        }
        Ok(known)
    }

    /// Adds one (loaded, or created by the import); returns its index.
    pub fn add(
        &mut self,
        id: i64,
        slug: String,
        name: &str,
        key: Option<String>,
        place: Place,
    ) -> usize {
        let i = self.entries.len();
        let base = slugify(name);
        if base != slug {
            self.by_base.entry(slug.clone()).or_default().push(i);
        }
        self.by_base.entry(base).or_default().push(i);
        self.by_slug.insert(slug.clone(), i);
        if let Some(key) = &key {
            self.by_key.insert(key.clone(), i);
        }
        self.entries.push(Entry {
            id,
            slug,
            key,
            place,
        });
        i
    }

    pub fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }

    pub fn by_key(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    pub fn by_slug(&self, slug: &str) -> Option<usize> {
        self.by_slug.get(slug).copied()
    }

    /// The line of the file that already is this entry.
    pub fn claimed_by(&self, i: usize) -> Option<usize> {
        self.claimed.get(&i).map(|(line, _)| *line)
    }

    /// Marks an entry as the row at `line` (the `row`-th); with `key`, records that it is the
    /// entry's key.
    pub fn claim(&mut self, i: usize, line: usize, row: usize, key: Option<&str>) {
        self.claimed.insert(i, (line, row));
        if let Some(key) = key {
            self.entries[i].key = Some(key.to_owned());
            self.by_key.insert(key.to_owned(), i);
        }
    }

    /// The places of ours under that name.
    pub fn places(&self, base: &str) -> Vec<&Place> {
        self.by_base
            .get(base)
            .into_iter()
            .flatten()
            .map(|&i| &self.entries[i].place)
            .collect()
    }

    /// The one of ours a row with that name and place is: among those whose place does not
    /// differ, the one not yet claimed by another row, or the one at exactly that place. A
    /// row with a key of its own (`keyed`) may only be one that has no key yet. `places` are
    /// the places of the file's rows.
    pub fn find(&self, base: &str, place: &Place, keyed: bool, places: &[Place]) -> Found {
        let mut free = Vec::new();
        for &i in self.by_base.get(base).into_iter().flatten() {
            let entry = &self.entries[i];
            if entry.place.differs(place) || (keyed && entry.key.is_some()) {
                continue;
            }
            match self.claimed.get(&i) {
                None => free.push(i),
                // Another row with the same name, at a place that does not differ: one
                // initiative written twice (rows with keys are told apart by them).
                Some(&(line, row)) if !keyed && !places[row].differs(place) => {
                    return Found::SameAs {
                        line,
                        slug: entry.slug.clone(),
                    };
                }
                Some(_) => {}
            }
        }
        match free[..] {
            [] => Found::Nothing,
            [one] => Found::Entry(one),
            _ => {
                let exact: Vec<usize> = free
                    .iter()
                    .copied()
                    .filter(|&i| self.entries[i].place.same(place))
                    .collect();
                match exact[..] {
                    [one] => Found::Entry(one),
                    _ => {
                        Found::Several(free.iter().map(|&i| self.entries[i].slug.clone()).collect())
                    }
                }
            }
        }
    }
}
