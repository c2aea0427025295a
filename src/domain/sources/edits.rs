//! What is ours in an entry a source brought: the fields an admin (or the API, or an owner's
//! accepted change) edited here since; a run never writes them again. And where an entry came
//! from, for its page.

use chrono::{DateTime, Utc};

use crate::db::origin::Entries;
use crate::db::{self, Db, Tx};
use crate::domain::Error;
use crate::domain::initiative::InitiativeData;

/// Records that `fields` (API names, as `InitiativeData::changed` and `EventData::changed`
/// tell them) of the entry `id` were edited here, if a source brought it; in the edit's
/// transaction.
pub async fn note_edits(
    tx: &mut Tx,
    entries: Entries,
    id: i64,
    fields: &[&str],
) -> Result<(), Error> {
    if fields.is_empty() {
        return Ok(());
    }
    let Some(edited) = db::sources::entries::edited_in(tx, entries, id).await? else {
        return Ok(());
    };
    let mut edited: Vec<String> = serde_json::from_str(&edited).unwrap_or_default();
    let before = edited.len();
    for field in fields {
        if !edited.iter().any(|f| f == field) {
            edited.push((*field).to_owned());
        }
    }
    if edited.len() > before {
        edited.sort();
        let json = serde_json::to_string(&edited).expect("strings serialise");
        db::sources::entries::set_edited(tx, entries, id, &json).await?;
    }
    Ok(())
}

/// `data` as a source says it, but for the fields edited here, kept as they are in `current`.
pub(super) fn keep_edited(
    mut data: InitiativeData,
    current: &InitiativeData,
    edited: &[String],
) -> InitiativeData {
    for field in edited {
        match field.as_str() {
            "name" => data.name.clone_from(&current.name),
            "summary" => data.summary.clone_from(&current.summary),
            "description" => data.description.clone_from(&current.description),
            "categories" => data.categories.clone_from(&current.categories),
            "tags" => data.tags.clone_from(&current.tags),
            "location" => data.location.clone_from(&current.location),
            "website" => data.website.clone_from(&current.website),
            "email" => data.email.clone_from(&current.email),
            "phone" => data.phone.clone_from(&current.phone),
            "opening_hours" => data.opening_hours.clone_from(&current.opening_hours),
            "languages" => data.languages.clone_from(&current.languages),
            "image_url" => data.image_url.clone_from(&current.image_url),
            "status" => data.status = current.status,
            _ => {}
        }
    }
    data
}

/// Where an entry came from: the source's attribution, and when the entry left the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brought {
    pub source_id: i64,
    pub attribution: super::Attribution,
    pub left_at: Option<DateTime<Utc>>,
}

/// The source that brought the entry `id`, if one did.
pub async fn brought(db: &Db, entries: Entries, id: i64) -> Result<Option<Brought>, Error> {
    Ok(db::sources::entries::attribution(db, entries, id)
        .await?
        .map(|row| Brought {
            source_id: row.source_id,
            attribution: super::Attribution {
                name: row.name,
                licence: row.licence,
                link: row.link,
            },
            left_at: row.left_at,
        }))
}
