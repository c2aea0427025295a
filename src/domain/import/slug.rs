//! The slug of a new imported initiative: its name's, unless others share the name; then the
//! name's with the words of its place (`repair-cafe-belleville`), then with a number.

use super::place::Place;
use crate::db::slugs::{self, Table};
use crate::db::{DbError, Tx};

/// The longest slug (as `fields::parse_slug` checks).
const MAX: usize = 80;

/// A free slug for a new initiative named `base`, at `place`, among `others` of that name (the
/// file's rows and ours).
pub(super) async fn choose(
    tx: &mut Tx,
    base: &str,
    place: &Place,
    others: &[&Place],
) -> Result<String, DbError> {
    let table = Table::Initiatives;
    if others.is_empty() && !slugs::taken(tx, table, base).await? {
        return Ok(base.to_owned());
    }
    let stem = place
        .slug_words(others)
        .map_or_else(|| base.to_owned(), |words| join(base, &words));
    slugs::free(tx, table, &stem).await
}

/// `base-words`, within the longest slug.
fn join(base: &str, words: &str) -> String {
    let mut slug: String = format!("{base}-{words}").chars().take(MAX).collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}
