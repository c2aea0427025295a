//! The filtered, paginated list of initiatives, and the plans that find a broad list's page.

use super::conditions::{Filter, labelled_categories, push_order, push_where};
use super::{COLUMNS, FROM, InitiativeRow, by_label, narrow};
use crate::db::filters::{self, Near, Total, Words};
use crate::db::labels::{self, Lookup, Owner};
use crate::db::origin;
use crate::db::{Db, DbError, Engine, Sql, bind, entries, on_db, words};

/// One page of initiatives and the number matching in all: the rows of [`found`]'s ids.
pub async fn list(db: &Db, f: &Filter) -> Result<(Vec<InitiativeRow>, Total), DbError> {
    let (ids, total) = found(db, f).await?;
    Ok((rows(db, &ids, f.review.as_deref()).await?, total))
}

/// The rows of `ids` in that order, those no longer in the `review` state left out.
pub async fn rows(
    db: &Db,
    ids: &[i64],
    review: Option<&str>,
) -> Result<Vec<InitiativeRow>, DbError> {
    let select = format!("SELECT {COLUMNS}{FROM}");
    entries::by_ids(db, &select, "i", ids, review, |row: &InitiativeRow| row.id).await
}

/// The ids of one page of initiatives and the number matching in all. Sorted by distance when
/// `near` is set, by relevance when searching, by name otherwise.
///
/// A list with more than [`filters::COUNT_LIMIT`] matches is broad, and ordering all of them to
/// show 20 would cost more than the page. Its page is then found without visiting every match:
/// the nearest in growing circles, the newest matches of a text (bm25 over so many rows costs
/// milliseconds per thousand, and barely ranks a word that common), and by name walking the name
/// index. A list by name of one category reads that category's labels in order instead, and a
/// text with a rare category counts the category's entries (`by_label`). See docs/BENCHMARKS.md.
pub async fn found(db: &Db, f: &Filter) -> Result<(Vec<i64>, Total), DbError> {
    if f.near.is_none() && filters::searches(&f.terms) {
        return searched(db, f).await;
    }
    if let Some(category) = by_label::leading(f) {
        return by_label::list(db, f, category).await;
    }
    // On PostgreSQL, the text index (with, on the copy, the cells of the circle).
    let words = Words::choose(db, "initiatives", &f.terms, f.near.is_some()).await?;
    if let Some(near) = &f.near {
        return in_circle(db, f, near, words).await;
    }
    let total = count(db, f, words).await?;
    let ids = page(db, f, !total.exact, words).await?;
    Ok((ids, total))
}

/// A list in a circle. Its count and its nearest page within the smallest of the growing
/// circles run at the same time, on two connections: a broad list (more matches than the
/// count's cap) mostly finds its page there without waiting for the count, and a narrow one
/// pays for one small query in vain.
async fn in_circle(
    db: &Db,
    f: &Filter,
    near: &Near,
    words: Words,
) -> Result<(Vec<i64>, Total), DbError> {
    let mut radii = filters::growing_radii(near.radius_km);
    let smallest = Filter {
        near: radii.next().map(|radius_km| Near { radius_km, ..*near }),
        ..f.clone()
    };
    let (total, ids) = tokio::try_join!(count(db, f, words), page(db, &smallest, true, words))?;
    let ids = match total.exact {
        // A full page within the smallest circle: everything farther is after it.
        false if ids.len() as i64 == f.limit => ids,
        false => nearest(db, f, near, radii, words).await?,
        true => page(db, f, false, words).await?,
    };
    Ok((ids, total))
}

