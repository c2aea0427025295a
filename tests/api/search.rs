//! Broad lists, with more than 1,000 matches: their pages are found without ordering every
//! match, and are still the right ones (nearest first, newest first for a text, by name).

use serde_json::Value;

use partage::domain::import::{self, Row, RowError};
use partage::domain::initiative::InitiativeInput;
use partage::domain::location::LocationInput;
use partage::domain::validate::Field;

use crate::on_both_engines;
use crate::support::{Engine, TestApp};

/// Initiatives "Swap 0000" to "Swap 1299", imported in that order, each 0.0001° (11 m) further
/// north of Paris's centre than the one before; all food but every tenth (goods).
const COUNT: usize = 1_300;

fn is_food(i: usize) -> bool {
    !i.is_multiple_of(10)
}

async fn directory(engine: Engine) -> TestApp {
    let app = TestApp::spawn(engine).await;
    let rows = (0..COUNT).map(|i| {
        Ok::<_, RowError>(Row {
            line: i,
            input: InitiativeInput {
                name: Field::Value(format!("Swap {i:04}")),
                summary: Field::Value("Partage de tout".into()),
                categories: Field::Value(vec![if is_food(i) { "food" } else { "goods" }.into()]),
                location: Field::Value(LocationInput {
                    locality: Field::Value("Paris".into()),
                    latitude: Field::Value(48.8566 + i as f64 * 0.0001),
                    longitude: Field::Value(2.3522),
                    ..Default::default()
                }),
                ..Default::default()
            },
            columns: Default::default(),
        })
    });
    let report = import::initiatives(&app.db, rows, false, |_| {})
        .await
        .unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    app
}

/// The names on one page of the API's list, after checking that it counted past 1,000.
async fn names(app: &TestApp, query: &str) -> Vec<String> {
    let (status, body) = app.get_json(&format!("/api/v1/initiatives?{query}")).await;
    assert_eq!(status, 200, "{query}: {body}");
    assert_eq!(body["total_exact"], Value::Bool(false), "{query}: broad");
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect()
}

fn swaps(numbers: impl Iterator<Item = usize>) -> Vec<String> {
    numbers.map(|i| format!("Swap {i:04}")).collect()
}

async fn broad_lists_find_the_right_page(engine: Engine) {
    // Arrange
    let app = directory(engine).await;

    // Act and assert: by name, walking the names.
    assert_eq!(
        names(&app, "category=food").await,
        swaps((0..COUNT).filter(|i| is_food(*i)).take(20))
    );
    assert_eq!(
        names(&app, "category=food&page=3").await,
        swaps((0..COUNT).filter(|i| is_food(*i)).skip(40).take(20))
    );

    // Nearest first, found in growing circles: page 1 within the first, page 20 (rows 380 to
    // 399, 4.2 to 4.4 km away) only once the circle has grown.
    let near = "near=48.8566,2.3522&radius_km=20";
    assert_eq!(names(&app, near).await, swaps(0..20));
    assert_eq!(
        names(&app, &format!("{near}&page=20")).await,
        swaps(380..400)
    );
    assert_eq!(
        names(&app, &format!("{near}&category=food&page=2")).await,
        swaps((0..COUNT).filter(|i| is_food(*i)).skip(20).take(20))
    );
    assert_eq!(
        names(&app, &format!("{near}&q=partage&page=2")).await,
        swaps(20..40)
    );

    // A text: the newest matches first.
    assert_eq!(
        names(&app, "q=partage").await,
        swaps((0..COUNT).rev().take(20))
    );
    assert_eq!(
        names(&app, "q=partage&category=food&page=2").await,
        swaps((0..COUNT).rev().filter(|i| is_food(*i)).skip(20).take(20))
    );
    // Past the last page, the count deep enough to cover it is exact.
    let (status, body) = app.get_json("/api/v1/initiatives?q=partage&page=100").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["items"], Value::Array(Vec::new()));
    assert_eq!(body["total"], COUNT);
    assert_eq!(body["total_exact"], Value::Bool(true));
}

on_both_engines!(broad_lists_find_the_right_page);
