//! Mirrored entries stored in batches (group commit): each entry gets its own answer, slugs stay
//! distinct within a batch, a bad entry sinks none of its neighbours, and batches written at
//! once that share entries take them in one order.

use partage::domain::mirror::{MirroredEntry, event_from_remote, store_all};
use partage::domain::origin::{Mirrored, Review, Stored};
use partage::federation::mirror::{event_input, page_input};
use serde_json::{Value, json};

use crate::on_both_engines;
use crate::support::{Engine, TestApp, eventually};

/// Two remote actors, as if fetched already; their ids.
async fn origins(app: &TestApp) -> (i64, i64) {
    for (id, name) in [(101, "ana"), (102, "bob")] {
        app.exec(&format!(
            "INSERT INTO remote_actors (id, ap_id, kind, inbox, public_key_id, public_key_pem, \
             fetched_at) VALUES ({id}, 'https://peer.example/{name}', 'Group', \
             'https://peer.example/{name}/inbox', 'https://peer.example/{name}#main-key', 'pem', \
             '2026-01-01T00:00:00Z')"
        ))
        .await;
    }
    (101, 102)
}

fn event(origin_id: i64, id: &str, name: &str, updated: &str) -> MirroredEntry {
    let object = json!({
        "type": "Event", "id": format!("https://peer.example/events/{id}"), "name": name,
        "startTime": "2099-05-01T18:00:00Z", "updated": updated,
    });
    let data = event_from_remote(event_input(&object), chrono_tz::Europe::Paris).unwrap();
    MirroredEntry::Event(mirrored(origin_id, &object, data))
}

fn page(origin_id: i64, id: &str, name: &str) -> MirroredEntry {
    let object =
        json!({"type": "Page", "id": format!("https://peer.example/pages/{id}"), "name": name});
    let data = partage::domain::mirror::initiative_from_remote(page_input(&object)).unwrap();
    MirroredEntry::Initiative(mirrored(origin_id, &object, data))
}

fn mirrored<D>(origin_id: i64, object: &Value, data: D) -> Mirrored<D> {
    let updated = object["updated"].as_str().map(|t| t.parse().unwrap());
    Mirrored {
        origin_id,
        ap_id: object["id"].as_str().unwrap().to_owned(),
        origin_url: None,
        pictures: Vec::new(),
        data,
        review: Review::Published,
        updated,
        confirmation: Default::default(),
    }
}

async fn stored(app: &TestApp, batch: &[MirroredEntry]) -> Vec<Result<Stored, String>> {
    let batch: Vec<&MirroredEntry> = batch.iter().collect();
    store_all(&app.db, &batch)
        .await
        .into_iter()
        .map(|r| r.map_err(|e| e.to_string()))
        .collect()
}

async fn mirrored_entries_are_stored_in_batches(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let (ana, bob) = origins(&app).await;
    let first = [
        event(ana, "1", "Repair café", "2026-01-01T00:00:00Z"),
        event(ana, "2", "Repair café", "2026-01-01T00:00:00Z"),
        page(ana, "1", "Repair café"),
    ];
    let created = Ok(Stored::Created);
    assert_eq!(
        stored(&app, &first).await,
        [created.clone(), created.clone(), created.clone()]
    );

    let second = [
        // A newer version, an older one, the same one.
        event(ana, "1", "Repair café du lundi", "2026-02-01T00:00:00Z"),
        event(ana, "2", "Repair café", "2025-01-01T00:00:00Z"),
        page(ana, "1", "Repair café"),
        // Someone else's id: refused, alone.
        event(bob, "1", "Stolen", "2026-03-01T00:00:00Z"),
        // A new one with a taken name, and an id twice in the batch: the second updates the first.
        event(bob, "3", "Repair café", "2026-01-01T00:00:00Z"),
        event(bob, "4", "Vélo", "2026-01-01T00:00:00Z"),
        event(bob, "4", "Vélo-école", "2026-01-02T00:00:00Z"),
    ];
    let results = stored(&app, &second).await;
    assert_eq!(
        results[..3],
        [
            Ok(Stored::Updated),
            Ok(Stored::Stale),
            Ok(Stored::Unchanged)
        ]
    );
    assert!(
        results[3]
            .as_ref()
            .is_err_and(|e| e.contains("belongs to another origin")),
        "{:?}",
        results[3]
    );
    assert_eq!(
        results[4..],
        [created.clone(), created, Ok(Stored::Updated)]
    );

    let (_, events) = app.get_json("/api/v1/events").await;
    let mut slugs: Vec<(String, String)> = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["slug"].as_str().unwrap().into(),
                e["name"].as_str().unwrap().into(),
            )
        })
        .collect();
    slugs.sort();
    assert_eq!(
        slugs,
        [
            ("repair-cafe".into(), "Repair café du lundi".into()),
            ("repair-cafe-2".into(), "Repair café".into()),
            ("repair-cafe-3".into(), "Repair café".into()),
            ("velo".into(), "Vélo-école".into()),
        ]
    );
    let (_, initiatives) = app.get_json("/api/v1/initiatives").await;
    assert_eq!(initiatives["items"][0]["slug"], "repair-cafe");
}

/// Versions of events `ids` of `origin`, named and dated after `day` (of January 2026).
fn versions(origin: i64, day: u32, ids: &[&str]) -> Vec<MirroredEntry> {
    let updated = format!("2026-01-{day:02}T00:00:00Z");
    ids.iter()
        .map(|id| event(origin, id, &format!("Atelier {id}, {day}"), &updated))
        .collect()
}

