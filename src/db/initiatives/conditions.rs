//! What a list of initiatives is filtered on ([`Filter`]), as SQL conditions on the wide table
//! or its narrow copy, and the order and bounds of its page.

use super::{FROM, cells, narrow};
use crate::db::filters::{self, Near, Words};
use crate::db::labels::{self, CATEGORY_BITS, Lookup, Owner};
use crate::db::origin::{self, OriginFilter};
use crate::db::{Db, DbError, Engine, Sql, bind, on_db};

/// How a list is narrowed and ordered.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Folded words that must all appear.
    pub terms: Vec<String>,
    /// Any of these categories.
    pub categories: Vec<String>,
    /// Any of these folded tags.
    pub tags: Vec<String>,
    pub near: Option<Near>,
    pub status: Option<String>,
    pub origin: OriginFilter,
    /// Only entries in this review state (`published` for public lists).
    pub review: Option<String>,
    /// Only entries with opening hours.
    pub with_hours: bool,
    /// Leave out those shown as unconfirmed.
    pub hide_unconfirmed: bool,
    /// Leave out closed ones (a source's rows gone, those closed for good).
    pub hide_closed: bool,
    /// Only these entries.
    pub ids: Option<Vec<i64>>,
    pub limit: i64,
    pub offset: i64,
}

/// Appends a page's conditions, its order (by distance, relevance or name) and its bounds.
pub(super) fn push_order(
    page: &mut Sql,
    engine: Engine,
    table: &str,
    f: &Filter,
    lookup: Lookup,
    words: Words,
) {
    push_where(page, engine, table, f, Some(lookup), words);
    page.push(" ORDER BY ");
    match &f.near {
        Some(near) => {
            filters::push_squared_distance(page, "i", near);
            page.push(", i.sort_key, i.id");
        }
        None => {
            filters::push_rank(page, engine, "initiatives", "i", &f.terms);
            page.push("i.sort_key, i.id");
        }
    }
    page.push(" LIMIT ").bind(f.limit);
    page.push(" OFFSET ").bind(f.offset);
}

/// The categories that the labels check: those of a list without a circle (a circle's rows
/// are checked from the point index, [`filters::push_category_bits`]).
pub(super) fn labelled_categories(f: &Filter) -> &[String] {
    match f.near {
        Some(_) => &[],
        None => &f.categories,
    }
}

/// The conditions of `f` on `table` (the wide table, or its narrow copy on PostgreSQL).
/// `lookup`: how label filters are checked; `None` when the query joined them already. The
/// categories of rows that lead (a circle's, or those walked in the list's order) are checked in
/// the row's mask, which costs nothing once the row is read, where a label look-up costs one
/// more index search per row; on the copy, a text's categories are among its words.
pub(super) fn push_where(
    sql: &mut Sql,
    engine: Engine,
    table: &str,
    f: &Filter,
    lookup: Option<Lookup>,
    words: Words,
) {
    sql.push(" WHERE 1 = 1");
    let narrow = table == narrow::TABLE;
    // On the copy, a text is one query of its words with its categories and circle; on
    // SQLite, of its text index.
    let together = match (narrow, fts_query(engine, f, words)) {
        (true, _) => narrow::push_words(sql, f, words),
        (false, Some((query, longer))) => {
            sql.push(" AND initiatives_fts MATCH ").bind(query);
            Words::Row.push_sqlite(sql, "initiatives", "i", &longer);
            true
        }
        (false, None) => false,
    };
    if !together {
        filters::push_terms(sql, engine, "initiatives", "i", &f.terms, words);
    }
    let by_mask = !together && (f.near.is_some() || lookup == Some(Lookup::PerRow));
    if let Some(lookup) = lookup {
        let categories = match by_mask || together {
            true => &[][..],
            false => f.categories.as_slice(),
        };
        for (kind, values) in [("category", categories), ("tag", f.tags.as_slice())] {
            labels::push_filter(sql, lookup, Owner::Initiative, "i", kind, values);
        }
    }
    if by_mask {
        // The mask first: SQLite checks it from the index before computing the distance.
        filters::push_category_bits(sql, "i", &f.categories);
    }
    if let Some(near) = &f.near {
        // On the copy, its index of places leads a circle without a text.
        if narrow && !together {
            narrow::push_box(sql, near);
        }
        filters::push_near(sql, "i", near);
    }
    if let Some(status) = &f.status {
        sql.push(" AND i.status = ").bind(status.as_str());
    }
    origin::push_filter(sql, "i", &f.origin);
    if let Some(review) = &f.review {
        sql.push(" AND i.review = ").bind(review.as_str());
    }
    if f.with_hours {
        sql.push(" AND i.opening_hours IS NOT NULL");
    }
    if f.hide_unconfirmed {
        sql.push(" AND i.unconfirmed_since IS NULL");
    }
    if f.hide_closed {
        sql.push(" AND i.status <> 'closed'");
    }
    if let Some(ids) = &f.ids {
        // Our own ids, as literals: a list of any length without a parameter per id.
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        match list.is_empty() {
            true => sql.push(" AND 1 = 0"),
            false => sql.push(&format!(" AND i.id IN ({})", list.join(","))),
        };
    }
}

