//! Finding an initiative's likely duplicates: its candidates read by index (a box around its
//! point, its contact keys), each judged by [`super::judge`]; on a write the pairs found are
//! kept (`check`), before one they are only shown (`preview`).

use chrono::{DateTime, Utc};

use super::{ContactKeys, NEAR_M, Possible, Probe, judge};
use crate::db::duplicates::{self as pairs, Around, CandidateRow, Found};
use crate::db::{Db, Tx};
use crate::domain::initiative::{Initiative, InitiativeInput};
use crate::domain::location::Location;
use crate::domain::{Error, Problems};

/// Metres in a degree of latitude.
const METRES_PER_DEGREE: f64 = 111_195.0;

/// What to read around an entry: the box of 100 m around its point, and its keys (an entry
/// sharing a contact is found by the key, however far; `judge` keeps it within 1 km).
fn around(point: Option<(f64, f64)>, keys: &ContactKeys) -> Around {
    let square = point.map(|(lat, lon)| {
        let dlat = NEAR_M / METRES_PER_DEGREE;
        let dlon = NEAR_M / (METRES_PER_DEGREE * lat.to_radians().cos().max(0.01));
        (lat - dlat, lat + dlat, lon - dlon, lon + dlon)
    });
    Around {
        square,
        website_key: keys.website.clone(),
        email_key: keys.email.clone(),
        phone_key: keys.phone.clone(),
    }
}

fn probe(row: &CandidateRow) -> Probe {
    Probe::new(
        &row.name,
        row.latitude.zip(row.longitude),
        ContactKeys {
            website: row.website_key.clone(),
            email: row.email_key.clone(),
            phone: row.phone_key.clone(),
        },
    )
}

/// The likely duplicates of an entry not saved yet (or of `except`'s new version), the most
/// alike first; pairs an admin decided (different, or linked) are left out.
pub async fn preview(
    db: &Db,
    name: &str,
    point: Option<(f64, f64)>,
    keys: ContactKeys,
    except: Option<i64>,
) -> Result<Vec<Possible>, Error> {
    let candidates = pairs::candidates(db, &around(point, &keys)).await?;
    let decided: Vec<i64> = match except {
        Some(id) => {
            let mut decided = pairs::of(db, &[id], Some(super::DIFFERENT)).await?;
            decided.extend(pairs::of(db, &[id], Some(super::SAME)).await?);
            decided
                .iter()
                .map(|p| p.first_id + p.second_id - id)
                .collect()
        }
        None => Vec::new(),
    };
    let me = Probe::new(name, point, keys);
    let mut found: Vec<Possible> = candidates
        .into_iter()
        .filter(|c| Some(c.id) != except && !decided.contains(&c.id))
        .filter_map(|c| judge(&me, &probe(&c)).map(|l| Possible::new(c, l.score, l.distance_m)))
        .collect();
    found.sort_by(|a, b| b.score.total_cmp(&a.score));
    Ok(found)
}

/// The likely duplicates of an input before it is saved: a new initiative, or `current` as
/// the input would change it. An input with problems has none (saving it will be refused).
pub async fn preview_input(
    db: &Db,
    input: InitiativeInput,
    current: Option<&Initiative>,
) -> Result<Vec<Possible>, Error> {
    let base = current.map(|c| c.data.clone()).unwrap_or_default();
    let mut problems = Problems::default();
    let data = base.apply(input, &mut problems);
    if !problems.is_empty() || data.name.trim().is_empty() {
        return Ok(Vec::new());
    }
    let point = data.location.as_ref().and_then(Location::point);
    preview(
        db,
        &data.name,
        point,
        data.contact_keys(),
        current.map(|c| c.id),
    )
    .await
}

/// Finds the likely duplicates of initiatives just written in `tx` and keeps them as open
/// pairs (an edit replaces the pairs it no longer makes; decided pairs stay decided), marking
/// them looked for. One look-up by index per initiative.
pub async fn check(tx: &mut Tx, ids: &[i64], now: DateTime<Utc>) -> Result<(), Error> {
    for chunk in ids.chunks(100) {
        for row in pairs::by_ids_in(tx, chunk).await? {
            let me = probe(&row);
            let candidates = pairs::candidates_in(tx, &around(me.point, &me.keys)).await?;
            let found: Vec<Found> = candidates
                .iter()
                .filter(|c| c.id != row.id)
                .filter_map(|c| {
                    judge(&me, &probe(c)).map(|l| Found {
                        a: row.id,
                        b: c.id,
                        score: l.score,
                        distance_m: l.distance_m,
                    })
                })
                .collect();
            pairs::replace_open(tx, row.id, &found, now).await?;
        }
        pairs::checked(tx, chunk).await?;
    }
    Ok(())
}

/// Runs [`sweep`] every 10 seconds until `stopped` changes.
pub fn sweeper(
    db: Db,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match sweep(&db).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(
                    initiatives = n,
                    "Looked for the duplicates of {n} initiatives"
                ),
                Err(e) => tracing::error!(error = %e, "Looking for duplicates failed"),
            }
            tokio::select! {
                _ = stopped.changed() => return,
                () = tokio::time::sleep(std::time::Duration::from_secs(10)) => {}
            }
        }
    })
}

/// Looks for the duplicates of every initiative written without looking (imports, mirrored
/// entries, the rows there before duplicates were looked for), 500 to a transaction; answers
/// how many were looked at. The server runs it in the background; tests call it.
pub async fn sweep(db: &Db) -> Result<usize, Error> {
    let mut done = 0;
    loop {
        // Read first, so that an idle pass takes no turn at SQLite's write gate.
        let ids = pairs::unchecked(db, 500).await?;
        if ids.is_empty() {
            return Ok(done);
        }
        let mut tx = db.begin().await?;
        check(&mut tx, &ids, crate::domain::now()).await?;
        tx.commit().await?;
        done += ids.len();
    }
}
