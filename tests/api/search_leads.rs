//! The rarest condition leads a list: a category's own labels (few entries, or none), a text with
//! a rare category, a text in a small circle. Whatever leads, the pages and counts are those of
//! the full order.

use serde_json::json;

use partage::domain::initiative::InitiativeInput;
use partage::domain::location::LocationInput;
use partage::domain::validate::Field;

use crate::on_both_engines;
use crate::support::{Engine, TestApp};
use crate::swaps::{import_all, list, swaps};

/// "Swap 0000" to "Swap 1299", imported in that order, each 0.0001° (11 m) further north of
/// Paris's centre than the one before. Every 250th from the 7th is repair (6 of them), every
/// 10th else goods, the rest food; nobody is energy. Every third says "atelier".
const COUNT: usize = 1_300;

fn category(i: usize) -> &'static str {
    match i {
        _ if i % 250 == 7 => "repair",
        _ if i.is_multiple_of(10) => "goods",
        _ => "food",
    }
}

async fn directory(engine: Engine) -> TestApp {
    let app = TestApp::spawn(engine).await;
    import_all(
        &app,
        (0..COUNT).map(|i| {
            let summary = match i.is_multiple_of(3) {
                true => "Un atelier de partage",
                false => "Partage de tout",
            };
            InitiativeInput {
                name: Field::Value(format!("Swap {i:04}")),
                summary: Field::Value(summary.into()),
                categories: Field::Value(vec![category(i).into()]),
                location: Field::Value(LocationInput {
                    locality: Field::Value("Paris".into()),
                    latitude: Field::Value(48.8566 + i as f64 * 0.0001),
                    longitude: Field::Value(2.3522),
                    ..Default::default()
                }),
                ..Default::default()
            }
        }),
    )
    .await;
    app
}

