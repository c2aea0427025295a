//! Where a text search finds the rows having its words: in a circle on SQLite that its text
//! index has no cells for (events; a circle wider than the grid of places), whichever of the
//! text index and the circle has fewer rows leads, the other is checked on its rows; on
//! PostgreSQL, few matches are gathered from the text index, many found walking.

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
    /// them costs more than the circle (SQLite; on PostgreSQL, the narrow copy's words hold the
    /// cells of a grid of places, which its text index intersects with the words).
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
    /// a circle narrows the list (`near`) that the index holds no cells for (events'; a circle
    /// too wide for the grid of initiatives') and the words have more than [`FEW_MATCHES`]
    /// matches in all.
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

/// How much a row walked newest first costs against a match gathered from PostgreSQL's text
/// index. A gathered search counts up to the cap of its matches, their rows read in the table's
/// order, and walks to its newest page (`db::initiatives::searched`): its cost is its matches' in
/// the index, plus a thousand rows. On the narrow copy at 1,000,000 (`EXPLAIN ANALYZE`, in
/// shared buffers): `^tool`, 12,475 matches, counted in 4.7 ms and its page walked in 0.7 ms,
/// where walking until 1,001 matched took 26.9 ms (0.34 µs a row); `^aiu`, 37,000, 6.6 ms
/// gathered, 4.2 ms walked; `^att`, 53,000, 6.7 to 9.9 ms and 3.6 ms. They cost the same near
/// 22,000 matches: a half. Ordering every gathered match by age cost a fifth (a row read for
/// each, 1.4 µs at 100,000, 3 to 7.5 µs at 1,000,000). A smaller ratio (`0527c78`, reverted)
/// walked the whole copy for a text and category found together far less often than the
/// planner's estimate (`q=coworking&category=mobility`: 368 ms): a walk's worst case is the
/// table, a gather's the lists of the text index.
const WALKED_PER_GATHERED: f64 = 0.5;

/// Whether PostgreSQL should gather the matches of a search from the text index of `table`
/// (`db::initiatives::searched`), rather than walk its rows newest first and match each until a
/// count's cap of them (`cap`) matched. Gathering costs in proportion to the matches, M; walking
/// to the rows read until `cap` matched, `cap` × N / M of the N rows: it gathers when
/// M² ≤ [`WALKED_PER_GATHERED`] × `cap` × N (M up to 7,000 at 100,000 rows, 22,000 at
/// 1,000,000). M is the planner's estimate, from the statistics of the words `column`, of the
/// rows matching `query`, a tsquery as SQL ([`folded`] of the search's terms, or a query of
/// the narrow copy's text index, which holds the categories and the words' beginnings:
/// [`super::initiatives`]). Always `None` on SQLite, whose text index walks its matches newest
/// first, or without a query; else the share of the rows matching, M / N, when gathered.
pub async fn gathered(
    db: &Db,
    table: &str,
    column: &str,
    query: Option<String>,
    cap: i64,
) -> Result<Option<f64>, DbError> {
    Ok(match estimate(db, table, column, query).await? {
        Some((matches, rows)) if gathers(matches, rows, cap) => Some(matches / rows),
        _ => None,
    })
}

/// Whether `matches` of `rows` are gathered from the text index rather than walked to until
/// `cap` of them matched: M² ≤ [`WALKED_PER_GATHERED`] × `cap` × N.
pub fn gathers(matches: f64, rows: f64, cap: i64) -> bool {
    matches * matches <= WALKED_PER_GATHERED * cap as f64 * rows
}

/// The words of `terms` as prefixes, all required, as a tsquery written in SQL for the
/// planner's [`gathered`] estimate; `None` without words.
pub fn folded(terms: &[String]) -> Option<String> {
    text_query(Engine::Postgres, terms).map(|query| format!("to_tsquery('simple', '{query}')"))
}

/// A query of words written as is (the narrow copy's), as SQL for [`gathered`].
pub fn literal(query: &str) -> String {
    format!("'{}'::tsquery", query.replace('\'', "''"))
}

/// PostgreSQL's planner's estimate of the rows of `table` (aliased `i`) whose words, `column`
/// (indexed, an expression of the row's columns on the copy), match `query` (a tsquery as SQL),
/// from the statistics of its words, prefixes included; and of the table's rows (-1 before its
/// first statistics). `None` on SQLite, or without a query.
async fn estimate(
    db: &Db,
    table: &str,
    column: &str,
    query: Option<String>,
) -> Result<Option<(f64, f64)>, DbError> {
    let (Db::Postgres(pool), Some(query)) = (db, query) else {
        return Ok(None);
    };
    // The words are letters and digits only, the copy's others quoted (`literal`): written
    // into the statement, so that the planner sees them as it will in the search.
    let explain = format!("EXPLAIN SELECT 1 FROM {table} i WHERE {column} @@ {query}");
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
