//! PostgreSQL's narrow copy of the published initiatives (`initiative_words`, kept by triggers:
//! migrations postgres 0023 and 0024): a public list counts, walks and orders its matches there,
//! and only its page's wide rows are read (`list::rows`). A wide row holds 5 to a page and
//! 100,000 of them do not stay in memory, so every match visited there cost a page read
//! (docs/BENCHMARKS.md, "Searches people type").

use super::conditions::Filter;
use crate::db::filters::{self, Near};
use crate::db::labels::CATEGORY_BITS;
use crate::db::origin::OriginFilter;
use crate::db::words::{self, Words};
use crate::db::{Db, DbError, Engine, Sql};

/// The copy, aliased as the wide table is (`i`), its columns named alike.
pub(super) const TABLE: &str = "initiative_words";

/// Whether `f` is answered from the copy: on PostgreSQL, a list of published entries filtered
/// on nothing the copy lacks (opening hours, an origin's domain), its categories all known to
/// the mask ([`CATEGORY_BITS`]), in which the copy's rows are checked for them.
pub(super) fn applies(engine: Engine, f: &Filter) -> bool {
    engine == Engine::Postgres
        && f.review.as_deref() == Some("published")
        && !f.with_hours
        && !matches!(f.origin, OriginFilter::Domain(_))
        && f.categories
            .iter()
            .all(|c| CATEGORY_BITS.contains(&c.as_str()))
}

/// Whether the page of `f` is found on the copy: by relevance or by distance, which its text
/// and point indexes give. A page by name is read from the wide table's index of names, which
/// the copy does not have (the directory's first page sorted all 100,000 copied rows: 24 ms).
pub(super) fn orders(engine: Engine, f: &Filter) -> bool {
    applies(engine, f) && (f.near.is_some() || filters::searches(&f.terms))
}

/// `f` as checked on the copy, which holds published entries only and has no review column.
pub(super) fn conditions(f: &Filter) -> Filter {
    Filter {
        review: None,
        ..f.clone()
    }
}

/// Appends the ` AND` clause of a text with categories on the copy, whose words hold each row's
/// categories, `~n` for the n-th of [`CATEGORY_BITS`] (migration postgres 0024): the text index
/// intersects the two, where checking each match's mask visited every match of a common word
/// (`q=cow&category=mobility`, none in common: 27.7 ms walking all 100,000, 1.8 ms from the
/// index). `false`, and nothing appended, without both.
/// `words`: [`Words::Row`] checks them in each row (a function, which the text index does not
/// serve), for a circle whose rows lead.
pub(super) fn push_words(
    sql: &mut Sql,
    terms: &[String],
    categories: &[String],
    words: Words,
) -> bool {
    let (Some(text), Some(categories)) = (
        filters::text_query(Engine::Postgres, terms),
        category_words(categories),
    ) else {
        return false;
    };
    filters::push_ts_match(sql, "i", text, Some(categories), words);
    true
}

/// Where a list in a circle on the copy finds the rows having its words ([`words::in_circle`]).
pub(super) async fn words_in_circle(db: &Db, f: &Filter) -> Result<Words, DbError> {
    let categories = category_words(&f.categories);
    words::in_circle(db, TABLE, &f.terms, categories.as_deref()).await
}

/// Appends the circle's bounding box as the copy's index of places reads it (a GiST index of
/// points, which holds the position and the categories: migration postgres 0025). The index of
/// latitudes and longitudes it replaces read a circle's whole band of latitudes: at 1,000,000
/// entries, 194,000 of them in 100 km around a point at sea, 26 ms to find none.
pub(super) fn push_box(sql: &mut Sql, near: &Near) {
    let [south, west, north, east] = near.bounding_box();
    sql.push(" AND point(i.longitude, i.latitude) <@ box(point(")
        .bind(west)
        .push(", ")
        .bind(south)
        .push("), point(")
        .bind(east)
        .push(", ")
        .bind(north)
        .push("))");
}

/// Any of `categories` as a query of the copy's words (`'~1' | '~5'`); `None` for none known.
pub(super) fn category_words(categories: &[String]) -> Option<String> {
    let words: Vec<String> = CATEGORY_BITS
        .iter()
        .enumerate()
        .filter(|(_, id)| categories.iter().any(|c| c == *id))
        .map(|(n, _)| format!("'~{n}'"))
        .collect();
    (!words.is_empty()).then(|| words.join(" | "))
}
