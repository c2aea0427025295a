//! Precision and recall of the duplicate rule on a labelled set of pairs as found in French,
//! German and Spanish maps of the field (`tests/fixtures/duplicates/pairs.csv`): true
//! duplicates written differently, and different entries that look alike.

use partage::domain::duplicates::{ContactKeys, Probe, judge};

/// One labelled pair: whether they are the same, their names, how far apart, a contact each.
#[derive(Debug, serde::Deserialize)]
struct Pair {
    same: u8,
    name_a: String,
    name_b: String,
    distance_m: f64,
    contact_a: String,
    contact_b: String,
}

/// A contact as written: an e-mail, a website or a phone number.
fn keys(contact: &str) -> ContactKeys {
    let c = Some(contact).filter(|c| !c.is_empty());
    match c {
        Some(c) if c.contains('@') => ContactKeys::new(None, Some(c), None),
        Some(c) if c.chars().any(|ch| ch.is_ascii_alphabetic()) => {
            ContactKeys::new(Some(c), None, None)
        }
        c => ContactKeys::new(None, None, c),
    }
}

fn pairs() -> Vec<Pair> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/duplicates/pairs.csv"
    );
    csv::Reader::from_path(path)
        .expect("the labelled set")
        .deserialize()
        .map(|row| row.expect("a labelled pair"))
        .collect()
}

#[test]
fn precision_and_recall_on_the_labelled_set() {
    // Arrange: each pair placed `distance_m` apart on a north–south line in Paris.
    let pairs = pairs();
    assert!(pairs.len() >= 200, "{} pairs", pairs.len());
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for p in &pairs {
        let a = Probe::new(&p.name_a, Some((48.85, 2.35)), keys(&p.contact_a));
        let north = 48.85 + p.distance_m / 111_195.0;
        let b = Probe::new(&p.name_b, Some((north, 2.35)), keys(&p.contact_b));

        // Act
        let found = judge(&a, &b);

        match (found.is_some(), p.same == 1) {
            (true, true) => tp += 1,
            (true, false) => {
                fp += 1;
                println!("false duplicate: {p:?} {found:?}");
            }
            (false, true) => {
                fn_ += 1;
                println!("missed duplicate: {p:?}");
            }
            (false, false) => {}
        }
    }

    // Assert: the floors the docs report (docs/DUPLICATES.md).
    let precision = tp as f64 / (tp + fp) as f64;
    let recall = tp as f64 / (tp + fn_) as f64;
    println!(
        "{} pairs: precision {precision:.3} ({tp} of {}), recall {recall:.3} ({tp} of {})",
        pairs.len(),
        tp + fp,
        tp + fn_
    );
    assert!(precision >= 0.93, "precision {precision:.3}");
    assert!(recall >= 0.88, "recall {recall:.3}");
}
