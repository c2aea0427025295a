//! GeoJSON of initiatives and events: each entry with a place as a `Feature`. Built whole for
//! the CLI's export of a chapter's own entries, or for the web's map layers written from their
//! ids, their entries read and turned into features a few hundred at a time, so that a
//! country's 10,000 entries (9 MB of features) never exist whole in memory.

use std::future::{Future, ready};

use futures::{Stream, StreamExt, stream};
use serde_json::{Value, json};

use super::export::{event_json, initiative_json};
use crate::domain::duplicates::Listed;
use crate::domain::event::Event;
use crate::domain::initiative::Initiative;
use crate::domain::pictures::Picture;

/// A feature's picture: the address of its thumbnail, and its description.
pub type Thumbnail<'a> = &'a dyn Fn(&[Picture]) -> Option<(String, String)>;

/// Entries read and written at a time: a chunk of about 230 KB of features.
pub const ENTRIES_READ: usize = 250;

fn with_picture(properties: &mut Value, pictures: &[Picture], thumbnail: Thumbnail) {
    if let Some((url, description)) = thumbnail(pictures) {
        properties["image"] = json!(url);
        properties["image_description"] = json!(description);
    }
}

/// The entries an admin linked to this one as the same, for a map's popup ("Also listed by
/// Lyon"): each one's origin (`null` for the chapter's own) and address here.
fn with_also_listed(properties: &mut Value, same_as: &[Listed], url: &dyn Fn(&str) -> String) {
    if same_as.is_empty() {
        return;
    }
    let listed = same_as.iter().map(|e| {
        let by = e
            .origin
            .as_ref()
            .map(|o| o.name.clone().unwrap_or_else(|| o.domain()));
        json!({"by": by, "url": url(&e.slug)})
    });
    properties["also_listed"] = Value::Array(listed.collect());
}

fn point(lat: f64, lon: f64, properties: Value) -> Value {
    json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties})
}

/// An initiative as a point, if it has coordinates.
pub fn initiative_feature(
    i: &Initiative,
    url: &dyn Fn(&str) -> String,
    thumbnail: Thumbnail,
) -> Option<Value> {
    let (lat, lon) = i.data.location.as_ref()?.point()?;
    let mut properties = initiative_json(i);
    properties["url"] = json!(url(&i.slug));
    with_picture(&mut properties, &i.pictures, thumbnail);
    with_also_listed(&mut properties, &i.same_as, url);
    Some(point(lat, lon, properties))
}

/// An event as a point, if it has a place with coordinates.
pub fn event_feature(
    e: &Event,
    url: &dyn Fn(&str) -> String,
    thumbnail: Thumbnail,
) -> Option<Value> {
    let (lat, lon) = e.data.location.as_ref()?.point()?;
    let mut properties = event_json(e);
    properties["url"] = json!(url(&e.slug));
    with_picture(&mut properties, &e.pictures, thumbnail);
    Some(point(lat, lon, properties))
}

/// Initiatives with coordinates as one FeatureCollection.
pub fn initiatives(
    initiatives: &[Initiative],
    url: &dyn Fn(&str) -> String,
    thumbnail: Thumbnail,
) -> Value {
    let features = initiatives
        .iter()
        .filter_map(|i| initiative_feature(i, url, thumbnail));
    json!({"type": "FeatureCollection", "features": features.collect::<Vec<_>>()})
}

const OPENING: &[u8] = br#"{"type":"FeatureCollection","features":["#;
const CLOSING: &[u8] = b"]}";

/// A FeatureCollection of the entries of `ids`, in that order, as chunks of bytes: each
/// chunk's entries read by `load` ([`ENTRIES_READ`] ids at a time) only when it is written,
/// turned into features (or skipped) and dropped then. A collection being sent holds its ids
/// and one chunk's entries, never the whole document, its tree or all its entries.
pub fn collection<T, E, L, Fut>(
    ids: Vec<i64>,
    load: L,
    mut feature: impl FnMut(&T) -> Option<Value> + Send + 'static,
) -> impl Stream<Item = Result<Vec<u8>, E>> + Send + 'static
where
    T: Send + 'static,
    E: Send + 'static,
    L: FnMut(Vec<i64>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Vec<T>, E>> + Send + 'static,
{
    let batches: Vec<Vec<i64>> = ids.chunks(ENTRIES_READ).map(<[i64]>::to_vec).collect();
    let mut written = 0;
    let features = stream::iter(batches).then(load).map(move |entries| {
        let mut chunk = Vec::new();
        for entry in &entries? {
            let Some(feature) = feature(entry) else {
                continue;
            };
            if written > 0 {
                chunk.push(b',');
            }
            serde_json::to_writer(&mut chunk, &feature).expect("a Value always serializes");
            written += 1;
        }
        Ok(chunk)
    });
    stream::once(ready(Ok(OPENING.to_vec())))
        .chain(features)
        .chain(stream::once(ready(Ok(CLOSING.to_vec()))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature(n: &i64) -> Option<Value> {
        (n % 3 != 0).then(|| point(1.0, 2.0, json!({"n": n, "text": "x".repeat(500)})))
    }

    /// The entries of `ids`, as a store gives them: those it still has (not the tens).
    async fn load(ids: Vec<i64>) -> Result<Vec<i64>, ()> {
        Ok(ids.into_iter().filter(|n| n % 10 != 0).collect())
    }

    fn written(ids: Vec<i64>) -> Vec<Vec<u8>> {
        let chunks = collection(ids, load, feature).collect::<Vec<_>>();
        let chunks = futures::executor::block_on(chunks);
        chunks.into_iter().map(Result::unwrap).collect()
    }

    #[test]
    fn chunks_make_the_same_collection_as_a_whole_one() {
        let ids: Vec<i64> = (0..1000).collect();
        let chunks = written(ids.clone());
        assert_eq!(chunks.len(), 2 + 1000 / ENTRIES_READ, "one chunk per read");
        let written: Value = serde_json::from_slice(&chunks.concat()).unwrap();
        let kept = ids.iter().filter(|n| *n % 10 != 0);
        let whole = json!({"type": "FeatureCollection",
            "features": kept.filter_map(feature).collect::<Vec<_>>()});
        assert_eq!(written, whole);
    }

    #[test]
    fn an_empty_collection_is_an_empty_list() {
        assert_eq!(
            written(vec![0, 3, 10]).concat(),
            br#"{"type":"FeatureCollection","features":[]}"#.to_vec()
        );
    }

    #[test]
    fn a_failed_read_ends_the_collection_with_its_error() {
        let failing = |ids: Vec<i64>| async move {
            match ids.contains(&600) {
                true => Err("gone"),
                false => Ok(ids),
            }
        };
        let chunks = collection((0..1000).collect(), failing, feature).collect::<Vec<_>>();
        let chunks = futures::executor::block_on(chunks);
        assert!(chunks[..3].iter().all(Result::is_ok));
        assert_eq!(chunks[3], Err("gone"));
    }
}
