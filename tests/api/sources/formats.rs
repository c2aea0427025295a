//! A source in each format, changed between runs: rows added, edited and removed, a field an
//! admin edited here kept, nothing written when nothing changed.

use partage::domain::sources::Mapping;
use serde_json::{Value, json};

use super::{Served, SourceServer, add, chapter, counts, run};
use crate::import::initiative;
use crate::on_both_engines;
use crate::support::Engine;

/// A place as every format tells it.
struct Place {
    id: &'static str,
    name: &'static str,
    street: &'static str,
    city: &'static str,
    point: (f64, f64),
    description: &'static str,
    website: &'static str,
    /// Our category: goods, repair or food.
    kind: &'static str,
}

const A: Place = Place {
    id: "A1",
    name: "Troc Belleville",
    street: "12 rue de Belleville",
    city: "Paris",
    point: (48.8722, 2.3770),
    description: "Objets donnés et échangés",
    website: "https://troc.example/",
    kind: "goods",
};
const B: Place = Place {
    id: "B2",
    name: "Repair Café Oberkampf",
    street: "3 rue Oberkampf",
    city: "Paris",
    point: (48.8650, 2.3700),
    description: "Le samedi",
    website: "https://repair.example/",
    kind: "repair",
};
const B_EDITED: Place = Place {
    description: "Le samedi et le dimanche",
    website: "https://repair.example/oberkampf",
    ..B
};
const C: Place = Place {
    id: "C3",
    name: "Grainothèque Ménilmontant",
    street: "5 rue de Ménilmontant",
    city: "Paris",
    point: (48.8670, 2.3830),
    description: "Des graines",
    website: "https://graines.example/",
    kind: "food",
};
const D: Place = Place {
    id: "D4",
    name: "Accorderie Croix-Rousse",
    street: "8 place de la Croix-Rousse",
    city: "Lyon",
    point: (45.7740, 4.8320),
    description: "Une heure pour une heure",
    website: "https://accorderie.example/",
    kind: "goods",
};

fn french(kind: &str) -> &'static str {
    match kind {
        "goods" => "Objets",
        "repair" => "Réparation",
        _ => "Alimentation",
    }
}

fn csv(places: &[&Place]) -> Served {
    let mut text =
        "id;nom;adresse;ville;latitude;longitude;description;site web;catégories\n".to_owned();
    for p in places {
        text += &format!(
            "{};{};{};{};{};{};{};{};{}\n",
            p.id,
            p.name,
            p.street,
            p.city,
            p.point.0,
            p.point.1,
            p.description,
            p.website,
            french(p.kind)
        );
    }
    Served::Data("text/csv; charset=utf-8", text)
}

fn json(places: &[&Place]) -> Served {
    let items: Vec<Value> = places
        .iter()
        .map(|p| {
            json!({"id": p.id, "name": p.name, "description": p.description, "website": p.website,
                   "categories": [p.kind],
                   "location": {"street": p.street, "locality": p.city,
                                "latitude": p.point.0, "longitude": p.point.1}})
        })
        .collect();
    Served::Data("application/json", Value::Array(items).to_string())
}

/// OpenStreetMap data exported as GeoJSON (overpass-turbo's export): tags as properties.
fn geojson(places: &[&Place]) -> Served {
    let features: Vec<Value> = places
        .iter()
        .map(|p| {
            let mut properties = json!({"name": p.name, "addr:street": p.street,
                "addr:city": p.city, "description": p.description, "website": p.website});
            let (tag, value) = match p.kind {
                "goods" => ("shop", "second_hand"),
                "repair" => ("repair_cafe", "yes"),
                _ => ("amenity", "marketplace"),
            };
            properties[tag] = json!(value);
            json!({"type": "Feature", "id": format!("node/{}", p.id),
                   "geometry": {"type": "Point", "coordinates": [p.point.1, p.point.0]},
                   "properties": properties})
        })
        .collect();
    let body = json!({"type": "FeatureCollection", "features": features});
    Served::Data("application/geo+json", body.to_string())
}

