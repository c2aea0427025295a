//! One run of a source: its rows applied in one transaction, each by the source's own id
//! (or, without one, by its name and place): created, updated only when what the source says
//! of it changed (a digest of the row; no write otherwise), closed when it left the source,
//! and every change recorded for federation. A run that cannot be trusted (no rows, every row
//! refused) fails instead, keeping what the source had brought.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::edits::keep_edited;
use super::log::{MAX_NOTES, Tally};
use super::{Source, get};
use crate::db::slugs::Table;
use crate::db::sources::entries::LinkRow;
use crate::db::{self, Db, Tx};
use crate::domain::import::{InitiativeImport, Row, RowError};
use crate::domain::initiative::{Initiative, InitiativeData, InitiativeInput, Status};
use crate::domain::validate::{Field, Problems};
use crate::domain::{Error, Outgoing, entry, text};

pub use super::log::{Outcome, Run, claim, due, fail, runs};

/// Applies the rows read from source `id` (by `ops::sources`), logs the run and sets when the
/// next one is due. A run that cannot be trusted is logged as failed and changes nothing.
pub async fn apply(
    db: &Db,
    id: i64,
    rows: Vec<Result<Row<InitiativeImport>, RowError>>,
    started_at: DateTime<Utc>,
) -> Result<Run, Error> {
    let source = get(db, id).await?;
    let mut tally = Tally::default();
    let mut tx = db.begin().await?;
    let links: HashMap<String, LinkRow> = db::sources::entries::of_source(&mut tx, id)
        .await?
        .into_iter()
        .map(|l| (l.source_key.clone(), l))
        .collect();
    let ignored: HashSet<&str> = source.ignored.iter().map(String::as_str).collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut unreadable = 0;
    let mut taken = 0;
    for row in rows {
        tally.rows_read += 1;
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                unreadable += 1;
                tally.reject(e.to_string());
                continue;
            }
        };
        let line = row.line;
        let InitiativeImport { key, mut input } = row.input;
        let Some(key) = key.or_else(|| stable_key(&input)) else {
            tally.reject(format!("line {line}: no name"));
            continue;
        };
        if ignored.contains(key.as_str()) {
            tally.ignored += 1;
            seen.insert(key, line);
            continue;
        }
        if let Some(first) = seen.insert(key.clone(), line) {
            tally.reject(format!("line {line}: the same id ({key}) as line {first}"));
            continue;
        }
        crate::domain::import::normalise_tags(line, None, &mut input.tags);
        let Some(data) = checked(line, input, &mut tally) else {
            continue;
        };
        taken += 1;
        let digest = digest(&data);
        match links.get(&key) {
            Some(link) if link.digest == digest && link.left_at.is_none() => tally.unchanged += 1,
            Some(link) => update(&mut tx, &source, link, data, &digest, &mut tally).await?,
            None => create(&mut tx, &source, &key, data, &digest, &mut tally).await?,
        }
    }
    if tally.rows_read == 0 || taken == 0 {
        tx.rollback().await?;
        let why = match tally.notes.first() {
            None => "the source has no rows".to_owned(),
            Some(first) => format!("every row was refused ({first})"),
        };
        return fail(db, id, &why, started_at).await;
    }
    if unreadable == 0 {
        for (key, link) in &links {
            if link.left_at.is_none() && !seen.contains_key(key) {
                close(&mut tx, &source, link, &mut tally).await?;
            }
        }
    } else {
        tally.note(format!(
            "{unreadable} rows could not be read: no entry was closed by this run"
        ));
    }
    let run = tally.finish(&mut tx, &source, started_at).await?;
    tx.commit().await?;
    Ok(run)
}

/// Without an id of the source's own, a row is its name at its place: the folded name and
/// locality (or point), so that a run over the same rows finds the same entries.
fn stable_key(input: &InitiativeInput) -> Option<String> {
    let Field::Value(name) = &input.name else {
        return None;
    };
    let place = match &input.location {
        Field::Value(l) => match (&l.locality, &l.street, &l.latitude, &l.longitude) {
            (Field::Value(locality), street, _, _) => {
                let street = if let Field::Value(s) = street {
                    s.as_str()
                } else {
                    ""
                };
                format!("{} {}", street, locality)
            }
            (_, _, Field::Value(lat), Field::Value(lon)) => format!("{lat:.4},{lon:.4}"),
            _ => String::new(),
        },
        _ => String::new(),
    };
    Some(format!("{}@{}", text::slugify(name), text::slugify(&place)))
}

