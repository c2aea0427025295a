//! Categories and tags of initiatives and events, kept in label tables for filtering.

use super::{DbError, Sql, Tx, bind, on_tx};

/// The categories in the order of their bits in the entries' `category_bits` (migration
/// `category_bits`): the order of `domain::category::CATEGORIES`, which only grows.
pub const CATEGORY_BITS: [&str; 12] = [
    "mobility", "food", "housing", "spaces", "goods", "repair", "skills", "finance", "energy",
    "culture", "digital", "care",
];

/// Categories as a mask: bit n for the n-th of [`CATEGORY_BITS`]; unknown ids have none.
pub fn category_bits(categories: &[String]) -> i64 {
    CATEGORY_BITS
        .iter()
        .enumerate()
        .filter(|(_, id)| categories.iter().any(|c| c == *id))
        .fold(0, |mask, (n, _)| mask | 1 << n)
}

/// The label table of one kind of entry.
#[derive(Debug, Clone, Copy)]
pub enum Owner {
    Initiative,
    Event,
}

impl Owner {
    fn table(self) -> &'static str {
        match self {
            Owner::Initiative => "initiative_labels",
            Owner::Event => "event_labels",
        }
    }

    fn column(self) -> &'static str {
        match self {
            Owner::Initiative => "initiative_id",
            Owner::Event => "event_id",
        }
    }
}

/// Replaces the labels of one entry; `sort_key` is an initiative's (events' labels have none).
pub async fn replace(
    tx: &mut Tx,
    owner: Owner,
    id: i64,
    sort_key: &str,
    categories: &[String],
    tags: &[String],
) -> Result<(), DbError> {
    let (table, column) = (owner.table(), owner.column());
    let mut delete = Sql::new(&format!("DELETE FROM {table} WHERE {column} = "));
    delete.bind(id);
    on_tx!(tx, conn => bind!(sqlx::query(delete.text()), delete).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    add_many(tx, owner, &[(id, sort_key, categories, tags)]).await
}

/// Labels new entries, each `(id, sort key, categories, tags)`: one insert per thousand labels.
pub async fn add_many(
    tx: &mut Tx,
    owner: Owner,
    entries: &[(i64, &str, &[String], &[String])],
) -> Result<(), DbError> {
    let labels: Vec<(i64, &str, &str, &str)> = entries
        .iter()
        .flat_map(|&(id, key, categories, tags)| {
            let categories = categories
                .iter()
                .map(move |c| (id, "category", c.as_str(), key));
            categories.chain(tags.iter().map(move |t| (id, "tag", t.as_str(), key)))
        })
        .collect();
    let (table, column) = (owner.table(), owner.column());
    // An initiative's labels carry its sort key (migration `label_order`).
    let keyed = matches!(owner, Owner::Initiative);
    let head = match keyed {
        true => format!("INSERT INTO {table} ({column}, kind, value, sort_key) VALUES "),
        false => format!("INSERT INTO {table} ({column}, kind, value) VALUES "),
    };
    for chunk in labels.chunks(1000) {
        let mut insert = Sql::many(tx.engine(), &head);
        for (i, &(id, kind, value, key)) in chunk.iter().enumerate() {
            if i > 0 {
                insert.push(", ");
            }
            insert.push("(").bind(id).push(", ").bind(kind).push(", ");
            insert.bind(value);
            if keyed {
                insert.push(", ").bind(key);
            }
            insert.push(")");
        }
        insert.push(" ON CONFLICT DO NOTHING");
        on_tx!(tx, conn => bind!(sqlx::query(insert.text()), insert).execute(&mut *conn).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// How a query checks an entry's labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// `id IN (entries having the labels)`: the labelled set first, for few matches.
    Set,
    /// `EXISTS (a label of this entry)`: a look-up per row, for a query that visits few entries
    /// in its own order and stops at its page.
    PerRow,
}

/// Appends ` AND` (entries having any of these labels) to a query.
pub fn push_filter(
    sql: &mut Sql,
    lookup: Lookup,
    owner: Owner,
    alias: &str,
    kind: &str,
    values: &[String],
) {
    if values.is_empty() {
        return;
    }
    let (table, column) = (owner.table(), owner.column());
    sql.push(&match lookup {
        Lookup::Set => format!(" AND {alias}.id IN (SELECT {column} FROM {table} WHERE kind = "),
        Lookup::PerRow => {
            format!(" AND EXISTS (SELECT 1 FROM {table} WHERE {column} = {alias}.id AND kind = ")
        }
    });
    sql.bind(kind).push(" AND value IN ");
    sql.bind_list(values.iter().map(String::as_str)).push(")");
}

/// Like [`push_filter`], as a ` JOIN` (aliased `join_alias`) to put after the `FROM`: for a
/// count that stops early, where `IN (…)` would first collect every labelled entry. An entry
/// with two of the labels comes twice: count `DISTINCT`.
pub fn push_join(
    sql: &mut Sql,
    owner: Owner,
    alias: &str,
    kind: &str,
    values: &[String],
    join_alias: &str,
) {
    if values.is_empty() {
        return;
    }
    let (table, column) = (owner.table(), owner.column());
    sql.push(&format!(
        " JOIN {table} {join_alias} ON {join_alias}.{column} = {alias}.id AND {join_alias}.kind = "
    ));
    sql.bind(kind).push(&format!(" AND {join_alias}.value IN "));
    sql.bind_list(values.iter().map(String::as_str));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mask_has_a_bit_per_known_category() {
        let ids = |ids: &[&str]| ids.iter().map(|id| id.to_string()).collect::<Vec<_>>();
        assert_eq!(category_bits(&ids(&["food", "repair", "nonsense"])), 2 | 32);
        assert_eq!(category_bits(&ids(&["care"])), 1 << 11);
        assert_eq!(category_bits(&[]), 0);
    }
}
