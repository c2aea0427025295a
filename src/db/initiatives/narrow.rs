//! PostgreSQL's narrow copy of the published initiatives (`initiative_words`, kept by triggers:
//! migrations postgres 0023, 0024, 0026 and 0027): a public list counts, walks and orders its
//! matches there, and only its page's wide rows are read (`list::rows`). A wide row holds 5 to a
//! page and 100,000 of them do not stay in memory, so every match visited there cost a page read
//! (docs/BENCHMARKS.md, "Searches people type").

use super::cells;
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

/// The copy's text index: of an expression, which adds to each row's words the beginnings of
/// its words and the cells of its place (migration postgres 0026).
pub(super) const INDEX_WORDS: &str =
    "initiative_index_words(i.search_vector, i.latitude, i.longitude)";

/// Appends the ` AND` clause of a text on the copy: its words, categories and circle as one
/// query of the copy's text index ([`words_query`]), which answers it alone; a word longer
/// than the beginnings it holds is then checked whole in each row the index found. `false`,
/// and nothing appended, without a text. [`Words::Row`] matches the text and categories in
/// each row's own words instead (a function, which no index serves): for a search that walks
/// the copy newest first, or a rare category's labels that lead.
pub(super) fn push_words(sql: &mut Sql, f: &Filter, words: Words) -> bool {
    if words == Words::Row {
        let Some(text) = filters::text_query(Engine::Postgres, &f.terms) else {
            return false;
        };
        filters::push_ts_match(sql, "i", text, category_words(&f.categories), words);
        return true;
    }
    let Some(query) = words_query(f) else {
        return false;
    };
    sql.push(&format!(" AND {INDEX_WORDS} @@ "))
        .bind(query)
        .push("::tsquery");
    if let Some(longer) = longer_words(&f.terms) {
        sql.push(" AND ts_match_vq(i.search_vector, ")
            .bind(longer)
            .push("::tsquery)");
    }
    sql.plan_for_values(Engine::Postgres);
    true
}

/// Whether the matches of a search on the copy are gathered from its text index
/// ([`words::gathered`]: the share of its rows they are), or its rows walked newest first.
pub(super) async fn gathered(db: &Db, f: &Filter, cap: i64) -> Result<Option<f64>, DbError> {
    let query = words_query(f).map(|query| words::literal(&query));
    words::gathered(db, TABLE, INDEX_WORDS, query, cap).await
}

/// The text of `f` with its categories and the cells covering its circle, as a query of the
/// copy's text index (migrations postgres 0024, 0026 and 0027): `('^rep') & ('~1' | '~5') &
/// ('@5:104:9' | …) & ('^rep@6:52:4' | …)`; `None` without a text. A common word's rows are
/// many in the index, a category's and a place's too, their rows in common few: the index goes
/// through the lists of the words it must all find, where checking each match (its mask, its
/// place) visited every one of a common word. At 1,000,000 entries (`EXPLAIN ANALYZE`): `q=cow&category=mobility`,
/// none in common, 6 ms, where walking the copy took 395 ms; `q=res` within 100 km of
/// Amsterdam, none in common, 25 to 31 ms, where its 94,000 rows checked each took 176 ms; the
/// index then reads the short list of its words' first letters in the circle's cells of a
/// degree first (`cells::beginning_covering`), and checks the others against it.
pub(super) fn words_query(f: &Filter) -> Option<String> {
    let parts = [
        Some(text_words(&f.terms)?),
        category_words(&f.categories),
        f.near.as_ref().and_then(cells::covering),
    ];
    let beginnings_in_place = f.near.iter().flat_map(|near| {
        filters::words(&f.terms)
            .into_iter()
            .filter_map(|word| cells::beginning_covering(near, word.get(..3)?))
    });
    let parts: Vec<String> = parts
        .into_iter()
        .flatten()
        .chain(beginnings_in_place)
        .map(|p| format!("({p})"))
        .collect();
    Some(parts.join(" & "))
}

/// Letters of a word's beginning that the copy holds at most (`^` and 3 to 6 of them).
const BEGINNING: usize = 6;

/// Each word of `terms` as the copy's words find it: from 3 to [`BEGINNING`] letters, the
/// beginning it is (`'^rep'`), one word of the text index, where a prefix (`rep:*`) reads all
/// the words beginning so, and all their rows, before anything else (a common 3-letter one at
/// 1,000,000 entries: 172,145 rows, 60 to 70 ms); a longer one by its first letters, and
/// whole in each row ([`longer_words`]); a shorter one as a prefix.
fn text_words(terms: &[String]) -> Option<String> {
    let words = filters::words(terms);
    let words: Vec<String> = words
        .iter()
        .map(|word| match word.len() {
            ..3 => format!("'{word}':*"),
            _ => format!("'^{}'", &word[..word.len().min(BEGINNING)]),
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" & "))
}

/// The words of `terms` longer than the beginnings the copy holds, as prefixes
/// (`'community':*`); `None` if none is.
fn longer_words(terms: &[String]) -> Option<String> {
    let longer: Vec<String> = filters::words(terms)
        .into_iter()
        .filter(|word| word.len() > BEGINNING)
        .map(|word| format!("'{word}':*"))
        .collect();
    (!longer.is_empty()).then(|| longer.join(" & "))
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
fn category_words(categories: &[String]) -> Option<String> {
    let words: Vec<String> = CATEGORY_BITS
        .iter()
        .enumerate()
        .filter(|(_, id)| categories.iter().any(|c| c == *id))
        .map(|(n, _)| format!("'~{n}'"))
        .collect();
    (!words.is_empty()).then(|| words.join(" | "))
}
