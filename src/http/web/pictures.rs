//! Pictures on pages: a responsive figure (its preview and its full size by `srcset`, its
//! description as `alt`, its focal point kept in the frame, its blurhash drawn underneath while
//! it loads), and the thumbnail of a card.

use std::io::Cursor;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use maud::{Markup, html};

use crate::domain::pictures::Picture;
use crate::media::{Media, file_names};

/// The main picture of an entry, if it has its files.
pub fn main(pictures: &[Picture]) -> Option<&Picture> {
    pictures.first().filter(|p| p.files.is_some())
}

/// The full size's address, for `og:image` and schema.org.
pub fn full_url(media: &Media, picture: &Picture) -> Option<String> {
    let files = picture.files.as_ref()?;
    Some(
        media
            .url(&file_names(&picture.key, &files.media_type).0)
            .to_string(),
    )
}

/// A picture across its column; `lazy` below the fold.
pub fn figure(media: &Media, picture: &Picture, lazy: bool) -> Markup {
    let Some(files) = picture.files.as_ref() else {
        return html! {};
    };
    let (full, preview) = file_names(&picture.key, &files.media_type);
    let srcset = format!(
        "{} {}w, {} {}w",
        media.url(&preview),
        files.preview_width,
        media.url(&full),
        files.width
    );
    html! {
        img.cover src=(media.url(&full)) srcset=(srcset)
            sizes="(max-width: 720px) 100vw, 720px"
            width=(files.width) height=(files.height) alt=(picture.description)
            loading=(if lazy { "lazy" } else { "eager" }) decoding="async"
            style=(style(picture));
    }
}

/// An entry's pictures on its page: the main one across the column, the others below as
/// thumbnails, each opening its full size.
pub fn gallery(media: &Media, pictures: &[Picture]) -> Markup {
    let ready: Vec<&Picture> = pictures.iter().filter(|p| p.files.is_some()).collect();
    let Some((first, others)) = ready.split_first() else {
        return html! {};
    };
    html! {
        figure.pictures {
            (figure(media, first, false))
            @if !others.is_empty() {
                ul.gallery {
                    @for p in others {
                        li { a href=[full_url(media, p)] { (thumbnail(media, p)) } }
                    }
                }
            }
        }
    }
}

/// A small picture for a card or a popup: the preview, never loaded before it is seen.
pub fn thumbnail(media: &Media, picture: &Picture) -> Markup {
    let Some(files) = picture.files.as_ref() else {
        return html! {};
    };
    let (_, preview) = file_names(&picture.key, &files.media_type);
    html! {
        img.thumb src=(media.url(&preview)) width=(files.preview_width)
            height=(files.preview_height) alt=(picture.description) loading="lazy"
            decoding="async" style=(style(picture));
    }
}

/// The address of a card's thumbnail, for the map's popups.
pub fn thumbnail_url(media: &Media, picture: &Picture) -> Option<String> {
    let files = picture.files.as_ref()?;
    Some(
        media
            .url(&file_names(&picture.key, &files.media_type).1)
            .to_string(),
    )
}

/// Where the focal point sits in the frame, and the placeholder drawn under the picture.
fn style(picture: &Picture) -> String {
    let mut style = String::new();
    if let Some((x, y)) = picture.focus {
        let left = (x + 1.0) / 2.0 * 100.0;
        let top = (1.0 - y) / 2.0 * 100.0;
        style.push_str(&format!("object-position: {left:.0}% {top:.0}%;"));
    }
    if let Some(placeholder) = picture
        .files
        .as_ref()
        .and_then(|f| placeholder(&f.blurhash, f.preview_width, f.preview_height))
    {
        style.push_str(&format!("background-image: url({placeholder});"));
    }
    style
}

/// A blurhash drawn as a tiny PNG (a few hundred bytes), as a `data:` address; the browser
/// stretches it smoothly under the picture while it loads.
fn placeholder(blurhash: &str, width: i32, height: i32) -> Option<String> {
    let (w, h) = if width >= height {
        (16, (16 * height / width.max(1)).clamp(1, 16) as u32)
    } else {
        ((16 * width / height.max(1)).clamp(1, 16) as u32, 16)
    };
    let rgba = blurhash::decode(blurhash, w, h, 1.0).ok()?;
    let image = image::RgbaImage::from_raw(w, h, rgba)?;
    let mut png = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .ok()?;
    Some(format!("data:image/png;base64,{}", BASE64.encode(png)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_blurhash_draws_a_small_placeholder() {
        let url = super::placeholder("LSD0p6-Ij2K8#kOZwHOYwHOZwIS$", 480, 640).unwrap();
        assert!(url.starts_with("data:image/png;base64,"));
        assert!(url.len() < 2_000, "{}", url.len());
        assert!(super::placeholder("not a hash", 10, 10).is_none());
    }
}