/// Two batches updating the same entries, listed in opposite orders, written at once: both land
/// (each version stored, or refused as older than the other's), whatever the interleaving. On
/// PostgreSQL a batch locks its entries in the order of their ids, whatever its own: waiting
/// for one that another transaction holds, it holds none after it, so two batches never wait
/// for each other in a cycle (PostgreSQL broke such a deadlock after a second, failing one).
async fn batches_sharing_entries_take_them_in_one_order(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let (ana, _) = origins(&app).await;
    let created = stored(&app, &versions(ana, 1, &["1", "2"])).await;
    assert_eq!(created, [Ok(Stored::Created), Ok(Stored::Created)]);
    for day in (2..12).step_by(2) {
        let (forth, back) = (
            versions(ana, day, &["1", "2"]),
            versions(ana, day + 1, &["2", "1"]),
        );
        let (forth, back) = futures::future::join(stored(&app, &forth), stored(&app, &back)).await;
        for result in forth.iter().chain(&back) {
            assert!(
                matches!(result, Ok(Stored::Updated | Stored::Stale)),
                "{forth:?} {back:?}"
            );
        }
    }
    let names = || async {
        let (_, events) = app.get_json("/api/v1/events").await;
        let mut names: Vec<String> = events["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap().to_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(names().await, ["Atelier 1, 11", "Atelier 2, 11"]);

    let partage::db::Db::Postgres(pool) = &app.db else {
        return;
    };
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM events ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap();
    // Another transaction holds the first entry; a batch listing the second first waits for it.
    let mut holder = pool.begin().await.unwrap();
    sqlx::query("SELECT id FROM events WHERE id = $1 FOR UPDATE")
        .bind(ids[0])
        .execute(&mut *holder)
        .await
        .unwrap();
    let db = app.db.clone();
    let writing = tokio::spawn(async move {
        let batch = versions(ana, 20, &["2", "1"]);
        let batch: Vec<&MirroredEntry> = batch.iter().collect();
        store_all(&db, &batch)
            .await
            .into_iter()
            .map(|r| r.map_err(|e| e.to_string()))
            .collect::<Vec<_>>()
    });
    eventually("the batch to wait for the first entry", async || {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'tuple' \
             AND relation = 'events'::regclass",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        waiting > 0
    })
    .await;
    // Meanwhile the second entry is free: the batch has not taken it before the first.
    let mut other = pool.begin().await.unwrap();
    let free = sqlx::query("SELECT id FROM events WHERE id = $1 FOR UPDATE NOWAIT")
        .bind(ids[1])
        .execute(&mut *other)
        .await;
    assert!(free.is_ok(), "the second entry was locked: {free:?}");
    other.rollback().await.unwrap();
    holder.commit().await.unwrap();
    let results = writing.await.unwrap();
    assert_eq!(results, [Ok(Stored::Updated), Ok(Stored::Updated)]);
    assert_eq!(names().await, ["Atelier 1, 20", "Atelier 2, 20"]);
}

/// The slugs of the stored initiatives, sorted by their number.
async fn initiative_slugs(app: &TestApp) -> Vec<String> {
    let sql = "SELECT slug FROM initiatives";
    let mut slugs: Vec<String> = match &app.db {
        partage::db::Db::Sqlite(pool, _) => sqlx::query_scalar(sql).fetch_all(pool).await,
        partage::db::Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
    }
    .unwrap();
    slugs.sort_by_key(|s| s.rsplit('-').next().and_then(|n| n.parse::<u32>().ok()));
    slugs
}

/// Many entries of one name, several of them in each batch, take its numbered forms in turn (on
/// PostgreSQL found by probing them, not by reading them all), and one more after a removal
/// takes a free one.
async fn a_crowded_name_takes_the_next_numbers(engine: Engine) {
    let app = TestApp::spawn(engine).await;
    let (ana, _) = origins(&app).await;
    let pages = |from: usize, to: usize| -> Vec<MirroredEntry> {
        (from..to)
            .map(|n| page(ana, &n.to_string(), "Repair café"))
            .collect()
    };
    for (from, to) in [(0, 1), (1, 2), (2, 40), (40, 70), (70, 73)] {
        let results = stored(&app, &pages(from, to)).await;
        assert!(
            results.iter().all(|r| *r == Ok(Stored::Created)),
            "{results:?}"
        );
    }

    let expected: Vec<String> = std::iter::once("repair-cafe".to_owned())
        .chain((2..=73).map(|n| format!("repair-cafe-{n}")))
        .collect();
    assert_eq!(initiative_slugs(&app).await, expected);

    // Act: one removed, two more of the name.
    app.exec("DELETE FROM initiatives WHERE slug = 'repair-cafe-20'")
        .await;
    let results = stored(&app, &pages(73, 75)).await;
    assert!(
        results.iter().all(|r| *r == Ok(Stored::Created)),
        "{results:?}"
    );

    // Assert: 74 distinct slugs of the name's forms.
    let slugs = initiative_slugs(&app).await;
    let distinct: std::collections::HashSet<&String> = slugs.iter().collect();
    assert_eq!((slugs.len(), distinct.len()), (74, 74), "{slugs:?}");
    assert!(slugs.iter().all(|s| {
        s == "repair-cafe"
            || s.strip_prefix("repair-cafe-")
                .is_some_and(|n| n.parse::<u32>().is_ok())
    }));
}

on_both_engines!(
    mirrored_entries_are_stored_in_batches,
    batches_sharing_entries_take_them_in_one_order,
    a_crowded_name_takes_the_next_numbers
);
