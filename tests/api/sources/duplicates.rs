//! A source's rows go through the duplicates' pass like every write: one repair café listed
//! here, by a source and by a followed chapter is found as three pairs.

use partage::domain::duplicates::sweep;
use partage::domain::sources::Mapping;
use serde_json::{Value, json};

use super::{Served, SourceServer, add, counts, run};
use crate::network::follow;
use crate::on_both_engines;
use crate::support::{Engine, TestApp};

/// A repair café `north_m` metres north of a point of the Croix-Rousse, Lyon.
fn at(name: &str, north_m: f64) -> Value {
    json!({"name": name, "categories": ["repair"],
           "location": {"locality": "Lyon", "latitude": 45.7740 + north_m / 111_195.0, "longitude": 4.8320}})
}

async fn across_local_imported_and_mirrored(engine: Engine) {
    // Arrange: Lyon lists it; Paris lists it too, follows Lyon, and reads a source listing it.
    let paris = TestApp::spawn_with(
        engine.clone(),
        "paris.localhost",
        &[("sources.check_seconds", "0")],
    )
    .await;
    let lyon = TestApp::spawn_with(
        engine,
        "lyon.localhost",
        &[("instance.slug", "lyon"), ("instance.name", "Partage Lyon")],
    )
    .await;
    lyon.create_initiative(at("Repair Café Croix-Rousse", 0.0))
        .await;
    paris
        .create_initiative(at("Repair Cafe de la Croix Rousse", 30.0))
        .await;
    follow(&paris, &lyon, "lyon", json!({})).await;
    let server = SourceServer::start().await;
    let csv = format!(
        "id,name,city,latitude,longitude,categories\nrc-1,Repair Café Croix Rousse,Lyon,{},4.8320,repair\n",
        45.7740 + 15.0 / 111_195.0
    );
    server.serve("lyon.csv", Served::Data("text/csv", csv));
    let id = add(&paris, &server.url("lyon.csv"), "csv", Mapping::default()).await;
    assert_eq!(counts(&run(&paris, id).await), (1, 0, 0, 0, 0));

    // Act: what the server does every 10 seconds.
    assert!(sweep(&paris.db).await.unwrap() >= 1);

    // Assert: every two of the three are a pair.
    let response = paris
        .admin(reqwest::Method::GET, "/api/v1/duplicates")
        .send()
        .await
        .unwrap();
    let pairs: Value = response.json().await.unwrap();
    assert_eq!(pairs["total"], 3, "{pairs}");
    let origins: Vec<(bool, bool)> = pairs["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["first"]["origin"].is_null(),
                p["second"]["origin"].is_null(),
            )
        })
        .collect();
    assert_eq!(
        origins.iter().filter(|(a, b)| *a && *b).count(),
        1,
        "ours and the source's"
    );
    assert_eq!(
        origins.iter().filter(|(a, b)| a != b).count(),
        2,
        "each with Lyon's"
    );
}

on_both_engines!(across_local_imported_and_mirrored);
