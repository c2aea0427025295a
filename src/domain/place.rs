//! Finding a place typed by a person (`Montreuil`, `75011`, `48.85,2.35`) among the directory's
//! own locations.

use super::location::Location;
use super::text;
use crate::db::{self, Db};

/// `latitude,longitude` in degrees, if the text is that.
pub fn coordinates(text: &str) -> Option<(f64, f64)> {
    let (lat, lon) = text.split_once(',')?;
    let (lat, lon) = (
        lat.trim().parse::<f64>().ok()?,
        lon.trim().parse::<f64>().ok()?,
    );
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lat, lon))
}

/// The centre of the directory's entries in a locality or postcode named `text` (case and
/// accents aside), if there are any.
pub async fn locate(db: &Db, text: &str) -> Result<Option<(f64, f64)>, sqlx::Error> {
    let wanted = text::fold(text.trim());
    if wanted.len() < 2 || wanted.len() > 100 {
        return Ok(None);
    }
    let needle = text.trim().to_lowercase();
    let candidates = db::initiatives::places_like(db, &needle).await?;
    let matching: Vec<(f64, f64)> = candidates
        .into_iter()
        .filter(|(json, _, _)| {
            serde_json::from_str::<Location>(json).is_ok_and(|place| {
                [place.locality, place.postal_code]
                    .into_iter()
                    .flatten()
                    .any(|name| text::fold(&name) == wanted)
            })
        })
        .map(|(_, lat, lon)| (lat, lon))
        .collect();
    if matching.is_empty() {
        return Ok(None);
    }
    let n = matching.len() as f64;
    let (lat, lon) = matching
        .iter()
        .fold((0.0, 0.0), |(a, b), (lat, lon)| (a + lat, b + lon));
    Ok(Some((lat / n, lon / n)))
}
