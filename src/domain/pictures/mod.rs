//! Pictures of entries, for initiatives and events alike: what a picture must say (a
//! description, for those who cannot see it), where its focus may be, how many an entry has,
//! which pictures an entry may take, and the remote pictures a mirrored entry brings.

mod attach;

use std::collections::HashMap;

pub use attach::{adopt_image_urls, announce, apply, fetched, requested, set, set_remote};

use super::Error;
use crate::db::media::{MediaRow, NewMedia};
use crate::db::origin::Entries;
use crate::db::{self, Db};

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

/// What a row records of a processed picture's files (an upload's, or a remote picture's copy).
pub fn files_of(p: &crate::media::Processed) -> db::media::Files {
    db::media::Files {
        media_type: p.media_type.to_owned(),
        width: p.full.width as i32,
        height: p.full.height as i32,
        preview_width: p.preview.width as i32,
        preview_height: p.preview.height as i32,
        bytes: p.full.bytes.len() as i64,
        blurhash: p.blurhash.clone(),
    }
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
