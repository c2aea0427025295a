//! One picture, from the bytes someone sent to the files we serve: its type sniffed from the
//! bytes (never from its name), its size read from its header and refused before anything is
//! allocated, its first frame decoded, turned as its EXIF says, shrunk, and encoded anew, which
//! leaves every metadata behind (a phone photo's GPS position among them).

use std::io::Cursor;

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// The largest side of the full size and of the preview.
pub const FULL_SIDE: u32 = 2048;
pub const PREVIEW_SIDE: u32 = 640;
/// Neither side may be longer than this, whatever the pixel count.
const MAX_SIDE: u32 = 16_384;
/// An animation may have this many frames (only the first is kept).
const MAX_FRAMES: usize = 500;

/// Why a picture is refused; each says what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// 415: not one of the formats we read.
    #[error("{0}")]
    Unsupported(String),
    /// 413: more pixels (or frames) than allowed.
    #[error("{0}")]
    TooLarge(String),
    /// 422: it says it is a picture but cannot be read.
    #[error("{0}")]
    Broken(String),
}

/// A picture encoded for serving.
#[derive(Debug, Clone)]
pub struct Encoded {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// What processing made of a picture.
#[derive(Debug, Clone)]
pub struct Processed {
    /// `image/jpeg` or `image/webp` (lossless, for pictures with transparency or few colours).
    pub media_type: &'static str,
    pub full: Encoded,
    pub preview: Encoded,
    pub blurhash: String,
}

/// Processes a picture of at most `max_pixels` pixels.
pub fn process(bytes: &[u8], max_pixels: u64) -> Result<Processed, Refused> {
    let (picture, format) = decode(bytes, max_pixels)?;
    let full = shrink(&picture, FULL_SIDE);
    drop(picture);
    let preview = shrink(&full, PREVIEW_SIDE);
    let rgba = preview.to_rgba8();
    let blurhash = blurhash::encode(4, 3, rgba.width(), rgba.height(), rgba.as_raw())
        .map_err(|e| Refused::Broken(format!("cannot summarise the picture: {e}")))?;
    let transparent = rgba.pixels().any(|p| p.0[3] != 255);
    let graphic = matches!(format, ImageFormat::Png | ImageFormat::Gif);
    let (media_type, full, preview) = if transparent {
        ("image/webp", webp(&full)?, webp(&preview)?)
    } else {
        let jpeg_full = jpeg(&full, 82)?;
        // A drawing or a screenshot is often smaller, and sharper, without loss.
        let lossless = graphic.then(|| webp(&full)).transpose()?;
        match lossless {
            Some(w) if w.bytes.len() < jpeg_full.bytes.len() => ("image/webp", w, webp(&preview)?),
            _ => ("image/jpeg", jpeg_full, jpeg(&preview, 78)?),
        }
    };
    Ok(Processed {
        media_type,
        full,
        preview,
        blurhash,
    })
}

/// The first frame, turned upright, after every limit was checked from the header.
fn decode(bytes: &[u8], max_pixels: u64) -> Result<(DynamicImage, ImageFormat), Refused> {
    if is_heif(bytes) {
        return Err(Refused::Unsupported(
            "HEIC pictures are not supported yet: send it as JPEG (phones can share photos as JPEG)"
                .into(),
        ));
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Refused::Broken(e.to_string()))?;
    let format = match reader.format() {
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Gif | ImageFormat::WebP)) => {
            f
        }
        Some(other) => {
            return Err(Refused::Unsupported(format!(
                "{} pictures are not accepted: send a JPEG, PNG, WebP or GIF",
                other
                    .extensions_str()
                    .first()
                    .unwrap_or(&"these")
                    .to_uppercase()
            )));
        }
        None if looks_like_svg(bytes) => {
            return Err(Refused::Unsupported(
                "SVG is not accepted (it can carry scripts): send a JPEG, PNG, WebP or GIF".into(),
            ));
        }
        None => {
            return Err(Refused::Unsupported(
                "this is not a picture: send a JPEG, PNG, WebP or GIF".into(),
            ));
        }
    };
    if format == ImageFormat::Gif {
        count_frames(bytes)?;
    }
    if format == ImageFormat::Jpeg && !jpeg_is_whole(bytes) {
        return Err(Refused::Broken(
            "the JPEG is cut short (it has no end): send the whole file".into(),
        ));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(max_pixels.saturating_mul(8));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    let (width, height) = decoder.dimensions();
    let pixels = u64::from(width) * u64::from(height);
    // `from_decoder` allocates `total_bytes` without asking the limits: ask here.
    if pixels > max_pixels || decoder.total_bytes() > max_pixels.saturating_mul(8) {
        return Err(Refused::TooLarge(format!(
            "the picture is {width} × {height} pixels; at most {} megapixels",
            max_pixels / 1_000_000
        )));
    }
    let orientation = decoder.orientation().map_err(refusal)?;
    let mut picture = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    picture.apply_orientation(orientation);
    Ok((picture, format))
}

