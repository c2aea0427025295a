//! Storing mirrored entries: one in a transaction of its own, or the entries that arrived
//! together in one transaction whose statements each serve the whole batch (group commit).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use crate::db::origin::{self, Entries};
use crate::db::slugs::{self, Table};
use crate::db::{self, Db, Mirror, Tx};
use crate::domain::event::{Event, EventData};
use crate::domain::freshness::Confirmation;
use crate::domain::initiative::{Initiative, InitiativeData};
use crate::domain::origin::{Mirrored, Origin, Review, Stored};
use crate::domain::pictures::RemotePicture;
use crate::domain::{Error, notice, text};

/// An initiative or an event from a followed actor, ready to be stored.
#[derive(Debug)]
pub enum MirroredEntry {
    Initiative(Mirrored<InitiativeData>),
    Event(Mirrored<EventData>),
}

impl MirroredEntry {
    fn entries(&self) -> Entries {
        match self {
            MirroredEntry::Initiative(_) => Entries::Initiatives,
            MirroredEntry::Event(_) => Entries::Events,
        }
    }

    fn ap_id(&self) -> &str {
        match self {
            MirroredEntry::Initiative(m) => &m.ap_id,
            MirroredEntry::Event(m) => &m.ap_id,
        }
    }

    fn origin_id(&self) -> i64 {
        match self {
            MirroredEntry::Initiative(m) => m.origin_id,
            MirroredEntry::Event(m) => m.origin_id,
        }
    }

    pub fn categories(&self) -> &[String] {
        match self {
            MirroredEntry::Initiative(m) => &m.data.categories,
            MirroredEntry::Event(m) => &m.data.categories,
        }
    }

    /// Where it is, as (latitude, longitude).
    pub fn point(&self) -> Option<(f64, f64)> {
        match self {
            MirroredEntry::Initiative(m) => m.data.location.as_ref().and_then(|l| l.point()),
            MirroredEntry::Event(m) => m.data.location.as_ref().and_then(|l| l.point()),
        }
    }

    fn pictures(&self) -> &[RemotePicture] {
        match self {
            MirroredEntry::Initiative(m) => &m.pictures,
            MirroredEntry::Event(m) => &m.pictures,
        }
    }

    /// Sets the review state it gets if it is new.
    pub fn set_review(&mut self, review: Review) {
        match self {
            MirroredEntry::Initiative(m) => m.review = review,
            MirroredEntry::Event(m) => m.review = review,
        }
    }
}

/// Creates or updates one mirrored entry.
pub async fn store(db: &Db, entry: &MirroredEntry) -> Result<Stored, Error> {
    let mut tx = db.begin().await?;
    let owners = origin::owners_in(&mut tx, entry.entries(), &[entry.ap_id()]).await?;
    let stored = match owned_by(&owners, entry)? {
        Some(id) => {
            origin::lock(&mut tx, entry.entries(), &[id]).await?;
            update(&mut tx, id, entry).await?
        }
        None => {
            create(&mut tx, &[entry]).await?;
            Stored::Created
        }
    };
    tx.commit().await?;
    Ok(stored)
}

/// Stores the entries that arrived together, in one transaction (see [`store_together`]).
/// When the batch fails as a whole, each entry is stored on its own, so that a bad one fails
/// alone.
pub async fn store_all(db: &Db, batch: &[&MirroredEntry]) -> Vec<Result<Stored, Error>> {
    if batch.is_empty() {
        return Vec::new();
    }
    let together = async {
        let mut tx = db.begin().await?;
        let results = store_together(&mut tx, batch).await?;
        tx.commit().await?;
        Ok(results)
    };
    let e = match together.await {
        Ok(results) => return results,
        Err(e) if batch.len() == 1 => return vec![Err(e)],
        Err(e) => e,
    };
    tracing::warn!(error = %e, entries = batch.len(), "A batch of mirrored entries failed: storing each on its own");
    let mut results = Vec::with_capacity(batch.len());
    for entry in batch {
        results.push(store(db, entry).await);
    }
    results
}

