//! Which pictures an entry has: the uploads an input names, a remote main picture (the
//! deprecated `image_url`), a mirrored entry's pictures, and the announcements their changes
//! make.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::{RemotePicture, description, new_key};
use crate::db::media::{MediaRow, NewMedia};
use crate::db::origin::Entries;
use crate::db::{self, Db, Tx};
use crate::domain::validate::Problems;
use crate::domain::{Error, Field, Outgoing, now};

/// Gives an entry exactly the uploads `keys`, the first as its main picture. Each must be an
/// upload of this chapter that no other entry has and that was not removed.
pub async fn set(
    tx: &mut Tx,
    entries: Entries,
    id: i64,
    keys: &[String],
    per_entry: usize,
) -> Result<(), Error> {
    let mut problems = Problems::default();
    if keys.len() > per_entry {
        problems.add(
            "images",
            format!("has {} pictures; at most {per_entry}", keys.len()),
        );
    }
    let mut seen = HashSet::new();
    for key in keys {
        if !seen.insert(key) {
            problems.add("images", format!("names {key} twice"));
        }
    }
    let rows: HashMap<String, MediaRow> = db::media::by_keys_in(tx, keys)
        .await?
        .into_iter()
        .map(|r| (r.key.clone(), r))
        .collect();
    for key in keys {
        let owner = |r: &MediaRow| match entries {
            Entries::Initiatives => r.initiative_id,
            Entries::Events => r.event_id,
        };
        match rows.get(key) {
            None => problems.add("images", format!("there is no picture {key}")),
            Some(r) if r.source_url.is_some() => problems.add(
                "images",
                format!("{key} is a copy of a picture from elsewhere, not an upload"),
            ),
            Some(r) if r.detached_at.is_some() => {
                problems.add("images", format!("the picture {key} was removed"))
            }
            Some(r)
                if (r.initiative_id.is_some() || r.event_id.is_some()) && owner(r) != Some(id) =>
            {
                problems.add(
                    "images",
                    format!("the picture {key} belongs to another entry"),
                )
            }
            Some(_) => {}
        }
    }
    problems.into_result(())?;
    db::media::attach(tx, entries, id, keys, now()).await?;
    Ok(())
}

/// Gives an entry exactly these remote pictures (a mirrored entry's): the ones it had from the
/// same addresses are kept (their description and focus follow), the others are new and wait
/// to be fetched, and those no longer named are detached. Nothing is written when nothing
/// changed.
pub async fn set_remote(
    tx: &mut Tx,
    entries: Entries,
    id: i64,
    pictures: &[RemotePicture],
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let current = db::media::of_entry_in(tx, entries, id).await?;
    let same = current.len() == pictures.len()
        && current.iter().zip(pictures).all(|(row, p)| {
            row.source_url.as_deref() == Some(p.url.as_str())
                && row.description == p.description
                && row.focus_x.zip(row.focus_y) == p.focus
        });
    if same {
        return Ok(());
    }
    let mut keys = Vec::with_capacity(pictures.len());
    for picture in pictures {
        let kept = current
            .iter()
            .find(|r| r.source_url.as_deref() == Some(picture.url.as_str()));
        let key = match kept {
            Some(row) => row.key.clone(),
            None => {
                let new = NewMedia {
                    key: new_key(),
                    files: None,
                    description: picture.description.clone(),
                    focus: picture.focus,
                    source_url: Some(picture.url.clone()),
                };
                db::media::insert_in(tx, &new, now).await?;
                new.key
            }
        };
        keys.push(key);
    }
    db::media::attach(tx, entries, id, &keys, now).await?;
    Ok(())
}