fn refusal(e: image::ImageError) -> Refused {
    match e {
        image::ImageError::Limits(_) => Refused::TooLarge(format!(
            "the picture is larger than {MAX_SIDE} pixels on a side"
        )),
        image::ImageError::Unsupported(e) => Refused::Unsupported(e.to_string()),
        other => Refused::Broken(format!("the picture cannot be read: {other}")),
    }
}

/// Counts a GIF's frames without decoding them, refusing more than [`MAX_FRAMES`].
fn count_frames(bytes: &[u8]) -> Result<(), Refused> {
    let mut options = gif::DecodeOptions::new();
    options.skip_frame_decoding(true);
    let mut decoder = options
        .read_info(Cursor::new(bytes))
        .map_err(|e| Refused::Broken(format!("the GIF cannot be read: {e}")))?;
    let mut frames = 0;
    while decoder
        .next_frame_info()
        .map_err(|e| Refused::Broken(format!("the GIF cannot be read: {e}")))?
        .is_some()
    {
        frames += 1;
        if frames > MAX_FRAMES {
            return Err(Refused::TooLarge(format!(
                "the GIF has more than {MAX_FRAMES} frames"
            )));
        }
    }
    Ok(())
}

/// Whether a JPEG's last scan is followed by its end marker. The decoder fills a cut-short
/// picture with grey without a word; an embedded thumbnail (in EXIF) has an end of its own,
/// before the main picture's scans, so the end is looked for after the last scan's start.
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let last_scan = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    last_scan.is_some_and(|at| bytes[at..].windows(2).any(|w| w == [0xFF, 0xD9]))
}

/// An ISO-BMFF file of a HEIF brand (what phones send as .heic).
fn is_heif(bytes: &[u8]) -> bool {
    bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(
            &bytes[8..12],
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1"
        )
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    head.contains("<svg")
}

/// The size that fits within `max` on both sides, keeping the proportions.
fn fit(width: u32, height: u32, max: u32) -> (u32, u32) {
    if width <= max && height <= max {
        return (width, height);
    }
    let (w, h, m) = (u64::from(width), u64::from(height), u64::from(max));
    if w >= h {
        (max, ((h * m + w / 2) / w).max(1) as u32)
    } else {
        (((w * m + h / 2) / h).max(1) as u32, max)
    }
}

/// The picture within `max` pixels on each side (Lanczos), in 8-bit RGB or RGBA.
fn shrink(picture: &DynamicImage, max: u32) -> DynamicImage {
    let (width, height) = (picture.width(), picture.height());
    let alpha = picture.color().has_alpha();
    let (to_width, to_height) = fit(width, height, max);
    let source = if alpha {
        DynamicImage::ImageRgba8(picture.to_rgba8())
    } else {
        DynamicImage::ImageRgb8(picture.to_rgb8())
    };
    if (to_width, to_height) == (width, height) {
        return source;
    }
    let kind = if alpha {
        PixelType::U8x4
    } else {
        PixelType::U8x3
    };
    let from = ImageRef::new(width, height, source.as_bytes(), kind).expect("sizes match");
    let mut to = Image::new(to_width, to_height, kind);
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .use_alpha(alpha);
    Resizer::new()
        .resize(&from, &mut to, &options)
        .expect("one pixel type");
    let raw = to.into_vec();
    if alpha {
        DynamicImage::ImageRgba8(
            image::RgbaImage::from_raw(to_width, to_height, raw).expect("sized"),
        )
    } else {
        DynamicImage::ImageRgb8(image::RgbImage::from_raw(to_width, to_height, raw).expect("sized"))
    }
}

