//! Filters shared by the directory's lists: folded text terms and distance from a point.

pub use super::words::Words;
use super::{Engine, Sql, labels};

/// Kilometres in one degree of latitude (mean Earth radius 6,371 km).
pub const KM_PER_DEGREE: f64 = 111.195;

/// Lists count their matches exactly up to this many, and past it say "more than": counting
/// every match of a broad search would cost more than the page itself.
pub const COUNT_LIMIT: i64 = 1_000;

/// How many entries match a list query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Total {
    pub count: i64,
    /// `false`: there are more than `count`.
    pub exact: bool,
}

/// Ends a count begun as `SELECT COUNT(*) FROM (SELECT 1 FROM … WHERE …`: it stops at what a
/// page at `offset` of `limit` rows needs to know, and at least [`COUNT_LIMIT`]. Returns that cap.
pub fn end_count(sql: &mut Sql, limit: i64, offset: i64) -> i64 {
    let cap = count_cap(limit, offset);
    sql.push(" LIMIT ").bind(cap + 1);
    sql.push(") AS matched");
    cap
}

/// How far a count goes: what a page at `offset` of `limit` rows needs, and at least
/// [`COUNT_LIMIT`].
pub fn count_cap(limit: i64, offset: i64) -> i64 {
    (offset + limit).max(COUNT_LIMIT)
}

impl Total {
    pub fn of(counted: i64, cap: i64) -> Total {
        Total {
            count: counted.min(cap),
            exact: counted <= cap,
        }
    }
}

/// A circle around a point, in degrees and kilometres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Near {
    pub latitude: f64,
    pub longitude: f64,
    pub radius_km: f64,
}

impl Near {
    /// The circle's bounding box in degrees: south, west, north, east.
    pub fn bounding_box(&self) -> [f64; 4] {
        let radius_deg = self.radius_km / KM_PER_DEGREE;
        let lon_radius = radius_deg / self.lon_scale();
        [
            self.latitude - radius_deg,
            self.longitude - lon_radius,
            self.latitude + radius_deg,
            self.longitude + lon_radius,
        ]
    }

    /// How much a degree of longitude shrinks at this latitude (never zero).
    fn lon_scale(&self) -> f64 {
        self.latitude.to_radians().cos().max(0.01)
    }
}

