//! Pictures of entries, for initiatives and events alike: what a picture must say (a
//! description, for those who cannot see it), where its focus may be, how many an entry has,
//! which pictures an entry may take, and the remote pictures a mirrored entry brings.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::Error;
use super::validate::Problems;
use crate::db::media::{MediaRow, NewMedia};
use crate::db::origin::Entries;
use crate::db::{self, Db, Tx};

/// The longest description (Mastodon's limit for alt text).
pub const DESCRIPTION_MAX: usize = 1500;

/// A picture, as the rest of Partage shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub key: String,
    pub description: String,
    /// Mastodon's focal point: x and y from -1 (left, bottom) to 1 (right, top).
    pub focus: Option<(f64, f64)>,
    /// Its files, once it has them (a remote picture is fetched after its entry is stored).
    pub files: Option<db::media::Files>,
    /// Where a remote picture comes from.
    pub source_url: Option<String>,
}

impl From<MediaRow> for Picture {
    fn from(row: MediaRow) -> Self {
        let files = (row.state == "ready").then(|| db::media::Files {
            media_type: row.media_type.unwrap_or_default(),
            width: row.width.unwrap_or_default(),
            height: row.height.unwrap_or_default(),
            preview_width: row.preview_width.unwrap_or_default(),
            preview_height: row.preview_height.unwrap_or_default(),
            bytes: row.bytes.unwrap_or_default(),
            blurhash: row.blurhash.unwrap_or_default(),
        });
        Picture {
            key: row.key,
            description: row.description,
            focus: row.focus_x.zip(row.focus_y),
            files,
            source_url: row.source_url,
        }
    }
}

/// A picture somewhere else that an entry takes: a mirrored entry's, or an `image_url`.
#[derive(Debug, Clone, PartialEq)]
pub struct RemotePicture {
    pub url: String,
    pub description: String,
    pub focus: Option<(f64, f64)>,
}

/// A new picture's public id and file stem: 20 random hexadecimal digits.
pub fn new_key() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 10];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A description: required, one to [`DESCRIPTION_MAX`] characters.
pub fn description(text: &str) -> Result<String, String> {
    let text = text.trim();
    match text.chars().count() {
        0 => Err("is required: say what the picture shows, for those who cannot see it".into()),
        n if n > DESCRIPTION_MAX => Err(format!("has {n} characters; at most {DESCRIPTION_MAX}")),
        _ => Ok(text.to_owned()),
    }
}

/// A focal point, `x,y` with each from -1 to 1.
pub fn focus(text: &str) -> Result<(f64, f64), String> {
    let parsed = text
        .split_once(',')
        .and_then(|(x, y)| Some((x.trim().parse::<f64>().ok()?, y.trim().parse::<f64>().ok()?)));
    match parsed {
        Some((x, y)) if (-1.0..=1.0).contains(&x) && (-1.0..=1.0).contains(&y) => Ok((x, y)),
        _ => Err(format!(
            "{text:?} is not a focal point: two numbers from -1 to 1, as x,y (0,0 is the middle)"
        )),
    }
}

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
    db::media::attach(tx, entries, id, keys, super::now()).await?;
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

/// Records an upload whose files are stored.
pub async fn record_upload(
    db: &Db,
    key: &str,
    files: db::media::Files,
    description: String,
    focus: Option<(f64, f64)>,
) -> Result<Picture, Error> {
    let new = NewMedia {
        key: key.to_owned(),
        files: Some(files),
        description,
        focus,
        source_url: None,
    };
    db::media::insert(db, &new, super::now()).await?;
    get(db, key).await
}

/// A picture by its id.
pub async fn get(db: &Db, key: &str) -> Result<Picture, Error> {
    db::media::by_key(db, key)
        .await?
        .map(Picture::from)
        .ok_or(Error::NotFound("picture"))
}

