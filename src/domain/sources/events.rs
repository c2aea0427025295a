//! What an iCalendar source brings (another chapter's or a Gancio or Mobilizon agenda's .ics):
//! events keyed by their UID, created, updated (never a field edited here), and, when one
//! leaves the feed before it happens, cancelled. Feeds drop events once they are over: one that
//! has happened stays as it was.

use chrono_tz::Tz;

use super::Source;
use super::initiatives::noted;
use super::log::{MAX_NOTES, Tally};
use super::run::{Kind, edited};
use crate::db::origin::Entries;
use crate::db::slugs::Table;
use crate::db::sources::entries::LinkRow;
use crate::db::{self, Tx};
use crate::domain::event::{Event, EventData, EventStatus, initiative_id};
use crate::domain::import::EventImport;
use crate::domain::mirror;
use crate::domain::origin::Review;
use crate::domain::validate::Field;
use crate::domain::{Error, Outgoing, entry, text};

pub(super) struct Events;

/// A feed's event, with the zone its floating times are read in (the chapter's).
pub(super) struct Zoned {
    pub row: EventImport,
    pub timezone: Tz,
}

impl Kind for Events {
    const ENTRIES: Entries = Entries::Events;
    type Row = Zoned;
    type Data = EventData;

    /// Its UID; without one, its name on its day.
    fn key(row: &Zoned) -> Option<String> {
        if let Some(uid) = row.row.uid.as_ref().filter(|u| !u.trim().is_empty()) {
            return Some(uid.trim().to_owned());
        }
        let (Field::Value(name), Field::Value(start)) =
            (&row.row.input.name, &row.row.input.starts_at)
        else {
            return None;
        };
        let day: String = start.chars().take(10).collect();
        Some(format!("{}@{day}", text::slugify(name)))
    }

    /// Checked as a mirrored event is: a field that does not pass is left out with a note.
    fn checked(line: usize, row: Zoned, tally: &mut Tally) -> Option<EventData> {
        let mut input = row.row.input;
        input.images = Field::Absent;
        let (data, dropped) = mirror::event_leniently(input, row.timezone);
        noted(line, data.is_some(), &dropped, tally);
        data
    }

    async fn create(
        tx: &mut Tx,
        source: &Source,
        key: &str,
        data: EventData,
        digest: &str,
    ) -> Result<(), Error> {
        let slug = entry::choose_slug(tx, Table::Events, None, &data.name).await?;
        let now = crate::domain::now();
        let id = db::events::insert(tx, &data.record(&slug, None, None), now).await?;
        db::sources::entries::insert(tx, Self::ENTRIES, (source.id, key), id, digest).await?;
        Outgoing::EventPublished { id }.record(tx).await?;
        Ok(())
    }

    async fn update(
        tx: &mut Tx,
        _: &Source,
        link: &LinkRow,
        data: EventData,
        _: &str,
    ) -> Result<bool, Error> {
        let Some(row) = db::events::by_id_in(tx, link.entry_id).await? else {
            return Ok(false);
        };
        let current = Event::from_row(row);
        let data = keep_edited(data, &current.data, &edited(link));
        if data == current.data {
            return Ok(false);
        }
        write(tx, &current, &data).await?;
        Ok(true)
    }

    /// Cancelled when it left the feed before it happened, unless its status was edited here.
    async fn close(tx: &mut Tx, link: &LinkRow, tally: &mut Tally) -> Result<bool, Error> {
        let Some(row) = db::events::by_id_in(tx, link.entry_id).await? else {
            return Ok(false);
        };
        let current = Event::from_row(row);
        let over = current.data.ends_at.unwrap_or(current.data.starts_at) < crate::domain::now();
        let kept = edited(link).iter().any(|f| f == "status");
        if over || kept || current.data.status == EventStatus::Cancelled {
            return Ok(false);
        }
        let mut data = current.data.clone();
        data.status = EventStatus::Cancelled;
        write(tx, &current, &data).await?;
        if tally.notes.len() < MAX_NOTES {
            tally.note(format!(
                "{} left the source before it happened: cancelled",
                current.slug
            ));
        }
        Ok(true)
    }
}

/// Writes an event's new data, announced when it was public.
async fn write(tx: &mut Tx, current: &Event, data: &EventData) -> Result<(), Error> {
    let initiative = initiative_id(tx, data).await.unwrap_or(None);
    let record = data.record(&current.slug, initiative, None);
    db::events::update(tx, current.id, &record, crate::domain::now()).await?;
    if current.review == Review::Published {
        Outgoing::EventUpdated { id: current.id }.record(tx).await?;
    }
    Ok(())
}

/// `data` as the feed says it, but for the fields edited here, kept as they are in `current`.
fn keep_edited(mut data: EventData, current: &EventData, edited: &[String]) -> EventData {
    for field in edited {
        match field.as_str() {
            "name" => data.name.clone_from(&current.name),
            "description" => data.description.clone_from(&current.description),
            "starts_at" => data.starts_at = current.starts_at,
            "ends_at" => data.ends_at = current.ends_at,
            "timezone" => data.timezone = current.timezone,
            "location" => data.location.clone_from(&current.location),
            "online_url" => data.online_url.clone_from(&current.online_url),
            "initiative" => data.initiative.clone_from(&current.initiative),
            "categories" => data.categories.clone_from(&current.categories),
            "tags" => data.tags.clone_from(&current.tags),
            "capacity" => data.capacity = current.capacity,
            "join_mode" => data.join_mode = current.join_mode,
            "registration_url" => data.registration_url.clone_from(&current.registration_url),
            "status" => data.status = current.status,
            "language" => data.language.clone_from(&current.language),
            _ => {}
        }
    }
    // The feed never says which of our initiatives runs it: an admin's choice stays.
    if !edited.iter().any(|f| f == "initiative") {
        data.initiative.clone_from(&current.initiative);
    }
    data
}
