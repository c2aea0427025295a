//! The filtered, paginated list of initiatives, and the plans that find a broad list's page.

use super::conditions::{Filter, fts_query, labelled_categories, push_order, push_where};
use super::{COLUMNS, FROM, InitiativeRow, by_label, cells, narrow, searched};
use crate::db::filters::{self, Near, Total, Words};
use crate::db::labels::{self, Lookup, Owner};
use crate::db::origin;
use crate::db::{Db, DbError, Engine, Sql, bind, entries, on_db};

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
        return searched::searched(db, f).await;
    }
    if let Some(category) = by_label::leading(f) {
        return by_label::list(db, f, category).await;
    }
    // The text index, with the cells of the circle (on PostgreSQL, in the copy's; on SQLite,
    // in its own); on SQLite, for a circle too wide for them, its matches as a set, or in each
    // of the circle's rows, as `Words::choose` weighs them.
    let uncovered = f
        .near
        .as_ref()
        .is_some_and(|near| cells::fts_covering(near).is_none());
    let words = Words::choose(db, "initiatives", &f.terms, uncovered).await?;
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
    let (total, ids) = match narrow::applies(db.engine(), f) && filters::searches(&f.terms) {
        // A text on PostgreSQL's copy: the page first, which says if the circle is dense: its
        // matches, as dense in a fourth of the radius (256 times the area), more than the cap.
        true => {
            let ids = page(db, &smallest, true, words).await?;
            let matches = match ids.is_empty() {
                true => 0,
                false => f.offset + ids.len() as i64,
            };
            let dense = matches * 256 > filters::count_cap(f.limit, f.offset);
            (counted_in_circle(db, f, near, words, dense).await?, ids)
        }
        false => tokio::try_join!(count(db, f, words), page(db, &smallest, true, words))?,
    };
    let ids = match total.exact {
        // A full page within the smallest circle: everything farther is after it.
        false if ids.len() as i64 == f.limit => ids,
        false => nearest(db, f, near, radii, words).await?,
        true => page(db, f, false, words).await?,
    };
    Ok((ids, total))
}

/// How many match a text in the circle `near` of `f`, on PostgreSQL's copy, up to what the
/// page needs to know: its text index gathers every match in the circle before the count can
/// stop, and a common word in a dense circle has tens of thousands (`q=caf` within 100 km of
/// Barcelona at 1,000,000 entries: 40,463 rows of its cells, counted in 35 ms). Where the
/// smallest circle held enough of them (`dense`), they are counted in a fourth of the radius
/// first, which mostly holds more than the cap then (`q=repair` within 25 km of Barcelona,
/// 1,641 rows of its cells: 4.2 ms, where its 100 km took 25 ms; 13 in the smallest), and says
/// the circle does; else in vain (`q=rep&category=skills` within 25 km of Lyon: 925, 12 ms;
/// 18,651 within 100 km, 44 ms).
async fn counted_in_circle(
    db: &Db,
    f: &Filter,
    near: &Near,
    words: Words,
    dense: bool,
) -> Result<Total, DbError> {
    if dense {
        let within = Filter {
            near: Some(Near {
                radius_km: near.radius_km / 4.0,
                ..*near
            }),
            ..f.clone()
        };
        let total = count(db, &within, words).await?;
        if !total.exact {
            return Ok(total);
        }
    }
    count(db, f, words).await
}

/// How many match, up to what the page needs to know.
pub(super) async fn count(db: &Db, f: &Filter, words: Words) -> Result<Total, DbError> {
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
    let categories = match fts_query(engine, f, words) {
        Some(_) => &[][..],
        None => labelled_categories(f),
    };
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
/// (categories in its rows' mask). A `broad` list (more than the count's cap), and a text's
/// matches, which its index leads, check their rows in turn: categories in each row's mask,
/// tags by a look-up per row. A set of the labelled entries is gathered first otherwise (on
/// SQLite, every entry of a common category: 15 ms, for a rare word's few matches).
pub(super) async fn page(
    db: &Db,
    f: &Filter,
    broad: bool,
    words: Words,
) -> Result<Vec<i64>, DbError> {
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
            let lookup = match broad || filters::searches(&f.terms) {
                true => Lookup::PerRow,
                false => Lookup::Set,
            };
            let from = origin::count_from("initiatives", "i", &f.origin);
            let join = filters::fts_join(engine, "initiatives", "i", &f.terms, words);
            let mut page = Sql::new(&format!("SELECT i.id{from}{join}"));
            push_order(&mut page, engine, "initiatives", f, lookup, words);
            page
        }
    };
    on_db!(db, pool => bind!(sqlx::query_scalar(page.text()), page).fetch_all(pool).await)
}