async fn a_category_leads_by_name(engine: Engine) {
    // Arrange
    let app = directory(engine).await;
    let repair = || (0..COUNT).filter(|i| category(*i) == "repair");
    let goods = || (0..COUNT).filter(|i| category(*i) == "goods");
    let food = || (0..COUNT).filter(|i| category(*i) == "food");

    // Act and assert: few entries, none, some over two pages, more than the count's cap.
    assert_eq!(
        list(&app, "category=repair").await,
        (swaps(repair()), 6, true)
    );
    assert_eq!(list(&app, "category=energy").await, (Vec::new(), 0, true));
    assert_eq!(
        list(&app, "category=goods&page=3").await,
        (swaps(goods().skip(40).take(20)), 130, true)
    );
    assert_eq!(
        list(&app, "category=food&page=2&per_page=50").await,
        (swaps(food().skip(50).take(50)), 1000, false)
    );
    // Other conditions still hold: a status, an origin.
    assert_eq!(
        list(&app, "category=repair&status=closed").await,
        (Vec::new(), 0, true)
    );
    assert_eq!(
        list(&app, "category=repair&origin=network").await,
        (Vec::new(), 0, true)
    );

    // A renamed entry moves in its category's order; a recategorised one leaves it.
    let response = app
        .patch_json(
            "/api/v1/initiatives/swap-0507",
            &json!({"name": "Atelier Swap"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let response = app
        .patch_json(
            "/api/v1/initiatives/swap-0757",
            &json!({"categories": ["goods"]}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let mut expected = vec!["Atelier Swap".to_owned()];
    expected.extend(swaps([7, 257, 1007, 1257].into_iter()));
    assert_eq!(list(&app, "category=repair").await, (expected, 5, true));
}

async fn a_rare_condition_leads_a_text(engine: Engine) {
    // Arrange
    let app = directory(engine).await;

    // Act and assert: a text with a category of few entries, or of none; ranked alike (the
    // same words), then by name.
    let repair_ateliers = [507, 1257].into_iter(); // repair and a multiple of 3
    assert_eq!(
        list(&app, "q=atelier&category=repair").await,
        (swaps(repair_ateliers), 2, true)
    );
    assert_eq!(
        list(&app, "q=partage&category=repair").await.1,
        6,
        "every repair entry says partage"
    );
    assert_eq!(
        list(&app, "q=partage&category=energy").await,
        (Vec::new(), 0, true)
    );
    // A broad text with a common category: the newest first.
    let food = (0..COUNT).rev().filter(|i| category(*i) == "food");
    assert_eq!(
        list(&app, "q=partage&category=food&page=2").await,
        (swaps(food.skip(20).take(20)), 1000, false)
    );

    // A text in a small circle (50 m: rows 0 to 4), and a common text in a larger one, nearest
    // first.
    let near = "near=48.8566,2.3522";
    assert_eq!(
        list(&app, &format!("{near}&radius_km=0.05&q=partage")).await,
        (swaps(0..5), 5, true)
    );
    assert_eq!(
        list(&app, &format!("{near}&radius_km=0.5&q=atelier")).await,
        (swaps((0..45).filter(|i| i % 3 == 0)), 15, true)
    );
    assert_eq!(
        list(&app, &format!("{near}&radius_km=50&q=atelier&page=2")).await,
        (
            swaps((0..COUNT).filter(|i| i % 3 == 0).skip(20).take(20)),
            434,
            true
        )
    );
}

/// A text of 2,000 to 30,000 matches with a category of more than 2,000 entries: the category's
/// labels are looked up in the set of the words' matches (SQLite); in a circle, each of its
/// rows is checked for the words. 3,500 rows 11 m apart: food
/// below 2,050, "café" from 1,300, so that 750 are both.
async fn a_common_category_meets_a_set_of_matches(engine: Engine) {
    // Arrange
    let app = TestApp::spawn(engine).await;
    import_all(
        &app,
        (0..3_500).map(|i| InitiativeInput {
            name: Field::Value(format!("Swap {i:04}")),
            // One of 150 other words each: PostgreSQL estimates a prefix's matches from its
            // statistics of words only when they list 100 words or more.
            summary: Field::Value(format!(
                "Un {} w{:03}",
                if i >= 1_300 { "café" } else { "thé" },
                i % 150
            )),
            categories: Field::Value(vec![if i < 2_050 { "food" } else { "goods" }.into()]),
            location: Field::Value(LocationInput {
                latitude: Field::Value(48.8566 + i as f64 * 0.0001),
                longitude: Field::Value(2.3522),
                ..Default::default()
            }),
            ..Default::default()
        }),
    )
    .await;

    // Act and assert: 750 matches, ranked alike (the same words), then by name; more than the
    // cap, the newest first; in a circle (rows 684 to 1,583), the nearest.
    assert_eq!(
        list(&app, "q=cafe&category=food&page=2").await,
        (swaps(1_320..1_340), 750, true)
    );
    assert_eq!(
        list(&app, "q=cafe&category=goods").await,
        (swaps((3_480..3_500).rev()), 1000, false)
    );
    assert_eq!(
        list(&app, "q=cafe&category=food&near=48.97,2.3522&radius_km=5").await,
        (swaps(1_300..1_320), 284, true)
    );
    // A word alone in a circle: "cafe" (2,200 entries), and "un" in all 3,500 (rows 0 to 183
    // in 5 km south of them all), which on PostgreSQL the text index finds with the cells
    // covering the circle; the same nearest pages and counts. None in an empty circle.
    assert_eq!(
        list(&app, "q=cafe&near=48.97,2.3522&radius_km=5").await,
        (swaps(1_300..1_320), 284, true)
    );
    assert_eq!(
        list(&app, "q=un&near=48.83,2.3522&radius_km=5&page=2").await,
        (swaps(20..40), 184, true)
    );
    assert_eq!(
        list(&app, "q=un&near=47.5,-4.5&radius_km=50").await,
        (Vec::new(), 0, true)
    );
}

/// The names of a map layer's features, in its order.
async fn mapped(app: &TestApp, query: &str) -> Vec<String> {
    let (status, body) = app.get_json(&format!("/initiatives.geojson?{query}")).await;
    assert_eq!(status, 200, "{query}: {body}");
    let features = body["features"].as_array().unwrap().iter();
    features
        .map(|f| f["properties"]["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_map_layer_reads_its_entries_in_chunks(engine: Engine) {
    // Arrange
    let app = directory(engine).await;
    let food = (0..COUNT).filter(|i| category(*i) == "food");

    // Act and assert: 1,300 entries by name and 1,164 nearest first, read 250 at a time, each
    // once and in the list's order.
    assert_eq!(mapped(&app, "").await, swaps(0..COUNT));
    assert_eq!(
        mapped(&app, "category=food&near=48.8566,2.3522&radius_km=100").await,
        swaps(food)
    );
}

on_both_engines!(
    a_map_layer_reads_its_entries_in_chunks,
    a_category_leads_by_name,
    a_rare_condition_leads_a_text,
    a_common_category_meets_a_set_of_matches
);
