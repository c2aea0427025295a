//! Entries mirrored from followed actors: read leniently (a field that does not pass is
//! dropped, not the entry), owned by their origin, never federated again; `store` keeps them.

mod store;

use chrono_tz::Tz;

pub use store::{MirroredEntry, store, store_all, store_together};

use super::Error;
use super::event::{EventData, EventInput};
use super::initiative::{InitiativeData, InitiativeInput};
use super::validate::{Field, Problem, Problems};
use crate::db::Db;
use crate::db::origin::{self, Entries};

/// An initiative from remote input, without the fields that do not pass; `None` without a name.
pub fn initiative_from_remote(input: InitiativeInput) -> Option<InitiativeData> {
    initiative_leniently(input).0
}

/// Like [`initiative_from_remote`], with the problems of the fields it left out (a source's
/// run notes them).
pub fn initiative_leniently(mut input: InitiativeInput) -> (Option<InitiativeData>, Vec<Problem>) {
    input.slug = Field::Absent;
    let mut dropped = Vec::new();
    for _ in 0..3 {
        let mut problems = Problems::default();
        let data = InitiativeData::default().apply(input.clone(), &mut problems);
        if problems.is_empty() {
            return ((!data.name.is_empty()).then_some(data), dropped);
        }
        for problem in problems.iter() {
            dropped.push(problem.clone());
            if !clear_initiative_field(&mut input, root(&problem.field)) {
                return (None, dropped);
            }
        }
    }
    (None, dropped)
}

/// An event from remote input, likewise; an end before the start is dropped.
pub fn event_from_remote(input: EventInput, timezone: Tz) -> Option<EventData> {
    event_leniently(input, timezone).0
}

/// Like [`event_from_remote`], with the problems of the fields it left out.
pub fn event_leniently(mut input: EventInput, timezone: Tz) -> (Option<EventData>, Vec<Problem>) {
    input.slug = Field::Absent;
    input.initiative = Field::Absent;
    let mut dropped = Vec::new();
    for _ in 0..3 {
        let mut problems = Problems::default();
        let mut data = EventData::empty(timezone).apply(input.clone(), &mut problems);
        if problems.is_empty() {
            if data.ends_at.is_some_and(|end| end <= data.starts_at) {
                data.ends_at = None;
            }
            let whole = !data.name.is_empty() && !matches!(input.starts_at, Field::Absent);
            return (whole.then_some(data), dropped);
        }
        for problem in problems.iter() {
            dropped.push(problem.clone());
            if !clear_event_field(&mut input, root(&problem.field)) {
                return (None, dropped);
            }
        }
    }
    (None, dropped)
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

/// Deletes a mirrored entry if `origin_id` owns it.
pub async fn delete(db: &Db, ap_id: &str, origin_id: i64) -> Result<bool, Error> {
    let mut deleted = false;
    for entries in [Entries::Initiatives, Entries::Events] {
        deleted |= origin::delete_mirrored(db, entries, ap_id, origin_id).await?;
    }
    Ok(deleted)
}
