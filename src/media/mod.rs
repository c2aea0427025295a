//! Pictures: processing what people upload (and the pictures of mirrored entries) into files,
//! the store that keeps them, and their public addresses. The rules about which entry has which
//! picture are the domain's (`domain::pictures`); this module knows files only.

pub mod fetch;
pub mod process;
pub mod store;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use url::Url;

use crate::config::Settings;
pub use process::{Processed, Refused};
pub use store::Store;

/// Pictures decoded at once: a 12-megapixel JPEG takes about 80 MB while it is processed, so
/// they take turns (measured in docs/BENCHMARKS.md).
const DECODING_AT_ONCE: usize = 1;

/// Why a picture could not be kept.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error(transparent)]
    Refused(#[from] Refused),
    /// Processing took longer than `media.process_seconds`.
    #[error("the picture took too long to process")]
    TooSlow,
    #[error("the media store failed: {0}")]
    Store(#[from] object_store::Error),
}

/// The pictures' store and settings. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Media {
    pub store: Store,
    /// Where files are served from, ending with `/`.
    public: Url,
    max_pixels: u64,
    process_for: Duration,
    slots: Arc<Semaphore>,
}

impl Media {
    pub fn new(settings: &Settings) -> anyhow::Result<Media> {
        let media = &settings.media;
        let public = if media.public_url.is_empty() {
            settings.base_url().join("/media/")?
        } else {
            Url::parse(&format!("{}/", media.public_url.trim_end_matches('/')))?
        };
        Ok(Media {
            store: Store::open(settings)?,
            public,
            max_pixels: media.max_pixels,
            process_for: Duration::from_secs(media.process_seconds),
            slots: Arc::new(Semaphore::new(DECODING_AT_ONCE)),
        })
    }

    /// The public address of a file.
    pub fn url(&self, file: &str) -> Url {
        self.public.join(file).expect("file names are URL-safe")
    }

    /// Processes a picture off the runtime, one at a time, within `media.process_seconds`.
    /// A decoder that panics on a hostile file refuses the file.
    pub async fn process(&self, bytes: bytes::Bytes) -> Result<Processed, MediaError> {
        let waited = tokio::time::Instant::now();
        let slot = tokio::time::timeout(self.process_for, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| MediaError::TooSlow)?
            .expect("the semaphore stays open");
        let max_pixels = self.max_pixels;
        let job = tokio::task::spawn_blocking(move || {
            // Held until the work really ends, even when the caller stopped waiting.
            let _slot = slot;
            std::panic::catch_unwind(|| process::process(&bytes, max_pixels))
                .unwrap_or_else(|_| Err(Refused::Broken("the picture cannot be read".into())))
        });
        let left = self.process_for.saturating_sub(waited.elapsed());
        match tokio::time::timeout(left, job).await {
            Ok(done) => Ok(done.expect("panics are caught")?),
            Err(_) => Err(MediaError::TooSlow),
        }
    }

    /// Stores both files of a processed picture under `key`.
    pub async fn save(&self, key: &str, processed: &Processed) -> Result<(), MediaError> {
        let (full, preview) = file_names(key, processed.media_type);
        self.store.put(&full, processed.full.bytes.clone()).await?;
        self.store
            .put(&preview, processed.preview.bytes.clone())
            .await?;
        Ok(())
    }

    /// Removes both files of a picture.
    pub async fn remove(&self, key: &str, media_type: &str) -> Result<(), MediaError> {
        let (full, preview) = file_names(key, media_type);
        self.store.delete(&full).await?;
        self.store.delete(&preview).await?;
        Ok(())
    }
}

/// The file names of a picture: its full size and its preview.
pub fn file_names(key: &str, media_type: &str) -> (String, String) {
    let extension = extension(media_type);
    (
        format!("{key}.{extension}"),
        format!("{key}-preview.{extension}"),
    )
}

pub fn extension(media_type: &str) -> &'static str {
    match media_type {
        "image/webp" => "webp",
        _ => "jpg",
    }
}

/// The content type of a file we serve, by its extension; `None` for anything else.
pub fn content_type(file: &str) -> Option<&'static str> {
    match file.rsplit_once('.')?.1 {
        "jpg" => Some("image/jpeg"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}
