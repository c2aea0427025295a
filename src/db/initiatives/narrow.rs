//! PostgreSQL's narrow copy of the published initiatives (`initiative_words`, kept by triggers:
//! migration postgres 0023): a public list counts, walks and orders its matches there, and
//! reads the wide rows of its page only. A wide row holds 5 to a page and 100,000 of them do not
//! stay in memory, so every match visited there cost a page read (docs/BENCHMARKS.md,
//! "Searches people type").

use super::list::Filter;
use super::{COLUMNS, FROM, InitiativeRow};
use crate::db::labels::CATEGORY_BITS;
use crate::db::origin::OriginFilter;
use crate::db::{Db, DbError, Engine, Sql, bind, on_db};

/// The copy, aliased as the wide table is (`i`), its columns named alike.
pub(super) const TABLE: &str = "initiative_words";

/// Whether `f` is answered from the copy: on PostgreSQL, a list of published entries filtered
/// on nothing the copy lacks (opening hours, an origin's domain), its categories all known to
/// the mask ([`CATEGORY_BITS`]), in which the copy's rows are checked for them.
pub(super) fn applies(engine: Engine, f: &Filter) -> bool {
    engine == Engine::Postgres
        && f.review.as_deref() == Some("published")
        && !f.with_hours
        && !matches!(f.origin, OriginFilter::Domain(_))
        && f.categories
            .iter()
            .all(|c| CATEGORY_BITS.contains(&c.as_str()))
}

/// `f` as checked on the copy, which holds published entries only and has no review column.
pub(super) fn conditions(f: &Filter) -> Filter {
    Filter {
        review: None,
        ..f.clone()
    }
}

/// The wide rows of `ids`, in that order: a page found on the copy.
pub(super) async fn rows(db: &Db, ids: &[i64]) -> Result<Vec<InitiativeRow>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // Our own ids, as literals: as many as a page, without a parameter each. Checked published
    // again, should one have been withdrawn since the copy was read.
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    let sql = Sql::new(&format!(
        "SELECT {COLUMNS}{FROM} WHERE i.id IN ({}) AND i.review = 'published'",
        list.join(",")
    ));
    let mut found: Vec<InitiativeRow> =
        on_db!(db, pool => bind!(sqlx::query_as(sql.text()), sql).fetch_all(pool).await)?;
    found.sort_by_key(|row| ids.iter().position(|id| *id == row.id));
    Ok(found)
}
