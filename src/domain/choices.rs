//! What a volunteer chooses from instead of typing: the chapter's initiatives by name (the
//! organiser of an event), and the places already used (choosing one fills the address).

use super::location::Location;
use super::{Error, Problems};
use crate::db::{self, Db};

/// Beyond this many initiatives, a list is no help: the form asks for a name, typed.
pub const MOST_INITIATIVES: i64 = 1_000;
/// Places offered.
const MOST_PLACES: i64 = 50;

/// The chapter's own initiatives as (slug, name), by name; `None` when there are too many to
/// list.
pub async fn initiatives(db: &Db) -> Result<Option<Vec<(String, String)>>, Error> {
    let found = db::choices::own_initiatives(db, MOST_INITIATIVES + 1).await?;
    Ok((found.len() as i64 <= MOST_INITIATIVES).then_some(found))
}

/// The chapter's initiatives that `typed` names, as (slug, name): the one whose address name it
/// is, else those of that name (case aside).
pub async fn initiatives_named(db: &Db, typed: &str) -> Result<Vec<(String, String)>, Error> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(Vec::new());
    }
    let found = db::choices::own_initiatives_named(db, typed).await?;
    Ok(match found.iter().find(|(slug, _)| slug == typed) {
        Some(exact) => vec![exact.clone()],
        None => found,
    })
}

/// The address name a volunteer meant by `typed`, a name or an address name: that of the one
/// initiative it names, else `typed` itself (which the event's checks then find or refuse).
/// A name that several initiatives share is a problem of the `initiative` field.
pub async fn organiser(db: &Db, typed: &str) -> Result<String, Error> {
    let found = initiatives_named(db, typed).await?;
    match found.as_slice() {
        [(slug, _)] => Ok(slug.clone()),
        [] => Ok(typed.trim().to_owned()),
        several => {
            let slugs: Vec<&str> = several.iter().map(|(slug, _)| slug.as_str()).collect();
            let mut problems = Problems::default();
            problems.add(
                "initiative",
                format!(
                    "several initiatives are called {typed:?}: type the address name of one \
                     ({})",
                    slugs.join(", ")
                ),
            );
            Err(Error::Invalid(problems))
        }
    }
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
