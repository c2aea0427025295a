//! A search finds a word by any of its beginnings, alone, with a category and in any circle:
//! on PostgreSQL the narrow copy's text index holds the words' beginnings and the cells of a
//! grid of places (migrations 0026 and 0027), and its answers are SQLite's, whichever way a list
//! finds its rows (the index, or each row walked newest first).

use partage::domain::initiative::InitiativeInput;
use partage::domain::location::LocationInput;
use partage::domain::validate::Field;
use serde_json::json;

use crate::on_both_engines;
use crate::support::{Engine, TestApp};
use crate::swaps::{analyze, finds, import_all, list, swaps};

async fn at(app: &TestApp, name: &str, place: (f64, f64), category: &str) {
    app.create_initiative(json!({
        "name": name,
        "summary": "Open to all",
        "categories": [category],
        "location": {"latitude": place.0, "longitude": place.1},
    }))
    .await;
}

async fn a_word_is_found_by_its_beginnings_anywhere(engine: Engine) {
    // Arrange: in Lyon, one of them on the edge of a cell of every level (45.75 = 2928 / 64);
    // in Santiago, south and west of zero; in Paris; on the corner of four cells of a degree.
    let app = TestApp::spawn(engine).await;
    at(&app, "Atelier de réparation", (45.7640, 4.8357), "repair").await;
    at(&app, "Cooperative bakery", (45.75, 4.8357), "food").await;
    at(&app, "Community garden", (-33.45, -70.66), "food").await;
    at(&app, "Tool library", (48.8722, 2.3770), "goods").await;
    at(&app, "Kayak hire", (46.0, 6.0), "mobility").await;

    // Act and assert: every beginning of a word, from 2 letters to the whole word and past the
    // 6 letters the index holds, finds it; a longer word sharing those 6 letters does not.
    let repair = ["atelier-de-reparation"];
    finds(
        &app,
        &["q=re", "q=rep", "q=repa", "q=repara", "q=reparation"],
        &repair,
    )
    .await;
    finds(
        &app,
        &["q=communit", "q=community", "q=COMMUNITY%20gard"],
        &["community-garden"],
    )
    .await;
    finds(&app, &["q=communal", "q=reparations", "q=tools"], &[]).await;
    finds(&app, &["q=co"], &["community-garden", "cooperative-bakery"]).await;

    // With a category, as a word of the index.
    finds(
        &app,
        &["q=co&category=food"],
        &["community-garden", "cooperative-bakery"],
    )
    .await;
    finds(
        &app,
        &["q=rep&category=food", "q=coop&category=repair"],
        &[],
    )
    .await;

    // In circles of 1 to 500 km, whose cells cover them at every level, south and west of zero
    // too; a circle wider than the grid is checked without cells.
    let lyon = "near=45.7455,4.8357";
    finds(
        &app,
        &[&format!("q=bak&{lyon}&radius_km=1")],
        &["cooperative-bakery"],
    )
    .await;
    finds(&app, &[&format!("q=rep&{lyon}&radius_km=1")], &[]).await;
    for radius in [3, 30, 100, 500] {
        let lyon = format!("{lyon}&radius_km={radius}");
        finds(&app, &[&format!("q=rep&{lyon}")], &repair).await;
        finds(
            &app,
            &[&format!("q=coop&category=food&{lyon}")],
            &["cooperative-bakery"],
        )
        .await;
        // Paris is 390 km away.
        let paris: &[&str] = if radius > 390 { &["tool-library"] } else { &[] };
        finds(&app, &[&format!("q=tool&{lyon}")], paris).await;
    }
    let santiago = "near=-33.4489,-70.6693";
    finds(
        &app,
        &[&format!("q=commun&{santiago}&radius_km=5")],
        &["community-garden"],
    )
    .await;
    finds(&app, &[&format!("q=bak&{santiago}&radius_km=5")], &[]).await;
    // A word's first letters are in the cells of a degree: found from each of the four.
    for corner in [
        "45.995,5.995",
        "45.995,6.005",
        "46.005,5.995",
        "46.005,6.005",
    ] {
        let kayak = format!("near={corner}&radius_km=2");
        finds(
            &app,
            &[&format!("q=kay&{kayak}"), &format!("q=kayak&{kayak}")],
            &["kayak-hire"],
        )
        .await;
    }
    let wide = "near=48.85,2.35&radius_km=3000";
    finds(&app, &[&format!("q=too&{wide}")], &["tool-library"]).await;
    finds(&app, &[&format!("q=re&{wide}")], &repair).await;
}