/// The row's fields, checked; a field that does not pass is left out with a note (a source's
/// bad phone number should not hide its entry), a row without a usable name is refused.
fn checked(line: usize, mut input: InitiativeInput, tally: &mut Tally) -> Option<InitiativeData> {
    input.slug = Field::Absent;
    input.images = Field::Absent;
    let mut problems = Problems::default();
    let data = InitiativeData::default().apply(input.clone(), &mut problems);
    if problems.is_empty() && !data.name.is_empty() {
        return Some(data);
    }
    let mut fields = Vec::new();
    for p in problems.iter() {
        let root = p.field.split('.').next().unwrap_or(&p.field).to_owned();
        if root == "name" {
            tally.reject(format!("line {line}: name {}", p.message));
            return None;
        }
        tally.note(format!("line {line}: {} {} (left out)", p.field, p.message));
        fields.push(root);
    }
    for field in &fields {
        clear(&mut input, field);
    }
    let mut again = Problems::default();
    let data = InitiativeData::default().apply(input, &mut again);
    if data.name.trim().is_empty() {
        tally.reject(format!("line {line}: no name"));
        return None;
    }
    again.is_empty().then_some(data)
}

/// Leaves one field of an input out.
fn clear(input: &mut InitiativeInput, field: &str) {
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
        _ => {}
    }
}

/// What the source says of an entry, in a few bytes: equal digests, nothing to write.
fn digest(data: &InitiativeData) -> String {
    let hash = Sha256::digest(format!("{data:?}").as_bytes());
    hash.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

async fn create(
    tx: &mut Tx,
    source: &Source,
    key: &str,
    data: InitiativeData,
    digest: &str,
    tally: &mut Tally,
) -> Result<(), Error> {
    let slug = entry::choose_slug(tx, Table::Initiatives, None, &data.name).await?;
    let id = db::initiatives::insert(tx, &data.record(&slug, None), crate::domain::now()).await?;
    db::sources::entries::insert(tx, source.id, key, id, digest).await?;
    Outgoing::InitiativePublished { id }.record(tx).await?;
    tally.created += 1;
    Ok(())
}

async fn update(
    tx: &mut Tx,
    source: &Source,
    link: &LinkRow,
    data: InitiativeData,
    digest: &str,
    tally: &mut Tally,
) -> Result<(), Error> {
    let id = link.initiative_id;
    let Some(row) = db::initiatives::by_id_in(tx, id).await? else {
        return Ok(());
    };
    let current = Initiative::from_row(row);
    let edited: Vec<String> = serde_json::from_str(&link.edited).unwrap_or_default();
    let data = keep_edited(data, &current.data, &edited);
    db::sources::entries::set(tx, source.id, &link.source_key, digest, None).await?;
    if data == current.data {
        tally.unchanged += 1;
        return Ok(());
    }
    let record = data.record(&current.slug, None);
    db::initiatives::update(tx, id, &record, crate::domain::now()).await?;
    if current.review.is_public() {
        Outgoing::InitiativeUpdated { id }.record(tx).await?;
    }
    tally.updated += 1;
    Ok(())
}

/// An entry whose row left the source: closed (its page stays, marked closed), unless its
/// status was edited here.
async fn close(
    tx: &mut Tx,
    source: &Source,
    link: &LinkRow,
    tally: &mut Tally,
) -> Result<(), Error> {
    let now = crate::domain::now();
    db::sources::entries::set(tx, source.id, &link.source_key, &link.digest, Some(now)).await?;
    let edited: Vec<String> = serde_json::from_str(&link.edited).unwrap_or_default();
    let Some(row) = db::initiatives::by_id_in(tx, link.initiative_id).await? else {
        return Ok(());
    };
    let current = Initiative::from_row(row);
    if edited.iter().any(|f| f == "status") || current.data.status == Status::Closed {
        return Ok(());
    }
    let mut data = current.data.clone();
    data.status = Status::Closed;
    db::initiatives::update(tx, current.id, &data.record(&current.slug, None), now).await?;
    if current.review.is_public() {
        Outgoing::InitiativeUpdated { id: current.id }
            .record(tx)
            .await?;
    }
    tally.closed += 1;
    if tally.notes.len() < MAX_NOTES {
        tally.note(format!("{} left the source: closed", current.slug));
    }
    Ok(())
}
