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
    /// them costs more than the circle.
    Set,
    /// In each row's folded text (SQLite), for a circle whose rows lead: a word common in the
    /// text index would otherwise have the query visit every match to find those in the circle,
    /// and looking a row up in the index costs 20 µs.
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

/// Text matches up to which PostgreSQL gathers a search's matches from its text index and orders
/// them (a bitmap of the index, about 0.5 µs a match), rather than walking the entries newest
/// first and matching each (0.3 to 1 µs an entry, until enough match: a word in 6 % of them,
/// with a category of an eighth, walked all 100,000, 147 ms).
const GATHERED_MATCHES: f64 = 10.0 * COUNT_LIMIT as f64;

/// Whether PostgreSQL should gather the matches of `terms` in `table` from its text index: its
/// planner's estimate of their number (from the column's statistics of words, prefixes
/// included) is at most [`GATHERED_MATCHES`]. Always `false` on SQLite, whose text index walks
/// its matches newest first.
pub async fn gathered(db: &Db, table: &str, terms: &[String]) -> Result<bool, DbError> {
    let (Db::Postgres(pool), Some(query)) = (db, text_query(Engine::Postgres, terms)) else {
        return Ok(false);
    };
    // The words are letters and digits only: written into the statement, so that the planner
    // sees them as it will in the search.
    let explain = format!(
        "EXPLAIN SELECT 1 FROM {table} WHERE search_vector @@ to_tsquery('simple', '{query}')"
    );
    // Its first line ends "(cost=… rows=N width=…)".
    let plan: String = sqlx::query_scalar(&explain).fetch_one(pool).await?;
    let rows = plan
        .split("rows=")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse::<f64>().ok())
        .unwrap_or(f64::MAX);
    Ok(rows <= GATHERED_MATCHES)
}
