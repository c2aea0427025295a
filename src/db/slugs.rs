//! Slugs in use, for picking a free one and refusing a taken one.

use std::collections::{HashMap, HashSet};

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

/// What choosing free slugs needs to know of those in use: slugs known to be taken, and per
/// base, the number its free forms are looked for from (`base` is 1, then `base-2`…).
#[derive(Debug, Default)]
pub struct Used {
    taken: HashSet<String>,
    from: HashMap<String, u64>,
}

impl From<HashSet<String>> for Used {
    fn from(taken: HashSet<String>) -> Self {
        Used {
            taken,
            from: HashMap::new(),
        }
    }
}

/// `base` for 1, else `base-n`.
fn numbered(base: &str, n: u64) -> String {
    match n {
        1 => base.to_owned(),
        _ => format!("{base}-{n}"),
    }
}

/// The slugs in use among the `bases` and their numbered forms (`base-2`…), for choosing the
/// slugs of many new entries at once with [`first_free`].
pub async fn used(tx: &mut Tx, table: Table, bases: &[&str]) -> Result<Used, DbError> {
    if let Tx::Postgres(tx) = tx {
        return probed(tx, table, bases).await;
    }
    // The slugs that start with `base-`, as a range in byte order ('.' follows '-'): a range
    // walks the slug index, where SQLite's LIKE (case-insensitive) read the whole table on
    // every insert. SQLite reads a range from its index alone, whatever its length.
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
    Ok(used.into())
}

/// The powers of two that the numbered forms of a crowded base are probed at first.
const POWERS: u32 = 24;

/// On PostgreSQL, the first free form of each base, probed: the base and `base-2`; for a base
/// whose both are taken, its forms at the powers of two up to the first free one, then halving
/// the interval below it, one statement per step for every base at once (12 steps for a base
/// of 2,000 entries). Reading all the forms of a base, as SQLite does, visited the table's row
/// of each (the visibility of rows written since the last vacuum is not in PostgreSQL's
/// index): at 600,000 mirrored entries, 4,770 of them a base, 87 ms a base, and the hub's
/// backfill fell from 2,700 to 600 entries a second. The forms below the one found are taken
/// as far as the probes tell; a gap left by a removed entry may stay unused. The next few forms
/// after it are looked up too, for the batch's other entries of the same base.
async fn probed(
    tx: &mut sqlx::Transaction<'static, sqlx::Postgres>,
    table: Table,
    bases: &[&str],
) -> Result<Used, DbError> {
    let mut wanting: HashMap<&str, u64> = HashMap::new();
    for base in bases {
        *wanting.entry(base).or_default() += 1;
    }
    let first: Vec<String> = wanting
        .keys()
        .flat_map(|base| [numbered(base, 1), numbered(base, 2)])
        .collect();
    let mut used = Used::from(taken_among(tx, table, &first).await?);
    // Per crowded base: the highest form known taken, the lowest known free.
    let crowded: Vec<&str> = wanting
        .keys()
        .copied()
        .filter(|base| used.taken.contains(&numbered(base, 2)))
        .collect();
    let powers: Vec<String> = crowded
        .iter()
        .flat_map(|base| (2..=POWERS).map(|j| numbered(base, 1 << j)))
        .collect();
    used.taken.extend(taken_among(tx, table, &powers).await?);
    let mut bounds: Vec<(&str, u64, u64)> = crowded
        .iter()
        .map(|base| {
            let free = (2..=POWERS)
                .map(|j| 1u64 << j)
                .find(|n| !used.taken.contains(&numbered(base, *n)))
                .unwrap_or(1 << (POWERS + 1));
            (*base, free / 2, free)
        })
        .collect();
    loop {
        let open: Vec<String> = bounds
            .iter()
            .filter(|(_, low, high)| high - low > 1)
            .map(|(base, low, high)| numbered(base, (low + high) / 2))
            .collect();
        if open.is_empty() {
            break;
        }
        let found = taken_among(tx, table, &open).await?;
        for (base, low, high) in bounds.iter_mut().filter(|(_, low, high)| *high - *low > 1) {
            let middle = (*low + *high) / 2;
            match found.contains(&numbered(base, middle)) {
                true => *low = middle,
                false => *high = middle,
            }
        }
        used.taken.extend(found);
    }
    for (base, _, free) in bounds {
        used.from.insert(base.to_owned(), free);
    }
    // For a base that several entries of the batch want, the forms after its first free one
    // (after `base-2` for one not crowded).
    let next: Vec<String> = wanting
        .iter()
        .filter(|(_, wanted)| **wanted > 1)
        .flat_map(|(base, wanted)| {
            let after = used.from.get(*base).copied().unwrap_or(3);
            (after..after + 2 * wanted).map(|n| numbered(base, n))
        })
        .collect();
    used.taken.extend(taken_among(tx, table, &next).await?);
    Ok(used)
}

/// Which of `slugs` are in use: one look-up of the unique index each.
async fn taken_among(
    tx: &mut sqlx::Transaction<'static, sqlx::Postgres>,
    table: Table,
    slugs: &[String],
) -> Result<HashSet<String>, DbError> {
    if slugs.is_empty() {
        return Ok(HashSet::new());
    }
    let sql = format!("SELECT slug FROM {} WHERE slug = ANY($1)", table.name());
    let found: Vec<String> = sqlx::query_scalar(&sql)
        .bind(slugs)
        .fetch_all(&mut **tx)
        .await?;
    Ok(found.into_iter().collect())
}

/// `base` if it is free, else the first free `base-n` from where [`used`] says to look; the
/// choice is then marked as used, so that the next entry of a batch does not take it too.
pub fn first_free(base: &str, used: &mut Used) -> String {
    let from = used.from.get(base).copied().unwrap_or(1);
    let slug = (from..)
        .map(|n| numbered(base, n))
        .find(|s| !used.taken.contains(s))
        .expect("some suffix is free");
    used.taken.insert(slug.clone());
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_takes_each_suffix_once() {
        let taken: HashSet<String> = ["cafe".to_owned(), "cafe-2".to_owned()].into();
        let mut used = Used::from(taken);
        assert_eq!(first_free("cafe", &mut used), "cafe-3");
        assert_eq!(first_free("cafe", &mut used), "cafe-4");
        assert_eq!(first_free("atelier", &mut used), "atelier");
        assert_eq!(first_free("atelier", &mut used), "atelier-2");
    }
}
