//! The event form offers choices instead of names to type: the chapter's initiatives by name
//! (typed by name past a thousand), the time zones (the chapter's first), and the places
//! already used.

use partage::domain::account::Role;
use partage::domain::import::{self, Row, RowError};
use partage::domain::initiative::InitiativeInput;
use partage::domain::validate::Field;
use serde_json::json;

use super::{Browser, inline_error, problems, user};
use crate::on_both_engines;
use crate::support::{Engine, TestApp};

async fn the_event_form_offers_choices(engine: Engine) {
    let app = TestApp::spawn_with(
        engine,
        "localhost",
        &[("instance.timezone", "Europe/Berlin")],
    )
    .await;
    app.create_initiative(
        json!({"name": "Repair Café Belleville", "location": {"name": "La Cyclofficine",
        "street": "5 rue Pierre Bonnard", "postal_code": "75020", "locality": "Paris",
        "latitude": 48.8721, "longitude": 2.3985}}),
    )
    .await;
    app.create_initiative(json!({"name": "Atelier vélo", "location": {"locality": "Paris"}}))
        .await;
    user(&app, "alice", Role::Editor).await;
    let mut browser = Browser::signed_in(&app, "alice").await;

    let page = browser.get("/admin/events/new").await;
    assert_eq!(page.status, 200);
    let body = &page.body;
    // The organiser by its name; the address name stays the value.
    assert!(
        body.contains("<select id=\"f-initiative\" name=\"initiative\">"),
        "{body}"
    );
    assert!(
        body.contains("<option value=\"repair-cafe-belleville\">Repair Café Belleville</option>")
    );
    assert!(body.find(">Atelier vélo<").unwrap() < body.find(">Repair Café Belleville<").unwrap());
    // The chapter's zone first and chosen; then every zone.
    let zones = body
        .split("<select id=\"f-timezone\" name=\"timezone\">")
        .nth(1)
        .unwrap();
    assert!(
        zones.starts_with("<option value=\"Europe/Berlin\" selected>Europe/Berlin</option>"),
        "{zones}"
    );
    assert!(zones.contains("<option value=\"America/New_York\">America/New York</option>"));
    // The places used, for the script (hidden without it); only those with a name or street.
    let places = body.split("<select id=\"known-place\">").nth(1).unwrap();
    let places = places.split("</select>").next().unwrap();
    assert!(
        places.contains("La Cyclofficine, 5 rue Pierre Bonnard, 75020 Paris"),
        "{places}"
    );
    assert_eq!(
        places.matches("<option").count(),
        2,
        "the prompt and one place"
    );

    // The chosen initiative is saved by its address name, and kept selected when editing.
    let saved = browser
        .submit(
            "/admin/events",
            &[
                ("name", "Repair night"),
                ("starts_at", "2099-06-06T18:00"),
                ("timezone", "Europe/Berlin"),
                ("initiative", "repair-cafe-belleville"),
                ("location.locality", "Paris"),
            ],
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    let page = browser.get("/admin/events/repair-night").await;
    assert!(
        page.body
            .contains("<option value=\"repair-cafe-belleville\" selected>"),
        "{}",
        page.body
    );
    let (_, view) = app.get_json("/api/v1/events/repair-night").await;
    assert_eq!(view["initiative"], "repair-cafe-belleville");

    // An unknown organiser is the field's problem, and nothing is saved.
    let before = app.snapshot().await;
    let refused = browser
        .submit(
            "/admin/events",
            &[
                ("name", "Repair night"),
                ("starts_at", "2099-06-13T18:00"),
                ("timezone", "Europe/Berlin"),
                ("initiative", "no-such-initiative"),
                ("location.locality", "Paris"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    let error = inline_error(&refused.body, "initiative");
    let error = error.unwrap_or_else(|| panic!("{:?}", problems(&refused.body)));
    assert!(error.contains("there is no initiative"), "{error}");
    assert!(
        refused
            .body
            .contains("<option value=\"no-such-initiative\" selected>"),
        "what was chosen is kept"
    );
    assert_eq!(app.snapshot().await, before);
}

/// Past a thousand initiatives no list is sent: the organiser's name is typed (the script
/// suggests names from the API's search), and the server finds the initiative it names.
async fn past_a_thousand_initiatives_the_organiser_is_typed_by_name(engine: Engine) {
    // Arrange: 1,001 initiatives, two of them of the same name.
    let app = TestApp::spawn(engine).await;
    let initiative = |line: usize, name: String, slug: Option<&str>| {
        Ok::<_, RowError>(Row {
            line,
            input: InitiativeInput {
                name: Field::Value(name),
                slug: slug.map_or(Field::Absent, |s| Field::Value(s.to_owned())),
                ..Default::default()
            },
            columns: Default::default(),
        })
    };
    let rows = (0..999)
        .map(|i| initiative(i, format!("Swap {i:04}"), None))
        .chain([
            initiative(999, "Jardin partagé".into(), Some("jardin-nord")),
            initiative(1000, "Jardin partagé".into(), Some("jardin-sud")),
        ]);
    let report = import::initiatives(&app.db, rows, false, |_| {})
        .await
        .unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    user(&app, "alice", Role::Editor).await;
    let mut browser = Browser::signed_in(&app, "alice").await;

    // The organiser is a text field with suggestions, searched where the script searches.
    let page = browser.get("/admin/events/new").await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("<select id=\"f-initiative\""));
    let field = "<input id=\"f-initiative\" name=\"initiative\" type=\"text\" value=\"\" \
                 list=\"f-initiative-list\" autocomplete=\"off\" \
                 data-search=\"/api/v1/initiatives?origin=local&amp;per_page=20&amp;q=\"";
    assert!(page.body.contains(field), "{}", page.body);
    assert!(
        page.body
            .contains("<datalist id=\"f-initiative-list\"></datalist>")
    );
    let (status, found) = app
        .get_json("/api/v1/initiatives?origin=local&per_page=20&q=swap%20004")
        .await;
    assert_eq!(status, 200, "{found}");
    let names: Vec<&str> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Swap 0042"), "{names:?}");

    // A name, case aside, is saved as its initiative's address name, and shown by name.
    let event = |day: &'static str, organiser: &'static str| {
        [
            ("name", "Seed swap"),
            ("starts_at", day),
            ("timezone", "Europe/Paris"),
            ("initiative", organiser),
            ("location.locality", "Paris"),
        ]
    };
    let saved = browser
        .submit("/admin/events", &event("2099-06-06T18:00", "swap 0042"))
        .await;
    assert_eq!(saved.status, 303, "{:?}", problems(&saved.body));
    let (_, view) = app.get_json("/api/v1/events/seed-swap").await;
    assert_eq!(view["initiative"], "swap-0042");
    let page = browser.get("/admin/events/seed-swap").await;
    assert!(
        page.body
            .contains("name=\"initiative\" type=\"text\" value=\"Swap 0042\""),
        "{}",
        page.body
    );

    // A name two share asks for the address name of one; an unknown one is refused.
    let before = app.snapshot().await;
    let shared = browser
        .submit(
            "/admin/events",
            &event("2099-06-13T18:00", "Jardin partagé"),
        )
        .await;
    assert_eq!(shared.status, 422, "{}", shared.body);
    let error = inline_error(&shared.body, "initiative").expect("an inline error");
    assert!(error.contains("jardin-nord, jardin-sud"), "{error}");
    assert!(
        shared.body.contains("value=\"Jardin partagé\""),
        "what was typed is kept"
    );
    let unknown = browser
        .submit("/admin/events", &event("2099-06-13T18:00", "Potager"))
        .await;
    assert_eq!(unknown.status, 422, "{}", unknown.body);
    let error = inline_error(&unknown.body, "initiative").expect("an inline error");
    assert!(error.contains("there is no initiative"), "{error}");
    assert_eq!(app.snapshot().await, before);
    let saved = browser
        .submit("/admin/events", &event("2099-06-13T18:00", "jardin-sud"))
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
}

on_both_engines!(
    the_event_form_offers_choices,
    past_a_thousand_initiatives_the_organiser_is_typed_by_name
);