/// GoGoCarto's `/api/elements.json` (its `gogofull` ontology).
fn gogocarto(places: &[&Place]) -> Served {
    let data: Vec<Value> = places
        .iter()
        .map(|p| {
            let category = match p.kind {
                "goods" => "Réemploi",
                "repair" => "Réparation",
                _ => "Alimentation et Agriculture",
            };
            json!({"id": p.id, "name": p.name,
                   "geo": {"latitude": p.point.0, "longitude": p.point.1},
                   "sourceKey": "Colibris",
                   "address": {"streetAddress": p.street, "addressLocality": p.city,
                               "postalCode": "75020", "addressCountry": "FR"},
                   "createdAt": "2019-03-01T10:00:00+01:00", "updatedAt": "2024-02-01T10:00:00+01:00",
                   "status": 1, "categories": [category],
                   "categoriesFull": [{"id": 12, "name": category, "description": "", "index": 0}],
                   "description": p.description, "website": p.website,
                   "telephone": "01 43 00 00 00", "email": "private"})
        })
        .collect();
    let body = json!({"licence": "https://opendatacommons.org/licenses/odbl/summary/",
                      "ontology": "gogofull", "data": data});
    Served::Data("application/json", body.to_string())
}

/// Each format: how it serves places, and the mapping it needs.
fn format(name: &str) -> (fn(&[&Place]) -> Served, Mapping) {
    match name {
        "csv" => (csv, Mapping::default()),
        "json" => (json, Mapping::default()),
        "geojson" => (
            geojson,
            Mapping::parse(
                r#"[fields]
                   "location.street" = "addr:street"
                   "location.locality" = "addr:city"
                   [categories]
                   "shop=second_hand" = "goods"
                   "repair_cafe=yes" = "repair"
                   "amenity=marketplace" = "food""#,
            )
            .unwrap(),
        ),
        _ => (
            gogocarto,
            Mapping::parse(
                "[categories]\n\"Réemploi\" = \"goods\"\n\"Alimentation et Agriculture\" = \"food\"",
            )
            .unwrap(),
        ),
    }
}

async fn kept_in_sync(engine: Engine, name: &str) {
    // Arrange: a source of three places.
    let app = chapter(engine).await;
    let server = SourceServer::start().await;
    let (serve, mapping) = format(name);
    server.serve("places", serve(&[&A, &B, &C]));
    let id = add(&app, &server.url("places"), name, mapping).await;

    // Act: the first run.
    let first = run(&app, id).await;

    // Assert: three entries, mapped, each saying where it comes from.
    assert_eq!(counts(&first), (3, 0, 0, 0, 0), "{name}: {first:?}");
    let troc = initiative(&app, "troc-belleville").await;
    assert_eq!(troc["categories"], json!(["goods"]), "{name}: {troc}");
    assert_eq!(troc["location"]["locality"], "Paris");
    assert_eq!(troc["location"]["latitude"], 48.8722);
    assert_eq!(troc["website"], "https://troc.example/");
    assert_eq!(
        initiative(&app, "repair-cafe-oberkampf").await["categories"],
        json!(["repair"])
    );
    assert_eq!(
        initiative(&app, "grainotheque-menilmontant").await["categories"],
        json!(["food"])
    );
    let page = app.page_text("/initiatives/troc-belleville").await;
    assert!(
        page.contains("Près de chez nous") && page.contains("(ODbL)"),
        "{page}"
    );
    assert!(page.contains("href=\"https://presdecheznous.example/\""));

    // The same rows again: nothing is written.
    let before = app.snapshot().await;
    let again = run(&app, id).await;
    assert_eq!(counts(&again), (0, 0, 3, 0, 0), "{name}: {again:?}");
    assert_eq!(
        app.snapshot().await,
        before,
        "{name}: an unchanged run writes nothing"
    );

    // An admin edits a field here; then the source adds D, edits B (that field too) and drops C.
    let edit = json!({"website": "https://admin.example/repair"});
    let response = app
        .patch_json("/api/v1/initiatives/repair-cafe-oberkampf", &edit)
        .await;
    assert_eq!(response.status(), 200);
    server.serve("places", serve(&[&A, &B_EDITED, &D]));
    let outgoing = app.outgoing_types().await.len();
    let changed = run(&app, id).await;

    assert_eq!(counts(&changed), (1, 1, 1, 1, 0), "{name}: {changed:?}");
    let repair = initiative(&app, "repair-cafe-oberkampf").await;
    assert_eq!(repair["description"], "Le samedi et le dimanche", "{name}");
    assert_eq!(
        repair["website"], "https://admin.example/repair",
        "{name}: the admin's edit is kept"
    );
    let closed = initiative(&app, "grainotheque-menilmontant").await;
    assert_eq!(
        closed["status"], "closed",
        "{name}: a row gone is closed, not deleted"
    );
    let page = app
        .page_text("/initiatives/grainotheque-menilmontant")
        .await;
    assert!(page.contains("Closed for good") && page.contains("No longer listed there since"));
    // The directory lists those still running; the closed ones when asked.
    let directory = app.page_text("/initiatives").await;
    assert!(
        directory.contains("Troc Belleville") && !directory.contains("Grainothèque"),
        "{name}"
    );
    let closed_ones = app.page_text("/initiatives?status=closed").await;
    assert!(closed_ones.contains("Grainothèque") && !closed_ones.contains("Troc Belleville"));
    assert_eq!(
        initiative(&app, "accorderie-croix-rousse").await["location"]["locality"],
        "Lyon"
    );
    // Followers hear of each change, as of an admin's.
    let mut told = app.outgoing_types().await.split_off(outgoing);
    told.sort();
    assert_eq!(
        told,
        [
            "InitiativePublished",
            "InitiativeUpdated",
            "InitiativeUpdated"
        ],
        "{name}"
    );

    // Run again: the closed entry stays closed, nothing is written.
    let before = app.snapshot().await;
    let last = run(&app, id).await;
    assert_eq!(counts(&last), (0, 0, 3, 0, 0), "{name}: {last:?}");
    assert_eq!(app.snapshot().await, before);
    let logged = partage::domain::sources::runs(&app.db, id, 10)
        .await
        .unwrap();
    assert_eq!(logged.len(), 4);
    assert_eq!(logged[0], last, "the newest run first, as it was returned");
}

