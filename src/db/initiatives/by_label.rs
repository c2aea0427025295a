//! Lists led by one category's labels: ordered like the directory (`initiative_labels_ordered`,
//! the category, then the sort key), they give a list by name its page and its count without
//! visiting the entries of other categories; and a rare category's few entries are where a text
//! search with it counts its matches.

use super::conditions::{Filter, push_where};
use super::narrow;
use crate::db::filters::{self, COUNT_LIMIT, Total, Words};
use crate::db::labels::Lookup;
use crate::db::origin::OriginFilter;
use crate::db::{Db, DbError, Engine, Sql, bind, on_db};

/// The category whose labels lead a list by name (no text, no circle): its only one. Several
/// categories would need their lists merged, which neither engine does in order.
pub(super) fn leading(f: &Filter) -> Option<&str> {
    match f.categories.as_slice() {
        [category] if f.near.is_none() && !filters::searches(&f.terms) => Some(category),
        _ => None,
    }
}

/// The page and the count of a list by name of `category`, read at the same time on two
/// connections.
pub(super) async fn list(
    db: &Db,
    f: &Filter,
    category: &str,
) -> Result<(Vec<i64>, Total), DbError> {
    let (total, ids) =
        tokio::try_join!(count(db, f, category, Words::Index), page(db, f, category))?;
    Ok((ids, total))
}

/// Entries up to which a category leads a text search without a circle: each is checked for the
/// words in its own row (1 to 2 µs), where the text's newest matches would be walked until
/// enough of them are in the category (all of them, for a category nobody uses).
const FEW_LABELS: i64 = 2 * COUNT_LIMIT;

/// The category that leads a text search without a circle: its only one, if it has at most
/// [`FEW_LABELS`] entries (counted from its labels' index alone).
pub(super) async fn rare<'f>(db: &Db, f: &'f Filter) -> Result<Option<&'f str>, DbError> {
    let [category] = f.categories.as_slice() else {
        return Ok(None);
    };
    if f.near.is_some() {
        return Ok(None);
    }
    let mut sql = Sql::new(
        "SELECT COUNT(*) FROM (SELECT 1 FROM initiative_labels WHERE kind = 'category' \
         AND value = ",
    );
    sql.bind(category.as_str()).push(" LIMIT ");
    sql.bind(FEW_LABELS + 1).push(") AS labelled");
    let labelled: i64 =
        on_db!(db, pool => bind!(sqlx::query_scalar(sql.text()), sql).fetch_one(pool).await)?;
    Ok((labelled <= FEW_LABELS).then_some(category.as_str()))
}

/// `FROM` the category's labels, then each one's entry in `table`, in that order: SQLite's
/// `CROSS JOIN` keeps it (its planner would otherwise walk the entries by name and look each
/// one's labels up); on PostgreSQL, a lateral look-up that cannot be flattened (`OFFSET 0`),
/// where its planner hashed every label of the category against all 100,000 entries to count
/// 1,001.
fn from(engine: Engine, table: &str, origin: bool) -> String {
    let entry = match engine {
        Engine::Sqlite => format!("CROSS JOIN {table} i ON i.id = l.initiative_id"),
        Engine::Postgres => format!(
            "JOIN LATERAL (SELECT * FROM {table} WHERE id = l.initiative_id OFFSET 0) i ON true"
        ),
    };
    let mut from = format!(" FROM initiative_labels l {entry}");
    if origin {
        from.push_str(" LEFT JOIN remote_actors o ON o.id = i.origin_id");
    }
    from
}

/// The conditions of `f` but its category (which the labels are), then the category's labels.
fn push_conditions(
    sql: &mut Sql,
    engine: Engine,
    table: &str,
    f: &Filter,
    category: &str,
    words: Words,
) {
    let rest = Filter {
        categories: Vec::new(),
        ..f.clone()
    };
    push_where(sql, engine, table, &rest, Some(Lookup::PerRow), words);
    sql.push(" AND l.kind = 'category' AND l.value = ")
        .bind(category);
}

/// How many of the category's entries match, up to what the page needs to know; their words
/// (if any) are found as `words` says: [`Words::Row`] in each entry's own, where the text
/// index would be asked once per entry.
pub(super) async fn count(
    db: &Db,
    f: &Filter,
    category: &str,
    words: Words,
) -> Result<Total, DbError> {
    let engine = db.engine();
    let origin = matches!(f.origin, OriginFilter::Domain(_));
    // On PostgreSQL, each label's entry is looked up in the narrow copy.
    let (table, f) = match narrow::applies(engine, f) {
        true => (narrow::TABLE, &narrow::conditions(f)),
        false => ("initiatives", f),
    };
    let mut sql = Sql::new(&format!(
        "SELECT COUNT(*) FROM (SELECT 1{}",
        from(engine, table, origin)
    ));
    push_conditions(&mut sql, engine, table, f, category, words);
    let cap = filters::end_count(&mut sql, f.limit, f.offset);
    let counted: i64 =
        on_db!(db, pool => bind!(sqlx::query_scalar(sql.text()), sql).fetch_one(pool).await)?;
    Ok(Total::of(counted, cap))
}

/// The page's ids, in the labels' order: the entries' sort key, then id, as every list by name.
async fn page(db: &Db, f: &Filter, category: &str) -> Result<Vec<i64>, DbError> {
    let engine = db.engine();
    let origin = matches!(f.origin, OriginFilter::Domain(_));
    let mut sql = Sql::new(&format!(
        "SELECT i.id{}",
        from(engine, "initiatives", origin)
    ));
    push_conditions(&mut sql, engine, "initiatives", f, category, Words::Index);
    sql.push(" ORDER BY l.sort_key, l.initiative_id LIMIT ")
        .bind(f.limit);
    sql.push(" OFFSET ").bind(f.offset);
    on_db!(db, pool => bind!(sqlx::query_scalar(sql.text()), sql).fetch_all(pool).await)
}
