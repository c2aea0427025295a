//! What the search tests share: directories of numbered swaps ("Swap 0000", "Swap 0001", …)
//! imported in bulk, and the names or slugs their lists show.

use serde_json::Value;

use partage::db::Db;
use partage::domain::import::{self, Row, RowError};
use partage::domain::initiative::InitiativeInput;

use crate::support::TestApp;

/// Imports `inputs` in their order, so that each has a higher id than the one before; all must
/// be valid.
pub async fn import_all(app: &TestApp, inputs: impl IntoIterator<Item = InitiativeInput>) {
    let rows = inputs.into_iter().enumerate().map(|(line, input)| {
        Ok::<_, RowError>(Row {
            line,
            input,
            columns: Default::default(),
        })
    });
    let report = import::initiatives(&app.db, rows, false, |_| {})
        .await
        .unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
}

/// Gathers the statistics of PostgreSQL's narrow copy of the initiatives, as autovacuum would
/// after a bulk import, for the planner's estimates that choose how a search finds its rows.
pub async fn analyze(app: &TestApp) {
    if let Db::Postgres(pool) = &app.db {
        sqlx::query("ANALYZE initiative_words")
            .execute(pool)
            .await
            .unwrap();
    }
}

/// The names of swaps `numbers`.
pub fn swaps(numbers: impl Iterator<Item = usize>) -> Vec<String> {
    numbers.map(|i| format!("Swap {i:04}")).collect()
}

/// The `field` of each entry of one page of the API's list for `query`, and the whole answer.
async fn listed(app: &TestApp, query: &str, field: &str) -> (Vec<String>, Value) {
    let (status, body) = app.get_json(&format!("/api/v1/initiatives?{query}")).await;
    assert_eq!(status, 200, "{query}: {body}");
    let values = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i[field].as_str().unwrap().to_owned())
        .collect();
    (values, body)
}

/// The names of one page of the API's list, its total and whether the total is exact.
pub async fn list(app: &TestApp, query: &str) -> (Vec<String>, u64, bool) {
    let (names, body) = listed(app, query, "name").await;
    let exact = body["total_exact"] == Value::Bool(true);
    (names, body["total"].as_u64().unwrap(), exact)
}

/// The slugs of the API's list for `query`, with its total.
pub async fn found(app: &TestApp, query: &str) -> (Vec<String>, u64) {
    let (slugs, body) = listed(app, query, "slug").await;
    (slugs, body["total"].as_u64().unwrap())
}

/// Asserts that each of `queries` finds exactly `slugs` (in that order).
pub async fn finds(app: &TestApp, queries: &[&str], slugs: &[&str]) {
    for query in queries {
        let (found, total) = found(app, query).await;
        assert_eq!(found, slugs, "{query}");
        assert_eq!(total, slugs.len() as u64, "{query}");
    }
}
