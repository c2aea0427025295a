//! Storing entries mirrored from followed actors: checked leniently (a field that does not
//! pass is dropped, not the entry), owned by their origin, never federated again.

use chrono_tz::Tz;

use super::event::{Event, EventData, EventInput};
use super::initiative::{Initiative, InitiativeData, InitiativeInput};
use super::origin::{Mirrored, Stored};
use super::validate::{Field, Problems};
use super::{Error, entry};
use crate::db::origin::{self, Entries};
use crate::db::slugs::Table;
use crate::db::{self, Db, Mirror, Tx};

/// An initiative from remote input, without the fields that do not pass; `None` without a name.
pub fn initiative_from_remote(mut input: InitiativeInput) -> Option<InitiativeData> {
    input.slug = Field::Absent;
    for _ in 0..3 {
        let mut problems = Problems::default();
        let data = InitiativeData::default().apply(input.clone(), &mut problems);
        if problems.is_empty() {
            return (!data.name.is_empty()).then_some(data);
        }
        for problem in problems.iter() {
            if !clear_initiative_field(&mut input, root(&problem.field)) {
                return None;
            }
        }
    }
    None
}

/// An event from remote input, likewise; an end before the start is dropped.
pub fn event_from_remote(mut input: EventInput, timezone: Tz) -> Option<EventData> {
    input.slug = Field::Absent;
    input.initiative = Field::Absent;
    for _ in 0..3 {
        let mut problems = Problems::default();
        let mut data = EventData::empty(timezone).apply(input.clone(), &mut problems);
        if problems.is_empty() {
            if data.ends_at.is_some_and(|end| end <= data.starts_at) {
                data.ends_at = None;
            }
            return (!data.name.is_empty() && !matches!(input.starts_at, Field::Absent))
                .then_some(data);
        }
        for problem in problems.iter() {
            if !clear_event_field(&mut input, root(&problem.field)) {
                return None;
            }
        }
    }
    None
}

fn root(field: &str) -> &str {
    field.split('.').next().unwrap_or(field)
}

/// Drops an optional field; `false` for the ones an entry cannot do without.
fn clear_initiative_field(input: &mut InitiativeInput, field: &str) -> bool {
    match field {
        "summary" => input.summary = Field::Absent,
        "description" => input.description = Field::Absent,
        "categories" => input.categories = Field::Absent,
        "tags" => input.tags = Field::Absent,
        "location" => input.location = Field::Absent,
        "website" => input.website = Field::Absent,
        "email" => input.email = Field::Absent,
        "phone" => input.phone = Field::Absent,
        "opening_hours" => input.opening_hours = Field::Absent,
        "languages" => input.languages = Field::Absent,
        "image_url" => input.image_url = Field::Absent,
        "status" => input.status = Field::Absent,
        _ => return false,
    }
    true
}

fn clear_event_field(input: &mut EventInput, field: &str) -> bool {
    match field {
        "description" => input.description = Field::Absent,
        "ends_at" => input.ends_at = Field::Absent,
        "timezone" => input.timezone = Field::Absent,
        "location" => input.location = Field::Absent,
        "online_url" => input.online_url = Field::Absent,
        "categories" => input.categories = Field::Absent,
        "tags" => input.tags = Field::Absent,
        "capacity" => input.capacity = Field::Absent,
        "join_mode" => input.join_mode = Field::Absent,
        "registration_url" => input.registration_url = Field::Absent,
        "status" => input.status = Field::Absent,
        "language" => input.language = Field::Absent,
        _ => return false,
    }
    true
}

/// Finds who owns `ap_id` here: `Err` when another origin does (only the owner may change it).
async fn owned_by(
    tx: &mut Tx,
    entries: Entries,
    ap_id: &str,
    origin_id: i64,
) -> Result<Option<i64>, Error> {
    match origin::owner_in(tx, entries, ap_id).await? {
        Some((id, owner)) if owner == origin_id => Ok(Some(id)),
        Some(_) => Err(Error::Conflict(format!(
            "{ap_id} belongs to another origin"
        ))),
        None => Ok(None),
    }
}

