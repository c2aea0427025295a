//! The pictures of a remote object: its `image` and its picture attachments, to copy here.

use serde_json::Value;
use url::Url;

use super::super::protocol::one_or_many;
use super::read::{first_url, name, string};
use crate::domain::pictures::{self, RemotePicture};
use crate::domain::text;

/// The pictures of an object: its `image`, then its picture attachments, each once, with the
/// description they carry (else the entry's name) and their focal point; only addresses we may
/// fetch.
pub(super) fn of(object: &Value, debug: bool, max: usize) -> Vec<RemotePicture> {
    let attachments: Vec<Value> = object
        .get("attachment")
        .map(|a| one_or_many::<_, Value>(a.clone()).unwrap_or_default())
        .unwrap_or_default();
    let fallback = name(object).unwrap_or_default();
    let mut found: Vec<RemotePicture> = Vec::new();
    for a in object.get("image").into_iter().chain(&attachments) {
        let is_image = matches!(
            a.get("type").and_then(Value::as_str),
            Some("Image" | "Document")
        ) && a
            .get("mediaType")
            .and_then(Value::as_str)
            .is_none_or(|m| m.starts_with("image/"));
        let Some(url) = is_image
            .then(|| a.get("url").or_else(|| a.get("href")).and_then(first_url))
            .flatten()
        else {
            continue;
        };
        let fetchable =
            Url::parse(&url).is_ok_and(|u| super::super::check_remote_url(&u, debug).is_ok());
        if !fetchable || found.iter().any(|p| p.url == url) {
            continue;
        }
        let described = ["name", "summary"]
            .iter()
            .find_map(|k| string(a, k))
            .map(|d| text::html_to_text(&d))
            .and_then(|d| pictures::description(&d).ok())
            .or_else(|| pictures::description(&fallback).ok())
            .unwrap_or_else(|| "—".into());
        let focus = a
            .get("focalPoint")
            .and_then(|f| serde_json::from_value::<[f64; 2]>(f.clone()).ok())
            .map(|[x, y]| (x.clamp(-1.0, 1.0), y.clamp(-1.0, 1.0)));
        found.push(RemotePicture {
            url,
            description: described,
            focus,
        });
        if found.len() == max {
            break;
        }
    }
    found
}

pub(super) fn image(object: &Value) -> Option<String> {
    let attachments: Vec<Value> = object
        .get("attachment")
        .map(|a| one_or_many::<_, Value>(a.clone()).unwrap_or_default())
        .unwrap_or_default();
    attachments.iter().chain(object.get("image")).find_map(|a| {
        let is_image = a.get("type").and_then(Value::as_str) == Some("Image")
            || a.get("mediaType")
                .and_then(Value::as_str)
                .is_some_and(|m| m.starts_with("image/"));
        is_image
            .then(|| a.get("url").or_else(|| a.get("href")).and_then(first_url))
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn pictures_are_read_from_image_and_attachments() {
        let object = json!({
            "name": "Repair café",
            "image": {"type": "Image", "url": "https://b.example/main.jpg"},
            "attachment": [
                {"type": "Link", "mediaType": "text/html", "href": "https://meet.example/x"},
                {"type": "Image", "mediaType": "image/jpeg", "url": "https://b.example/main.jpg", "name": "The flyer"},
                {"type": "Document", "mediaType": "image/png", "url": "https://b.example/b.png",
                 "name": "<b>Tools</b>", "focalPoint": [0.5, 7.0]},
                {"type": "Document", "mediaType": "application/pdf", "url": "https://b.example/c.pdf"},
                {"type": "Image", "url": "http://b.example:8080/d.jpg"}
            ]
        });
        let found = super::of(&object, false, 9);
        let urls: Vec<&str> = found.iter().map(|p| p.url.as_str()).collect();
        assert_eq!(
            urls,
            ["https://b.example/main.jpg", "https://b.example/b.png"]
        );
        assert_eq!(found[0].description, "Repair café", "no name: the entry's");
        assert_eq!(found[1].description, "Tools");
        assert_eq!(found[1].focus, Some((0.5, 1.0)), "clamped");
        assert_eq!(super::of(&object, false, 1).len(), 1);
    }
}