/// A remote picture fetched and processed. When one of our published entries shows it, the
/// entry changes (its `updated` moves on) and is announced again, with the picture.
pub async fn fetched(db: &Db, row: &MediaRow, files: &db::media::Files) -> Result<(), Error> {
    let mut tx = db.begin().await?;
    db::media::fetched_in(&mut tx, row.id, files).await?;
    let owner = match (row.initiative_id, row.event_id) {
        (Some(id), _) => Some((Entries::Initiatives, id)),
        (_, Some(id)) => Some((Entries::Events, id)),
        _ => None,
    };
    if let Some((entries, id)) = owner {
        changed(&mut tx, entries, id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The pictures of one of our published entries changed (a description, a focal point, a
/// copy arrived): the entry's `updated` moves on and it is announced again.
pub async fn announce(db: &Db, entries: Entries, id: i64) -> Result<(), Error> {
    let mut tx = db.begin().await?;
    changed(&mut tx, entries, id).await?;
    tx.commit().await?;
    Ok(())
}

async fn changed(tx: &mut Tx, entries: Entries, id: i64) -> Result<(), Error> {
    if db::origin::touch_own_published(tx, entries, id, now()).await? {
        let outgoing = match entries {
            Entries::Initiatives => Outgoing::InitiativeUpdated { id },
            Entries::Events => Outgoing::EventUpdated { id },
        };
        outgoing.record(tx).await?;
    }
    Ok(())
}

/// Gives initiatives that name an `image_url` but have no picture (imported from a file,
/// written before pictures existed) that picture, to be copied; how many it adopted.
pub async fn adopt_image_urls(db: &Db, limit: i64) -> Result<usize, Error> {
    let found = db::media::unadopted(db, limit).await?;
    if found.is_empty() {
        return Ok(0);
    }
    let mut tx = db.begin().await?;
    let now = now();
    for (id, name, url) in &found {
        let picture = RemotePicture {
            url: url.clone(),
            description: description(name).unwrap_or_else(|_| "—".into()),
            focus: None,
        };
        set_remote(&mut tx, Entries::Initiatives, *id, &[picture], now).await?;
    }
    tx.commit().await?;
    Ok(found.len())
}

/// Reads an input's `images`: the uploads an entry is to have (`null`: none); `None` keeps
/// the ones it has.
pub fn requested(field: Field<Vec<String>>, problems: &mut Problems) -> Option<Vec<String>> {
    match field {
        Field::Absent => None,
        Field::Null => Some(Vec::new()),
        Field::Value(keys) => Some(keys.into_iter().map(|k| k.trim().to_owned()).collect()),
        Field::Invalid(why) => {
            problems.add("images", why);
            None
        }
    }
}

/// Applies what an input asked of an entry's pictures: exactly these uploads, or (the
/// deprecated `image_url`) a remote main picture before the others. Whether it changed them.
pub async fn apply(
    tx: &mut Tx,
    entries: Entries,
    id: i64,
    uploads: Option<&[String]>,
    main_from: Option<RemotePicture>,
    per_entry: usize,
) -> Result<bool, Error> {
    let current = db::media::of_entry_in(tx, entries, id).await?;
    let keys: Vec<String> = current.iter().map(|r| r.key.clone()).collect();
    if let Some(uploads) = uploads {
        if uploads == keys.as_slice() {
            return Ok(false);
        }
        set(tx, entries, id, uploads, per_entry).await?;
        return Ok(true);
    }
    let Some(main) = main_from else {
        return Ok(false);
    };
    if current.first().and_then(|r| r.source_url.as_deref()) == Some(main.url.as_str()) {
        return Ok(false);
    }
    let now = now();
    let new = NewMedia {
        key: new_key(),
        files: None,
        description: main.description,
        focus: main.focus,
        source_url: Some(main.url),
    };
    db::media::insert_in(tx, &new, now).await?;
    // The main picture replaced; the others stay (an earlier remote main picture goes).
    let rest = current
        .iter()
        .enumerate()
        .filter(|(i, r)| !(*i == 0 && r.source_url.is_some()))
        .map(|(_, r)| r.key.clone());
    let keys: Vec<String> = std::iter::once(new.key)
        .chain(rest)
        .take(per_entry)
        .collect();
    db::media::attach(tx, entries, id, &keys, now).await?;
    Ok(true)
}
