//! Slugs in use, for picking a free one and refusing a taken one.

use std::collections::HashSet;

use super::{DbError, Sql, Tx, bind, on_tx};

/// The tables whose rows have slugs.
#[derive(Debug, Clone, Copy)]
pub enum Table {
    Initiatives,
    Events,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Initiatives => "initiatives",
            Table::Events => "events",
        }
    }
}

pub async fn taken(tx: &mut Tx, table: Table, slug: &str) -> Result<bool, DbError> {
    let sql = format!("SELECT COUNT(*) FROM {} WHERE slug = $1", table.name());
    let n: i64 =
        on_tx!(tx, conn => sqlx::query_scalar(&sql).bind(slug).fetch_one(&mut *conn).await)?;
    Ok(n > 0)
}

/// `base` if it is free, else the first free `base-2`, `base-3`…
pub async fn free(tx: &mut Tx, table: Table, base: &str) -> Result<String, DbError> {
    let mut used = used(tx, table, &[base]).await?;
    Ok(first_free(base, &mut used))
}

/// The slugs in use among the `bases` and their numbered forms (`base-2`…), in one query per
/// hundred bases, for choosing the slugs of many new entries at once with [`first_free`].
pub async fn used(tx: &mut Tx, table: Table, bases: &[&str]) -> Result<HashSet<String>, DbError> {
    // The slugs that start with `base-`, as a range in byte order ('.' follows '-'): a range
    // walks the slug index, where SQLite's LIKE (case-insensitive) read the whole table on
    // every insert. On PostgreSQL the range is in "C", which the `*_slug_bytes` indexes serve
    // (the unique ones sort in the database's collation), and the bases come as one array, so
    // that the statement's text is the same whatever their number. The base itself and the
    // range of `base-…` are two bounded look-ups: as one `OR`, PostgreSQL read every slug after
    // `base-` (a bitmap of an open range), each new entry costing in proportion to the table.
    if let Tx::Postgres(tx) = tx {
        let sql = format!(
            "SELECT s.slug FROM UNNEST($1::text[]) AS b(base) CROSS JOIN LATERAL \
             (SELECT slug FROM {t} WHERE slug COLLATE \"C\" = b.base \
             UNION ALL SELECT slug FROM {t} WHERE slug COLLATE \"C\" > b.base || '-' \
             AND slug COLLATE \"C\" < b.base || '.') s",
            t = table.name()
        );
        let found: Vec<String> = sqlx::query_scalar(&sql)
            .bind(bases)
            .fetch_all(&mut **tx)
            .await?;
        return Ok(found.into_iter().collect());
    }
    let mut used = HashSet::new();
    for chunk in bases.chunks(100) {
        let mut sql = Sql::many(
            tx.engine(),
            &format!("SELECT slug FROM {} WHERE ", table.name()),
        );
        for (i, base) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push(" OR ");
            }
            sql.push("slug = ").bind(*base);
            sql.push(" OR (slug > ").bind(format!("{base}-"));
            sql.push(" AND slug < ").bind(format!("{base}.")).push(")");
        }
        let found: Vec<String> = on_tx!(tx, conn =>
            bind!(sqlx::query_scalar(sql.text()), sql).fetch_all(&mut *conn).await)?;
        used.extend(found);
    }
    Ok(used)
}

/// `base` if it is not in `used`, else the first `base-n` that is not; the choice is then
/// marked as used, so that the next entry of a batch does not take it too.
pub fn first_free(base: &str, used: &mut HashSet<String>) -> String {
    let slug = if used.contains(base) {
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|s| !used.contains(s))
            .expect("some suffix is free")
    } else {
        base.to_owned()
    };
    used.insert(slug.clone());
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_takes_each_suffix_once() {
        let mut used: HashSet<String> = ["cafe".to_owned(), "cafe-2".to_owned()].into();
        assert_eq!(first_free("cafe", &mut used), "cafe-3");
        assert_eq!(first_free("cafe", &mut used), "cafe-4");
        assert_eq!(first_free("atelier", &mut used), "atelier");
        assert_eq!(first_free("atelier", &mut used), "atelier-2");
    }
}
