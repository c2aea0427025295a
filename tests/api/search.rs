//! Broad lists, with more than 1,000 matches: their pages are found without ordering every
//! match, and are still the right ones (nearest first, newest first for a text, by name).

use serde_json::Value;

use partage::domain::initiative::InitiativeInput;
use partage::domain::location::LocationInput;
use partage::domain::validate::Field;

use crate::on_both_engines;
use crate::support::{Engine, TestApp};
use crate::swaps::{import_all, swaps};

/// Initiatives "Swap 0000" to "Swap 1299", imported in that order, each 0.0001° (11 m) further
/// north of Paris's centre than the one before; all food but every tenth (goods).
const COUNT: usize = 1_300;

fn is_food(i: usize) -> bool {
    !i.is_multiple_of(10)
}

async fn directory(engine: Engine) -> TestApp {
    let app = TestApp::spawn(engine).await;
    import_all(
        &app,
        (0..COUNT).map(|i| InitiativeInput {
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
        }),
    )
    .await;
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

/// A word with more matches than a circle holds rows: the circle's rows lead, looked up in the
/// word's matches; and a rare category's rows lead a text, each checked for the word in its own
/// text, which must agree with the text index on where a word begins. Rows 0 to 2,099 say
/// "café", 11 m apart from Paris's centre outwards; in front of them, at the centre itself, rows
/// whose text has "cafe" inside a word, or as a word.
async fn a_common_word_in_a_circle(engine: Engine) {
    // Arrange
    let app = TestApp::spawn(engine).await;
    let at = |name: &str, summary: &str, category: &str, north: f64| InitiativeInput {
        name: Field::Value(name.into()),
        summary: Field::Value(summary.into()),
        categories: Field::Value(vec![category.into()]),
        location: Field::Value(LocationInput {
            latitude: Field::Value(48.8566 + north),
            longitude: Field::Value(2.3522),
            ..Default::default()
        }),
        ..Default::default()
    };
    let mut rows = vec![
        at("Bicafé", "Un atelier", "goods", 0.0),
        at("Déca", "Décafeiné, 3cafe", "goods", 0.0),
        at("Vélo-café", "Un atelier", "goods", 0.00001),
        at("CAFÉS DU MONDE", "Un atelier", "goods", 0.00002),
        at("Le Bistrot", "Le (café)", "repair", 0.00003),
    ];
    rows.extend((0..2_100).map(|i| {
        let category = if is_food(i) { "food" } else { "goods" };
        at(
            &format!("Swap {i:04}"),
            "Un café",
            category,
            0.0001 * (i + 1) as f64,
        )
    }));
    import_all(&app, rows).await;
    let near = "near=48.8566,2.3522&radius_km=30";

    // Act and assert
    let mut expected = vec![
        "Vélo-café".to_owned(),
        "CAFÉS DU MONDE".into(),
        "Le Bistrot".into(),
    ];
    expected.extend(swaps(0..17));
    assert_eq!(names(&app, &format!("{near}&q=cafe")).await, expected);
    let goods: Vec<usize> = (0..2_100).filter(|i| !is_food(*i)).collect();
    let mut expected = vec!["Vélo-café".to_owned(), "CAFÉS DU MONDE".into()];
    expected.extend(swaps(goods.iter().copied().take(18)));
    let (status, body) = app
        .get_json(&format!("/api/v1/initiatives?{near}&q=cafe&category=goods"))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["total"], 212, "{body}");
    let found: Vec<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(found, expected);

    // Without the circle, among a category's entries (few enough to lead), each checked in its
    // own text: the same matches.
    let (status, body) = app
        .get_json("/api/v1/initiatives?q=cafe&category=goods")
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["total"], 212, "{body}");
    let (status, body) = app
        .get_json("/api/v1/initiatives?q=cafe&category=repair")
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["total"], 1, "{body}");
    assert_eq!(body["items"][0]["name"], "Le Bistrot", "{body}");
}

on_both_engines!(broad_lists_find_the_right_page, a_common_word_in_a_circle);
