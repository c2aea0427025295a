//! Slugs in use, for picking a free one and refusing a taken one.

use super::{DbError, Tx, on_tx};

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
    // The slugs that start with `base-`, as a range in byte order ('.' follows '-'): a range
    // walks the slug index, where SQLite's LIKE (case-insensitive) read the whole table on
    // every insert.
    let collate = match tx {
        Tx::Sqlite(..) => "",
        Tx::Postgres(..) => " COLLATE \"C\"",
    };
    let sql = format!(
        "SELECT slug FROM {} WHERE slug = $1 OR (slug{collate} > $2 AND slug{collate} < $3)",
        table.name()
    );
    let (after, before) = (format!("{base}-"), format!("{base}."));
    let used: Vec<String> = on_tx!(tx, conn =>
        sqlx::query_scalar(&sql).bind(base).bind(&after).bind(&before).fetch_all(&mut *conn).await)?;
    if !used.iter().any(|s| s == base) {
        return Ok(base.to_owned());
    }
    let n = (2..)
        .find(|n| !used.iter().any(|s| *s == format!("{base}-{n}")))
        .expect("some suffix is free");
    Ok(format!("{base}-{n}"))
}
