//! What a source brings as initiatives: a row is keyed by the source's own id (or its name at
//! its place), its bad fields left out with a note, and its entry created, updated (never a
//! field edited here) or closed when it left the source.

use super::Source;
use super::edits::keep_edited;
use super::log::{MAX_NOTES, Tally};
use super::run::{Kind, edited};
use crate::db::origin::Entries;
use crate::db::slugs::Table;
use crate::db::sources::entries::LinkRow;
use crate::db::{self, Tx};
use crate::domain::import::InitiativeImport;
use crate::domain::initiative::{Initiative, InitiativeData, InitiativeInput, Status};
use crate::domain::mirror;
use crate::domain::validate::{Field, Problem};
use crate::domain::{Error, Outgoing, entry, text};

pub(super) struct Initiatives;

impl Kind for Initiatives {
    const ENTRIES: Entries = Entries::Initiatives;
    type Row = InitiativeImport;
    type Data = InitiativeData;

    fn key(row: &InitiativeImport) -> Option<String> {
        row.key.clone().or_else(|| stable_key(&row.input))
    }

    fn checked(line: usize, row: InitiativeImport, tally: &mut Tally) -> Option<InitiativeData> {
        checked(line, row.input, tally)
    }

    async fn create(
        tx: &mut Tx,
        source: &Source,
        key: &str,
        data: InitiativeData,
        digest: &str,
    ) -> Result<(), Error> {
        let slug = entry::choose_slug(tx, Table::Initiatives, None, &data.name).await?;
        let now = crate::domain::now();
        let id = db::initiatives::insert(tx, &data.record(&slug, None), now).await?;
        db::sources::entries::insert(tx, Self::ENTRIES, (source.id, key), id, digest).await?;
        Outgoing::InitiativePublished { id }.record(tx).await?;
        Ok(())
    }

    async fn update(
        tx: &mut Tx,
        _: &Source,
        link: &LinkRow,
        data: InitiativeData,
        _: &str,
    ) -> Result<bool, Error> {
        let Some(row) = db::initiatives::by_id_in(tx, link.entry_id).await? else {
            return Ok(false);
        };
        let current = Initiative::from_row(row);
        let data = keep_edited(data, &current.data, &edited(link));
        if data == current.data {
            return Ok(false);
        }
        let record = data.record(&current.slug, None);
        db::initiatives::update(tx, current.id, &record, crate::domain::now()).await?;
        if current.review.is_public() {
            Outgoing::InitiativeUpdated { id: current.id }
                .record(tx)
                .await?;
        }
        Ok(true)
    }

    /// Closed: its page stays, marked closed, unless its status was edited here.
    async fn close(tx: &mut Tx, link: &LinkRow, tally: &mut Tally) -> Result<bool, Error> {
        let Some(row) = db::initiatives::by_id_in(tx, link.entry_id).await? else {
            return Ok(false);
        };
        let current = Initiative::from_row(row);
        if edited(link).iter().any(|f| f == "status") || current.data.status == Status::Closed {
            return Ok(false);
        }
        let mut data = current.data.clone();
        data.status = Status::Closed;
        let now = crate::domain::now();
        db::initiatives::update(tx, current.id, &data.record(&current.slug, None), now).await?;
        if current.review.is_public() {
            Outgoing::InitiativeUpdated { id: current.id }
                .record(tx)
                .await?;
        }
        if tally.notes.len() < MAX_NOTES {
            tally.note(format!("{} left the source: closed", current.slug));
        }
        Ok(true)
    }
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

/// The row's fields, checked as a mirrored entry's are: a field that does not pass is left
/// out with a note (a source's bad phone number should not hide its entry); a row without a
/// usable name is refused.
fn checked(line: usize, mut input: InitiativeInput, tally: &mut Tally) -> Option<InitiativeData> {
    crate::domain::import::normalise_tags(line, None, &mut input.tags);
    input.images = Field::Absent;
    let (data, dropped) = mirror::initiative_leniently(input);
    noted(line, data.is_some(), &dropped, tally);
    data
}

/// Notes the fields a row lost, or why it was refused (its first problem, else no name).
pub(super) fn noted(line: usize, kept: bool, dropped: &[Problem], tally: &mut Tally) {
    if !kept {
        match dropped.last() {
            Some(p) => tally.reject(format!("line {line}: {} {}", p.field, p.message)),
            None => tally.reject(format!("line {line}: no name")),
        }
        return;
    }
    for p in dropped {
        tally.note(format!("line {line}: {} {} (left out)", p.field, p.message));
    }
}