fn jpeg(picture: &DynamicImage, quality: u8) -> Result<Encoded, Refused> {
    let rgb = picture.to_rgb8();
    let mut bytes = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut bytes, quality);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_2_0);
    encoder.set_optimized_huffman_tables(true);
    encoder.set_progressive(true);
    let (width, height) = (rgb.width(), rgb.height());
    encoder
        .encode(
            rgb.as_raw(),
            width as u16,
            height as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .map_err(|e| Refused::Broken(format!("cannot encode the picture: {e}")))?;
    Ok(Encoded {
        bytes,
        width,
        height,
    })
}

fn webp(picture: &DynamicImage) -> Result<Encoded, Refused> {
    let mut bytes = Vec::new();
    let encoder = image::codecs::webp::WebPEncoder::new_lossless(&mut bytes);
    let written = if picture.color().has_alpha() {
        picture.to_rgba8().write_with_encoder(encoder)
    } else {
        picture.to_rgb8().write_with_encoder(encoder)
    };
    written.map_err(|e| Refused::Broken(format!("cannot encode the picture: {e}")))?;
    Ok(Encoded {
        bytes,
        width: picture.width(),
        height: picture.height(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32, alpha: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let picture = if alpha {
            DynamicImage::ImageRgba8(image::RgbaImage::from_fn(width, height, |x, _| {
                image::Rgba([200, 10, 10, if x % 2 == 0 { 255 } else { 0 }])
            }))
        } else {
            DynamicImage::ImageRgb8(image::RgbImage::from_fn(width, height, |x, y| {
                image::Rgb([
                    (x * 7 % 256) as u8,
                    (y * 3 % 256) as u8,
                    ((x ^ y) % 256) as u8,
                ])
            }))
        };
        picture
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn a_large_picture_is_shrunk_and_summarised() {
        let processed = process(&png(3000, 1500, false), 50_000_000).unwrap();
        assert_eq!((processed.full.width, processed.full.height), (2048, 1024));
        assert_eq!(
            (processed.preview.width, processed.preview.height),
            (640, 320)
        );
        assert!(processed.blurhash.len() >= 20, "{}", processed.blurhash);
    }

    #[test]
    fn transparency_is_kept_in_webp() {
        let processed = process(&png(300, 200, true), 50_000_000).unwrap();
        assert_eq!(processed.media_type, "image/webp");
        assert_eq!((processed.full.width, processed.preview.width), (300, 300));
    }

    #[test]
    fn what_is_not_a_picture_is_named() {
        let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        assert!(
            matches!(process(svg, 1_000_000), Err(Refused::Unsupported(m)) if m.contains("SVG"))
        );
        assert!(matches!(
            process(b"hello, world", 1_000_000),
            Err(Refused::Unsupported(_))
        ));
        let mut truncated = png(400, 400, false);
        truncated.truncate(truncated.len() / 2);
        assert!(matches!(
            process(&truncated, 1_000_000),
            Err(Refused::Broken(_))
        ));
        assert!(matches!(
            process(&png(1100, 1000, false), 1_000_000),
            Err(Refused::TooLarge(_))
        ));
    }

    #[test]
    fn sizes_keep_their_proportions() {
        assert_eq!(fit(4000, 3000, 2048), (2048, 1536));
        assert_eq!(fit(3000, 4000, 640), (480, 640));
        assert_eq!(fit(100, 50, 640), (100, 50));
        assert_eq!(fit(20000, 1, 640), (640, 1));
    }
}