/// Stores entries that arrived together in `tx`: one look-up of their owners, one of the
/// slugs their names need, one insert of the new rows and one of their labels, where each
/// entry on its own took five statements and a transaction. Updates and an id sent twice are
/// stored one by one. `Err`: the batch failed as a whole, and `tx` must be rolled back.
pub async fn store_together(
    tx: &mut Tx,
    batch: &[&MirroredEntry],
) -> Result<Vec<Result<Stored, Error>>, Error> {
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    let mut owners = HashMap::new();
    for entries in [Entries::Initiatives, Entries::Events] {
        let ids: Vec<&str> = batch
            .iter()
            .filter(|e| e.entries() == entries)
            .map(|e| e.ap_id())
            .collect();
        if !ids.is_empty() {
            owners.insert(entries, origin::owners_in(tx, entries, &ids).await?);
        }
    }

    let mut results: Vec<Option<Result<Stored, Error>>> = batch.iter().map(|_| None).collect();
    let (mut new, mut updated, mut again, mut seen) =
        (Vec::new(), Vec::new(), Vec::new(), HashSet::new());
    for (i, &entry) in batch.iter().enumerate() {
        if !seen.insert((entry.entries(), entry.ap_id())) {
            again.push(i);
            continue;
        }
        match owned_by(&owners[&entry.entries()], entry) {
            Ok(Some(id)) => updated.push((i, id)),
            Ok(None) => {
                new.push(entry);
                results[i] = Some(Ok(Stored::Created));
            }
            Err(refused) => results[i] = Some(Err(refused)),
        }
    }
    // The stored entries locked first, all together and in one order (see [`origin::lock`]),
    // then updated in the order they arrived.
    for entries in [Entries::Initiatives, Entries::Events] {
        let ids: Vec<i64> = updated
            .iter()
            .filter(|&&(i, _)| batch[i].entries() == entries)
            .map(|&(_, id)| id)
            .collect();
        origin::lock(tx, entries, &ids).await?;
    }
    for (i, id) in updated {
        results[i] = Some(Ok(update(tx, id, batch[i]).await?));
    }
    create(tx, &new).await?;
    // A second version of an id in the same batch finds the first stored.
    for i in again {
        let entry = batch[i];
        let owners = origin::owners_in(tx, entry.entries(), &[entry.ap_id()]).await?;
        results[i] = Some(match owned_by(&owners, entry) {
            Ok(Some(id)) => {
                // Locked above, or created by this transaction.
                Ok(update(tx, id, entry).await?)
            }
            Ok(None) => Err(Error::NotFound("entry")),
            Err(refused) => Err(refused),
        });
    }
    Ok(results.into_iter().flatten().collect())
}

/// Who owns the entry's id here: `Err` when another origin does (only the owner may change it).
fn owned_by(
    owners: &HashMap<String, (i64, i64)>,
    entry: &MirroredEntry,
) -> Result<Option<i64>, Error> {
    match owners.get(entry.ap_id()) {
        Some(&(id, owner)) if owner == entry.origin_id() => Ok(Some(id)),
        Some(_) => Err(Error::Conflict(format!(
            "{} belongs to another origin",
            entry.ap_id()
        ))),
        None => Ok(None),
    }
}

/// Inserts new entries, with slugs free in their table and distinct within the batch.
async fn create(tx: &mut Tx, new: &[&MirroredEntry]) -> Result<(), Error> {
    let (mut initiatives, mut events) = (Vec::new(), Vec::new());
    for entry in new {
        match entry {
            MirroredEntry::Initiative(m) => initiatives.push(m),
            MirroredEntry::Event(m) => events.push(m),
        }
    }
    if !initiatives.is_empty() {
        let records = with_slugs(
            tx,
            Table::Initiatives,
            &initiatives,
            |d| &d.name,
            |m, slug| m.data.record(slug, Some(mirror_of(m, m.review.as_str()))),
        )
        .await?;
        let rows: Vec<_> = records.iter().map(|(r, at)| (r, *at)).collect();
        let ids = db::initiatives::insert_many(tx, &rows).await?;
        let held = initiatives.iter().map(|m| (m.review, m.data.name.as_str()));
        tell_held(tx, Entries::Initiatives, &ids, held).await?;
        for (id, m) in ids.iter().zip(&initiatives) {
            if m.confirmation != Confirmation::default() {
                confirm_as_origin_says(tx, *id, m).await?;
            }
        }
        copy_pictures(
            tx,
            Entries::Initiatives,
            &ids,
            initiatives.iter().map(|m| &m.pictures),
        )
        .await?;
    }
    if !events.is_empty() {
        let records = with_slugs(
            tx,
            Table::Events,
            &events,
            |d| &d.name,
            |m, slug| {
                m.data
                    .record(slug, None, Some(mirror_of(m, m.review.as_str())))
            },
        )
        .await?;
        let rows: Vec<_> = records.iter().map(|(r, at)| (r, *at)).collect();
        let ids = db::events::insert_many(tx, &rows).await?;
        let held = events.iter().map(|m| (m.review, m.data.name.as_str()));
        tell_held(tx, Entries::Events, &ids, held).await?;
        copy_pictures(
            tx,
            Entries::Events,
            &ids,
            events.iter().map(|m| &m.pictures),
        )
        .await?;
    }
    Ok(())
}

/// Tells the admins of the new entries held for their review.
async fn tell_held<'a>(
    tx: &mut Tx,
    entries: Entries,
    ids: &[i64],
    new: impl Iterator<Item = (Review, &'a str)>,
) -> Result<(), Error> {
    for (id, (review, name)) in ids.iter().zip(new) {
        if review == Review::Pending {
            let cause = format!("mirrored:{}:{id}", entries.table());
            notice::record(tx, notice::Kind::Mirrored, "/admin/review", name, &cause).await?;
        }
    }
    Ok(())
}