/// A text search without a circle. One pass walking the matches newest first counts them up
/// to the cap and takes the newest page of them, which is the page when they are more than the
/// cap (a word longer than the prefix indexes merges its words' lists, 3 ms for a common one:
/// not twice). Fewer matches are ranked by a second query, whose pass over so few is cheap; the
/// newest page is then dropped. On PostgreSQL, matches few enough are [`gathered`] instead.
async fn searched(db: &Db, f: &Filter) -> Result<(Vec<i64>, Total), DbError> {
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
    if gather {
        return gathered(db, f, table, &lead, walked).await;
    }
    let found = newest(db, table, &lead, walked, cap + 1).await?;
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
/// cap of them are counted, their rows read in the table's order, and the newest page of more
/// is then found walking the rows newest first (`walked`, as [`newest`]), which meets that page
/// soon among so many. Ordering every match by age read each one's row: `q=tool` at 1,000,000
/// entries gathered 12,475 rows in 38 to 47 ms, where counting 1,001 takes 4.7 ms and walking
/// to the newest 20 0.7 ms.
async fn gathered(
    db: &Db,
    f: &Filter,
    table: &str,
    lead: &Filter,
    walked: Words,
) -> Result<(Vec<i64>, Total), DbError> {
    let total = count(db, f, Words::Index).await?;
    let ids = match total.exact {
        true if total.count > f.offset => page(db, f, false, Words::Index).await?,
        true => Vec::new(),
        false => {
            let found = newest(db, table, lead, walked, f.offset + f.limit).await?;
            found.into_iter().map(|(id, _)| id).collect()
        }
    };
    Ok((ids, total))
}

/// The page of `f` among its newest `newest` matches of a text, walking `table` newest first
/// (`words`), each with how many of those matched (one pass counts them up to the cap, the
/// page taken from them).
async fn newest(
    db: &Db,
    table: &str,
    f: &Filter,
    words: Words,
    newest: i64,
) -> Result<Vec<(i64, i64)>, DbError> {
    let engine = db.engine();
    let order = filters::newest(engine, "initiatives", "i");
    let join = filters::fts_join(engine, "initiatives", "i", &f.terms, Words::Index);
    let mut sql = Sql::new(&format!(
        "SELECT id, COUNT(*) OVER () AS matched FROM (SELECT i.id, {order} AS newest FROM \
         {table} i{join}"
    ));
    push_where(&mut sql, engine, table, f, Some(Lookup::PerRow), words);
    sql.push(&format!(" ORDER BY {order} DESC LIMIT "))
        .bind(newest);
    sql.push(") AS matches ORDER BY newest DESC LIMIT ")
        .bind(f.limit);
    sql.push(" OFFSET ").bind(f.offset);
    on_db!(db, pool => bind!(sqlx::query_as(sql.text()), sql).fetch_all(pool).await)
}

/// How many match, up to what the page needs to know.
async fn count(db: &Db, f: &Filter, words: Words) -> Result<Total, DbError> {
    let engine = db.engine();
    if narrow::applies(engine, f) {
        // The copy's rows, categories checked in their mask.
        let mut count = Sql::new(&format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM {} i",
            narrow::TABLE
        ));
        let lead = narrow::conditions(f);
        push_where(
            &mut count,
            engine,
            narrow::TABLE,
            &lead,
            Some(Lookup::PerRow),
            words,
        );
        let cap = filters::end_count(&mut count, f.limit, f.offset);
        let counted: i64 = on_db!(db, pool => bind!(sqlx::query_scalar(count.text()), count).fetch_one(pool).await)?;
        return Ok(Total::of(counted, cap));
    }
    let join = filters::fts_join(engine, "initiatives", "i", &f.terms, words);
    // On SQLite, `IN (…)` collects every labelled entry before the count can stop at its cap;
    // joined labels stream (an entry with two of them comes twice, hence DISTINCT). PostgreSQL
    // plans both as the same semi-join, and DISTINCT would only make it sort every match.
    let categories = labelled_categories(f);
    let joined = engine == Engine::Sqlite && !(categories.is_empty() && f.tags.is_empty());
    let distinct = if joined { "DISTINCT " } else { "" };
    let from = origin::count_from("initiatives", "i", &f.origin);
    let mut count = Sql::new(&format!(
        "SELECT COUNT(*) FROM (SELECT {distinct}i.id{from}{join}"
    ));
    let lookup = if joined {
        for (kind, values, join_alias) in [
            ("category", categories, "lc"),
            ("tag", f.tags.as_slice(), "lt"),
        ] {
            labels::push_join(&mut count, Owner::Initiative, "i", kind, values, join_alias);
        }
        None
    } else {
        Some(Lookup::Set)
    };
    push_where(&mut count, engine, "initiatives", f, lookup, words);
    let cap = filters::end_count(&mut count, f.limit, f.offset);
    let counted: i64 =
        on_db!(db, pool => bind!(sqlx::query_scalar(count.text()), count).fetch_one(pool).await)?;
    Ok(Total::of(counted, cap))
}

/// The page of a broad list near a point, looked for in growing circles of `radii`.
async fn nearest(
    db: &Db,
    f: &Filter,
    near: &Near,
    radii: impl Iterator<Item = f64>,
    words: Words,
) -> Result<Vec<i64>, DbError> {
    let mut ids = Vec::new();
    for radius_km in radii {
        let nearer = Filter {
            near: Some(Near { radius_km, ..*near }),
            ..f.clone()
        };
        ids = page(db, &nearer, true, words).await?;
        // A full page within this radius: everything farther is after it.
        if ids.len() as i64 == f.limit {
            break;
        }
    }
    Ok(ids)
}

/// The ids of one page, by distance, relevance or name: from the copy when it orders them
/// (categories in its rows' mask). A `broad` list (more than the count's cap) checks its rows
/// in the page's order: categories in each row's mask, tags by a look-up per row.
async fn page(db: &Db, f: &Filter, broad: bool, words: Words) -> Result<Vec<i64>, DbError> {
    let engine = db.engine();
    let page = match narrow::orders(engine, f) {
        true => {
            let mut page = Sql::new(&format!("SELECT i.id FROM {} i", narrow::TABLE));
            let lead = narrow::conditions(f);
            push_order(
                &mut page,
                engine,
                narrow::TABLE,
                &lead,
                Lookup::PerRow,
                words,
            );
            page
        }
        false => {
            let lookup = if broad { Lookup::PerRow } else { Lookup::Set };
            let from = origin::count_from("initiatives", "i", &f.origin);
            let join = filters::fts_join(engine, "initiatives", "i", &f.terms, words);
            let mut page = Sql::new(&format!("SELECT i.id{from}{join}"));
            push_order(&mut page, engine, "initiatives", f, lookup, words);
            page
        }
    };
    on_db!(db, pool => bind!(sqlx::query_scalar(page.text()), page).fetch_all(pool).await)
}
