//! Where a text search finds the rows having its words: in a circle on SQLite, whichever of the
//! text index and the circle has fewer rows leads, the other is checked on its rows; without a
//! circle on PostgreSQL, few matches are gathered from the text index, many found walking.

use super::filters::{COUNT_LIMIT, text_query, words};
use super::{Db, DbError, Engine, Sql, bind, on_db};

/// Where a query finds the rows having its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    /// In the text index, whose matches lead the query.
    Index,
    /// In the text index's matches gathered once into a set, which the circle's rows are
    /// looked up in from the point index alone: for words with more matches than are worth
    /// checking one by one for the circle (a row read each, 0.5 µs), not so many that gathering
    /// them costs more than the circle. On PostgreSQL, both indexes are given, and its planner
    /// intersects them.
    Set,
    /// In each row's folded text (SQLite; its words with a function, on PostgreSQL), for a
    /// circle whose rows lead: a word common in the text index would otherwise have the query
    /// visit every match to find those in the circle, and looking a row up in the index costs
    /// 20 µs.
    Row,
}

/// Text matches up to which the text index leads a query with a circle.
const FEW_MATCHES: i64 = 2 * COUNT_LIMIT;

/// Text matches up to which they are gathered into a set (about 1 ms per 10,000); past it, the
/// word is so common that the circle's rows find enough of it first. Checking rows costs little
/// when the word begins after a space, and 10 µs a row when it is inside other words ("com" in
/// "welcome" on every row: 53 ms for 25 km around a city, where its set of 12,500 took 4 ms).
const SET_MATCHES: i64 = 30 * COUNT_LIMIT;

impl Words {
    /// Where a list of `table` finds the rows having `terms`: the text index, unless on SQLite
    /// a circle narrows the list and the words have more than [`FEW_MATCHES`] matches in all.
    pub async fn choose(
        db: &Db,
        table: &str,
        terms: &[String],
        near: bool,
    ) -> Result<Words, DbError> {
        let query = match (near, db.engine()) {
            (true, Engine::Sqlite) => text_query(Engine::Sqlite, terms),
            _ => None,
        };
        let Some(query) = query else {
            return Ok(Words::Index);
        };
        let mut sql = Sql::new(&format!(
            "SELECT COUNT(*) FROM (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH "
        ));
        sql.bind(query)
            .push(" LIMIT ")
            .bind(SET_MATCHES + 1)
            .push(")");
        let matches: i64 =
            on_db!(db, pool => bind!(sqlx::query_scalar(sql.text()), sql).fetch_one(pool).await)?;
        Ok(match matches {
            _ if matches <= FEW_MATCHES => Words::Index,
            _ if matches <= SET_MATCHES => Words::Set,
            _ => Words::Row,
        })
    }

    /// Appends the ` AND` clauses of [`Words::Set`] or [`Words::Row`] on SQLite.
    pub(super) fn push_sqlite(self, sql: &mut Sql, table: &str, alias: &str, terms: &[String]) {
        match self {
            Words::Index => {}
            Words::Set => {
                let Some(query) = text_query(Engine::Sqlite, terms) else {
                    return;
                };
                // `+`: the set is looked up, never walked (SQLite would otherwise read each of
                // its rows to check the circle, 96 ms for a city's name in 2 km of it).
                sql.push(&format!(
                    " AND +{alias}.id IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH "
                ));
                sql.bind(query).push(")");
            }
            Words::Row => {
                // The folded text is ASCII, and FTS5 splits it into words at anything but a
                // letter or a digit: a word begins with the term where one of those precedes
                // it. GLOB says so, slowly (its class is tried at every position: 10 µs a row);
                // a word after a space is found by `instr` alone, and GLOB is asked only of a
                // text that holds the term elsewhere.
                for word in words(terms) {
                    let text = format!("{alias}.search_text");
                    sql.push(&format!(" AND (instr(' ' || {text}, "));
                    sql.bind(format!(" {word}"));
                    sql.push(&format!(") > 0 OR (instr({text}, "));
                    sql.bind(word.clone());
                    sql.push(&format!(") > 0 AND ' ' || {text} GLOB "));
                    sql.bind(format!("*[^a-z0-9]{word}*")).push("))");
                }
            }
        }
    }
}