/// The query of SQLite's text index that finds the text of `f` with its categories and the
/// cells covering its circle together, intersecting their lists (`search_text : ("rep"*) AND
/// category_words : (c5) AND place_words : (p5y464x729 OR …)`, migration sqlite 0024), where
/// the index leads (`words`), with the words to check whole in each row found (longer than the
/// index's beginnings, [`fts_text`]); `None` on PostgreSQL, without a text, or with a
/// category unknown to the mask. The circle itself is still checked in each row found.
pub(super) fn fts_query(engine: Engine, f: &Filter, words: Words) -> Option<(String, Vec<String>)> {
    if engine != Engine::Sqlite || words != Words::Index {
        return None;
    }
    let (text, longer) = fts_text(&f.terms)?;
    let mut parts = vec![text];
    if !f.categories.is_empty() {
        parts.push(category_query(&f.categories)?);
    }
    parts.extend(f.near.as_ref().and_then(cells::fts_covering));
    Some((parts.join(" AND "), longer))
}

/// Letters of a word's beginning that SQLite's text indexes hold lists of (their prefix
/// indexes, migration sqlite 0010).
const FTS_PREFIX: usize = 6;

/// The words of `terms` as a query of SQLite's text index of initiatives (as
/// [`filters::text_query`]), a word longer than [`FTS_PREFIX`] by its beginning, with those
/// longer words: the index merges the lists of every word beginning with a longer one
/// (`"together"*`: 3.5 ms for the newest 1,001 of 50,059 matches at 100,000 entries, where
/// `"togeth"*` reads one list in 0.25 ms), which are then checked whole in each row found
/// ([`Words::Row`]).
fn fts_text(terms: &[String]) -> Option<(String, Vec<String>)> {
    let words = filters::words(terms);
    if words.is_empty() {
        return None;
    }
    let beginnings = words.iter().map(|w| &w[..w.len().min(FTS_PREFIX)]);
    let query = filters::fts_prefixes(beginnings);
    let longer = words
        .iter()
        .filter(|w| w.len() > FTS_PREFIX)
        .cloned()
        .collect();
    Some((query, longer))
}

/// Any of `categories` as a query of SQLite's text index of initiatives, whose column
/// `category_words` holds each one's categories as words (`c5`: bit 5 of its mask, migration
/// sqlite 0024): `category_words : (c1 OR c5)`. `None` if one is unknown to the mask
/// ([`CATEGORY_BITS`]), or for none.
fn category_query(categories: &[String]) -> Option<String> {
    let bits: Option<Vec<String>> = categories
        .iter()
        .map(|c| {
            let bit = CATEGORY_BITS.iter().position(|id| id == c)?;
            Some(format!("c{bit}"))
        })
        .collect();
    let bits = bits.filter(|bits| !bits.is_empty())?;
    Some(format!("category_words : ({})", bits.join(" OR ")))
}

/// The opening hours of every entry matching the filter (whatever its page), by id.
pub async fn hours(db: &Db, f: &Filter) -> Result<Vec<(i64, String)>, DbError> {
    let engine = db.engine();
    let join = filters::fts_join(engine, "initiatives", "i", &f.terms, Words::Index);
    let mut sql = Sql::new(&format!("SELECT i.id, i.opening_hours{FROM}{join}"));
    push_where(
        &mut sql,
        engine,
        "initiatives",
        &Filter {
            with_hours: true,
            ..f.clone()
        },
        Some(Lookup::Set),
        Words::Index,
    );
    on_db!(db, pool => bind!(sqlx::query_as(sql.text()), sql).fetch_all(pool).await)
}