async fn csv_kept_in_sync(engine: Engine) {
    kept_in_sync(engine, "csv").await;
}

async fn json_kept_in_sync(engine: Engine) {
    kept_in_sync(engine, "json").await;
}

async fn geojson_from_openstreetmap_kept_in_sync(engine: Engine) {
    kept_in_sync(engine, "geojson").await;
}

async fn gogocarto_kept_in_sync(engine: Engine) {
    kept_in_sync(engine, "gogocarto").await;
}

/// The fixture is what a GoGoCarto map's public API answers (`/api/elements.json`, its
/// `gogofull` ontology, an e-mail kept private): every field we take is read.
async fn a_gogocarto_map_as_it_answers(engine: Engine) {
    let app = chapter(engine).await;
    let server = SourceServer::start().await;
    let fixture = include_str!("../../fixtures/sources/gogocarto.json");
    server.serve(
        "api/elements.json",
        Served::Data("application/json", fixture.to_owned()),
    );
    let mapping = Mapping::parse(include_str!("../../fixtures/sources/gogocarto.toml")).unwrap();
    let id = add(&app, &server.url("api/elements.json"), "gogocarto", mapping).await;

    let first = run(&app, id).await;

    assert_eq!(counts(&first), (3, 0, 0, 0, 0), "{first:?}");
    let amap = initiative(&app, "amap-des-lilas").await;
    assert_eq!(amap["location"]["street"], "12 rue de Paris");
    assert_eq!(amap["location"]["postal_code"], "93260");
    assert_eq!(amap["location"]["locality"], "Les Lilas");
    assert_eq!(amap["phone"], "01 43 62 00 00");
    assert_eq!(
        amap["email"],
        Value::Null,
        "GoGoCarto's \"private\" is no address"
    );
    assert_eq!(amap["categories"], json!(["food"]));
    let ressourcerie = initiative(&app, "la-ressourcerie-du-cirque").await;
    assert_eq!(ressourcerie["categories"], json!(["goods", "repair"]));
}

/// A source without ids: a row is its name at its place, run after run.
async fn rows_without_ids_are_their_name_and_place(engine: Engine) {
    let app = chapter(engine).await;
    let server = SourceServer::start().await;
    let text = "nom;adresse;ville\nRepair Café;3 rue Oberkampf;Paris\nRepair Café;;Lyon\n";
    server.serve("a.csv", Served::Data("text/csv", text.into()));
    let id = add(&app, &server.url("a.csv"), "csv", Mapping::default()).await;
    assert_eq!(counts(&run(&app, id).await), (2, 0, 0, 0, 0));

    // The Paris row with a summary, the Lyon one moved to Villeurbanne.
    let text = "nom;adresse;ville;résumé\nRepair Café;3 rue Oberkampf;Paris;Le samedi\n\
                Repair Café;;Villeurbanne;\n";
    server.serve("a.csv", Served::Data("text/csv", text.into()));
    let second = run(&app, id).await;

    assert_eq!(counts(&second), (1, 1, 0, 1, 0), "{second:?}");
    assert_eq!(
        initiative(&app, "repair-cafe").await["summary"],
        "Le samedi"
    );
}

on_both_engines!(
    rows_without_ids_are_their_name_and_place,
    csv_kept_in_sync,
    json_kept_in_sync,
    geojson_from_openstreetmap_kept_in_sync,
    gogocarto_kept_in_sync,
    a_gogocarto_map_as_it_answers,
);