/// Records the pictures of new entries, to be fetched (no statement for entries without).
async fn copy_pictures<'a>(
    tx: &mut Tx,
    entries: Entries,
    ids: &[i64],
    pictures: impl Iterator<Item = &'a Vec<RemotePicture>>,
) -> Result<(), Error> {
    let now = crate::domain::now();
    for (id, pictures) in ids.iter().zip(pictures) {
        if !pictures.is_empty() {
            crate::domain::pictures::set_remote(tx, entries, *id, pictures, now).await?;
        }
    }
    Ok(())
}

/// The records of new entries, each with a slug made from its name and its time.
async fn with_slugs<D, R>(
    tx: &mut Tx,
    table: Table,
    new: &[&Mirrored<D>],
    name: impl Fn(&D) -> &str,
    record: impl Fn(&Mirrored<D>, &str) -> R,
) -> Result<Vec<(R, DateTime<Utc>)>, Error> {
    let bases: Vec<String> = new.iter().map(|m| text::slugify(name(&m.data))).collect();
    let wanted: Vec<&str> = bases.iter().map(String::as_str).collect();
    let mut used = slugs::used(tx, table, &wanted).await?;
    Ok(new
        .iter()
        .zip(&bases)
        .map(|(m, base)| (record(m, &slugs::first_free(base, &mut used)), stamp(m)))
        .collect())
}

/// Updates a stored entry, unless the version is older or the same; its pictures follow the
/// origin's, unless the version is older.
async fn update(tx: &mut Tx, id: i64, entry: &MirroredEntry) -> Result<Stored, Error> {
    let stored = update_data(tx, id, entry).await?;
    if stored != Stored::Stale {
        let now = crate::domain::now();
        crate::domain::pictures::set_remote(tx, entry.entries(), id, entry.pictures(), now).await?;
    }
    Ok(stored)
}

/// The entry's row is locked by the caller ([`origin::lock`]).
async fn update_data(tx: &mut Tx, id: i64, entry: &MirroredEntry) -> Result<Stored, Error> {
    match entry {
        MirroredEntry::Initiative(m) => {
            let current = db::initiatives::by_id_in(tx, id)
                .await?
                .map(Initiative::from_row)
                .ok_or(Error::NotFound("initiative"))?;
            if let Some(unwritten) = unwritten(
                m,
                &current.data,
                current.confirmation,
                current.origin.as_ref(),
                current.updated_at,
            ) {
                return Ok(unwritten);
            }
            let review = current.review.as_str();
            let record = m.data.record(&current.slug, Some(mirror_of(m, review)));
            db::initiatives::update(tx, id, &record, stamp(m)).await?;
            confirm_as_origin_says(tx, id, m).await?;
        }
        MirroredEntry::Event(m) => {
            let current = db::events::by_id_in(tx, id)
                .await?
                .map(Event::from_row)
                .ok_or(Error::NotFound("event"))?;
            if let Some(unwritten) = unwritten(
                m,
                &current.data,
                Confirmation::default(),
                current.origin.as_ref(),
                current.updated_at,
            ) {
                return Ok(unwritten);
            }
            let review = current.review.as_str();
            let record = m
                .data
                .record(&current.slug, None, Some(mirror_of(m, review)));
            db::events::update(tx, id, &record, stamp(m)).await?;
        }
    }
    Ok(Stored::Updated)
}

/// `Stale` when the version is older than the stored one, `Unchanged` when it is the same;
/// `None` when it must be written.
fn unwritten<D: PartialEq>(
    m: &Mirrored<D>,
    stored: &D,
    confirmation: Confirmation,
    origin: Option<&Origin>,
    updated_at: DateTime<Utc>,
) -> Option<Stored> {
    if m.updated.is_some_and(|u| u < updated_at) {
        return Some(Stored::Stale);
    }
    let same_origin = origin.map(|o| &o.url) == Some(&m.origin_url);
    let same = *stored == m.data && confirmation == m.confirmation;
    (same && same_origin).then_some(Stored::Unchanged)
}

/// Shows a mirrored initiative as confirmed or not as its origin does.
async fn confirm_as_origin_says(
    tx: &mut Tx,
    id: i64,
    m: &Mirrored<InitiativeData>,
) -> Result<(), Error> {
    let c = m.confirmation;
    Ok(db::freshness::as_origin_says(tx, id, c.confirmed_at, c.unconfirmed_since).await?)
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
fn stamp<D>(m: &Mirrored<D>) -> DateTime<Utc> {
    let now = crate::domain::now();
    m.updated.map_or(now, |u| u.min(now))
}
