//! GeoJSON of initiatives and events: each entry with a place as a `Feature`. Built whole for
//! the CLI's export of a chapter's own entries, or written feature by feature in chunks for the
//! web's map layers, so that a country's 10,000 features (9 MB) never exist whole in memory.

use serde_json::{Value, json};

use super::export::{event_json, initiative_json};
use crate::domain::duplicates::Listed;
use crate::domain::event::Event;
use crate::domain::initiative::Initiative;
use crate::domain::pictures::Picture;

/// A feature's picture: the address of its thumbnail, and its description.
pub type Thumbnail<'a> = &'a dyn Fn(&[Picture]) -> Option<(String, String)>;

/// The size a chunk of a streamed collection reaches before it is handed on.
pub const CHUNK: usize = 64 * 1024;

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

/// A FeatureCollection of `items` as chunks of about [`CHUNK`] bytes, each entry turned into its
/// feature (or skipped) only when its chunk is written, and dropped then: a collection being
/// sent holds the entries not sent yet and one chunk, never the whole document or its tree.
pub struct Chunks<T, F> {
    items: std::vec::IntoIter<T>,
    feature: F,
    opened: bool,
    written: usize,
    closed: bool,
}

impl<T, F: FnMut(&T) -> Option<Value>> Chunks<T, F> {
    pub fn new(items: Vec<T>, feature: F) -> Self {
        Chunks {
            items: items.into_iter(),
            feature,
            opened: false,
            written: 0,
            closed: false,
        }
    }
}

impl<T, F: FnMut(&T) -> Option<Value>> Iterator for Chunks<T, F> {
    type Item = Vec<u8>;

    fn next(&mut self) -> Option<Vec<u8>> {
        if self.closed {
            return None;
        }
        let mut chunk = Vec::with_capacity(CHUNK + CHUNK / 4);
        if !self.opened {
            chunk.extend_from_slice(OPENING);
            self.opened = true;
        }
        for item in self.items.by_ref() {
            let Some(feature) = (self.feature)(&item) else {
                continue;
            };
            if self.written > 0 {
                chunk.push(b',');
            }
            serde_json::to_writer(&mut chunk, &feature).expect("a Value always serializes");
            self.written += 1;
            if chunk.len() >= CHUNK {
                return Some(chunk);
            }
        }
        chunk.extend_from_slice(CLOSING);
        self.closed = true;
        Some(chunk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature(n: &u32) -> Option<Value> {
        (!n.is_multiple_of(3)).then(|| point(1.0, 2.0, json!({"n": n, "text": "x".repeat(500)})))
    }

    #[test]
    fn chunks_make_the_same_collection_as_a_whole_one() {
        let items: Vec<u32> = (0..1000).collect();
        let chunks: Vec<Vec<u8>> = Chunks::new(items.clone(), feature).collect();
        assert!(chunks.len() > 4, "{} chunks", chunks.len());
        assert!(chunks.iter().all(|c| c.len() < CHUNK + 1024));
        let written: Value = serde_json::from_slice(&chunks.concat()).unwrap();
        let whole = json!({"type": "FeatureCollection",
            "features": items.iter().filter_map(feature).collect::<Vec<_>>()});
        assert_eq!(written, whole);
    }

    #[test]
    fn an_empty_collection_is_one_chunk() {
        let chunks: Vec<Vec<u8>> = Chunks::new(vec![0u32, 3], feature).collect();
        assert_eq!(
            chunks,
            [br#"{"type":"FeatureCollection","features":[]}"#.to_vec()]
        );
    }
}