/// Changes a picture's description and focal point.
pub async fn describe(
    db: &Db,
    key: &str,
    description: &str,
    focus: Option<(f64, f64)>,
) -> Result<Picture, Error> {
    get(db, key).await?;
    db::media::describe(db, key, description, focus).await?;
    get(db, key).await
}

/// Removes an upload no entry has; its files are the caller's to remove. 409 when an entry
/// has it: it is removed from the entry first (an edit that federates).
pub async fn remove(db: &Db, key: &str) -> Result<db::media::MediaRow, Error> {
    let row = db::media::by_key(db, key)
        .await?
        .ok_or(Error::NotFound("picture"))?;
    if row.initiative_id.is_some() || row.event_id.is_some() {
        return Err(Error::Conflict(
            "an entry shows this picture: remove it from the entry's images first".into(),
        ));
    }
    db::media::delete(db, row.id).await?;
    Ok(row)
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
    if db::origin::touch_own_published(tx, entries, id, super::now()).await? {
        let outgoing = match entries {
            Entries::Initiatives => super::Outgoing::InitiativeUpdated { id },
            Entries::Events => super::Outgoing::EventUpdated { id },
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
    let now = super::now();
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

/// The pictures with these ids, in this order (unknown ones left out).
pub async fn by_keys(db: &Db, keys: &[String]) -> Result<Vec<Picture>, Error> {
    let mut found = Vec::new();
    for key in keys {
        if let Some(row) = db::media::by_key(db, key).await? {
            found.push(Picture::from(row));
        }
    }
    Ok(found)
}

/// The entry that shows a picture, if any.
pub async fn owner(db: &Db, key: &str) -> Result<Option<(Entries, i64)>, Error> {
    Ok(db::media::by_key(db, key).await?.and_then(|r| {
        r.initiative_id
            .map(|id| (Entries::Initiatives, id))
            .or(r.event_id.map(|id| (Entries::Events, id)))
    }))
}

/// Reads an input's `images`: the uploads an entry is to have (`null`: none); `None` keeps
/// the ones it has.
pub fn requested(field: super::Field<Vec<String>>, problems: &mut Problems) -> Option<Vec<String>> {
    match field {
        super::Field::Absent => None,
        super::Field::Null => Some(Vec::new()),
        super::Field::Value(keys) => Some(keys.into_iter().map(|k| k.trim().to_owned()).collect()),
        super::Field::Invalid(why) => {
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
    let now = super::now();
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

/// An entry with pictures: an initiative or an event.
pub trait Pictured {
    const ENTRIES: Entries;
    fn id(&self) -> i64;
    fn pictures_mut(&mut self) -> &mut Vec<Picture>;
}

/// Reads the pictures of these entries into them, with one query.
pub async fn load<T: Pictured>(db: &Db, items: &mut [T]) -> Result<(), Error> {
    let ids: Vec<i64> = items.iter().map(Pictured::id).collect();
    let mut found = of(db, T::ENTRIES, &ids).await?;
    for item in items {
        if let Some(pictures) = found.remove(&item.id()) {
            *item.pictures_mut() = pictures;
        }
    }
    Ok(())
}

/// The pictures of some entries, each entry's in order (the main one first).
pub async fn of(
    db: &Db,
    entries: Entries,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<Picture>>, Error> {
    let mut by_entry: HashMap<i64, Vec<Picture>> = HashMap::new();
    for row in db::media::of_entries(db, entries, ids).await? {
        let owner = match entries {
            Entries::Initiatives => row.initiative_id,
            Entries::Events => row.event_id,
        };
        if let Some(owner) = owner {
            by_entry.entry(owner).or_default().push(Picture::from(row));
        }
    }
    Ok(by_entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_and_focal_points_are_checked() {
        assert!(description("  ").is_err());
        assert!(description(&"x".repeat(10_000)).is_err());
        assert_eq!(description(" A red bike ").unwrap(), "A red bike");
        assert_eq!(focus("0.5,-0.25").unwrap(), (0.5, -0.25));
        assert!(focus("5,5").is_err());
        assert!(focus("nope").is_err());
    }
}