/// More matches than the count's cap, found either way: on PostgreSQL, with its statistics, a
/// word in 1,100 or 1,125 of 3,000 entries is gathered from the text index (M² ≤ 0.5 × 1,001 ×
/// 3,000), its first 1,001 counted, its newest page found walking the newest rows; one in
/// 1,900 is walked.
async fn more_matches_than_the_cap_are_paged_newest_first(engine: Engine) {
    // Arrange: "Swap 0000" to "Swap 2999", imported in that order; "troc" in the first 1,100,
    // "donner" in the others; "mutuel" in 3 of every 8 (1,125), spread over their ages; repair
    // every other one.
    let app = TestApp::spawn(engine).await;
    import_all(
        &app,
        (0..3_000).map(|i| InitiativeInput {
            name: Field::Value(format!("Swap {i:04}")),
            summary: Field::Value(format!(
                "{} {}",
                if i < 1_100 { "Troc" } else { "Donner" },
                if i % 8 < 3 { "mutuel" } else { "libre" }
            )),
            categories: Field::Value(vec![if i % 2 == 0 { "repair" } else { "goods" }.into()]),
            location: Field::Value(LocationInput {
                latitude: Field::Value(45.0 + i as f64 * 0.0001),
                longitude: Field::Value(5.0),
                ..Default::default()
            }),
            ..Default::default()
        }),
    )
    .await;
    analyze(&app).await;

    // Act and assert: the newest pages, and counts up to the cap; on PostgreSQL the newest
    // pages are found walking the newest rows (those of "troc", all old, 1,900 rows deep).
    let mutual = |from: usize| {
        let newest = (0..3_000).rev().filter(|i| i % 8 < 3).skip(from).take(20);
        swaps(newest)
    };
    assert_eq!(list(&app, "q=mutuel").await, (mutual(0), 1000, false));
    assert_eq!(list(&app, "q=mutu&page=3").await, (mutual(40), 1000, false));
    assert_eq!(
        list(&app, "q=troc").await,
        (swaps((1_080..1_100).rev()), 1000, false)
    );
    assert_eq!(
        list(&app, "q=tro&page=3").await,
        (swaps((1_040..1_060).rev()), 1000, false)
    );
    assert_eq!(
        list(&app, "q=donner").await,
        (swaps((2_980..3_000).rev()), 1000, false)
    );
    // In a circle of 40 km around the middle: on PostgreSQL, where its smallest circle holds
    // many, counted in a fourth of it first, whose 10 km hold more than the cap of "donner"
    // (1,797 of its 1,900); "troc", all older and from 10 to 22 km away, in all of it. The
    // nearest page either way.
    let circle = "near=45.20005,5.0&radius_km=40";
    let (mut nearest, total, exact) = list(&app, &format!("q=donner&{circle}")).await;
    nearest.sort();
    assert_eq!((nearest, total, exact), (swaps(1_991..2_011), 1000, false));
    assert_eq!(
        list(&app, &format!("q=troc&{circle}")).await,
        (swaps((1_080..1_100).rev()), 1000, false)
    );
    // Fewer than the cap, with a category: ranked alike (the same words), then by name.
    assert_eq!(
        list(&app, "q=troc&category=repair&page=2").await,
        (swaps((40..80).step_by(2)), 550, true)
    );
}

/// A word of one age, gathered on PostgreSQL (1,100 of 6,000 entries: M² ≤ 0.5 × 1,001 ×
/// 6,000), all its matches older than the newest rows walked for its page (4 times its
/// estimated matches): its matches are then ordered by age, and a page deeper than the walk
/// would reach is ordered at once. A word and a category always together are estimated as if
/// they were not (a quarter of the rows, for a half): their page found among the newest rows,
/// so dense there that they are counted walking on. SQLite walks its text index's matches
/// newest first.
async fn words_of_one_age_are_paged_newest_first(engine: Engine) {
    // Arrange: "Swap 0000" to "Swap 5999", imported in that order; "ancien" in the first 1,100,
    // "neuf" and repair in the last 3,000.
    let app = TestApp::spawn(engine).await;
    import_all(
        &app,
        (0..6_000).map(|i| InitiativeInput {
            name: Field::Value(format!("Swap {i:04}")),
            summary: Field::Value(match i {
                ..1_100 => "Ancien".into(),
                3_000.. => "Neuf".into(),
                _ => "Nouveau".into(),
            }),
            categories: Field::Value(vec![if i < 3_000 { "goods" } else { "repair" }.into()]),
            ..Default::default()
        }),
    )
    .await;
    analyze(&app).await;

    // Act and assert: the newest page, the third, and the 46th (its 920 newest matches: more
    // than the walk's 4,400 rows are expected to hold).
    assert_eq!(
        list(&app, "q=ancien").await,
        (swaps((1_080..1_100).rev()), 1000, false)
    );
    assert_eq!(
        list(&app, "q=anc&category=goods&page=3").await,
        (swaps((1_040..1_060).rev()), 1000, false)
    );
    let (deep, _, exact) = list(&app, "q=ancien&page=46").await;
    assert_eq!((deep, exact), (swaps((180..200).rev()), false));
    assert_eq!(
        list(&app, "q=neuf&category=repair").await,
        (swaps((5_980..6_000).rev()), 1000, false)
    );
}

on_both_engines!(
    a_word_is_found_by_its_beginnings_anywhere,
    more_matches_than_the_cap_are_paged_newest_first,
    words_of_one_age_are_paged_newest_first
);
