//! What a volunteer chooses from instead of typing: the chapter's initiatives by name (the
//! organiser of an event), and the places already used (choosing one fills the address).

use super::Error;
use super::location::Location;
use crate::db::{self, Db};

/// Beyond this many initiatives, a list is no help: the form asks for an address name.
pub const MOST_INITIATIVES: i64 = 1_000;
/// Places offered.
const MOST_PLACES: i64 = 50;

/// The chapter's own initiatives as (slug, name), by name; `None` when there are too many to
/// list.
pub async fn initiatives(db: &Db) -> Result<Option<Vec<(String, String)>>, Error> {
    let found = db::choices::own_initiatives(db, MOST_INITIATIVES + 1).await?;
    Ok((found.len() as i64 <= MOST_INITIATIVES).then_some(found))
}

/// The places already used, with a name or a street, each once.
pub async fn places(db: &Db) -> Result<Vec<Location>, Error> {
    let mut seen = std::collections::HashSet::new();
    Ok(db::choices::places(db, MOST_PLACES * 2)
        .await?
        .iter()
        .filter_map(|json| serde_json::from_str::<Location>(json).ok())
        .filter(|l| l.name.is_some() || l.street.is_some())
        .filter(|l| seen.insert((l.name.clone(), l.street.clone(), l.locality.clone())))
        .take(MOST_PLACES as usize)
        .collect())
}