/// The words of folded terms, for a full-text query: letters and digits only.
pub(super) fn words(terms: &[String]) -> Vec<String> {
    terms
        .iter()
        .flat_map(|t| t.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether the terms hold a word to search for (punctuation alone does not).
pub fn searches(terms: &[String]) -> bool {
    !words(terms).is_empty()
}

/// Every word as a prefix, all required: FTS5 `search_text : ("cafe"* "velo"*)` (the column
/// of the words, where the initiatives' index has their categories in another), or PostgreSQL
/// `cafe:* & velo:*`.
pub(super) fn text_query(engine: Engine, terms: &[String]) -> Option<String> {
    let words = words(terms);
    if words.is_empty() {
        return None;
    }
    Some(match engine {
        Engine::Sqlite => fts_prefixes(words.iter().map(String::as_str)),
        Engine::Postgres => words
            .iter()
            .map(|w| format!("{w}:*"))
            .collect::<Vec<_>>()
            .join(" & "),
    })
}

/// `words` as prefixes, all required, in the column of words of SQLite's text indexes:
/// `search_text : ("cafe"* "velo"*)`.
pub(super) fn fts_prefixes<'w>(words: impl Iterator<Item = &'w str>) -> String {
    let prefixes: Vec<String> = words.map(|w| format!("\"{w}\"*")).collect();
    format!("search_text : ({})", prefixes.join(" "))
}

/// On SQLite, the join of the FTS5 index that a text search found by [`Words::Index`] needs
/// (after the `FROM`): the index is then matched and ranked once, not once per row.
pub fn fts_join(
    engine: Engine,
    table: &str,
    alias: &str,
    terms: &[String],
    words: Words,
) -> String {
    match (engine, words, text_query(engine, terms)) {
        (Engine::Sqlite, Words::Index, Some(_)) => {
            format!(" JOIN {table}_fts ON {table}_fts.rowid = {alias}.id")
        }
        _ => String::new(),
    }
}

/// The newest-first order of a search (descending): on SQLite, the text index's own order,
/// which it walks without reading every match.
pub fn newest(engine: Engine, table: &str, alias: &str) -> String {
    match engine {
        Engine::Sqlite => format!("{table}_fts.rowid"),
        Engine::Postgres => format!("{alias}.id"),
    }
}

/// The radii a nearest-first page is looked for in: from a sixty-fourth of `radius`, four times
/// larger each time (sixteen times the area) up to `radius` itself. A broad list is dense
/// somewhere: in 100 km around a city, a first circle of an eighth held 6,000 points to order,
/// where one of a sixty-fourth holds about a hundred; a circle too small costs a query of a few
/// rows, and the next holds at most sixteen times what it held.
pub fn growing_radii(radius: f64) -> impl Iterator<Item = f64> {
    [64.0, 16.0, 4.0, 1.0].into_iter().map(move |d| radius / d)
}

/// Appends an ` AND` clause keeping rows of `table` (aliased `alias`) whose search text has
/// every term (as a word prefix): FTS5 on SQLite (joined by [`fts_join`]), a GIN-indexed
/// tsvector on PostgreSQL, whose statement is then planned for its words
/// ([`Sql::plan_for_values`]); or, found by [`Words::Row`] or [`Words::Set`], as those say.
pub fn push_terms(
    sql: &mut Sql,
    engine: Engine,
    table: &str,
    alias: &str,
    terms: &[String],
    found: Words,
) {
    let Some(query) = text_query(engine, terms) else {
        return;
    };
    match (engine, found) {
        (Engine::Sqlite, Words::Row | Words::Set) => found.push_sqlite(sql, table, alias, terms),
        (Engine::Sqlite, Words::Index) => {
            sql.push(&format!(" AND {table}_fts MATCH "));
            sql.bind(query);
        }
        (Engine::Postgres, _) => push_ts_match(sql, alias, query, None, found),
    }
}

/// Appends PostgreSQL's ` AND` clause matching the words of `alias` against the prefix query
/// `query`, and against `also` if given, a query of words written as is (the narrow copy's
/// categories). [`Words::Row`] checks each row with a function, which no index serves: for rows
/// that lead (the narrow copy walked newest first, a rare category's labels), where the
/// operator would let PostgreSQL read the words' every match in the text index. The statement
/// is planned for its words.
pub(super) fn push_ts_match(
    sql: &mut Sql,
    alias: &str,
    query: String,
    also: Option<String>,
    found: Words,
) {
    let row = found == Words::Row;
    match row {
        true => sql.push(&format!(" AND ts_match_vq({alias}.search_vector, ")),
        false => sql.push(&format!(" AND {alias}.search_vector @@ ")),
    };
    sql.push("(to_tsquery('simple', ").bind(query).push(")");
    if let Some(also) = also {
        sql.push(" && ").bind(also).push("::tsquery");
    }
    sql.push(if row { "))" } else { ")" })
        .plan_for_values(Engine::Postgres);
}

/// Appends an ` AND` clause keeping rows with any of `categories`, checked in the mask that the
/// point index carries (for a circle's rows; lists without a circle look up the labels).
pub fn push_category_bits(sql: &mut Sql, alias: &str, categories: &[String]) {
    let mask = labels::category_bits(categories);
    if mask != 0 {
        sql.push(&format!(" AND ({alias}.category_bits & "));
        sql.bind(mask).push(") <> 0");
    }
}

/// Appends a relevance expression for `ORDER BY` (best first) and `, `; nothing without terms.
pub fn push_rank(sql: &mut Sql, engine: Engine, table: &str, alias: &str, terms: &[String]) {
    let Some(query) = text_query(engine, terms) else {
        return;
    };
    match engine {
        // bm25, computed by FTS5 for the rows it matched (lower is better).
        Engine::Sqlite => {
            sql.push(&format!("{table}_fts.rank, "));
        }
        Engine::Postgres => {
            // Normalisation 1: divided by 1 + log(length), so that shorter texts, where the
            // words weigh more, come first, as with bm25.
            sql.push(&format!(
                "ts_rank({alias}.search_vector, to_tsquery('simple', "
            ));
            sql.bind(query).push("), 1) DESC, ");
        }
    }
}

/// Appends ` AND` clauses keeping rows within the circle: a bounding box the index can use,
/// then the equirectangular distance, which both engines compute with plain arithmetic.
pub fn push_near(sql: &mut Sql, alias: &str, near: &Near) {
    let [south, west, north, east] = near.bounding_box();
    sql.push(&format!(" AND {alias}.latitude BETWEEN "));
    sql.bind(south).push(" AND ").bind(north);
    sql.push(&format!(" AND {alias}.longitude BETWEEN "));
    sql.bind(west).push(" AND ").bind(east);
    sql.push(" AND ");
    push_squared_distance(sql, alias, near);
    let radius_deg = near.radius_km / KM_PER_DEGREE;
    sql.push(" <= ").bind(radius_deg * radius_deg);
}

/// Appends the squared equirectangular distance in degrees from the circle's centre.
pub fn push_squared_distance(sql: &mut Sql, alias: &str, near: &Near) {
    let scale = near.lon_scale();
    sql.push(&format!("(({alias}.latitude - "));
    sql.bind(near.latitude);
    sql.push(&format!(") * ({alias}.latitude - "));
    sql.bind(near.latitude);
    sql.push(&format!(") + ({alias}.longitude - "));
    sql.bind(near.longitude);
    sql.push(") * (").bind(scale);
    sql.push(&format!(") * ({alias}.longitude - "));
    sql.bind(near.longitude);
    sql.push(") * (").bind(scale).push("))");
}

/// Great-circle distance in kilometres (haversine), for display.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_to_berlin() {
        let d = distance_km((48.8566, 2.3522), (52.52, 13.405));
        assert!((d - 878.0).abs() < 5.0, "{d}");
    }
}
