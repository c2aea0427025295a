//! A text search without a circle: walked newest first, or on PostgreSQL its few matches
//! gathered from the text index; its newest page when it has more than the count's cap.

use super::conditions::{Filter, push_where};
use super::list::{count, page};
use super::{by_label, narrow};
use crate::db::filters::{self, Total, Words};
use crate::db::labels::Lookup;
use crate::db::{Db, DbError, Sql, bind, on_db, words};

/// A text search without a circle. One pass walking the matches newest first counts them up
/// to the cap and takes the newest page of them, which is the page when they are more than the
/// cap (a word longer than the prefix indexes merges its words' lists, 3 ms for a common one:
/// not twice). Fewer matches are ranked by a second query, whose pass over so few is cheap; the
/// newest page is then dropped. On PostgreSQL, matches few enough are [`gathered`] instead.
pub(super) async fn searched(db: &Db, f: &Filter) -> Result<(Vec<i64>, Total), DbError> {
    // A category's entries are counted first, each checked in its own text if the category is
    // rare, else (SQLite) looked up in the set of the words' matches if those are not too many;
    // if they hold at most the cap of matches, those are ranked (none: no page to read).
    let led = match by_label::rare(db, f).await? {
        Some(category) => Some((category, Words::Row)),
        None => match (f.categories.as_slice(), f.near) {
            ([category], None) => match Words::choose(db, "initiatives", &f.terms, true).await? {
                Words::Set => Some((category.as_str(), Words::Set)),
                _ => None,
            },
            _ => None,
        },
    };
    if let Some((category, words)) = led {
        let total = by_label::count(db, f, category, words).await?;
        if total.exact {
            let ids = match total.count > f.offset {
                true => page(db, f, false, Words::Index).await?,
                false => Vec::new(),
            };
            return Ok((ids, total));
        }
    }
    let engine = db.engine();
    // On PostgreSQL, the matches are found in the narrow copy.
    let (table, lead) = match narrow::applies(engine, f) {
        true => (narrow::TABLE, narrow::conditions(f)),
        false => ("initiatives", f.clone()),
    };
    // Walked newest first, or few matches gathered from the text index (on the copy, with the
    // categories: few of the walked rows may be in them).
    let cap = filters::count_cap(f.limit, f.offset);
    let copy = table == narrow::TABLE;
    let gather = match copy {
        true => narrow::gathered(db, f, cap).await?,
        false => {
            words::gathered(db, table, "i.search_vector", words::folded(&f.terms), cap).await?
        }
    };
    // Rows walked on the copy match their own words: its index holds more (`narrow`).
    let walked = if copy { Words::Row } else { Words::Index };
    if let Some(share) = gather {
        return gathered(db, f, table, &lead, walked, share, cap).await;
    }
    let found = newest(db, table, &lead, Found::Walked(walked, None), cap + 1).await?;
    let total = match found.first() {
        Some((_, matched)) => Total::of(*matched, cap),
        // No match at all, which need not be counted again (18 ms for a text with a category
        // at 1,000,000 entries on PostgreSQL).
        None if f.offset == 0 => Total::of(0, cap),
        // A page past the end: no row to carry the count.
        None => count(db, f, Words::Index).await?,
    };
    let ids = match total.exact {
        true => page(db, f, false, Words::Index).await?,
        false => found.into_iter().map(|(id, _)| id).collect(),
    };
    Ok((ids, total))
}

/// A text search whose matches are few enough to gather from PostgreSQL's text index: up to the
/// cap of them are counted, their rows read in the table's order. The newest page of more is
/// first looked for walking the newest rows, as many as should hold 4 times the page's matches
/// of words spread over the copy's ages (`share` of the rows: 6,400 for a page of `q=tool`,
/// 0.7 ms): ordering every match by age reads each one's row (12,475 rows of `q=tool` at
/// 1,000,000 entries, 38 to 47 ms, where counting 1,001 took 4.7 ms). Words of one place or time
/// (a city's name, its postcodes) may have too few there, or none; their matches are then
/// ordered by age after all, as walking on would read every row older than the newest.
/// `share`: of the rows matching, as the planner estimates it; `cap`: the count's.
async fn gathered(
    db: &Db,
    f: &Filter,
    table: &str,
    lead: &Filter,
    walked: Words,
    share: f64,
    cap: i64,
) -> Result<(Vec<i64>, Total), DbError> {
    let total = count(db, f, Words::Index).await?;
    let wanted = f.offset + f.limit;
    let ids = match total.exact {
        true if total.count > f.offset => page(db, f, false, Words::Index).await?,
        true => Vec::new(),
        false => {
            let span = (4.0 * wanted as f64 / share.max(f64::MIN_POSITIVE)).ceil() as i64;
            // At most 16 rows for each the count may reach: a row walked costs 0.34 µs, a match
            // ordered by age 3 to 7.5 µs at 1,000,000 (a planner's estimate far below the count
            // would have the walk read the copy).
            let span = span.min(16 * cap);
            let above = newest_id(db, table).await?.saturating_sub(span);
            let found = newest(db, table, lead, Found::Walked(walked, Some(above)), wanted).await?;
            let found = match found.first() {
                Some((_, matched)) if *matched == wanted => found,
                _ => newest(db, table, lead, Found::Gathered, wanted).await?,
            };
            found.into_iter().map(|(id, _)| id).collect()
        }
    };
    Ok((ids, total))
}

/// How [`newest`] finds the matches in the order of their age.
enum Found {
    /// Walking the rows newest first (only above an id, if given), matched as [`Words`] says.
    Walked(Words, Option<i64>),
    /// Gathered from the text index, then ordered: by `id + 0`, which PostgreSQL cannot take
    /// from its primary key.
    Gathered,
}

/// The page of `f` among its newest `newest` matches of a text in `table`, each with how many
/// of those matched (one pass counts them up to the cap, the page taken from them).
async fn newest(
    db: &Db,
    table: &str,
    f: &Filter,
    found: Found,
    newest: i64,
) -> Result<Vec<(i64, i64)>, DbError> {
    let engine = db.engine();
    let (order, words, above) = match found {
        Found::Walked(words, above) => (filters::newest(engine, "initiatives", "i"), words, above),
        Found::Gathered => ("i.id + 0".to_owned(), Words::Index, None),
    };
    let join = filters::fts_join(engine, "initiatives", "i", &f.terms, Words::Index);
    let mut sql = Sql::new(&format!(
        "SELECT id, COUNT(*) OVER () AS matched FROM (SELECT i.id, {order} AS newest FROM \
         {table} i{join}"
    ));
    push_where(&mut sql, engine, table, f, Some(Lookup::PerRow), words);
    if let Some(above) = above {
        sql.push(" AND i.id > ").bind(above);
    }
    sql.push(&format!(" ORDER BY {order} DESC LIMIT "))
        .bind(newest);
    sql.push(") AS matches ORDER BY newest DESC LIMIT ")
        .bind(f.limit);
    sql.push(" OFFSET ").bind(f.offset);
    on_db!(db, pool => bind!(sqlx::query_as(sql.text()), sql).fetch_all(pool).await)
}

/// The greatest id in `table` (0 if empty).
async fn newest_id(db: &Db, table: &str) -> Result<i64, DbError> {
    let sql = format!("SELECT COALESCE(max(id), 0) FROM {table}");
    on_db!(db, pool => sqlx::query_scalar(&sql).fetch_one(pool).await)
}