/// How much more a match gathered from PostgreSQL's text index costs than a row walked newest
/// first, over the narrow copy at 100,000 (`EXPLAIN ANALYZE`): a common word's 6,182 matches
/// gathered in 8.9 ms (a page visit each, 1.4 µs), 16,500 rows walked in 3 to 6 ms until 1,002
/// of them matched (0.2 to 0.36 µs a row). A fifth. At 1,000,000 a gathered match costs more
/// (7.5 µs, its page farther from the last), but a smaller ratio (`0527c78`, reverted) walked
/// the whole copy for a text and category found together far less often than the planner's
/// estimate (`q=coworking&category=mobility`: 368 ms): a walk's worst case is the table, a
/// gather's the lists of the text index.
const WALKED_PER_GATHERED: f64 = 0.2;

/// Whether PostgreSQL should gather the matches of a search from the text index of `table`, and
/// order them, rather than walk its rows newest first and match each until a count's cap of
/// them (`cap`) matched. Gathering costs in proportion to the matches, M; walking to the rows
/// read until `cap` matched, `cap` × N / M of the N rows: it gathers when
/// M² ≤ [`WALKED_PER_GATHERED`] × `cap` × N (M up to 4,500 at 100,000 rows, 14,000 at
/// 1,000,000). M is the planner's estimate, from the column's statistics of words (prefixes
/// included), of the rows matching `terms` and, on the narrow copy whose words hold them,
/// `categories` (as [`super::initiatives`] queries them). Always `false` on SQLite, whose text
/// index walks its matches newest first.
pub async fn gathered(
    db: &Db,
    table: &str,
    terms: &[String],
    categories: Option<&str>,
    cap: i64,
) -> Result<bool, DbError> {
    Ok(match estimate(db, table, terms, categories).await? {
        Some((matches, rows)) => matches * matches <= WALKED_PER_GATHERED * cap as f64 * rows,
        None => false,
    })
}

/// Share of a table's rows above which a text's matches are found in a circle's rows: the
/// circle then meets 1,002 of them within 8,000 of its rows at most, where the text index would
/// give all of its matches (a 3-letter prefix in 17 % of 1,000,000 entries: 172,145 matches, 47
/// ms, intersected with a circle at sea which has none).
const DENSE_WORDS: f64 = 0.125;

/// Where a list of PostgreSQL's narrow copy of the initiatives (`table`) in a circle finds the
/// rows having `terms` (with `categories`, the copy's words holding them), by the planner's
/// estimate M of their matches: at most [`FEW_MATCHES`], in the text index, [`Words::Index`],
/// whose matches lead; in more than [`DENSE_WORDS`] of the rows, in each row of the circle,
/// [`Words::Row`], which the copy's index of places finds; between, both indexes, whose
/// matches PostgreSQL intersects, [`Words::Set`].
pub async fn in_circle(
    db: &Db,
    table: &str,
    terms: &[String],
    categories: Option<&str>,
) -> Result<Words, DbError> {
    Ok(match estimate(db, table, terms, categories).await? {
        Some((matches, _)) if matches <= FEW_MATCHES as f64 => Words::Index,
        Some((matches, rows)) if matches <= DENSE_WORDS * rows => Words::Set,
        Some(_) => Words::Row,
        None => Words::Index,
    })
}

/// PostgreSQL's planner's estimate of the rows of `table` whose words match `terms` (and
/// `categories`, as a query of words), from the column's statistics of words, prefixes
/// included; and of the table's rows (-1 before its first statistics). `None` on SQLite, or
/// without words.
async fn estimate(
    db: &Db,
    table: &str,
    terms: &[String],
    categories: Option<&str>,
) -> Result<Option<(f64, f64)>, DbError> {
    let (Db::Postgres(pool), Some(query)) = (db, text_query(Engine::Postgres, terms)) else {
        return Ok(None);
    };
    // The words are letters and digits only, the categories `'~n'`: written into the
    // statement, so that the planner sees them as it will in the search.
    let categories = categories
        .map(|c| format!(" && '{}'::tsquery", c.replace('\'', "''")))
        .unwrap_or_default();
    let explain = format!(
        "EXPLAIN SELECT 1 FROM {table} \
         WHERE search_vector @@ (to_tsquery('simple', '{query}'){categories})"
    );
    // Its first line ends "(cost=… rows=M width=…)".
    // Unnamed: each text its own statement, which the connection's cache need not keep.
    let plan: String = sqlx::query_scalar(&explain)
        .persistent(false)
        .fetch_one(pool)
        .await?;
    let matches = plan
        .split("rows=")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse::<f64>().ok())
        .unwrap_or(f64::MAX);
    let rows: f32 = sqlx::query_scalar("SELECT reltuples FROM pg_class WHERE oid = $1::regclass")
        .bind(table)
        .fetch_one(pool)
        .await?;
    Ok(Some((matches, f64::from(rows))))
}
