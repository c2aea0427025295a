//! A text search without a circle: walked newest first, or on PostgreSQL its few matches
//! gathered from the text index; its newest page when it has more than the count's cap.

use super::conditions::{Filter, fts_query, push_where};
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
    // On PostgreSQL, a rare category's entries are counted first, each checked in its own
    // text; if they hold at most the cap of matches, those are ranked. SQLite's text index
    // finds the text with its categories (`fts_query`).
    let engine = db.engine();
    let led = match fts_query(engine, f, Words::Index) {
        Some(_) => None,
        None => by_label::rare(db, f).await?,
    };
    if let Some(category) = led {
        let total = by_label::count(db, f, category, Words::Row).await?;
        if total.exact {
            return Ok((ranked(db, f, total).await?, total));
        }
    }
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
        true => ranked(db, f, total).await?,
        false => ids(found),
    };
    Ok((ids, total))
}

/// A text search whose matches are few enough to gather from PostgreSQL's text index (by the
/// planner's estimate, `share` of the rows): up to the cap of them (`cap`) are counted from the
/// index, their rows read in the table's order. The newest page of more is looked for walking
/// the newest rows ([`walked_span`]): ordering every match by age reads each one's row (12,475
/// rows of `q=tool` at 1,000,000 entries, 38 to 47 ms, where counting 1,001 took 4.7 ms and
/// walking to its page 0.7 ms). Where more than the cap are expected, the page is first looked
/// for among the newest rows that would hold it were they dense enough to be counted walking on
/// ([`densely`]): a word and a category found together far more or far less often than the
/// planner's estimate, which takes them for independent. Words of one place or time (a city's
/// name, its postcodes) may have none among the newest rows; their matches are then ordered by
/// age after all, as walking on would read every row older than the newest.
async fn gathered(
    db: &Db,
    f: &Filter,
    table: &str,
    lead: &Filter,
    walked: Words,
    share: f64,
    cap: i64,
) -> Result<(Vec<i64>, Total), DbError> {
    let wanted = f.offset + f.limit;
    let newest_id = newest_id(db, table).await?;
    let span = walked_span(share, newest_id, cap);
    // Past the span, the page's rows are not expected (a deep page of a rarer word).
    let expected = wanted as f64 / share.max(f64::MIN_POSITIVE);
    let above = (expected <= span as f64).then(|| newest_id.saturating_sub(span));
    let broad = share * newest_id as f64 > cap as f64;
    let mut found = None;
    if broad {
        // Matches dense enough to be counted walking have their page within 16 rows a match.
        let probe = newest_id.saturating_sub((32 * wanted).min(span));
        found = walked_page(db, table, lead, walked, above.map(|_| probe), wanted).await?;
        if let Some((newest_page, oldest)) = &found {
            let density = wanted as f64 / (newest_id - oldest + 1) as f64;
            if let Some(total) = densely(db, table, lead, walked, newest_id, density, cap).await? {
                return Ok((newest_page.clone(), total));
            }
        }
    }
    let total = count(db, f, Words::Index).await?;
    let ids = match total.exact {
        true => ranked(db, f, total).await?,
        false => {
            if found.is_none() {
                found = walked_page(db, table, lead, walked, above, wanted).await?;
            }
            match found {
                Some((newest_page, _)) => newest_page,
                None => ids(newest(db, table, lead, Found::Gathered, wanted).await?),
            }
        }
    };
    Ok((ids, total))
}

/// The page of `f` among its `wanted` newest matches, walked to among the rows newer than
/// `above`, with the oldest of those matches' id; `None` without a bound, or if those rows
/// hold fewer.
async fn walked_page(
    db: &Db,
    table: &str,
    lead: &Filter,
    walked: Words,
    above: Option<i64>,
    wanted: i64,
) -> Result<Option<(Vec<i64>, i64)>, DbError> {
    let Some(above) = above else {
        return Ok(None);
    };
    let found = newest(db, table, lead, Found::Walked(walked, Some(above)), wanted).await?;
    Ok(match found.last() {
        Some(&(oldest, matched)) if matched == wanted => Some((ids(found), oldest)),
        _ => None,
    })
}

/// The count of matches found among the newest rows at `density` (a share of them), walked
/// newest first if they are so dense there that they would not be gathered
/// ([`words::gathers`]), within as many rows as should hold twice the cap (if that is at most
/// 32 for each): `None` if they are not, or the walk reached fewer. A category implied by a
/// word is estimated as if they were independent: `q=cow&category=spaces` at 1,000,000 entries
/// for 21,788 matches, where it has 110,938, the 20th of them 170 rows deep; gathering them to
/// count 1,001 took 27 ms.
async fn densely(
    db: &Db,
    table: &str,
    lead: &Filter,
    walked: Words,
    newest_id: i64,
    density: f64,
    cap: i64,
) -> Result<Option<Total>, DbError> {
    let rows = newest_id as f64;
    let reach = (2.0 * (cap + 1) as f64 / density).ceil() as i64;
    if words::gathers(density * rows, rows, cap) || reach > 32 * cap {
        return Ok(None);
    }
    let walk = Found::Walked(walked, Some(newest_id.saturating_sub(reach)));
    let found = newest(db, table, lead, walk, cap + 1).await?;
    Ok(match found.first() {
        Some(&(_, matched)) if matched > cap => Some(Total::of(matched, cap)),
        _ => None,
    })
}

/// The page of `f` ranked by relevance, its matches counted exactly (`total`): none past
/// them, without a query (a rare word with a common category on SQLite: 15 ms to rank none).
async fn ranked(db: &Db, f: &Filter, total: Total) -> Result<Vec<i64>, DbError> {
    match total.count > f.offset {
        true => page(db, f, false, Words::Index).await,
        false => Ok(Vec::new()),
    }
}

/// The ids of matches found by [`newest`].
fn ids(found: Vec<(i64, i64)>) -> Vec<i64> {
    found.into_iter().map(|(id, _)| id).collect()
}

/// Rows walked, newest first, for a gathered search's newest page at most: as many as cost what
/// ordering its matches would (`share` of the `rows`, by the planner's estimate), a row walked
/// costing a quarter of a match ordered, and at most 32 for each the count may reach (`cap`:
/// an estimate far above the matches would have the walk cost more than ordering them).
///
/// Words of one language or place are not spread over the copy's ages: at 1,000,000 entries the
/// newest 17,200 rows hold none of `q=amap&category=food` (28,034 matches, estimated 7,055),
/// whose page is 17,800 rows deep, nor of `q=atelier&category=repair` (11,109), 19,100 deep.
/// Walked that far, 6 to 9 ms; ordered by age, 2 to 3.3 µs a match at 1,000,000 (0.34 to 0.47
/// µs a row walked): 38 to 57 ms. A span of 4 times the page's expected rows (walked in 0.7 ms
/// for `q=tool`) stopped 6,000 rows short of those pages. Words of one place have none among
/// those rows (`q=berlin`: 5,000 matches, 980,719 rows deep); 6 times their matches walked in
/// vain took 12 ms of 30 to 39.
fn walked_span(share: f64, rows: i64, cap: i64) -> i64 {
    let matches = share * rows as f64;
    ((4.0 * matches).ceil() as i64).min(32 * cap)
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