fn mirror_of<D>(m: &Mirrored<D>, review: &str) -> Mirror {
    Mirror {
        origin_id: m.origin_id,
        ap_id: m.ap_id.clone(),
        origin_url: m.origin_url.clone(),
        review: review.to_owned(),
    }
}

/// The time a mirrored version is stored under: the origin's `updated`, not in the future.
fn stamp<D>(m: &Mirrored<D>) -> chrono::DateTime<chrono::Utc> {
    let now = super::now();
    m.updated.map_or(now, |u| u.min(now))
}

/// Creates or updates a mirrored initiative.
pub async fn store_initiative(db: &Db, m: Mirrored<InitiativeData>) -> Result<Stored, Error> {
    let mut tx = db.begin().await?;
    // Every read in the transaction: a second pool connection per writer could exhaust the
    // pool while each writer waits for one.
    let stored = match owned_by(&mut tx, Entries::Initiatives, &m.ap_id, m.origin_id).await? {
        Some(id) => {
            let current = db::initiatives::by_id_in(&mut tx, id)
                .await?
                .map(Initiative::from_row)
                .ok_or(Error::NotFound("initiative"))?;
            let same_origin_fields = current.origin.as_ref().map(|o| &o.url) == Some(&m.origin_url);
            if m.updated.is_some_and(|u| u < current.updated_at) {
                return Ok(Stored::Stale);
            }
            if current.data == m.data && same_origin_fields {
                return Ok(Stored::Unchanged);
            }
            let record = m
                .data
                .record(&current.slug, Some(mirror_of(&m, current.review.as_str())));
            db::initiatives::update(&mut tx, id, &record, stamp(&m)).await?;
            Stored::Updated
        }
        None => {
            let slug = entry::choose_slug(&mut tx, Table::Initiatives, None, &m.data.name).await?;
            let record = m.data.record(&slug, Some(mirror_of(&m, m.review.as_str())));
            db::initiatives::insert(&mut tx, &record, stamp(&m)).await?;
            Stored::Created
        }
    };
    tx.commit().await?;
    Ok(stored)
}

/// Creates or updates a mirrored event.
pub async fn store_event(db: &Db, m: Mirrored<EventData>) -> Result<Stored, Error> {
    let mut tx = db.begin().await?;
    let stored = match owned_by(&mut tx, Entries::Events, &m.ap_id, m.origin_id).await? {
        Some(id) => {
            let current = db::events::by_id_in(&mut tx, id)
                .await?
                .map(Event::from_row)
                .ok_or(Error::NotFound("event"))?;
            let same_origin_fields = current.origin.as_ref().map(|o| &o.url) == Some(&m.origin_url);
            if m.updated.is_some_and(|u| u < current.updated_at) {
                return Ok(Stored::Stale);
            }
            if current.data == m.data && same_origin_fields {
                return Ok(Stored::Unchanged);
            }
            let record = m.data.record(
                &current.slug,
                None,
                Some(mirror_of(&m, current.review.as_str())),
            );
            db::events::update(&mut tx, id, &record, stamp(&m)).await?;
            Stored::Updated
        }
        None => {
            let slug = entry::choose_slug(&mut tx, Table::Events, None, &m.data.name).await?;
            let record = m
                .data
                .record(&slug, None, Some(mirror_of(&m, m.review.as_str())));
            db::events::insert(&mut tx, &record, stamp(&m)).await?;
            Stored::Created
        }
    };
    tx.commit().await?;
    Ok(stored)
}

/// Deletes a mirrored entry if `origin_id` owns it.
pub async fn delete(db: &Db, ap_id: &str, origin_id: i64) -> Result<bool, Error> {
    let mut deleted = false;
    for entries in [Entries::Initiatives, Entries::Events] {
        deleted |= origin::delete_mirrored(db, entries, ap_id, origin_id).await?;
    }
    Ok(deleted)
}
